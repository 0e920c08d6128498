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
    /// here rather than a host that discards its whole user_data at boot: against the JSON schema of config/schema.go,
    /// its services against libcompose's docker-compose v1 schema (vendored in rancher/os v1.5.8), and rancher.network's
    /// interfaces and dns against the Go types pkg/netconf/types.go unmarshals them into. Network settings RancherOS
    /// would not apply are refused too.
    /// </summary>
    internal static class CloudConfigSchema
    {
        private static readonly Lazy<SchemaCheck> ConfigSchema = new Lazy<SchemaCheck>(() => SchemaCheck.FromResource("rancheros-v1.5.8-cloud-config.schema.json"));
        private static readonly Lazy<SchemaCheck> ServicesSchema = new Lazy<SchemaCheck>(() => SchemaCheck.FromResource("rancheros-v1.5.8-services-compose-v1.schema.json"));

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
        private const string Ignored = " RancherOS would ignore it (a typo?).";

        /// <summary>
        /// Throws a <see cref="HostSpecException"/> naming the first key RancherOS would refuse. Values RancherOS could
        /// not convert into its Go types come first, looked for in <paramref name="addition"/> when there is one (the
        /// rest of the document is generated, and converts), so that their paths are the addition's own.
        /// </summary>
        public static void Check(YamlMappingNode root, YamlMappingNode? addition = null)
        {
            ThrowIf(LoadFailure(addition ?? root));
            ThrowIf(ConfigSchema.Value.FirstViolation(root, string.Empty));
            YamlNode? rancher = YamlNodes.Child(root, "rancher");
            if (YamlNodes.Child(rancher, "services") is YamlNode services) CheckServices(services);
            if (YamlNodes.Child(rancher, "network") is YamlMappingNode network) CheckNetwork(network);
        }

        /// <summary>
        /// Why RancherOS v1.5.8 could not load the document at all (a value its Go types do not take), or null. This is
        /// the part of <see cref="Check"/> that also holds for a whole user_data given as it is.
        /// </summary>
        public static SchemaCheck.Violation? LoadFailure(YamlMappingNode root) => RancherOsTypes.CloudConfig.FirstViolation(root, string.Empty);

        /// <summary>
        /// Against the compose schema, then each service against its constraints (an image, or a build without one), as
        /// libcompose's validateServiceConstraints (config/validation.go) checks them.
        /// </summary>
        private static void CheckServices(YamlNode services)
        {
            ThrowIf(ServicesSchema.Value.FirstViolation(services, "rancher.services"));
            foreach (KeyValuePair<YamlNode, YamlNode> service in ((YamlMappingNode)services).Children)
            {
                string path = "rancher.services." + ((service.Key as YamlScalarNode)?.Value ?? "?");
                ThrowIf(ServicesSchema.Value.FirstViolation(service.Value, path, "#/definitions/constraints/service"));
            }
        }

        private static void CheckNetwork(YamlMappingNode network)
        {
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

        private static void CheckFields(YamlNode node, string path, Dictionary<string, string> fields)
        {
            if (!(node is YamlMappingNode mapping)) throw Refused(path, "RancherOS expects a mapping of settings here." + SchemaCheck.Discarded);
            foreach (KeyValuePair<YamlNode, YamlNode> entry in mapping.Children)
            {
                string key = (entry.Key as YamlScalarNode)?.Value ?? string.Empty;
                string keyPath = path + "." + key;
                if (!fields.TryGetValue(key, out string? expected))
                {
                    throw Refused(keyPath, $"RancherOS v1.5.8 knows no such field (known here: {string.Join(", ", fields.Keys.OrderBy(k => k, StringComparer.Ordinal))})." + Ignored);
                }
                if (!HasGoType(entry.Value, expected)) throw Refused(keyPath, $"RancherOS expects {Article(expected)} here, and the value is {Article(YamlNodes.TypeOf(entry.Value))}." + SchemaCheck.Discarded);
            }
        }

        private static bool HasGoType(YamlNode node, string expected)
        {
            switch (expected)
            {
                case StringList:
                    return node is YamlSequenceNode list && list.Children.All(c => YamlNodes.TypeOf(c) == YamlNodes.String);
                case StringMap:
                    return node is YamlMappingNode map && map.Children.Values.All(c => YamlNodes.TypeOf(c) == YamlNodes.String);
                default:
                    return YamlNodes.TypeOf(node) == expected;
            }
        }

        private static string Article(string type) => type switch
        {
            StringList => "a list of strings",
            StringMap => "a mapping of strings",
            _ => SchemaCheck.Article(type),
        };

        private static void ThrowIf(SchemaCheck.Violation? violation)
        {
            if (violation != null) throw Refused(violation.Path, violation.Reason);
        }

        private static HostSpecException Refused(string keyPath, string reason) =>
            new HostSpecException(HostField.CloudConfigAddition, keyPath.Length == 0 ? "(document)" : keyPath, reason);
    }
}
