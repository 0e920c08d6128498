using System.Text;
using DisklessRancher.Iso9660.Writing;
using Xunit;

using DisklessRancher.Tests.Shared;

namespace DisklessRancher.Iso9660.Tests.Writing;

/// <summary>A host image remastered for another host keeps nothing of the first host's files.</summary>
public sealed class StaleDataTests : IClassFixture<RancherOsBaseFixture>
{
    private readonly RancherOsBaseFixture f;

    public StaleDataTests(RancherOsBaseFixture fixture)
    {
        f = fixture;
    }

    private static byte[] ReadAt(string image, IsoDirectoryEntry entry)
    {
        var bytes = new byte[entry.Length];
        using var stream = File.OpenRead(image);
        stream.Position = entry.Lba * 2048;
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static bool GrepFinds(string text, string file) => ExternalTool.Run("grep", "-a", "-q", "-F", text, file).ExitCode == 0;

    [Fact]
    public void TheFirstHostsTokenUserDataAndIdentityAreGoneFromTheSecondHostsImage()
    {
        using var temp = new TempDirectory();
        var firstToken = Encoding.ASCII.GetString(RancherOsBaseFixture.Additions["/state/.registration_token"]).Trim();
        Assert.True(GrepFinds(firstToken, f.HostIso));
        Assert.True(GrepFinds("hostname: host-1", f.HostIso));

        var second = temp.Combine("second.iso");
        var remaster = new IsoRemaster(f.HostIso, RancherOsBaseFixture.Time)
            .AddFile("/openstack/latest/user_data", Encoding.UTF8.GetBytes("#cloud-config\nhostname: host-2\n"))
            .AddFile("/state/.registration_token", Encoding.ASCII.GetBytes(new string('d', 128) + "\n"))
            .AddFile("/state/.docker_uuid", Encoding.ASCII.GetBytes("11111111-2222-4333-8444-555555555555"))
            .Remove("/state/.physical_host_uuid");
        var pending = remaster.WritePending(second);
        pending.Commit();

        Assert.False(GrepFinds(firstToken, second));
        Assert.False(GrepFinds("hostname: host-1", second));
        Assert.False(GrepFinds(Encoding.ASCII.GetString(RancherOsBaseFixture.Additions["/state/.docker_uuid"]), second));
        Assert.False(GrepFinds(Encoding.ASCII.GetString(RancherOsBaseFixture.Additions["/state/.physical_host_uuid"]), second));
        Assert.True(GrepFinds(new string('d', 128), second));

        // Every file the second remaster kept reads as in the first image, the boot files included.
        var extracted = Directory.CreateDirectory(temp.Combine("x1")).FullName;
        var again = Directory.CreateDirectory(temp.Combine("x2")).FullName;
        ExternalTool.Check("osirrox", "-indev", f.HostIso, "-extract", "/", extracted);
        ExternalTool.Check("osirrox", "-indev", second, "-extract", "/", again);
        var before = TreeSnapshot.FileBytes(extracted);
        var after = TreeSnapshot.FileBytes(again);
        foreach (var path in new[] { "/openstack/latest/user_data", "/state/.registration_token", "/state/.docker_uuid", "/state/.physical_host_uuid" }) before.Remove(path);
        foreach (var (path, content) in before) Assert.Equal(content, after[path]);
        Assert.Contains("boot-info-table isohybrid-suitable", ExternalTool.Check("xorriso", "-indev", second, "-report_el_torito", "plain").All);

        // The zeroed bytes are rewrites of the base that the shared-prefix hash knows about.
        using var hasher = new ImageHasher();
        var third = new IsoRemaster(f.HostIso, RancherOsBaseFixture.Time).AddFile("/state/.registration_token", new byte[129]).WritePending(temp.Combine("third.iso"));
        third.Commit();
        Assert.Equal(ExternalTool.Check("sha256sum", third.Destination).All.Split(' ')[0], hasher.Sha256(third));
        Assert.Equal(ExternalTool.Check("sha256sum", second).All.Split(' ')[0], hasher.Sha256(pending));
    }

    [Fact]
    public void AReplacedBootImageKeepsItsBytesForTheBootCatalogThatStillNamesThem()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("out.iso");
        new IsoRemaster(f.BaseIso).AddFile("/boot/isolinux/isolinux.bin", new byte[5000]).AddFile("/boot/global.cfg", new byte[10]).Write(output);
        using var before = IsoImage.Open(f.BaseIso);
        using var after = IsoImage.Open(output);
        var boot = before.GetEntry("/boot/isolinux/isolinux.bin")!;
        using (var original = before.OpenRead(boot))
        {
            var bytes = new byte[boot.Length];
            original.ReadExactly(bytes);
            Assert.Equal(bytes, ReadAt(output, boot));
        }
        // The replaced boot menu file, which nothing else names, is zeroed.
        Assert.All(ReadAt(output, before.GetEntry("/boot/global.cfg")!), b => Assert.Equal(0, b));
        Assert.Equal(10, after.GetEntry("/boot/global.cfg")!.Length);
    }

    [Fact]
    public void EveryWriteIntoACopiedFileIsRecordedWhereverItLands()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.Combine("source"), new byte[10000]);
        using var output = DisklessRancher.Files.AtomicFile.CreateCopyOf(temp.Combine("source"), temp.Combine("copy"), ownerOnly: false);
        var stream = new RecordingStream(output.Stream, output.Stream.Length);
        stream.Write(new byte[100], 0, 100);
        stream.Position = 9990;
        stream.Write(new byte[30], 0, 30);
        stream.Position = 5;
        stream.WriteByte(1);
        stream.Write(new byte[3].AsSpan());
        Assert.Equal(new (long, int)[] { (9990, 10), (5, 1), (6, 3) }, stream.Writes);
    }
}
