using System.Security.Cryptography;
using System.Text.RegularExpressions;
using DisklessRancher.Tests.Shared;

namespace DisklessRancher.Iso9660.Tests;

/// <summary>One item of a directory tree as a reader shows it.</summary>
public sealed record TreeItem(bool IsDirectory, long Length, string? Sha256, string? LinkTarget);

/// <summary>Path -> item maps from our reader and from the reference tools, to compare whole trees.</summary>
public static class TreeSnapshot
{
    public static SortedDictionary<string, TreeItem> FromImage(IsoImage image)
    {
        SortedDictionary<string, TreeItem> items = new(StringComparer.Ordinal);
        Add(image, image.Root, items);
        return items;
    }

    private static void Add(IsoImage image, IsoDirectoryEntry directory, SortedDictionary<string, TreeItem> items)
    {
        foreach (IsoDirectoryEntry entry in directory.Children)
        {
            if (entry.IsDirectory)
            {
                items.Add(entry.FullName, new TreeItem(true, 0, null, null));
                Add(image, entry, items);
            }
            else if (entry.IsSymbolicLink)
            {
                items.Add(entry.FullName, new TreeItem(false, 0, null, entry.SymlinkTarget));
            }
            else
            {
                using Stream stream = image.OpenRead(entry);
                items.Add(entry.FullName, new TreeItem(false, entry.Length, Convert.ToHexString(SHA256.HashData(stream)), null));
            }
        }
    }

    /// <summary>Every regular file under a folder, as path from the folder -> content.</summary>
    public static SortedDictionary<string, byte[]> FileBytes(string root)
    {
        SortedDictionary<string, byte[]> files = new(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            files["/" + Path.GetRelativePath(root, path).Replace('\\', '/')] = File.ReadAllBytes(path);
        }
        return files;
    }

    /// <summary>What `osirrox -indev X -extract / DIR` writes (Rock Ridge names, symlinks as symlinks).</summary>
    public static SortedDictionary<string, TreeItem> FromOsirrox(string iso)
    {
        using TempDirectory temp = new();
        string target = temp.Combine("x");
        ExternalTool.Check("osirrox", "-indev", iso, "-extract", "/", target);
        ExternalTool.Check("chmod", "-R", "u+rwx", target);
        SortedDictionary<string, TreeItem> items = new(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFileSystemEntries(target, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            string name = "/" + Path.GetRelativePath(target, path).Replace('\\', '/');
            FileInfo info = new(path);
            if (info.LinkTarget != null) items.Add(name, new TreeItem(false, 0, null, info.LinkTarget));
            else if (Directory.Exists(path)) items.Add(name, new TreeItem(true, 0, null, null));
            else items.Add(name, new TreeItem(false, info.Length, Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))), null));
        }
        return items;
    }

    /// <summary>What `isoinfo [-J] -l` lists and `isoinfo [-J] -x` extracts; plain ISO 9660 names mapped the way Linux maps them.</summary>
    public static SortedDictionary<string, TreeItem> FromIsoinfo(string iso, bool joliet)
    {
        string[] mode = joliet ? ["-J"] : [];
        string listing = ExternalTool.Check("isoinfo", [.. mode, "-l", "-i", iso]).StdOut;
        SortedDictionary<string, TreeItem> items = new(StringComparer.Ordinal);
        Regex header = new(@"^Directory listing of (.*)/\s*$");
        Regex entry = new(@"^([d-])\S*\s+\d+\s+\d+\s+\d+\s+(\d+) .*?\]  (.*?) ?$");
        string directory = "";
        foreach (string line in listing.Split('\n'))
        {
            Match h = header.Match(line);
            if (h.Success)
            {
                directory = h.Groups[1].Value;
                continue;
            }
            Match e = entry.Match(line);
            if (!e.Success) continue;
            string raw = e.Groups[3].Value;
            if (raw == "." || raw == "..") continue;
            string name = joliet ? raw : LinuxIso9660Name(raw);
            string rawPath = directory + "/" + raw;
            string path = MapDirectories(directory, joliet) + "/" + name;
            if (e.Groups[1].Value == "d")
            {
                items.Add(path, new TreeItem(true, 0, null, null));
            }
            else
            {
                byte[] data = ExtractWithIsoinfo(iso, mode, rawPath);
                items.Add(path, new TreeItem(false, long.Parse(e.Groups[2].Value), Convert.ToHexString(SHA256.HashData(data)), null));
            }
        }
        return items;
    }

    private static string MapDirectories(string directory, bool joliet) =>
        joliet ? directory : string.Join("/", directory.Split('/').Select(part => part.Length == 0 ? part : LinuxIso9660Name(part)));

    private static byte[] ExtractWithIsoinfo(string iso, string[] mode, string path)
    {
        using TempDirectory temp = new();
        string output = temp.Combine("f");
        ExternalTool.Bash($"isoinfo {string.Join(' ', mode)} -i '{iso}' -x '{path.Replace("'", "'\\''")}' > '{output}'");
        return File.ReadAllBytes(output);
    }

    /// <summary>Linux isofs with map=normal: lowercase, drop ";1" (and ".;1"), then a trailing dot.</summary>
    private static string LinuxIso9660Name(string raw)
    {
        string name = raw.ToLowerInvariant();
        if (name.EndsWith(".;1")) name = name[..^3];
        else if (name.EndsWith(";1")) name = name[..^2];
        return name.Replace(';', '.').TrimEnd('.');
    }
}
