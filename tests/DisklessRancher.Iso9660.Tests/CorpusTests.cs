using System.Collections.Concurrent;
using System.Text;
using DisklessRancher.Tests.Shared;
using Xunit.Abstractions;

namespace DisklessRancher.Iso9660.Tests;

/// <summary>
/// Every corpus image reads as osirrox extracts it, and a remaster of each (two files added, relabelled config-2)
/// keeps every original file byte for byte and passes pycdlib, sgdisk -v, xorriso's El Torito report and blkid.
/// </summary>
[Collection(IsoCorpusCollection.Name)]
public sealed class CorpusTests(IsoCorpus corpus, ITestOutputHelper output)
{
    private const string AddedConfig = "/openstack/latest/meta_data.json", AddedDotfile = "/state/.corpus_added";

    /// <summary>Kinds whose remaster is known to fail, left out of the assertion (still run and counted), and why.</summary>
    private static readonly Dictionary<string, string> KnownRemasterFailures = new()
    {
        // An MBR-only EFI partition appended after the volume: partition 1 cannot grow past it, so the remaster
        // refuses the base (IsoOutputException) instead of writing a volume that partition 1 does not cover.
        ["xorriso-append-mbr"] = "refused: the appended EFI partition follows partition 1",
    };

    [Fact]
    public void EveryImageListsAndReadsAsOsirroxExtractsIt()
    {
        Assert.True(corpus.Images.Count >= 150, $"The corpus has {corpus.Images.Count} images.");
        ConcurrentBag<string> failures = new();
        Parallel.ForEach(corpus.Images, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, image =>
        {
            try
            {
                using IsoImage iso = IsoImage.Open(image.Path);
                bool plain = !iso.HasRockRidge && !iso.HasJoliet;
                string difference = Difference(AsLinuxShows(corpus.ReferenceTree(image), plain), TreeSnapshot.FromImage(iso));
                if (difference.Length > 0) failures.Add($"{image.Name}: {difference}");
            }
            catch (Exception e)
            {
                failures.Add($"{image.Name}: {e.GetType().Name}: {e.Message}");
            }
        });
        output.WriteLine($"Read identical to osirrox: {corpus.Images.Count - failures.Count}/{corpus.Images.Count}.");
        Assert.True(failures.IsEmpty, string.Join("\n", failures.OrderBy(f => f)));
    }

    [Fact]
    public void EveryRemasterKeepsTheBaseAndPassesTheTools()
    {
        using TempDirectory temp = new();
        ConcurrentDictionary<CorpusImage, string> outputs = new();
        ConcurrentBag<(CorpusImage Image, string Problem)> failures = new();
        Parallel.ForEach(corpus.Images, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, image =>
        {
            string remastered = temp.Combine(image.Name + ".iso");
            try
            {
                foreach (string problem in CheckRemaster(image, corpus.ReferenceTree(image), remastered)) failures.Add((image, problem));
                outputs[image] = remastered;
            }
            catch (Exception e)
            {
                failures.Add((image, $"{e.GetType().Name}: {e.Message}"));
            }
        });
        foreach ((CorpusImage image, string problem) in Pycdlib(outputs)) failures.Add((image, problem));

        int clean = corpus.Images.Count - failures.Select(f => f.Image).Distinct().Count();
        output.WriteLine($"Remaster clean: {clean}/{corpus.Images.Count}.");
        foreach (var kind in failures.GroupBy(f => f.Image.Kind).OrderBy(g => g.Key))
        {
            string known = KnownRemasterFailures.TryGetValue(kind.Key, out string? why) ? $" (known: {why})" : "";
            output.WriteLine($"  {kind.Key}: {kind.Select(f => f.Image).Distinct().Count()} failing{known}, e.g. {kind.First().Problem}");
        }
        var unexpected = failures.Where(f => !KnownRemasterFailures.ContainsKey(f.Image.Kind));
        Assert.True(!unexpected.Any(), string.Join("\n", unexpected.Select(f => $"{f.Image.Name}: {f.Problem}").OrderBy(f => f)));
    }

    private static IEnumerable<string> CheckRemaster(CorpusImage image, SortedDictionary<string, TreeItem> reference, string remastered)
    {
        new IsoRemaster(image.Path, DateTimeOffset.UnixEpoch)
            .AddFile(AddedConfig, Encoding.UTF8.GetBytes("{\"uuid\": \"corpus\"}"))
            .AddFile(AddedDotfile, Encoding.UTF8.GetBytes("added"))
            .SetVolumeLabel("config-2")
            .Write(remastered);

        bool plain;
        using (IsoImage iso = IsoImage.Open(image.Path)) plain = !iso.HasRockRidge && !iso.HasJoliet;
        SortedDictionary<string, TreeItem> before = AsLinuxShows(reference, plain), after = AsLinuxShows(TreeSnapshot.FromOsirrox(remastered), plain);
        foreach ((string path, TreeItem item) in before)
        {
            if (!after.TryGetValue(path, out TreeItem? kept)) yield return $"{path} is gone";
            else if (kept != item) yield return $"{path} changed";
        }
        string[] added = after.Keys.Except(before.Keys).Where(p => !after[p].IsDirectory).ToArray();
        string[] expected = plain ? added : [AddedConfig, AddedDotfile];
        if (added.Length != 2 || !expected.All(added.Contains)) yield return $"added files seen as {string.Join(", ", added)}";

        string blkid = ExternalTool.Run("blkid", "-p", "-o", "export", remastered).StdOut;
        if (!blkid.Contains("LABEL=config-2\n")) yield return $"blkid -p says {blkid.ReplaceLineEndings(" ")}";

        if (HasGpt(remastered))
        {
            string[] newProblems = SgdiskProblems(remastered).Except(SgdiskProblems(image.Path)).ToArray();
            if (newProblems.Length > 0) yield return $"sgdisk -v finds what the base did not have: {string.Join(" ", newProblems)}";
        }
        foreach (string problem in MbrProblems(remastered).Except(MbrProblems(image.Path))) yield return problem;

        string elToritoBefore = ElTorito(image.Path), elToritoAfter = ElTorito(remastered);
        if (elToritoBefore != elToritoAfter) yield return $"El Torito report differs:\n{elToritoBefore}\n-- after --\n{elToritoAfter}";
    }

