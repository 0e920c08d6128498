using System.Collections.Concurrent;
using System.Security.Cryptography;
using DisklessRancher.Tests.Shared;

namespace DisklessRancher.Iso9660.Tests;

/// <summary>
/// The images tests/fixtures/new-iso-corpus.sh makes (genisoimage, xorriso, isohybrid, grub-mkrescue with varied
/// options), built once and kept under out/fixtures in a folder named after the script's hash, so a rerun reuses
/// them. DISKLESS_ISO_CORPUS=full selects the larger corpus.
/// </summary>
public sealed class IsoCorpus
{
    public const string FullVariable = "DISKLESS_ISO_CORPUS";

    public IsoCorpus()
    {
        bool full = Environment.GetEnvironmentVariable(FullVariable) == "full";
        string script = Path.Combine(RepositoryPaths.Root, "tests/fixtures/new-iso-corpus.sh");
        string hash = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(script)))[..16].ToLowerInvariant();
        Directory = Path.Combine(RepositoryPaths.Root, "out/fixtures", $"iso-corpus-{hash}{(full ? "-full" : "")}");
        if (!File.Exists(Path.Combine(Directory, "corpus.tsv")))
        {
            ExternalTool.BuildFixture("bash", script, Directory, full ? "full" : "");
            RemoveOtherVersions(full);
        }
        Images = File.ReadAllLines(Path.Combine(Directory, "corpus.tsv"))
            .Select(line => line.Split('\t'))
            .Select(f => new CorpusImage(f[0], f[1], Path.Combine(Directory, f[0] + ".iso"), Path.Combine(Directory, f[2] + ".iso")))
            .ToArray();
    }

    public string Directory { get; }

    /// <summary>Corpora made by earlier versions of the script are not used again.</summary>
    private void RemoveOtherVersions(bool full)
    {
        foreach (string other in System.IO.Directory.EnumerateDirectories(Path.GetDirectoryName(Directory)!, "iso-corpus-*"))
        {
            if (other != Directory && other.EndsWith("-full") == full && !other.Contains(".building-")) System.IO.Directory.Delete(other, true);
        }
    }

    public IReadOnlyList<CorpusImage> Images { get; }

    private readonly ConcurrentDictionary<string, Lazy<SortedDictionary<string, TreeItem>>> referenceTrees = new();

    /// <summary>osirrox's extraction of the image's reference, made once for every test of the collection (do not change it).</summary>
    public SortedDictionary<string, TreeItem> ReferenceTree(CorpusImage image) =>
        referenceTrees.GetOrAdd(image.Reference, path => new Lazy<SortedDictionary<string, TreeItem>>(() => TreeSnapshot.FromOsirrox(path))).Value;
}

/// <summary>
/// One corpus image: its file name, the recipe that made it (e.g. "xorriso-append-gpt"), its path, and the image
/// whose osirrox extraction it must match (itself, or for CD-XA images the same tree made without -xa).
/// </summary>
public sealed record CorpusImage(string Name, string Kind, string Path, string Reference);

[CollectionDefinition(Name)]
public sealed class IsoCorpusCollection : ICollectionFixture<IsoCorpus>
{
    public const string Name = "ISO corpus";
}
