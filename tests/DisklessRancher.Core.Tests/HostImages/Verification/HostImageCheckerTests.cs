using DisklessRancher.Core.AgentState;
using DisklessRancher.Core.HostImages.Verification;
using DisklessRancher.Iso9660;
using DisklessRancher.Tests.Shared;

namespace DisklessRancher.Core.Tests.HostImages.Verification;

/// <summary>A host image made the users' guide way (xorriso appending to a RancherOS-shaped base), checked whole, truncated and corrupted.</summary>
public sealed class HostImageCheckerTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string MakeHostImage(string name, Action<string> prepareTree)
    {
        string tree = _temp.Combine("tree-" + name), iso = _temp.Combine(name + ".iso"), baseIso = _temp.Combine("base.iso");
        if (!File.Exists(baseIso)) ExternalTool.Check("bash", Path.Combine(RepositoryPaths.Root, "tests/fixtures/new-rancheros-iso.sh"), baseIso, "1");
        Directory.CreateDirectory(tree);
        prepareTree(tree);
        File.Copy(baseIso, iso);
        ExternalTool.Check("xorriso", "-dev", iso, "-joliet", "on", "-boot_image", "any", "replay", "-volid", "config-2",
            "-map", Path.Combine(tree, "openstack"), "/openstack", "-map", Path.Combine(tree, "state"), "/state", "-commit");
        return iso;
    }

    private static void GoodTree(string tree)
    {
        Directory.CreateDirectory(Path.Combine(tree, "openstack", "latest"));
        File.WriteAllText(Path.Combine(tree, "openstack", "latest", "user_data"),
            "#cloud-config\nhostname: h1\nruncmd:\n- cp /media/config-2/state/.docker_uuid /media/config-2/state/.physical_host_uuid /media/config-2/state/.registration_token /var/lib/rancher/state/\n");
        AgentStateDirectory.Write(Path.Combine(tree, "state"), RancherAgentState.Generate(), overwrite: false);
    }

    [Fact]
    public void AGuideMadeImagePassesEveryCheck()
    {
        HostImageTestResult result = HostImageChecker.Check(MakeHostImage("good", GoodTree));
        Assert.True(result.Passed, string.Join("\n", result.Checks));
        Assert.Equal("h1", result.Hostname);
        Assert.Equal(
            [HostImageCheckNames.VolumeLabel, HostImageCheckNames.UserDataPresent, HostImageCheckNames.UserDataFormat, HostImageCheckNames.UserDataParses,
             HostImageCheckNames.StateFiles, HostImageCheckNames.BootInfoTable, HostImageCheckNames.IsohybridMbr, HostImageCheckNames.Partitions,
             HostImageCheckNames.NamesVisible],
            result.Checks.Select(c => c.Name));
    }

    [Fact]
    public void AUserDataDirectoryFailsPresence()
    {
        string iso = MakeHostImage("dir", tree =>
        {
            GoodTree(tree);
            File.Delete(Path.Combine(tree, "openstack", "latest", "user_data"));
            Directory.CreateDirectory(Path.Combine(tree, "openstack", "latest", "user_data"));
        });
        HostImageTestResult result = HostImageChecker.Check(iso);
        Assert.Equal([HostImageCheckNames.UserDataPresent], result.FailedChecks);
        Assert.StartsWith("/openstack/latest/user_data is a directory", result.Checks[1].Detail);
    }

    [Fact]
    public void ATextFileIsOneFailedCheckNotAnException()
    {
        string text = _temp.Combine("notes.iso");
        File.WriteAllText(text, new string('x', 40000));
        HostImageTestResult result = HostImageChecker.Check(text);
        HostImageCheck check = Assert.Single(result.Checks);
        Assert.Equal(HostImageCheckNames.ImageReadable, check.Name);
        Assert.False(result.Passed);
        Assert.Throws<FileNotFoundException>(() => HostImageChecker.Check(_temp.Combine("missing.iso")));
    }

    [Fact]
    public void TruncatedAndCorruptedImagesNeverThrow()
    {
        byte[] good = File.ReadAllBytes(MakeHostImage("fuzz", GoodTree));
        using IsoImage original = IsoImage.Open(new MemoryStream(good));
        long session = original.BootCatalog!.Lba - 40; // the appended session's first blocks hold its descriptors and trees
        List<byte[]> variants = new();
        foreach (long length in new long[] { 17 * 2048, 20 * 2048, 36 * 2048, 1024 * 2048, (session + 30) * 2048, good.Length - 2048, good.Length / 2 })
        {
            variants.Add(good.AsSpan(0, (int)Math.Min(length, good.Length)).ToArray());
        }
        Random random = new(20261124);
        for (int i = 0; i < 400; i++)
        {
            byte[] bad = (byte[])good.Clone();
            long block = i % 2 == 0 ? random.Next(16, 40) : session + random.Next(0, 60);
            bad[block * 2048 + random.Next(0, 2048)] ^= (byte)random.Next(1, 256);
            variants.Add(bad);
        }

        int failed = 0;
        foreach (byte[] variant in variants)
        {
            IsoImage image;
            try
            {
                image = IsoImage.Open(new MemoryStream(variant));
            }
            catch (IsoFormatException)
            {
                continue; // Check(path) turns this into the one ImageReadable check, tested above
            }
            using (image)
            {
                HostImageTestResult result = HostImageChecker.Check(image, "variant.iso");
                Assert.All(result.Checks, c => Assert.False(string.IsNullOrEmpty(c.Detail)));
                if (!result.Passed) failed++;
            }
        }
        Assert.True(failed > 0, "some corruption must be noticed");
    }
}
