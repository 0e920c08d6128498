using DisklessRancher.Tests.Shared;

namespace DisklessRancher.Iso9660.Tests;

/// <summary>
/// A file in several extents (records flagged 0x80 up to the last one, all with the file's identifier). The tools
/// here only split files above 4 GiB, so the tests join two files of a real image: the first record is flagged
/// and the second given the first one's identifier, which makes one file whose content is the two originals.
/// </summary>
public sealed class MultiExtentTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly string _iso;
    private readonly IsoDirectoryEntry _first, _second;
    private readonly byte[] _expected;

    public MultiExtentTests()
    {
        string tree = _temp.Combine("tree");
        ExternalTool.Bash($"""
            mkdir -p '{tree}' && head -c 3000 /dev/urandom > '{tree}/part-a.bin' && head -c 5000 /dev/urandom > '{tree}/part-b.bin'
            """);
        _iso = _temp.Combine("multi.iso");
        ExternalTool.Check("xorriso", "-as", "mkisofs", "-quiet", "-R", "-J", "-o", _iso, tree);
        using IsoImage image = IsoImage.Open(_iso);
        _first = image.PrimaryRoot.GetChild("part-a.bin")!;
        _second = image.PrimaryRoot.GetChild("part-b.bin")!;
        Assert.Equal(_first.RecordOffset + _first.Records[0].Length, _second.RecordOffset);
        _expected = [.. image.ReadAllBytes(_first), .. image.ReadAllBytes(_second)];
    }

    [Fact]
    public void RecordsFlaggedMultiExtentFormOneFileReadAcrossItsExtents()
    {
        Join(renameSecond: true);

        using IsoImage multi = IsoImage.Open(_iso);
        IsoDirectoryEntry file = multi.GetEntry("/part-a.bin")!;
        Assert.Equal([new IsoExtent(_first.Lba, _first.Length), new IsoExtent(_second.Lba, _second.Length)], file.Extents);
        Assert.Equal(_first.Length + _second.Length, file.Length);
        Assert.Null(multi.GetEntry("/part-b.bin"));
        Assert.Equal(_expected, multi.ReadAllBytes(file));
        Assert.Empty(multi.Damage);
    }

    [Fact]
    public void AChainContinuedByAnotherNameIsCorrupt()
    {
        Join(renameSecond: false);

        using IsoImage multi = IsoImage.Open(_iso);
        IsoFormatException e = Assert.Throws<IsoFormatException>(() => multi.Root);
        Assert.Equal(IsoFormatError.Corrupt, e.Error);
        Assert.Contains("PART_B.BIN", e.Message);
    }

    [Fact]
    public void AnExtentBeyondTheImageIsListedAndItsReadFailsNamingTheFile()
    {
        Join(renameSecond: true);
        Patch(_second.RecordLba * 2048 + _second.RecordOffset + 2, BitConverter.GetBytes(0x00100000u));

        using IsoImage multi = IsoImage.Open(_iso);
        IsoDirectoryEntry file = multi.GetEntry("/part-a.bin")!;
        Assert.Contains(multi.Damage, d => d.Contains("'/part-a.bin'"));
        IsoFormatException e = Assert.Throws<IsoFormatException>(() => multi.OpenRead(file));
        Assert.Equal(IsoFormatError.Truncated, e.Error);
        Assert.Contains("'/part-a.bin'", e.Message);
        Assert.Throws<IsoFormatException>(() => new IsoRemaster(_iso));
    }

    private void Join(bool renameSecond)
    {
        byte[] first = _first.Records[0].GetBytes();
        Patch(_first.RecordLba * 2048 + _first.RecordOffset + 25, [(byte)(first[25] | 0x80)]);
        if (renameSecond) Patch(_second.RecordLba * 2048 + _second.RecordOffset + 33, first[33..(33 + first[32])]);
    }

    private void Patch(long position, byte[] bytes)
    {
        using FileStream stream = new(_iso, FileMode.Open);
        stream.Position = position;
        stream.Write(bytes);
    }

    public void Dispose() => _temp.Dispose();
}
