using System.Globalization;
using System.Text.RegularExpressions;
using DisklessRancher.Tests.Shared;

namespace DisklessRancher.Iso9660.Tests;

/// <summary>Volume descriptors, El Torito catalog and system area, field by field against isoinfo, blkid and xorriso's reports.</summary>
[Collection(TestImagesCollection.Name)]
public sealed class DescriptorTests(TestImages images)
{
    [Fact]
    public void RancherOsDescriptorsMatchIsoinfoAndBlkid()
    {
        using IsoImage image = IsoImage.Open(images.RancherOs);
        string info = ExternalTool.Check("isoinfo", "-d", "-i", images.RancherOs).StdOut;
        Assert.Equal([VolumeDescriptorType.Primary, VolumeDescriptorType.BootRecord, VolumeDescriptorType.Supplementary],
            image.Descriptors.Select(d => d.Type));
        IsoVolumeDescriptor pvd = image.PrimaryVolume;
        Assert.Equal(16, pvd.Lba);
        Assert.Equal(Field(info, "Volume id"), pvd.VolumeId);
        Assert.Equal(Field(info, "Data preparer id"), pvd.DataPreparerId);
        Assert.Equal(uint.Parse(Field(info, "Volume size is")), pvd.VolumeSpaceSize);
        Assert.Equal(2048, pvd.LogicalBlockSize);
        Assert.Equal(1, pvd.VolumeSetSize);
        Assert.True(pvd.RootRecord.IsDirectory);
        Assert.True(pvd.LPathTableLba > 0 && pvd.MPathTableLba > 0 && pvd.PathTableSize > 0);

        // blkid builds the UUID from the modification date: YYYY-MM-DD-HH-MM-SS-cc.
        string uuid = ExternalTool.Check("blkid", "-p", "-o", "value", "-s", "UUID", images.RancherOs).StdOut.Trim();
        Assert.Equal(uuid, pvd.ModificationTime!.Value.ToString("yyyy-MM-dd-HH-mm-ss-", CultureInfo.InvariantCulture) + (pvd.ModificationTime.Value.Millisecond / 10).ToString("00"));
        Assert.NotNull(pvd.CreationTime);

        IsoVolumeDescriptor joliet = Assert.Single(image.JolietVolumes);
        Assert.Equal(3, joliet.JolietLevel);
        Assert.Contains("Joliet with UCS level 3 found", info);
        Assert.Equal(pvd.VolumeId, joliet.VolumeId);
        Assert.True(image.HasRockRidge);
    }

    public static TheoryData<string> BootableImages => new() { nameof(TestImages.RancherOs), nameof(TestImages.XorrisoEfiHybrid), nameof(TestImages.GenisoimageRockRidgeJolietLowercase), nameof(TestImages.Ipxe) };

    [Theory]
    [MemberData(nameof(BootableImages))]
    public void BootCatalogMatchesXorrisoReport(string name)
    {
        string iso = images.ByName(name);
        using IsoImage image = IsoImage.Open(iso);
        string report = XorrisoReport(iso);
        IsoBootCatalog catalog = image.BootCatalog!;
        Assert.Equal(long.Parse(Regex.Match(report, @"El Torito catalog\s*:\s*(\d+)").Groups[1].Value), catalog.Lba);

        MatchCollection lines = Regex.Matches(report, @"El Torito boot img :\s+(\d+)\s+(\S+)\s+([yn])\s+(\S+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\d+)\s+(\d+)");
        Assert.Equal(lines.Count, catalog.Entries.Count);
        foreach (Match line in lines)
        {
            IsoBootEntry entry = catalog.Entries[int.Parse(line.Groups[1].Value) - 1];
            Assert.Equal(line.Groups[2].Value, entry.PlatformName);
            Assert.Equal(line.Groups[3].Value == "y", entry.Bootable);
            Assert.Equal(line.Groups[4].Value, entry.Emulation switch
            {
                BootEmulation.NoEmulation => "none",
                BootEmulation.HardDisk => "hard_disk",
                _ => entry.Emulation.ToString(),
            });
            Assert.Equal(Convert.ToUInt16(line.Groups[5].Value, 16), entry.LoadSegment);
            Assert.Equal(Convert.ToByte(line.Groups[6].Value, 16), entry.SystemType);
            Assert.Equal(ushort.Parse(line.Groups[7].Value), entry.LoadSize);
            Assert.Equal(uint.Parse(line.Groups[8].Value), entry.LoadLba);
            bool xorrisoSeesTable = Regex.IsMatch(report, $@"El Torito img opts :\s+{entry.Index}\s+.*boot-info-table");
            Assert.Equal(xorrisoSeesTable, entry.BootInfoTableValid);
            if (xorrisoSeesTable)
            {
                Assert.Equal((uint)image.PrimaryVolume.Lba, entry.BootInfoTable!.PvdLba);
                Assert.Equal(entry.LoadLba, entry.BootInfoTable.FileLba);
            }
        }
        Assert.True(catalog.Entries[0].IsDefault);
    }

