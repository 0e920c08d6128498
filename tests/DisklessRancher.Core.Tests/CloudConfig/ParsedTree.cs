using System.Text.Json;
using YamlDotNet.Serialization;

namespace DisklessRancher.Core.Tests.CloudConfig;

/// <summary>A parsed document as plain maps, lists and scalars, whichever parser produced it.</summary>
internal static class ParsedTree
{
    private static readonly IDeserializer YamlDotNetParser = new DeserializerBuilder().Build();

    /// <summary>YamlDotNet's reading: every scalar is a string (YamlDotNet resolves no types here).</summary>
    public static Dictionary<string, object?> FromYamlDotNet(string yaml) =>
        (Dictionary<string, object?>)Normalize(YamlDotNetParser.Deserialize<object>(yaml))!;

    /// <summary>python3-yaml's reading, with YAML 1.1 types (bool, int, str) as RancherOS's parser resolves them.</summary>
    public static Dictionary<string, object?> FromJson(JsonElement json) => (Dictionary<string, object?>)Normalize(json)!;

    private static object? Normalize(object? value) => value switch
    {
        null => null,
        string s => s,
        Dictionary<object, object> map => map.ToDictionary(pair => (string)pair.Key, pair => Normalize(pair.Value)),
        List<object> list => list.Select(Normalize).ToList(),
        JsonElement json => json.ValueKind switch
        {
            JsonValueKind.Object => json.EnumerateObject().ToDictionary(p => p.Name, p => Normalize(p.Value)),
            JsonValueKind.Array => json.EnumerateArray().Select(e => Normalize(e)).ToList(),
            JsonValueKind.String => json.GetString(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => json.GetInt64(),
            _ => null,
        },
        _ => throw new InvalidOperationException("Unexpected node " + value.GetType()),
    };
}
