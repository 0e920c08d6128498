using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using DisklessRancher.Core.Rancher;
using YamlDotNet.RepresentationModel;

namespace DisklessRancher.Core.CloudConfig
{
    /// <summary>
    /// Checks a YAML node against a draft-4 JSON schema, with the keywords RancherOS v1.5.8's schemas use: type,
    /// properties, patternProperties, additionalProperties (false), required, dependencies, items (one schema),
    /// uniqueItems, oneOf and anyOf (as "one of these shapes"), not, format (libcompose's "ports" and "expose"), and
    /// $ref within the schema. A schema with any other keyword is refused when it is loaded, so that no rule of it is
    /// silently skipped. Scalars have the types a YAML 1.1 parser gives them (<see cref="YamlNodes.TypeOf"/>).
    /// </summary>
    internal sealed class SchemaCheck
    {
        public const string Discarded = " A type error makes RancherOS discard the whole cloud-config.";
        private const string Ignored = " RancherOS would ignore it (a typo?), and its schema (ros config validate) refuses it.";
        private readonly JsonObject _root;

        // Keywords whose value is a schema, a list of schemas, or a mapping of names to schemas; and the others understood.
        private static readonly HashSet<string> SchemaValued = new HashSet<string> { "items", "not" };
        private static readonly HashSet<string> SchemaListValued = new HashSet<string> { "oneOf", "anyOf" };
        private static readonly HashSet<string> SchemaMapValued = new HashSet<string> { "properties", "patternProperties", "definitions" };
        private static readonly HashSet<string> OtherKeywords = new HashSet<string>
        {
            "$schema", "id", "$ref", "type", "required", "uniqueItems", "additionalProperties", "dependencies", "format",
        };

        // vendor/github.com/docker/libcompose/config/schema_helpers.go registers both with nat.ParsePortSpecs.
        private static readonly Dictionary<string, Func<string, bool>> Formats = new Dictionary<string, Func<string, bool>>
        {
            ["ports"] = PortSpec.IsValid,
            ["expose"] = PortSpec.IsValid,
        };

        private SchemaCheck(JsonObject root)
        {
            RefuseUnknownKeywords(root, "#");
            _root = root;
        }

        public static SchemaCheck FromResource(string name)
        {
            using (Stream stream = typeof(SchemaCheck).Assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"The resource {name} is missing."))
            using (StreamReader reader = new StreamReader(stream))
            {
                return new SchemaCheck((JsonObject)JsonReader.Parse(reader.ReadToEnd())!);
            }
        }

        /// <summary>Throws when the schema uses a keyword, or a form of one, that <see cref="Check"/> does not implement.</summary>
        private static void RefuseUnknownKeywords(JsonObject schema, string at)
        {
            foreach (KeyValuePair<string, object?> keyword in schema)
            {
                string here = at + "/" + keyword.Key;
                switch (keyword.Value)
                {
                    case JsonObject one when SchemaValued.Contains(keyword.Key):
                        RefuseUnknownKeywords(one, here);
                        break;
                    case List<object?> list when SchemaListValued.Contains(keyword.Key) && list.All(item => item is JsonObject):
                        foreach (JsonObject item in list.Cast<JsonObject>()) RefuseUnknownKeywords(item, here);
                        break;
                    case JsonObject map when SchemaMapValued.Contains(keyword.Key) && map.Values.All(item => item is JsonObject):
                        foreach (KeyValuePair<string, object?> item in map)
                        {
                            JsonObject member = (JsonObject)item.Value!;
                            // libcompose groups its constraint schemas under definitions/constraints, which holds no keyword itself.
                            bool isGroup = keyword.Key == "definitions" && member.Keys.All(IsNotKeyword) && member.Values.All(v => v is JsonObject);
                            if (isGroup) RefuseUnknownKeywords(new JsonObject { ["definitions"] = member }, here + "/" + item.Key);
                            else RefuseUnknownKeywords(member, here + "/" + item.Key);
                        }
                        break;
                    case JsonObject dependencies when keyword.Key == "dependencies":
                        foreach (KeyValuePair<string, object?> item in dependencies)
                        {
                            if (item.Value is JsonObject dependency) RefuseUnknownKeywords(dependency, here + "/" + item.Key);
                            else if (!(item.Value is List<object?> names && names.All(n => n is string))) throw Unsupported(here + "/" + item.Key);
                        }
                        break;
                    case bool _ when keyword.Key == "additionalProperties":
                    case string name when keyword.Key == "format" && Formats.ContainsKey(name):
                        break;
                    default:
                        if (!OtherKeywords.Contains(keyword.Key) || keyword.Key == "additionalProperties" || keyword.Key == "format" || keyword.Key == "dependencies") throw Unsupported(here);
                        break;
                }
            }
        }

