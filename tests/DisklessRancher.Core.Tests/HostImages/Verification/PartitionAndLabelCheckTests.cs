using System.Text;
using DisklessRancher.Core.HostImages.Verification;
using DisklessRancher.Iso9660;
using DisklessRancher.Tests.Shared;

namespace DisklessRancher.Core.Tests.HostImages.Verification;

/// <summary>Partitions and the label as a host booted from a disk sees them, on bases made by xorriso and genisoimage.</summary>
public sealed class PartitionAndLabelCheckTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Tree()
    {
        string tree = _temp.Combine("tree");
        if (Directory.Exists(tree)) return tree;
        Directory.CreateDirectory(Path.Combine(tree, "boot", "isolinux"));
        File.Copy("/usr/lib/ISOLINUX/isolinux.bin", Path.Combine(tree, "boot", "isolinux", "isolinux.bin"));
        string efi = Path.Combine(tree, "efi.img");
        File.WriteAllBytes(efi, new byte[1440 * 1024]);
        ExternalTool.Check("mformat", "-i", efi, "::");
        return tree;
    }

    private string Xorriso(string name, params string[] options)
    {
        string iso = _temp.Combine(name);
        ExternalTool.Check("xorriso", new[] { "-as", "mkisofs", "-quiet", "-R", "-J", "-V", "BASE", "-no-emul-boot", "-boot-load-size", "4", "-boot-info-table",
            "-b", "boot/isolinux/isolinux.bin", "-c", "boot/isolinux/boot.cat", "-isohybrid-mbr", "/usr/lib/ISOLINUX/isohdpfx.bin" }
            .Concat(options).Concat(new[] { "-o", iso, Tree() }).ToArray());
        return iso;
    }

    private string Remaster(string baseIso)
    {
        string output = _temp.Combine("out-" + Path.GetFileName(baseIso));
        new IsoRemaster(baseIso).AddFile("/openstack/latest/user_data", Encoding.UTF8.GetBytes("#cloud-config\nhostname: h1\n"))
            .AddFile("/big.bin", new byte[3 << 20]).SetVolumeLabel("config-2").Write(output);
        return output;
    }

    private static HostImageCheck Check(string iso, string name) => HostImageChecker.Check(iso).Checks.Single(c => c.Name == name);

    private static void Patch(string iso, long offset, byte[] bytes)
    {
        using FileStream stream = new(iso, FileMode.Open, FileAccess.Write);
        stream.Position = offset;
        stream.Write(bytes);
    }

    [Fact]
    public void AGptBaseWithAnAppendedEfiPartitionPassesBeforeAndAfterItsRemaster()
    {
        string baseIso = Xorriso("gpt.iso", "-eltorito-alt-boot", "-e", "--interval:appended_partition_2:all::", "-no-emul-boot",
            "-append_partition", "2", "0xef", Path.Combine(Tree(), "efi.img"), "-appended_part_as_gpt");
        string output = Remaster(baseIso);
        foreach (string iso in new[] { baseIso, output })
        {
            Assert.True(Check(iso, HostImageCheckNames.Partitions).Passed, Check(iso, HostImageCheckNames.Partitions).Detail);
            Assert.True(Check(iso, HostImageCheckNames.IsohybridMbr).Passed, Check(iso, HostImageCheckNames.IsohybridMbr).Detail);
        }
        Assert.True(Check(output, HostImageCheckNames.VolumeLabel).Passed);
    }

    [Fact]
    public void AnMbrPartitionGrownOverAnAppendedEfiPartitionFails()
    {
        string iso = Xorriso("mbr.iso", "-append_partition", "2", "0xef", Path.Combine(Tree(), "efi.img"));
        Assert.True(Check(iso, HostImageCheckNames.Partitions).Passed, Check(iso, HostImageCheckNames.Partitions).Detail);
        Patch(iso, 446 + 12, BitConverter.GetBytes((uint)(new FileInfo(iso).Length / 512)));
        HostImageCheck check = Check(iso, HostImageCheckNames.Partitions);
        Assert.False(check.Passed);
        Assert.Contains("MBR partition 1 (bytes 0 to", check.Detail);
        Assert.Contains("and MBR partition 2 (bytes", check.Detail);
        Assert.EndsWith("make the image again with New-DisklessHostIso from its base.", check.Detail);
    }

    [Fact]
    public void AGptWithABadCrcOrAPartitionShortOfTheVolumeFails()
    {
        string iso = Xorriso("basdat.iso", "-eltorito-alt-boot", "-e", "efi.img", "-no-emul-boot", "-isohybrid-gpt-basdat");
        Assert.True(Check(iso, HostImageCheckNames.Partitions).Passed, Check(iso, HostImageCheckNames.Partitions).Detail);
        Patch(iso, 2 * 512 + 40, BitConverter.GetBytes(100UL)); // GPT partition 1's last sector, without a new CRC
        HostImageCheck check = Check(iso, HostImageCheckNames.Partitions);
        Assert.False(check.Passed);
        Assert.Contains("the GPT header or its entries fail their CRC", check.Detail);
        Assert.Contains("GPT partition 1 maps the volume from sector 0 but ends at byte 51712", check.Detail);
    }

    [Fact]
    public void AUdfBridgeBaseFailsTheLabelAndItsRemasterPassesIt()
    {
        string baseIso = _temp.Combine("udf.iso");
        ExternalTool.Check("genisoimage", "-quiet", "-udf", "-R", "-J", "-V", "config-2", "-o", baseIso, Tree());
        HostImageCheck check = Check(baseIso, HostImageCheckNames.VolumeLabel);
        Assert.False(check.Passed);
        Assert.StartsWith("A UDF volume recognition sequence follows the ISO 9660 descriptors", check.Detail);
        Assert.True(Check(Remaster(baseIso), HostImageCheckNames.VolumeLabel).Passed);
    }
}
