using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace DisklessRancher.Iso9660.Tests.Writing;

/// <summary>
/// Remasters of bases with every partition layout live ISOs have: only the partition that maps the volume grows,
/// EFI and Mac partitions keep their place, GPTs stay valid, and the image is padded to a whole MiB.
/// </summary>
public sealed class PartitionLayoutTests : IDisposable
{
    private static readonly string[] Replaced = { "/openstack/latest/user_data" };
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    private string Remaster(string baseIso)
    {
        var output = temp["out-" + Path.GetFileName(baseIso)];
        new IsoRemaster(baseIso).AddFile("/openstack/latest/user_data", Encoding.UTF8.GetBytes("#cloud-config\n"))
            .AddFile("/state/.docker_uuid", new byte[36]).AddFile("/big.bin", new MemoryStream(new byte[3 << 20]))
            .SetVolumeLabel("config-2").Write(output);
        Assert.Equal(0, new FileInfo(output).Length % (1 << 20));
        return output;
    }

    private static string SystemArea(string image) => ExternalTool.Run("xorriso", "-indev", image, "-report_system_area", "plain");

    private static long VolumeSectors(string image)
    {
        using var iso = IsoImage.Open(image);
        return iso.PrimaryVolume.VolumeSpaceSize * 4L;
    }

    private static List<string> Lines(string report, string prefix) =>
        report.Split('\n').Select(l => Regex.Replace(l, @"\s+", " ")).Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).ToList();

    [Fact]
    public void AGptBaseWithAnAppendedEfiPartitionKeepsItAndStaysValid()
    {
        var baseIso = BaseImages.GptAppendedEfi(temp);
        var output = Remaster(baseIso);
        RemasterChecks.AssertClean(baseIso, output, "config-2", Replaced, temp);
        var before = SystemArea(baseIso);
        var after = SystemArea(output);
        // Every GPT partition keeps its place and size: the volume's own one cannot grow past the EFI partition,
        // and starting at the descriptors it holds no mountable copy of the volume.
        Assert.Equal(Lines(before, "GPT start and size :"), Lines(after, "GPT start and size :"));
        Assert.Contains($"MBR partition : 1 0x00 0xee 1 {new FileInfo(output).Length / 512 - 1}", Lines(after, "MBR partition"));
    }

    [Fact]
    public void AnMbrBaseWithAPartitionAppendedAfterTheVolumeIsRefusedAndNothingIsWritten()
    {
        var baseIso = BaseImages.MbrAppendedEfi(temp);
        var output = temp["never.iso"];
        var error = Assert.Throws<IsoOutputException>(() => new IsoRemaster(baseIso).AddFile("/a", new byte[1]).Write(output));
        Assert.Equal(IsoOutputError.PartitionCannotGrow, error.Error);
        Assert.Contains(baseIso, error.Message);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp"));
    }

    [Fact]
    public void AnIsohybridUefiMacBaseGrowsItsVolumePartitionOnlyAndKeepsEfiAndMacOnes()
    {
        var baseIso = BaseImages.IsohybridUefiMac(temp);
        var output = Remaster(baseIso);
        RemasterChecks.AssertClean(baseIso, output, "config-2", Replaced, temp);
        var before = SystemArea(baseIso);
        var after = SystemArea(output);
        long sectors = new FileInfo(output).Length / 512;
        Assert.Equal($"MBR partition : 1 0x80 0x00 0 {sectors}", Lines(after, "MBR partition :")[0]);
        Assert.Equal(Lines(before, "MBR partition :").Skip(1), Lines(after, "MBR partition :").Skip(1));
        Assert.Equal(Lines(before, "GPT start and size :").Skip(1), Lines(after, "GPT start and size :").Skip(1));
        Assert.Equal(Lines(before, "APM"), Lines(after, "APM"));
        var volume = Regex.Match(after, @"GPT start and size\s*:\s*1\s+0\s+(\d+)");
        Assert.True(volume.Success, after);
        Assert.True(long.Parse(volume.Groups[1].Value) >= VolumeSectors(output), after);
    }

    [Fact]
    public void ABaseGrownWithKeepGetsItsPartitionGrownOverTheNewVolume()
    {
        var baseIso = BaseImages.GrownWithKeep(temp);
        var partition = Regex.Match(SystemArea(baseIso), @"MBR partition\s*:\s*1\s+0x80\s+0x17\s+0\s+(\d+)");
        Assert.True(partition.Success && long.Parse(partition.Groups[1].Value) < VolumeSectors(baseIso));
        var output = Remaster(baseIso);
        RemasterChecks.AssertClean(baseIso, output, "config-2", Replaced, temp);
        Assert.Equal($"MBR partition : 1 0x80 0x17 0 {new FileInfo(output).Length / 512}", Lines(SystemArea(output), "MBR partition :")[0]);
    }

    [Theory]
    [InlineData(255, 63)]
    [InlineData(64, 32)]
    public void AnMbrNotAlignedToCylindersKeepsItsGeometryInTheNewChsEnd(int heads, int sectors)
    {
        var baseIso = BaseImages.Make(temp, "geometry.iso", "-isohybrid-mbr", "/usr/lib/ISOLINUX/isohdpfx.bin", "-partition_hd_cyl", $"{heads}",
            "-partition_sec_hd", $"{sectors}", "-partition_cyl_align", "off");
        Assert.NotEqual(0u, BitConverter.ToUInt32(File.ReadAllBytes(baseIso), 446 + 12) % (uint)(heads * sectors));
        var output = Remaster(baseIso);
        RemasterChecks.AssertClean(baseIso, output, "config-2", Replaced, temp);
        var mbr = File.ReadAllBytes(output).AsSpan(0, 512).ToArray();
        long start = BitConverter.ToUInt32(mbr, 446 + 8), last = start + BitConverter.ToUInt32(mbr, 446 + 12) - 1;
        Assert.Equal(new FileInfo(output).Length / 512 - 1, last);
        int head = mbr[446 + 5], sector = mbr[446 + 6] & 0x3F, cylinder = mbr[446 + 7] | ((mbr[446 + 6] & 0xC0) << 2);
        Assert.Equal(last, ((long)cylinder * heads + head) * sectors + sector - 1);
    }

    [Fact]
    public void AGptHybridWithTheEfiImageInsideTheVolumeGrowsItsIsoPartition()
    {
        var baseIso = BaseImages.Make(temp, "basdat.iso", "-isohybrid-mbr", "/usr/lib/ISOLINUX/isohdpfx.bin", "-eltorito-alt-boot", "-e", "efi.img",
            "-no-emul-boot", "-isohybrid-gpt-basdat");
        var output = Remaster(baseIso);
        RemasterChecks.AssertClean(baseIso, output, "config-2", Replaced, temp);
        var after = SystemArea(output);
        Assert.Equal(Lines(SystemArea(baseIso), "GPT start and size :").Skip(1), Lines(after, "GPT start and size :").Skip(1));
        var volume = Regex.Match(after, @"GPT start and size\s*:\s*1\s+0\s+(\d+)");
        Assert.True(volume.Success && long.Parse(volume.Groups[1].Value) >= VolumeSectors(output), after);
    }
}