    /// <summary>
    /// Opens every output with pycdlib, which refuses inconsistent descriptors, trees and UDF anchors. pycdlib
    /// also refuses some bases (an isohybrid MBR whose partition 1 does not start at 0 or 64): an output must
    /// open wherever its base does.
    /// </summary>
    private static IEnumerable<(CorpusImage, string)> Pycdlib(IDictionary<CorpusImage, string> outputs)
    {
        if (outputs.Count == 0) yield break;
        List<CorpusImage> images = outputs.Keys.ToList();
        string[] answers = ExternalTool.Run("/usr/bin/python3", ["-c", """
            import sys, pycdlib
            for path in sys.argv[1:]:
                try:
                    iso = pycdlib.PyCdlib()
                    iso.open(path)
                    iso.close()
                    print('ok')
                except Exception as e:
                    print('pycdlib: ' + str(e).replace('\n', ' '))
            """, .. images.Select(i => i.Path), .. images.Select(i => outputs[i])]).StdOut.Split('\n');
        for (int i = 0; i < images.Count; i++)
        {
            string before = answers.ElementAtOrDefault(i) ?? "pycdlib: no answer", after = answers.ElementAtOrDefault(images.Count + i) ?? "pycdlib: no answer";
            if (before == "ok" && after != "ok") yield return (images[i], after);
        }
    }

    /// <summary>An osirrox extraction with plain ISO 9660 names lowercased as Linux shows them.</summary>
    private static SortedDictionary<string, TreeItem> AsLinuxShows(SortedDictionary<string, TreeItem> items, bool plain) =>
        plain ? new(items.ToDictionary(p => p.Key.ToLowerInvariant(), p => p.Value), StringComparer.Ordinal) : items;

    /// <summary>xorriso's El Torito report with the volume's size left out (the remaster grows the volume).</summary>
    private static string ElTorito(string iso)
    {
        string report = ExternalTool.Run("xorriso", "-indev", iso, "-report_el_torito", "plain").StdOut;
        return string.Join("\n", report.Split('\n').Where(l => l.StartsWith("El Torito", StringComparison.Ordinal)));
    }

    /// <summary>The problems sgdisk -v reports (a hybrid image's MBR and GPT may overlap by design: only new ones count).</summary>
    private static string[] SgdiskProblems(string path) =>
        ExternalTool.Run("sgdisk", "-v", path).StdOut.Split('\n').Where(l => l.StartsWith("Problem:", StringComparison.Ordinal)).ToArray();

    /// <summary>
    /// MBR partitions (other than a GPT's protective one) that overlap, and a partition that maps the volume from
    /// its start (within the first 32 KiB) but ends before the volume does.
    /// </summary>
    private static IEnumerable<string> MbrProblems(string path)
    {
        byte[] mbr = new byte[512];
        using (FileStream stream = File.OpenRead(path)) stream.ReadExactly(mbr);
        if (mbr[510] != 0x55 || mbr[511] != 0xAA) yield break;
        List<(int Number, long Start, long End)> partitions = new();
        for (int i = 0; i < 4; i++)
        {
            int entry = 446 + 16 * i;
            long start = BitConverter.ToUInt32(mbr, entry + 8), count = BitConverter.ToUInt32(mbr, entry + 12);
            if (mbr[entry + 4] != 0 && mbr[entry + 4] != 0xEE && count > 0) partitions.Add((i + 1, start, start + count));
        }
        foreach (var a in partitions)
        {
            foreach (var b in partitions.Where(b => b.Number > a.Number && b.Start < a.End && a.Start < b.End))
            {
                yield return $"MBR partitions {a.Number} and {b.Number} overlap";
            }
        }
        long volumeSectors;
        using (IsoImage iso = IsoImage.Open(path)) volumeSectors = iso.PrimaryVolume.VolumeSpaceSize * 4L;
        var mapping = partitions.Where(p => p.Start <= 64).ToArray();
        if (mapping.Length > 0 && mapping.Max(p => p.End) < volumeSectors)
        {
            yield return $"no MBR partition from the volume's start reaches its end (sector {volumeSectors})";
        }
    }

    private static bool HasGpt(string path)
    {
        byte[] header = new byte[8];
        using FileStream stream = File.OpenRead(path);
        stream.Position = 512;
        stream.ReadExactly(header);
        return Encoding.ASCII.GetString(header) == "EFI PART";
    }

    private static string Difference(SortedDictionary<string, TreeItem> expected, SortedDictionary<string, TreeItem> actual)
    {
        List<string> lines = new();
        foreach (string path in expected.Keys.Union(actual.Keys).Order(StringComparer.Ordinal))
        {
            expected.TryGetValue(path, out TreeItem? e);
            actual.TryGetValue(path, out TreeItem? a);
            if (e != a) lines.Add($"{path}: osirrox {e?.ToString() ?? "none"}, reader {a?.ToString() ?? "none"}");
        }
        return string.Join("; ", lines.Take(5));
    }
}
