using System.Diagnostics;
using System.Text;

namespace DisklessRancher.Tests.Shared;

/// <summary>
/// Runs the real tools tests compare against (xorriso, isoinfo, blkid, python3 with pycdlib, ...). Every run has a
/// time limit: a tool that hangs fails its test instead of holding up the whole test run.
/// </summary>
public static class ExternalTool
{
    private static readonly TimeSpan TimeLimit = TimeSpan.FromMinutes(2);

    /// <summary>For building a fixture (many tool runs in one script), which may take longer than a tool on its own.</summary>
    private static readonly TimeSpan FixtureTimeLimit = TimeSpan.FromMinutes(15);

    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public string All => StdOut + StdErr;
    }

    public static Result Run(string file, params string[] arguments) => Execute(null, null, file, arguments);

    /// <summary>Runs a script that builds a fixture, with a time limit for that, and fails unless it exits with 0.</summary>
    public static Result BuildFixture(string file, params string[] arguments) =>
        Succeeded(Execute(null, null, file, arguments, FixtureTimeLimit), file, arguments);

    public static Result RunIn(string? workingDirectory, string file, params string[] arguments) =>
        Execute(workingDirectory, null, file, arguments);

    /// <summary>Runs the tool with <paramref name="input"/> (UTF-8) on its standard input.</summary>
    public static Result RunWithInput(string input, string file, params string[] arguments) => Execute(null, input, file, arguments);

    /// <summary>Runs the tool and fails unless it exits with 0.</summary>
    public static Result Check(string file, params string[] arguments) => Succeeded(Run(file, arguments), file, arguments);

    public static Result CheckIn(string? workingDirectory, string file, params string[] arguments) =>
        Succeeded(RunIn(workingDirectory, file, arguments), file, arguments);

    /// <summary>Runs a bash script (for tool pipelines and file-tree set-up).</summary>
    public static Result Bash(string script) => Check("bash", "-euo", "pipefail", "-c", script);

    /// <summary>pycdlib (the Debian package, for /usr/bin/python3) runs the script with the image as sys.argv[1].</summary>
    public static string Pycdlib(string iso, string script) => Check("/usr/bin/python3", "-c", "import sys, pycdlib\n" + script, iso).All;

    private static Result Execute(string? workingDirectory, string? input, string file, string[] arguments, TimeSpan? timeLimit = null)
    {
        UTF8Encoding utf8 = new(encoderShouldEmitUTF8Identifier: false);
        ProcessStartInfo start = new(file)
        {
            RedirectStandardInput = input != null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = utf8,
            StandardErrorEncoding = utf8,
            UseShellExecute = false,
        };
        if (input != null) start.StandardInputEncoding = utf8;
        if (workingDirectory != null) start.WorkingDirectory = workingDirectory;
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {file}.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (input != null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }
        TimeSpan limit = timeLimit ?? TimeLimit;
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in {limit.TotalSeconds} s.");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static Result Succeeded(Result result, string file, string[] arguments)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {result.ExitCode}: {result.All}");
        }
        return result;
    }
}

/// <summary>A temporary directory removed with its content when disposed, even content a test made read-only.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("disklessrancher-").FullName;
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            ExternalTool.Run("chmod", "-R", "u+rwx", Path);
            Directory.Delete(Path, true);
        }
        catch (IOException)
        {
        }
    }
}
