using Xunit;

namespace DisklessRancher.Iso9660.Tests.Writing;

/// <summary>The remaster reads its output back and refuses, leaving no file, what a booting host would miss.</summary>
public sealed class OutputCheckTests : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void ANewFileWhoseNameJolietCannotHoldIsRefusedAndNothingIsWritten()
    {
        var baseIso = BaseImages.Make(temp, "base.iso");
        var name = "/state/" + new string('n', 70);
        var output = temp["out.iso"];
        var error = Assert.Throws<IsoOutputException>(() => new IsoRemaster(baseIso).AddFile(name, new byte[3]).Write(output));
        Assert.Equal(IsoOutputError.SelfCheckFailed, error.Error);
        Assert.Contains($"'{name}' has no Joliet entry of that name", error.Message);
        Assert.Contains(baseIso, error.Message);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp"));
    }

    [Fact]
    public void TheSameNameIsWrittenToABaseWithoutJoliet()
    {
        var baseIso = temp["plain.iso"];
        ExternalTool.Run("xorriso", "-as", "mkisofs", "-quiet", "-R", "-o", baseIso, BaseImages.Tree(temp));
        var name = "/state/" + new string('n', 70);
        var output = temp["out.iso"];
        new IsoRemaster(baseIso).AddFile(name, new byte[3]).Write(output);
        Assert.Contains(name, ExternalTool.Run("isoinfo", "-R", "-f", "-i", output).Split('\n'));
    }

    [Fact]
    public void AFileAddedThenRemovedIsNotLookedFor()
    {
        var baseIso = BaseImages.Make(temp, "base.iso");
        var output = temp["out.iso"];
        new IsoRemaster(baseIso).AddFile("/state/a", new byte[1]).AddFile("/state/b", new byte[1]).Remove("/state/a").Write(output);
        using var image = IsoImage.Open(output);
        Assert.Null(image.GetEntry("/state/a"));
        Assert.NotNull(image.GetEntry("/state/b"));
    }
}
