using System.Diagnostics;

namespace DisklessRancher.Tests.Shared;

/// <summary>Runs the real tools tests compare against (xorriso, isoinfo, blkid, python3 with pycdlib, ...).</summary>
public static class ExternalTool
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public string All => StdOut + StdErr;
    }

    public static Result Run(string file, params string[] arguments) => RunIn(null, file, arguments);

    public static Result RunIn(string? workingDirectory, string file, params string[] arguments)
    {
        ProcessStartInfo start = new(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory != null) start.WorkingDirectory = workingDirectory;
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {file}.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in 120 s.");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs the tool and fails unless it exits with 0.</summary>
    public static Result Check(string file, params string[] arguments)
    {
        Result result = Run(file, arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {result.ExitCode}: {result.All}");
        }
        return result;
    }

    /// <summary>Runs a bash script (for tool pipelines and file-tree set-up).</summary>
    public static Result Bash(string script) => Check("bash", "-euo", "pipefail", "-c", script);
}

/// <summary>A temporary directory removed with its content when disposed.</summary>
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
            Directory.Delete(Path, true);
        }
        catch (IOException)
        {
        }
    }
}