        private static bool IsNotKeyword(string name) =>
            !SchemaValued.Contains(name) && !SchemaListValued.Contains(name) && !SchemaMapValued.Contains(name) && !OtherKeywords.Contains(name);

        private static InvalidOperationException Unsupported(string at) =>
            new InvalidOperationException($"The schema uses {at}, which this check does not implement.");

        /// <summary>The first key that breaks the schema and why, or null when the node conforms.</summary>
        public Violation? FirstViolation(YamlNode node, string path) => Check(node, _root, path);

        /// <summary>The same against a schema of the definitions ("#/definitions/constraints/service").</summary>
        public Violation? FirstViolation(YamlNode node, string path, string reference) => Check(node, Resolve(reference), path);

        private Violation? Check(YamlNode node, JsonObject schema, string path)
        {
            while (schema.GetString("$ref") is string reference) schema = Resolve(reference);
            string actual = YamlNodes.TypeOf(node);
            if (schema.TryGetValue("type", out object? type) && !Allows(type, actual))
            {
                return new Violation(path, $"RancherOS expects {Describe(type)} here, and the value is {Article(actual)}." + Discarded);
            }
            foreach (string alternatives in new[] { "oneOf", "anyOf" })
            {
                if (!(schema.TryGetValue(alternatives, out object? shapes) && shapes is List<object?> list)) continue;
                List<Violation?> results = list.OfType<JsonObject>().Select(shape => Check(node, shape, path)).ToList();
                if (results.All(r => r != null)) return results.OrderByDescending(r => r!.Path.Length).First();
            }
            if (schema.GetObject("not") is JsonObject forbidden && Check(node, forbidden, path) == null)
            {
                return new Violation(path, "RancherOS's schema refuses this combination of keys or values here." + Discarded);
            }
            if (schema.GetString("format") is string format && node is YamlScalarNode text && actual == YamlNodes.String && !Formats[format](text.Value ?? string.Empty))
            {
                return new Violation(path, $"'{HostSpecException.Printable(text.Value ?? string.Empty)}' is not a {format} entry RancherOS reads ([ip:][host port:]container port[/tcp|udp], ports or ranges)." + Discarded);
            }
            if (node is YamlMappingNode mapping) return CheckMapping(mapping, schema, path);
            if (node is YamlSequenceNode sequence) return CheckSequence(sequence, schema, path);
            return null;
        }

