using System.Text.Json;
using DisklessRancher.Tests.Shared;

namespace DisklessRancher.Core.Tests.CloudConfig;

/// <summary>Runs tests/fixtures/cloud-config/check-cloud-config.py: python3-yaml parses, python3-jsonschema validates.</summary>
internal static class PythonCloudConfigChecker
{
    public sealed record Result(JsonElement Parsed, IReadOnlyList<string> Errors);

    public static IReadOnlyList<Result> Check(IReadOnlyList<string> documents)
    {
        ExternalTool.Result result = ExternalTool.RunWithInput(JsonSerializer.Serialize(new { documents }),
            "/usr/bin/python3", RepositoryPaths.Fixture("cloud-config", "check-cloud-config.py"));
        Assert.True(result.ExitCode == 0, "check-cloud-config.py failed: " + result.StdErr);
        using JsonDocument json = JsonDocument.Parse(result.StdOut);
        return json.RootElement.EnumerateArray()
            .Select(item => new Result(
                item.GetProperty("parsed").Clone(),
                item.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList()))
            .ToList();
    }

    public static Result Check(string document) => Check(new[] { document })[0];
}
