using DisklessRancher.Tests.Shared;

namespace DisklessRancher.Iso9660.Tests;

/// <summary>An image that xorriso -dev appended a session to, the users' guide way of adding files to the RancherOS ISO.</summary>
[Collection(TestImagesCollection.Name)]
public sealed class AppendedSessionTests(TestImages images)
{
    [Fact]
    public void TheBootInfoTableOfTheNewSessionNamesThatSessionsPvdCopy()
    {
        string iso = Path.Combine(images.Directory, "appended.iso"), add = Path.Combine(images.Directory, "appended-add");
        Directory.CreateDirectory(add);
        File.WriteAllText(Path.Combine(add, "user_data"), "#cloud-config\n");
        File.Copy(images.RancherOs, iso, overwrite: true);
        ExternalTool.Check("xorriso", "-dev", iso, "-joliet", "on", "-boot_image", "any", "replay", "-volid", "config-2", "-map", add, "/openstack", "-commit");

        using IsoImage image = IsoImage.Open(iso);
        IsoBootEntry entry = Assert.Single(image.BootCatalog!.Entries);
        string report = ExternalTool.Check("xorriso", "-indev", iso, "-report_el_torito", "plain").StdOut;
        Assert.Matches(@"El Torito img opts :\s+1\s+.*boot-info-table", report);
        Assert.True(entry.BootInfoTableValid);
        Assert.Equal(entry.LoadLba, entry.BootInfoTable!.FileLba);
        Assert.NotEqual((uint)image.PrimaryVolume.Lba, entry.BootInfoTable.PvdLba);
        using FileStream file = File.OpenRead(iso);
        byte[] named = new byte[6];
        file.Position = entry.BootInfoTable.PvdLba * 2048L;
        file.ReadExactly(named);
        Assert.Equal([1, (byte)'C', (byte)'D', (byte)'0', (byte)'0', (byte)'1'], named);
    }
}
