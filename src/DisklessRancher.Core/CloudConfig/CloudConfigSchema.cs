using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DisklessRancher.Core.Rancher;
using YamlDotNet.RepresentationModel;

namespace DisklessRancher.Core.CloudConfig
{
    /// <summary>
    /// Checks a cloud-config as RancherOS v1.5.8 does before it applies it, so that a typo or a type error is an error
    /// here rather than a host that discards its whole user_data at boot: against the JSON schema of config/schema.go
    /// (the keywords it uses: type, properties, additionalProperties, items, uniqueItems, $ref), and against the Go
    /// types pkg/netconf/types.go unmarshals rancher.network's interfaces and dns into.
    /// </summary>
    internal static class CloudConfigSchema
    {
        private const string ResourceName = "rancheros-v1.5.8-cloud-config.schema.json";
        private static readonly Lazy<JsonObject> Schema = new Lazy<JsonObject>(LoadSchema);

        // pkg/netconf/types.go InterfaceConfig: the yaml name of each field and the JSON type of its Go type.
        private static readonly Dictionary<string, string> InterfaceFields = new Dictionary<string, string>
        {
            ["match"] = YamlNodes.String, ["dhcp_args"] = YamlNodes.String, ["address"] = YamlNodes.String,
            ["gateway"] = YamlNodes.String, ["gateway_ipv6"] = YamlNodes.String, ["bridge"] = YamlNodes.String,
            ["bond"] = YamlNodes.String, ["vlans"] = YamlNodes.String, ["wifi_network"] = YamlNodes.String,
            ["dhcp"] = YamlNodes.Boolean, ["ipv4ll"] = YamlNodes.Boolean, ["mtu"] = YamlNodes.Integer,
            ["addresses"] = StringList, ["post_up"] = StringList, ["pre_up"] = StringList, ["bond_opts"] = StringMap,
        };

        // pkg/netconf/types.go DNSConfig.
        private static readonly Dictionary<string, string> DnsFields = new Dictionary<string, string>
        {
            ["nameservers"] = StringList, ["search"] = StringList,
        };

        private const string StringList = "list of strings";
        private const string StringMap = "mapping of strings";
        private const string Discarded = " A type error makes RancherOS discard the whole cloud-config.";
        private const string Ignored = " RancherOS would ignore it (a typo?), and its schema (ros config validate) refuses it.";

        /// <summary>Throws a <see cref="HostSpecException"/> naming the first key RancherOS would refuse.</summary>
        public static void Check(YamlMappingNode root)
        {
            CheckNode(root, Schema.Value, string.Empty);
            if (!(YamlNodes.Child(YamlNodes.Child(root, "rancher"), "network") is YamlMappingNode network)) return;
            if (YamlNodes.Child(network, "interfaces") is YamlMappingNode interfaces)
            {
                foreach (KeyValuePair<YamlNode, YamlNode> entry in interfaces.Children)
                {
                    string path = "rancher.network.interfaces." + ((entry.Key as YamlScalarNode)?.Value ?? "?");
                    CheckFields(entry.Value, path, InterfaceFields);
                    CheckStaticSettings((YamlMappingNode)entry.Value, path);
                }
            }
            if (YamlNodes.Child(network, "dns") is YamlNode dns)
            {
                CheckFields(dns, "rancher.network.dns", DnsFields);
                // cmd/network/network.go: search domains alone count as DNS set by the user, and no name server is written.
                if (YamlNodes.Child(dns, "search") != null && YamlNodes.Child(dns, "nameservers") == null)
                {
                    throw Refused("rancher.network.dns.search", "search domains without nameservers leave the host with no name server: RancherOS then writes only the search line to resolv.conf.");
                }
            }
        }

        /// <summary>pkg/netconf/netconf_linux.go applies address, gateway and MTU only to an interface whose dhcp is false.</summary>
        private static void CheckStaticSettings(YamlMappingNode settings, string path)
        {
            if (!(YamlNodes.Child(settings, "dhcp") is YamlScalarNode dhcp) || YamlNodes.TypeOf(dhcp) != YamlNodes.Boolean || !IsTrue(dhcp.Value)) return;
            foreach (string key in new[] { "address", "addresses", "gateway", "gateway_ipv6", "mtu" })
            {
                if (YamlNodes.Child(settings, key) != null)
                {
                    throw Refused(path + "." + key, "RancherOS applies it only when dhcp is false, and this interface has dhcp: true.");
                }
            }
        }

        private static bool IsTrue(string? word) => word != null && "y yes true on".Split(' ').Contains(word.ToLowerInvariant());

