using System.Text;
using DisklessRancher.Core.AgentState;
using DisklessRancher.Core.Batches;
using DisklessRancher.Core.CloudConfig;
using DisklessRancher.Core.HostImages;

namespace DisklessRancher.Core.Tests.Batches;

public sealed class HostBatchTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("host-batch-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string StoreRoot => Path.Combine(_folder.FullName, "store");

    private HostBatch NewBatch(HostStateStore? legacy = null) => new(new HostStateStore(StoreRoot), legacy);

    [Fact]
    public void ANewIdentityIsSavedOnlyWhenKeptAndIsAnnouncedWithItsFolder()
    {
        HostBatch batch = NewBatch();
        HostIdentity planned = batch.Identify("web-01");
        Assert.True(planned.IsNew);
        Assert.False(Directory.Exists(StoreRoot));

        HostIdentity kept = batch.Keep(planned);

        string folder = Path.Combine(StoreRoot, "web-01");
        Assert.Equal(folder, kept.StatePath);
        Assert.Equal(planned.AgentState.DockerUuid, AgentStateDirectory.Read(folder).DockerUuid);
        string warning = Assert.Single(kept.Warnings);
        Assert.Contains("web-01", warning);
        Assert.Contains(folder, warning);
        Assert.Contains("register with Rancher again", warning);
    }

    [Fact]
    public void HostnamesAreCaseInsensitiveForIdentity()
    {
        HostIdentity first = NewBatch().Keep(NewBatch().Identify("RANCHER-HOST-01"));
        Assert.Equal(Path.Combine(StoreRoot, "rancher-host-01"), first.StatePath);

        HostIdentity again = NewBatch().Identify("rancher-host-01");
        HostIdentity mixed = NewBatch().Identify("Rancher-Host-01");
        Assert.False(again.IsNew);
        Assert.Equal(first.AgentState.DockerUuid, again.AgentState.DockerUuid);
        Assert.Equal(first.AgentState.DockerUuid, mixed.AgentState.DockerUuid);
        Assert.Empty(again.Warnings);
    }

    [Fact]
    public void AFolderNamedInAnotherCaseIsFound()
    {
        RancherAgentState state = RancherAgentState.Generate();
        AgentStateDirectory.Write(Path.Combine(StoreRoot, "Web-01"), state, overwrite: false);
        Assert.Equal(state.DockerUuid, NewBatch().Identify("web-01").AgentState.DockerUuid);
    }

    [Fact]
    public void TwoFoldersDifferingOnlyByCaseAreAnErrorNamingBoth()
    {
        AgentStateDirectory.Write(Path.Combine(StoreRoot, "web-01"), RancherAgentState.Generate(), overwrite: false);
        AgentStateDirectory.Write(Path.Combine(StoreRoot, "WEB-01"), RancherAgentState.Generate(), overwrite: false);
        HostStateException e = Assert.Throws<HostStateException>(() => NewBatch().Identify("Web-01"));
        Assert.Equal(HostStateError.FoldersDifferOnlyByCase, e.Error);
        Assert.Contains(Path.Combine(StoreRoot, "web-01"), e.Message);
        Assert.Contains(Path.Combine(StoreRoot, "WEB-01"), e.Message);
    }

    [Fact]
    public void APartialFolderIsNeverAnIdentityAndTheErrorGivesTheFix()
    {
        string folder = Path.Combine(StoreRoot, "web-01");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, AgentStateFile.DockerUuidName), RancherAgentState.Generate().DockerUuid);

        HostStateException e = Assert.Throws<HostStateException>(() => NewBatch().Identify("web-01"));
        Assert.Equal(HostStateError.IncompleteIdentity, e.Error);
        Assert.Contains($"Remove-Item -LiteralPath '{folder}' -Recurse -Force", e.Message);
        Assert.Contains(AgentStateFile.PhysicalHostUuidName, e.Message);
    }

    [Fact]
    public void APartialFolderIsCompletedFromTheHostsImageOnlyWhenTheyAgree()
    {
        RancherAgentState state = RancherAgentState.Generate();
        string image = WriteImageCarrying(state);
        string folder = Path.Combine(StoreRoot, "web-01");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, AgentStateFile.DockerUuidName), state.DockerUuid);

        HostBatch batch = NewBatch();
        HostIdentity found = batch.Identify("web-01", image);
        Assert.Equal(state, found.AgentState);
        Assert.False(found.IsNew);
        Assert.Contains($"'{folder}' of web-01 lacks a file; the image '{image}'", Assert.Single(found.Warnings));
        Assert.Single(Directory.GetFiles(folder));

        batch.Keep(found);
        Assert.Equal(state, AgentStateDirectory.Read(folder));
        Assert.Equal(new[] { "web-01" }, Directory.GetDirectories(StoreRoot).Select(Path.GetFileName));

        string other = Path.Combine(StoreRoot, "web-02");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, AgentStateFile.DockerUuidName), RancherAgentState.Generate().DockerUuid);
        Assert.Equal(HostStateError.IncompleteIdentity, Assert.Throws<HostStateException>(() => NewBatch().Identify("web-02", image)).Error);
        Assert.Equal(HostStateError.IncompleteIdentity, Assert.Throws<HostStateException>(() => NewBatch().Identify("web-02", Path.Combine(_folder.FullName, "none.iso"))).Error);
    }

    private string WriteImageCarrying(RancherAgentState state)
    {
        string image = Path.Combine(_folder.FullName, "web-01.iso");
        // The user_data copies the drive's /state, as the module's own does: an image whose /state nothing reads is refused.
        byte[] userData = Encoding.UTF8.GetBytes("#cloud-config\nhostname: web-01\nruncmd:\n- cp /media/config-2/state/.docker_uuid /var/lib/rancher/state/\n");
        HostImageRequest request = new("web-01", image, userData) { AgentState = state, StateOnDrive = true };
        using HostImageComposer composer = new();
        using PendingHostImage pending = composer.Write(request, null, CancellationToken.None);
        pending.Complete(CancellationToken.None);
        return image;
    }

    [Fact]
    public void ASaveRacedByAnotherRunKeepsTheIdentitySavedFirst()
    {
        HostBatch ours = NewBatch();
        HostIdentity planned = ours.Identify("web-01");
        HostIdentity theirs = NewBatch().Keep(NewBatch().Identify("web-01"));

        HostIdentity kept = ours.Keep(planned);

        Assert.Equal(theirs.AgentState.DockerUuid, kept.AgentState.DockerUuid);
        Assert.Equal(theirs.AgentState.RegistrationToken, kept.AgentState.RegistrationToken);
        Assert.Empty(kept.Warnings);
        Assert.Equal(new[] { "web-01" }, Directory.GetDirectories(StoreRoot).Select(Path.GetFileName));
    }

    [Fact]
    public void AnOldOutputStateFolderIsReadWithOneWarningSayingHowToMoveIt()
    {
        string legacyRoot = Path.Combine(_folder.FullName, "out", "state");
        RancherAgentState a = RancherAgentState.Generate();
        RancherAgentState b = RancherAgentState.Generate();
        AgentStateDirectory.Write(Path.Combine(legacyRoot, "a"), a, overwrite: false);
        AgentStateDirectory.Write(Path.Combine(legacyRoot, "b"), b, overwrite: false);
        HostBatch batch = NewBatch(new HostStateStore(legacyRoot));

        HostIdentity first = batch.Identify("a");
        HostIdentity second = batch.Identify("B");

        Assert.Equal(a.DockerUuid, first.AgentState.DockerUuid);
        Assert.Equal(b.DockerUuid, second.AgentState.DockerUuid);
        Assert.Equal(Path.Combine(legacyRoot, "a"), first.StatePath);
        Assert.False(first.IsNew);
        Assert.Contains($"Move-Item -Path '{Path.Combine(legacyRoot, "*")}' -Destination '{StoreRoot}'", Assert.Single(first.Warnings));
        Assert.Empty(second.Warnings);
        Assert.False(Directory.Exists(StoreRoot));
    }

    [Fact]
    public void TheStoreWinsOverTheOldFolder()
    {
        string legacyRoot = Path.Combine(_folder.FullName, "out", "state");
        AgentStateDirectory.Write(Path.Combine(legacyRoot, "a"), RancherAgentState.Generate(), overwrite: false);
        HostIdentity saved = NewBatch().Keep(NewBatch().Identify("a"));
        HostIdentity found = NewBatch(new HostStateStore(legacyRoot)).Identify("a");
        Assert.Equal(saved.AgentState.DockerUuid, found.AgentState.DockerUuid);
        Assert.Empty(found.Warnings);
    }

    [Fact]
    public void AHostnameIsClaimedOnceInAnyCaseAndMustBeValid()
    {
        HostBatch batch = NewBatch();
        batch.Claim("web-01");
        Assert.Equal(HostImageError.DuplicateHostname, Assert.Throws<HostImageException>(() => batch.Claim("WEB-01")).Error);
        Assert.Equal(HostField.Hostname, Assert.Throws<HostSpecException>(() => batch.Claim("")).Field);
        Assert.Equal(HostField.Hostname, Assert.Throws<HostSpecException>(() => batch.Claim("../etc")).Field);
    }

    [Fact]
    public void TheSummaryNamesEveryFailedHostAndRow()
    {
        HostBatch batch = NewBatch();
        Assert.Equal(1, batch.NextRow());
        batch.RecordMade();
        Assert.Equal(2, batch.NextRow());
        batch.RecordFailed("web-02", 2);
        Assert.Equal(3, batch.NextRow());
        batch.RecordFailed("", 3);
        Assert.Equal("1 made, 2 failed: web-02 (input row 2), input row 3.", batch.Summary());
        Assert.Equal("0 made, none failed.", NewBatch().Summary());
    }
}
