using System.Text;
using Xunit;
using DisklessRancher.Tests.Shared;

namespace DisklessRancher.Iso9660.Tests.Writing;

/// <summary>Every hash <see cref="ImageHasher"/> gives is the one sha256sum computes over the image on disk.</summary>
public sealed class ImageHasherTests : IClassFixture<RancherOsBaseFixture>
{
    private readonly RancherOsBaseFixture f;

    public ImageHasherTests(RancherOsBaseFixture fixture)
    {
        f = fixture;
    }

    private static string Sha256Sum(string path) => ExternalTool.Check("sha256sum", path).All.Split(' ')[0];

    private static PendingImageFile Remaster(string baseIso, string output, string hostname, string label = "config-2", int padding = 0)
    {
        var remaster = new IsoRemaster(baseIso, RancherOsBaseFixture.Time)
            .AddFile("/openstack/latest/user_data", Encoding.UTF8.GetBytes($"#cloud-config\nhostname: {hostname}\n"))
            .AddFile("/state/.docker_uuid", Encoding.ASCII.GetBytes(Guid.NewGuid().ToString()))
            .SetVolumeLabel(label);
        if (padding > 0) remaster.AddFile("/pad.bin", new byte[padding]);
        var pending = remaster.WritePending(output);
        pending.Commit();
        return pending;
    }

    [Fact]
    public void ImagesOfOneBaseHashedTogetherOrInTurnEachGetTheirOwnHash()
    {
        using var temp = new TempDirectory();
        using var hasher = new ImageHasher();
        // Alike up to the base's end; then another label, and a length grown by more than the padding.
        var images = new List<PendingImageFile>
        {
            Remaster(f.BaseIso, temp.Combine("a.iso"), "host-a"),
            Remaster(f.BaseIso, temp.Combine("b.iso"), "host-bb"),
            Remaster(f.BaseIso, temp.Combine("c.iso"), "host-c", label: "OTHER"),
            Remaster(f.BaseIso, temp.Combine("d.iso"), "host-d", padding: 3 << 20),
            Remaster(f.BaseIso, temp.Combine("e.iso"), "host-e"),
        };
        foreach (var image in images) Assert.Equal(Sha256Sum(image.Destination), hasher.Sha256(image));

        using var together = new ImageHasher();
        var hashes = new string[images.Count];
        Parallel.For(0, images.Count, i => hashes[i] = together.Sha256(images[i]));
        Assert.Equal(images.Select(i => Sha256Sum(i.Destination)), hashes);
        Assert.Equal(images.Count, hashes.Distinct().Count());
    }

    [Fact]
    public void ABaseChangedBetweenTwoImagesIsHashedAgain()
    {
        using var temp = new TempDirectory();
        using var hasher = new ImageHasher();
        var baseIso = temp.Combine("base.iso");
        File.Copy(f.BaseIso, baseIso);
        var first = Remaster(baseIso, temp.Combine("a.iso"), "host-a");
        Assert.Equal(Sha256Sum(first.Destination), hasher.Sha256(first));

        // A byte of the installer changes; the base keeps its length.
        using (var image = IsoImage.Open(baseIso))
        using (var stream = new FileStream(baseIso, FileMode.Open, FileAccess.Write))
        {
            stream.Position = image.GetEntry("/rancheros/installer.tar.gz")!.Lba * 2048L + 100;
            stream.WriteByte(0x5A);
        }
        File.SetLastWriteTimeUtc(baseIso, File.GetLastWriteTimeUtc(baseIso).AddSeconds(1));
        var second = Remaster(baseIso, temp.Combine("b.iso"), "host-a");
        Assert.Equal(Sha256Sum(second.Destination), hasher.Sha256(second));
    }

    [Fact]
    public void AFreshImageIsHashedWhole()
    {
        using var temp = new TempDirectory();
        using var hasher = new ImageHasher();
        var pending = new IsoBuilder("config-2", RancherOsBaseFixture.Time).AddFile("/openstack/latest/user_data", new byte[5000]).WritePending(temp.Combine("d.iso"));
        pending.Commit();
        Assert.Equal(Sha256Sum(pending.Destination), hasher.Sha256(pending));
    }
}
