using DisklessRancher.Core.AgentState;
using DisklessRancher.Core.HostImages;
using DisklessRancher.Core.HostImages.Verification;
using DisklessRancher.Tests.Shared;

namespace DisklessRancher.Core.Tests.HostImages;

/// <summary>A composer reads its base once for a batch: a base file replaced between two images is read again.</summary>
public sealed class HostImageComposerTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static HostImageRequest Request(string hostname, string output, string baseIso) =>
        new(hostname, output, System.Text.Encoding.UTF8.GetBytes(
            $"#cloud-config\nhostname: {hostname}\nruncmd:\n- cp /media/config-2/state/.docker_uuid /media/config-2/state/.physical_host_uuid /media/config-2/state/.registration_token /var/lib/rancher/state/\n"))
        {
            BaseIsoPath = baseIso,
            AgentState = RancherAgentState.Generate(),
            StateOnDrive = true,
        };

    [Fact]
    public void ABaseReplacedBetweenTwoImagesIsReadAgain()
    {
        string baseIso = _temp.Combine("base.iso"), larger = _temp.Combine("larger.iso");
        ExternalTool.Check("bash", RepositoryPaths.Fixture("new-rancheros-iso.sh"), baseIso, "1");
        ExternalTool.Check("bash", RepositoryPaths.Fixture("new-rancheros-iso.sh"), larger, "3");
        using HostImageComposer composer = new();
        using (PendingHostImage first = composer.Write(Request("h1", _temp.Combine("h1.iso"), baseIso), null, CancellationToken.None))
        {
            first.Complete(CancellationToken.None);
        }

        File.Copy(larger, baseIso, overwrite: true);
        using (PendingHostImage second = composer.Write(Request("h2", _temp.Combine("h2.iso"), baseIso), null, CancellationToken.None))
        {
            DisklessHostImage image = second.Complete(CancellationToken.None);
            Assert.True(image.Length > new FileInfo(larger).Length, "the second image starts from the base as it is now");
        }
        HostImageTestResult result = HostImageChecker.Check(_temp.Combine("h2.iso"));
        Assert.True(result.Passed, string.Join("\n", result.Checks));
    }
}
