using Xunit;

namespace DisklessRancher.Iso9660.Tests.Writing;

/// <summary>
/// What every remaster must keep, checked with the tools that read it: the base's files byte-identical (osirrox),
/// pycdlib's acceptance and a clean GPT (sgdisk -v) wherever the base had them, the El Torito catalog unchanged,
/// and libblkid's type and label.
/// </summary>
internal static class RemasterChecks
{
    public static void AssertClean(string baseIso, string output, string label, IEnumerable<string> replaced, TempDir temp)
    {
        var before = Extract(baseIso, temp);
        var after = Extract(output, temp);
        foreach (var path in replaced) before.Remove(path);
        foreach (var (path, content) in before)
        {
            Assert.True(after.TryGetValue(path, out var kept), $"{path} is missing from the remaster of {baseIso}");
            Assert.True(content.AsSpan().SequenceEqual(kept), $"{path} changed in the remaster of {baseIso}");
        }

        // pycdlib refuses some bases (an MBR without an active partition): what it reads, it must read once remastered.
        const string open = "import sys, pycdlib\niso = pycdlib.PyCdlib()\niso.open(sys.argv[1])\nlist(iso.walk(iso_path='/'))\niso.close()\n";
        if (ExternalTool.TryRun(null, "/usr/bin/python3", "-c", open, baseIso).Code == 0) ExternalTool.Run("/usr/bin/python3", "-c", open, output);
        // A GPT sgdisk finds clean stays clean (isohybrid -u writes one it does not).
        if (HasGpt(output) && ExternalTool.TryRun(null, "sgdisk", "-v", baseIso).Code == 0) Assert.Contains("No problems found", ExternalTool.Run("sgdisk", "-v", output));
        Assert.Equal(ElTorito(baseIso), ElTorito(output));
        var blkid = "\n" + ExternalTool.Run("blkid", "-p", "-o", "export", output);
        Assert.Contains("\nTYPE=iso9660\n", blkid);
        Assert.Contains($"\nLABEL={label}\n", blkid);
    }

    public static bool HasGpt(string image)
    {
        using var stream = File.OpenRead(image);
        var header = new byte[8];
        stream.Position = 512;
        stream.ReadExactly(header);
        return header.AsSpan().SequenceEqual("EFI PART"u8);
    }

    /// <summary>The El Torito report, without the catalog's own block (a grown base may have it in a later session).</summary>
    private static string ElTorito(string image) =>
        ExternalTool.Run("xorriso", "-indev", image, "-report_el_torito", "plain").Split('\n')
            .Where(l => l.StartsWith("El Torito", StringComparison.Ordinal)).Aggregate("", (all, l) => all + l + "\n");

    private static SortedDictionary<string, byte[]> Extract(string image, TempDir temp)
    {
        var directory = Directory.CreateDirectory(temp["x-" + Guid.NewGuid().ToString("N")]).FullName;
        ExternalTool.Run("osirrox", "-indev", image, "-extract", "/", directory);
        return ExternalTool.ReadTree(directory);
    }
}
