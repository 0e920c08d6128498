using System.Text;
using DisklessRancher.Tests.Shared;

namespace DisklessRancher.Iso9660.Tests;

/// <summary>
/// Images Linux reads although they bend the standards: Rock Ridge behind CD-XA data, damaged continuation
/// areas, names with bytes above 0x7E, a bad El Torito checksum, an unknown descriptor, data past the end.
/// A remaster keeps their Rock Ridge (new files get their names), and refuses the damaged ones.
/// </summary>
public sealed class LinuxLikeReadingTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly string _tree;

    public LinuxLikeReadingTests()
    {
        _tree = _temp.Combine("tree");
        ExternalTool.Bash($"""
            t='{_tree}'
            mkdir -p "$t/state" "$t/boot/isolinux"
            printf 'uuid' > "$t/state/.docker_uuid"
            printf 'a-long-rock-ridge-name' > "$t/state/a-long-rock-ridge-name.txt"
            cp /usr/lib/ISOLINUX/isolinux.bin "$t/boot/isolinux/"
            """);
    }

    [Theory]
    [InlineData("-rational-rock")]
    [InlineData("-R", "-J")]
    public void RockRidgeBehindCdXaDataIsReadAndKeptByARemaster(params string[] options)
    {
        string iso = Make("xa.iso", "genisoimage", ["-xa", .. options]);
        using (IsoImage image = IsoImage.Open(iso))
        {
            Assert.True(image.HasRockRidge);
            Assert.Same(image.PrimaryRoot, image.Root);
            Assert.Equal("uuid", Read(image, "/state/.docker_uuid"));
        }

        string output = Remaster(iso);
        Assert.Contains("/state/.added", PycdlibRockRidgeFiles(output));
        Assert.Contains(".added", ExternalTool.Check("isoinfo", "-R", "-l", "-i", output).StdOut);
        using IsoImage remastered = IsoImage.Open(output);
        Assert.NotNull(remastered.PrimaryRoot.GetChild("state")!.GetChild("a-long-rock-ridge-name.txt"));
    }

    [Fact]
    public void ARootContinuationAreaOfLengthZeroLeavesRockRidgeReadAndKept()
    {
        string iso = Make("ce0.iso", "xorriso", ["-as", "mkisofs", "-R", "-J"]);
        SuspEntry ce = RootContinuation(iso);
        Patch(iso, ce.Lba * 2048 + ce.Offset + 4 + 16, [0, 0, 0, 0, 0, 0, 0, 0]);

        using (IsoImage image = IsoImage.Open(iso))
        {
            Assert.True(image.HasRockRidge);
            Assert.Null(image.RockRidgeExtension);
            Assert.Same(image.JolietRoot, image.Root); // no ER: Linux prefers Joliet, as it does here
            Assert.NotNull(image.PrimaryRoot.GetChild("state")!.GetChild(".docker_uuid"));
        }
        Assert.Contains("/state/.added", PycdlibRockRidgeFiles(Remaster(iso)));
    }

    [Fact]
    public void AContinuationBlockOverwrittenByADirectorySectorIsReadPastAsLinuxDoes()
    {
        string iso = Make("dup.iso", "xorriso", ["-as", "mkisofs", "-R", "-J"]);
        SuspEntry ce = RootContinuation(iso);
        long continuationLba = BitConverter.ToUInt32(ce.Data.ToArray(), 0);
        long rootLba;
        using (IsoImage image = IsoImage.Open(iso)) rootLba = image.PrimaryVolume.RootRecord.ExtentLba;
        byte[] directory = new byte[2048];
        using (FileStream stream = File.OpenRead(iso))
        {
            stream.Position = rootLba * 2048;
            stream.ReadExactly(directory);
        }
        Patch(iso, continuationLba * 2048, directory);

        using (IsoImage image = IsoImage.Open(iso))
        {
            Assert.True(image.HasRockRidge);
            Assert.Equal("uuid", Read(image, "/state/.docker_uuid"));
            Assert.Equal("uuid", Encoding.ASCII.GetString(image.ReadAllBytes(image.PrimaryRoot.GetChild("state")!.GetChild(".docker_uuid")!)));
        }
        Assert.Contains("/state/.added", PycdlibRockRidgeFiles(Remaster(iso)));
    }

    [Fact]
    public void PlainNamesWithBytesAbove7EAreDecodedAsLinuxShowsThemAndStayDistinct()
    {
        string tree = _temp.Combine("names");
        ExternalTool.Bash($"mkdir -p '{tree}' && printf 1 > '{tree}/fÖo' && printf 2 > '{tree}/fÄo'");
        string iso = _temp.Combine("level4.iso");
        ExternalTool.Check("genisoimage", "-quiet", "-iso-level", "4", "-o", iso, tree);

        using IsoImage image = IsoImage.Open(iso);
        Assert.False(image.HasRockRidge || image.HasJoliet);
        Assert.Equal(["fÄo", "fÖo"], image.Root.Children.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal("1", Read(image, "/fÖo"));
        Assert.Equal("2", Read(image, "/fÄo"));
        // isoinfo, like Linux, passes the stored bytes on; they are UTF-8 here.
        Assert.Contains("fÖo", ExternalTool.Check("isoinfo", "-l", "-i", iso).StdOut);
    }

    [Fact]
    public void NamesThatAreNotUtf8AreReadOneCharacterPerByte()
    {
        string iso = Make("latin1.iso", "genisoimage", ["-iso-level", "4"]);
        using (IsoImage image = IsoImage.Open(iso))
        {
            IsoDirectoryEntry state = image.Root.GetChild("state")!;
            Patch(iso, state.RecordLba * 2048 + state.RecordOffset + 33, [0xD6]); // "state" -> "\xD6tate"
        }
        using IsoImage patched = IsoImage.Open(iso);
        Assert.NotNull(patched.GetEntry("/Ötate/.docker_uuid"));
    }

    [Fact]
    public void ABadElToritoChecksumIsListedAndReadButNotRemastered()
    {
        string iso = MakeBootable("eltorito.iso");
        long catalog;
        using (IsoImage image = IsoImage.Open(iso)) catalog = image.BootCatalog!.Lba;
        Patch(iso, catalog * 2048 + 28, [0x12, 0x34]);

        using (IsoImage image = IsoImage.Open(iso))
        {
            Assert.Single(image.Damage, d => d.Contains("El Torito validation entry checksum"));
            Assert.Equal("uuid", Read(image, "/state/.docker_uuid"));
        }
        Assert.Equal(0, ExternalTool.Run("osirrox", "-indev", iso, "-find", "/").ExitCode);
        IsoFormatException e = Assert.Throws<IsoFormatException>(() => new IsoRemaster(iso));
        Assert.Equal(IsoFormatError.Corrupt, e.Error);
        Assert.Contains("El Torito", e.Message);
    }

    [Fact]
    public void AnUnknownDescriptorIsPassedOver()
    {
        string iso = MakeBootable("cd002.iso");
        long bootRecord;
        using (IsoImage image = IsoImage.Open(iso)) bootRecord = image.BootRecord!.Lba;
        Patch(iso, bootRecord * 2048 + 1, Encoding.ASCII.GetBytes("CD002"));

        using IsoImage patched = IsoImage.Open(iso);
        Assert.Null(patched.BootRecord);
        Assert.DoesNotContain(patched.Descriptors, d => d.Lba == bootRecord);
        Assert.Equal("uuid", Read(patched, "/state/.docker_uuid"));
        Assert.Empty(patched.Damage);
    }

    [Fact]
    public void AFileBeyondTheEndIsListedAndOnlyItsReadFails()
    {
        string iso = Make("past-end.iso", "xorriso", ["-as", "mkisofs", "-R", "-J"]);
        IsoDirectoryEntry file;
        using (IsoImage image = IsoImage.Open(iso)) file = image.GetEntry("/state/a-long-rock-ridge-name.txt")!;
        Patch(iso, file.RecordLba * 2048 + file.RecordOffset + 2, BitConverter.GetBytes(0x00200000u));

        using IsoImage patched = IsoImage.Open(iso);
        IsoDirectoryEntry broken = patched.GetEntry("/state/a-long-rock-ridge-name.txt")!;
        Assert.Equal("uuid", Read(patched, "/state/.docker_uuid"));
        IsoFormatException e = Assert.Throws<IsoFormatException>(() => patched.OpenRead(broken));
        Assert.Contains("'/state/a-long-rock-ridge-name.txt'", e.Message);
        Assert.Throws<IsoFormatException>(() => new IsoRemaster(iso));
    }

    private string Make(string name, string tool, string[] options)
    {
        string iso = _temp.Combine(name);
        ExternalTool.Check(tool, [.. options, "-quiet", "-o", iso, _tree]);
        return iso;
    }

    private string MakeBootable(string name) => Make(name, "xorriso", ["-as", "mkisofs", "-R", "-J", "-b", "boot/isolinux/isolinux.bin",
        "-c", "boot/isolinux/boot.cat", "-no-emul-boot", "-boot-load-size", "4", "-boot-info-table"]);

    private string Remaster(string iso)
    {
        string output = _temp.Combine("out-" + Path.GetFileName(iso));
        new IsoRemaster(iso).AddFile("/state/.added", Encoding.ASCII.GetBytes("added")).SetVolumeLabel("config-2").Write(output);
        return output;
    }

    private static SuspEntry RootContinuation(string iso)
    {
        using IsoImage image = IsoImage.Open(iso);
        return image.PrimaryRoot.SystemUse.Single(e => e.Signature == "CE");
    }

    /// <summary>The regular files pycdlib lists by their Rock Ridge names.</summary>
    private static string[] PycdlibRockRidgeFiles(string iso) => ExternalTool.Check("/usr/bin/python3", "-c", """
        import sys, pycdlib
        iso = pycdlib.PyCdlib()
        iso.open(sys.argv[1])
        for path, dirs, files in iso.walk(rr_path='/'):
            for f in files:
                print(path.rstrip('/') + '/' + f)
        iso.close()
        """, iso).StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static void Patch(string iso, long position, byte[] bytes)
    {
        using FileStream stream = new(iso, FileMode.Open);
        stream.Position = position;
        stream.Write(bytes);
    }

    private static string Read(IsoImage image, string path) => Encoding.UTF8.GetString(image.ReadAllBytes(image.GetEntry(path)!));

    public void Dispose() => _temp.Dispose();
}
