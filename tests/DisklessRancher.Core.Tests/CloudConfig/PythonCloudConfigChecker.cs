using System.Diagnostics;
using System.Text.Json;

namespace DisklessRancher.Core.Tests.CloudConfig;

/// <summary>Runs tests/fixtures/cloud-config/check-cloud-config.py: python3-yaml parses, python3-jsonschema validates.</summary>
internal static class PythonCloudConfigChecker
{
    public sealed record Result(JsonElement Parsed, IReadOnlyList<string> Errors);

    public static IReadOnlyList<Result> Check(IReadOnlyList<string> documents)
    {
        ProcessStartInfo start = new("/usr/bin/python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new System.Text.UTF8Encoding(false),
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.CloudConfigFixtures, "check-cloud-config.py"));
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(JsonSerializer.Serialize(new { documents }));
        process.StandardInput.Close();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, "check-cloud-config.py failed: " + error.Result);
        using JsonDocument json = JsonDocument.Parse(output.Result);
        return json.RootElement.EnumerateArray()
            .Select(item => new Result(
                item.GetProperty("parsed").Clone(),
                item.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList()))
            .ToList();
    }

    public static Result Check(string document) => Check(new[] { document })[0];
}