        private static void CheckNode(YamlNode node, JsonObject schema, string path)
        {
            while (schema.GetString("$ref") is string reference) schema = Resolve(reference);
            string actual = TypeOf(node);
            if (schema.TryGetValue("type", out object? type) && !Allows(type, actual))
            {
                throw Refused(path, $"RancherOS expects {Describe(type)} here, and the value is {Article(actual)}." + Discarded);
            }
            if (node is YamlMappingNode mapping && schema.GetObject("properties") is JsonObject properties)
            {
                bool closed = schema.TryGetValue("additionalProperties", out object? additional) && additional is bool open && !open;
                foreach (KeyValuePair<YamlNode, YamlNode> entry in mapping.Children)
                {
                    string key = (entry.Key as YamlScalarNode)?.Value ?? string.Empty;
                    string keyPath = YamlNodes.Join(path, key);
                    if (properties.GetObject(key) is JsonObject property) CheckNode(entry.Value, property, keyPath);
                    else if (closed) throw Refused(keyPath, $"RancherOS v1.5.8 knows no such key (known here: {string.Join(", ", properties.Keys.OrderBy(k => k, StringComparer.Ordinal))})." + Ignored);
                }
            }
            if (node is YamlSequenceNode sequence)
            {
                if (schema.GetObject("items") is JsonObject items)
                {
                    foreach (YamlNode item in sequence.Children) CheckNode(item, items, path);
                }
                if (schema.TryGetValue("uniqueItems", out object? unique) && unique is true)
                {
                    List<string> texts = sequence.Children.Select(c => c.ToString()).ToList();
                    string? repeated = texts.GroupBy(t => t, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
                    if (repeated != null) throw Refused(path, $"RancherOS's schema expects each item once, and '{repeated}' is given twice.");
                }
            }
        }

        private static void CheckFields(YamlNode node, string path, Dictionary<string, string> fields)
        {
            if (!(node is YamlMappingNode mapping)) throw Refused(path, "RancherOS expects a mapping of settings here." + Discarded);
            foreach (KeyValuePair<YamlNode, YamlNode> entry in mapping.Children)
            {
                string key = (entry.Key as YamlScalarNode)?.Value ?? string.Empty;
                string keyPath = path + "." + key;
                if (!fields.TryGetValue(key, out string? expected))
                {
                    throw Refused(keyPath, $"RancherOS v1.5.8 knows no such field (known here: {string.Join(", ", fields.Keys.OrderBy(k => k, StringComparer.Ordinal))})." + Ignored);
                }
                if (!HasGoType(entry.Value, expected)) throw Refused(keyPath, $"RancherOS expects {Article(expected)} here, and the value is {Article(TypeOf(entry.Value))}." + Discarded);
            }
        }

        private static bool HasGoType(YamlNode node, string expected)
        {
            switch (expected)
            {
                case StringList:
                    return node is YamlSequenceNode list && list.Children.All(c => TypeOf(c) == YamlNodes.String);
                case StringMap:
                    return node is YamlMappingNode map && map.Children.Values.All(c => TypeOf(c) == YamlNodes.String);
                default:
                    return TypeOf(node) == expected;
            }
        }

        private static string TypeOf(YamlNode node) => node switch
        {
            YamlMappingNode _ => "object",
            YamlSequenceNode _ => "array",
            YamlScalarNode scalar => YamlNodes.TypeOf(scalar),
            _ => "alias",
        };

        private static bool Allows(object? type, string actual)
        {
            IEnumerable<string> allowed = type is string one ? new[] { one } : ((IEnumerable<object?>)type!).OfType<string>();
            return allowed.Any(t => t == actual || (t == YamlNodes.Number && actual == YamlNodes.Integer));
        }

        private static string Describe(object? type) =>
            type is string one ? Article(one) : string.Join(" or ", ((IEnumerable<object?>)type!).OfType<string>().Select(Article));

        private static string Article(string type) => type switch
        {
            "object" => "a mapping",
            "array" => "a list",
            YamlNodes.Integer => "an integer",
            YamlNodes.Null => "null",
            YamlNodes.Boolean => "a boolean (true or false)",
            StringList => "a list of strings",
            StringMap => "a mapping of strings",
            _ => "a " + type,
        };

        private static JsonObject Resolve(string reference)
        {
            const string prefix = "#/definitions/";
            if (!reference.StartsWith(prefix, StringComparison.Ordinal)) throw new InvalidOperationException($"Unsupported schema reference {reference}.");
            return Schema.Value.GetObject("definitions")?.GetObject(reference.Substring(prefix.Length))
                ?? throw new InvalidOperationException($"The schema has no {reference}.");
        }

        private static HostSpecException Refused(string keyPath, string reason) =>
            new HostSpecException(HostField.CloudConfigAddition, keyPath.Length == 0 ? "(document)" : keyPath, reason);

        private static JsonObject LoadSchema()
        {
            using (Stream stream = typeof(CloudConfigSchema).Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException($"The resource {ResourceName} is missing."))
            using (StreamReader reader = new StreamReader(stream))
            {
                return (JsonObject)JsonReader.Parse(reader.ReadToEnd())!;
            }
        }
    }
}
