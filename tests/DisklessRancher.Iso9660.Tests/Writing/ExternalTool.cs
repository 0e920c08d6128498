using System.Diagnostics;
using System.Text;

namespace DisklessRancher.Iso9660.Tests.Writing;

/// <summary>Runs the real tools the writer's output is checked with.</summary>
internal static class ExternalTool
{
    public static string Run(string file, params string[] args) => RunIn(null, file, args);

    public static string RunIn(string? directory, string file, params string[] args)
    {
        var (code, stdout, stderr) = TryRun(directory, file, args);
        if (code != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {code}:\n{stderr}\n{stdout}");
        return stdout + stderr;
    }

    public static (int Code, string Stdout, string Stderr) TryRun(string? directory, string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (directory != null) info.WorkingDirectory = directory;
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout, stderr.Result);
    }

    /// <summary>pycdlib (the Debian package, for /usr/bin/python3) runs the script with the image as sys.argv[1].</summary>
    public static string Pycdlib(string iso, string script) => Run("/usr/bin/python3", "-c", "import sys, pycdlib\n" + script, iso);

    public static string FixtureScript(string name)
    {
        var dir = AppContext.BaseDirectory;
        while (dir != null && !File.Exists(Path.Combine(dir, "tests", "fixtures", name))) dir = Path.GetDirectoryName(dir);
        return Path.Combine(dir ?? throw new FileNotFoundException(name), "tests", "fixtures", name);
    }

    /// <summary>Every regular file under a directory: relative path -> bytes.</summary>
    public static SortedDictionary<string, byte[]> ReadTree(string root)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var f in Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            files["/" + Path.GetRelativePath(root, f).Replace('\\', '/')] = File.ReadAllBytes(f);
        }
        return files;
    }
}

/// <summary>A scratch directory deleted with its content.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = Directory.CreateTempSubdirectory("dr-writer-").FullName;
    }

    public string Path { get; }

    public string this[string name] => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        foreach (var f in Directory.EnumerateFiles(Path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            File.SetAttributes(f, FileAttributes.Normal);
        }
        ExternalTool.TryRun(null, "chmod", "-R", "u+rwx", Path);
        Directory.Delete(Path, true);
    }
}
