namespace DisklessRancher.Iso9660.Tests;

/// <summary>Names and symlink targets too long for one SUSP entry are split by the tools; the reader joins them.</summary>
[Collection(TestImagesCollection.Name)]
public sealed class RockRidgeContinuationTests(TestImages images)
{
    private static readonly string LongName = new string('n', 200) + "-rock-ridge-name-continued.txt";

    public static TheoryData<string> Images => new() { nameof(TestImages.XorrisoRockRidgeJoliet), nameof(TestImages.GenisoimageRockRidge) };

    [Theory]
    [MemberData(nameof(Images))]
    public void ALongNameIsJoinedFromContinuedNmEntries(string name)
    {
        using IsoImage image = IsoImage.Open(images.ByName(name));
        IsoDirectoryEntry entry = image.GetEntry("/" + LongName)!;
        SuspEntry[] nm = entry.SystemUse.Where(e => e.Signature == "NM").ToArray();
        Assert.True(nm.Length > 1, $"{nm.Length} NM entries");
        Assert.All(nm[..^1], e => Assert.Equal(1, e.Data[0] & 1));
        Assert.Equal(0, nm[^1].Data[0] & 1);
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void ALongSymlinkTargetIsJoinedFromSeveralComponents(string name)
    {
        using IsoImage image = IsoImage.Open(images.ByName(name));
        IsoDirectoryEntry link = image.GetEntry("/long-symlink")!;
        Assert.Equal(new FileInfo(Path.Combine(images.SourceTree, "long-symlink")).LinkTarget, link.SymlinkTarget);
        Assert.True(link.SystemUse.Count(e => e.Signature == "SL") > 1 || link.SystemUse.Any(e => e.IsInContinuationArea));
    }
}