    [Theory]
    [MemberData(nameof(BootableImages))]
    public void SystemAreaMatchesXorrisoReport(string name)
    {
        string iso = images.ByName(name);
        using IsoImage image = IsoImage.Open(iso);
        string report = XorrisoReport(iso);
        IsoSystemArea area = image.SystemArea;
        Assert.Equal(report.Contains("MBR isohybrid"), area.IsIsohybrid);
        if (area.IsIsohybrid) Assert.Equal((ulong)image.BootCatalog!.Entries[0].LoadLba * 4, area.MbrBootLba);

        MatchCollection partitions = Regex.Matches(report, @"MBR partition      :\s+(\d+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\d+)\s+(\d+)");
        Assert.Equal(partitions.Count, area.Partitions.Count);
        Assert.Equal(area.HasMbr, partitions.Count > 0);
        foreach (Match p in partitions)
        {
            MbrPartition partition = area.Partitions.Single(x => x.Number == int.Parse(p.Groups[1].Value));
            Assert.Equal(Convert.ToByte(p.Groups[2].Value, 16), partition.Status);
            Assert.Equal(Convert.ToByte(p.Groups[3].Value, 16), partition.Type);
            Assert.Equal(uint.Parse(p.Groups[4].Value), partition.StartLba);
            Assert.Equal(uint.Parse(p.Groups[5].Value), partition.SectorCount);
        }

        Assert.Equal(Regex.IsMatch(report, @"System area summary:.*GPT"), area.HasGpt);
        if (area.HasGpt)
        {
            Assert.True(area.Gpt!.HeaderCrcValid);
            Assert.True(area.Gpt.EntriesCrcValid);
            Assert.Equal(Regex.Match(report, @"GPT disk GUID\s*:\s*([0-9a-f]+)").Groups[1].Value, Convert.ToHexStringLower(area.Gpt.DiskGuid.ToByteArray()));
            MatchCollection ranges = Regex.Matches(report, @"GPT start and size :\s+(\d+)\s+(\d+)\s+(\d+)");
            Assert.Equal(ranges.Count, area.GptPartitions.Count);
            foreach (Match r in ranges)
            {
                GptPartition partition = area.GptPartitions.Single(x => x.Number == int.Parse(r.Groups[1].Value));
                Assert.Equal(ulong.Parse(r.Groups[2].Value), partition.FirstLba);
                Assert.Equal(ulong.Parse(r.Groups[3].Value), partition.LastLba - partition.FirstLba + 1);
            }
            Assert.Equal("ISOHybrid", area.GptPartitions[0].Name);
        }
    }

    [Fact]
    public void EfiEntryIsASectionEntryWithPlatformUefi()
    {
        using IsoImage image = IsoImage.Open(images.XorrisoEfiHybrid);
        IsoBootEntry efi = image.BootCatalog!.Entries[1];
        Assert.False(efi.IsDefault);
        Assert.Equal(BootPlatform.Uefi, efi.Platform);
        Assert.Equal(BootEmulation.NoEmulation, efi.Emulation);
        Assert.Equal(image.GetEntry("/efi/efiboot.img")!.Lba, efi.LoadLba);
        Assert.Null(efi.BootInfoTable);
        Assert.Equal(image.GetEntry("/boot/isolinux/isolinux.bin")!.Lba, image.BootCatalog.Entries[0].LoadLba);
    }

    [Fact]
    public void ABrokenBootInfoTableChecksumIsReportedAsInvalidLikeXorrisoDoes()
    {
        using TempDirectory temp = new();
        string iso = temp.Combine("bad.iso");
        File.Copy(images.RancherOs, iso);
        uint lba;
        using (IsoImage image = IsoImage.Open(iso)) lba = image.BootCatalog!.Entries[0].LoadLba;
        using (FileStream stream = new(iso, FileMode.Open))
        {
            stream.Position = lba * 2048L + 100;
            int b = stream.ReadByte();
            stream.Position--;
            stream.WriteByte((byte)(b ^ 0x5A));
        }
        using IsoImage bad = IsoImage.Open(iso);
        IsoBootEntry entry = bad.BootCatalog!.Entries[0];
        Assert.True(entry.HasBootInfoTable);
        Assert.False(entry.BootInfoTableValid);
        Assert.DoesNotContain("boot-info-table", XorrisoReport(iso));
    }

    [Fact]
    public void AnImageWithoutBootHasNoCatalogAndNoSystemArea()
    {
        using IsoImage image = IsoImage.Open(images.GenisoimagePlain);
        Assert.Null(image.BootCatalog);
        Assert.Equal(SystemAreaKind.None, image.SystemArea.Kind);
        Assert.Equal("none", image.SystemArea.Summary);
        Assert.Empty(image.JolietVolumes);
    }

    internal static string XorrisoReport(string iso) =>
        ExternalTool.Check("xorriso", "-indev", iso, "-report_el_torito", "plain", "-report_system_area", "plain").StdOut;

    private static string Field(string isoinfo, string name) =>
        Regex.Match(isoinfo, "^" + Regex.Escape(name) + @":? ?(.*)$", RegexOptions.Multiline).Groups[1].Value.Trim();
}