        private Violation? CheckMapping(YamlMappingNode mapping, JsonObject schema, string path)
        {
            foreach (string required in (schema.TryGetValue("required", out object? names) ? names as List<object?> : null)?.OfType<string>() ?? Enumerable.Empty<string>())
            {
                if (YamlNodes.Child(mapping, required) == null) return new Violation(YamlNodes.Join(path, required), "RancherOS requires this key here." + Discarded);
            }
            foreach (KeyValuePair<string, object?> dependency in schema.GetObject("dependencies") ?? new JsonObject())
            {
                if (YamlNodes.Child(mapping, dependency.Key) == null) continue;
                string keyPath = YamlNodes.Join(path, dependency.Key);
                if (dependency.Value is JsonObject dependent && Check(mapping, dependent, path) is Violation violation) return violation;
                string? missing = (dependency.Value as List<object?>)?.OfType<string>().FirstOrDefault(name => YamlNodes.Child(mapping, name) == null);
                if (missing != null) return new Violation(keyPath, $"RancherOS's schema requires {missing} beside it." + Discarded);
            }
            JsonObject? properties = schema.GetObject("properties");
            JsonObject? patterns = schema.GetObject("patternProperties");
            bool closed = schema.TryGetValue("additionalProperties", out object? additional) && additional is bool open && !open;
            foreach (KeyValuePair<YamlNode, YamlNode> entry in mapping.Children)
            {
                string key = (entry.Key as YamlScalarNode)?.Value ?? string.Empty;
                string keyPath = YamlNodes.Join(path, key);
                List<JsonObject> applicable = new List<JsonObject>();
                if (properties?.GetObject(key) is JsonObject property) applicable.Add(property);
                if (patterns != null)
                {
                    applicable.AddRange(patterns.Where(p => Regex.IsMatch(key, p.Key, RegexOptions.CultureInvariant)).Select(p => p.Value).OfType<JsonObject>());
                }
                if (applicable.Count == 0 && closed)
                {
                    string known = properties == null ? "none" : string.Join(", ", properties.Keys.OrderBy(k => k, StringComparer.Ordinal));
                    return new Violation(keyPath, $"RancherOS v1.5.8 knows no such key (known here: {known})." + Ignored);
                }
                foreach (JsonObject keySchema in applicable)
                {
                    Violation? violation = Check(entry.Value, keySchema, keyPath);
                    if (violation != null) return violation;
                }
            }
            return null;
        }

        private Violation? CheckSequence(YamlSequenceNode sequence, JsonObject schema, string path)
        {
            if (schema.GetObject("items") is JsonObject items)
            {
                foreach (YamlNode item in sequence.Children)
                {
                    Violation? violation = Check(item, items, path);
                    if (violation != null) return violation;
                }
            }
            if (schema.TryGetValue("uniqueItems", out object? unique) && unique is true)
            {
                string? repeated = sequence.Children.Select(c => c.ToString()).GroupBy(t => t, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
                if (repeated != null) return new Violation(path, $"RancherOS's schema expects each item once, and '{repeated}' is given twice.");
            }
            return null;
        }

        private static bool Allows(object? type, string actual)
        {
            IEnumerable<string> allowed = type is string one ? new[] { one } : ((IEnumerable<object?>)type!).OfType<string>();
            return allowed.Any(t => t == actual || (t == YamlNodes.Number && actual == YamlNodes.Integer));
        }

        private static string Describe(object? type) =>
            type is string one ? Article(one) : string.Join(" or ", ((IEnumerable<object?>)type!).OfType<string>().Select(Article));

        /// <summary>A JSON type in words.</summary>
        public static string Article(string type) => type switch
        {
            "object" => "a mapping",
            "array" => "a list",
            YamlNodes.Integer => "an integer",
            YamlNodes.Null => "null",
            YamlNodes.Boolean => "a boolean (true or false)",
            _ => "a " + type,
        };

        private JsonObject Resolve(string reference)
        {
            const string prefix = "#/definitions/";
            if (!reference.StartsWith(prefix, StringComparison.Ordinal)) throw new InvalidOperationException($"Unsupported schema reference {reference}.");
            JsonObject? target = _root.GetObject("definitions");
            foreach (string name in reference.Substring(prefix.Length).Split('/')) target = target?.GetObject(name);
            return target ?? throw new InvalidOperationException($"The schema has no {reference}.");
        }

        /// <summary>Where a document breaks the schema: the key path and the reason.</summary>
        internal sealed class Violation
        {
            public Violation(string path, string reason)
            {
                Path = path;
                Reason = reason;
            }

            public string Path { get; }

            public string Reason { get; }
        }
    }
}
