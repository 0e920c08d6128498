using DisklessRancher.Tests.Shared;

namespace DisklessRancher.Iso9660.Tests;

/// <summary>
/// A file in several extents (records flagged 0x80 up to the last one). The tools here only split files above
/// 4 GiB, so the test flags one record of a real image, which makes it and the next record one file whose
/// content is the two original files, each checked against osirrox by the parse tests.
/// </summary>
[Collection(TestImagesCollection.Name)]
public sealed class MultiExtentTests(TestImages images)
{
    [Fact]
    public void RecordsFlaggedMultiExtentFormOneFileReadAcrossItsExtents()
    {
        using TempDirectory temp = new();
        string iso = temp.Combine("multi.iso");
        File.Copy(images.XorrisoRockRidgeJoliet, iso);
        IsoDirectoryEntry first, second;
        byte[] expected;
        using (IsoImage image = IsoImage.Open(iso))
        {
            IsoDirectoryEntry[] files = image.PrimaryRoot.Children
                .Where(e => !e.IsDirectory && !e.IsSymbolicLink && e.Length > 0)
                .OrderBy(e => e.RecordLba).ThenBy(e => e.RecordOffset).ToArray();
            (first, second) = files.Zip(files.Skip(1))
                .First(p => p.First.RecordLba == p.Second.RecordLba && p.First.RecordOffset + p.First.Records[0].Length == p.Second.RecordOffset);
            expected = [.. Read(image, first), .. Read(image, second)];
        }
        using (FileStream stream = new(iso, FileMode.Open))
        {
            stream.Position = first.RecordLba * 2048 + first.RecordOffset + 25;
            stream.WriteByte((byte)(first.Records[0].Raw[25] | 0x80));
        }

        using IsoImage multi = IsoImage.Open(iso);
        IsoDirectoryEntry file = multi.GetEntry("/" + first.Name)!;
        Assert.Equal([new IsoExtent(first.Lba, first.Length), new IsoExtent(second.Lba, second.Length)], file.Extents);
        Assert.Equal(first.Length + second.Length, file.Length);
        Assert.Null(multi.GetEntry("/" + second.Name));
        Assert.Equal(expected, Read(multi, file));
    }

    private static byte[] Read(IsoImage image, IsoDirectoryEntry entry)
    {
        using Stream stream = image.OpenRead(entry);
        using MemoryStream copy = new();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
