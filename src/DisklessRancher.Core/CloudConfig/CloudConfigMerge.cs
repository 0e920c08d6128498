using System.Collections.Generic;
using System.IO;
using System.Linq;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;

namespace DisklessRancher.Core.CloudConfig
{
    /// <summary>
    /// Merges a <see cref="CloudConfigAddition"/> into a generated cloud-config: mappings merge key by key, the lists
    /// we write (runcmd, write_files, ssh_authorized_keys) get the addition's items after ours, and any other key we
    /// write may be repeated with the same value but not changed. What the host settings own as a whole (the
    /// interface we configure, the agent service, the agent state files) cannot be touched at all.
    /// </summary>
    internal static class CloudConfigMerge
    {
        private static readonly HashSet<string> AppendedLists = new HashSet<string> { "runcmd", "write_files", "ssh_authorized_keys" };

        private static readonly ISerializer Serializer = new SerializerBuilder().WithNewLine("\n").Build();

        /// <summary>The merged document's text, first line #cloud-config, after the checks of <see cref="CloudConfigSchema"/>.</summary>
        public static string Apply(string generated, CloudConfigAddition addition, RancherCloudConfig config)
        {
            YamlStream stream = new YamlStream();
            stream.Load(new StringReader(generated));
            YamlMappingNode root = (YamlMappingNode)stream.Documents[0].RootNode;
            HashSet<string> owned = new HashSet<string> { "hostname", "rancher.network.interfaces." + config.Interface };
            if (config.RegistrationUrl != null) owned.Add("rancher.services." + CloudConfigYamlWriter.AgentServiceName);

            Merge(root, addition.Root, string.Empty, owned);
            RefuseStateFiles(addition.Root);
            RefuseHostInterfaceMatches(addition.Root, config.Interface);
            CloudConfigSchema.Check(root, addition.Root);
            BoundedYaml.ClearAnchors(root);

            using (StringWriter text = new StringWriter { NewLine = "\n" })
            {
                text.Write(CloudConfigYamlWriter.Header + "\n");
                Serializer.Serialize(text, root);
                return text.ToString();
            }
        }

        private static void Merge(YamlMappingNode ours, YamlMappingNode theirs, string path, HashSet<string> owned)
        {
            foreach (KeyValuePair<YamlNode, YamlNode> entry in theirs.Children)
            {
                string key = KeyText(entry.Key, path);
                string keyPath = YamlNodes.Join(path, key);
                YamlScalarNode ourKey = new YamlScalarNode(key);
                if (!ours.Children.TryGetValue(ourKey, out YamlNode? existing))
                {
                    ours.Add(entry.Key, entry.Value);
                    continue;
                }
                if (owned.Contains(keyPath) && !SameScalar(existing, entry.Value))
                {
                    throw Conflict(keyPath, "it is written from the host settings; change it there, not in the addition.");
                }
                if (existing is YamlMappingNode ourMap && entry.Value is YamlMappingNode theirMap)
                {
                    Merge(ourMap, theirMap, keyPath, owned);
                }
                else if (path.Length == 0 && AppendedLists.Contains(key) && existing is YamlSequenceNode ourList)
                {
                    if (!(entry.Value is YamlSequenceNode theirList)) throw Conflict(keyPath, "it is a list; give the items to add as a list.");
                    foreach (YamlNode item in theirList.Children) ourList.Add(item);
                }
                else if (!SameScalar(existing, entry.Value))
                {
                    throw Conflict(keyPath, "the generated cloud-config already sets it from the host settings, and the addition would change it.");
                }
            }
        }

        /// <summary>The agent state directory is the host's identity, delivered by the host settings or not at all.</summary>
        private static void RefuseStateFiles(YamlMappingNode addition)
        {
            if (!(YamlNodes.Child(addition, "write_files") is YamlSequenceNode files)) return;
            foreach (YamlMappingNode file in files.Children.OfType<YamlMappingNode>())
            {
                string? path = (YamlNodes.Child(file, "path") as YamlScalarNode)?.Value;
                if (path != null && WriteFilePath.IsUnder(path, ConfigDriveLayout.HostStateDirectory))
                {
                    throw Conflict("write_files", $"it writes {path}, which RancherOS resolves to {WriteFilePath.Resolve(path)} (config/cloudinit/system/file.go WriteFile): " +
                        $"{ConfigDriveLayout.HostStateDirectory} holds the agent identity, which only the host settings deliver.");
                }
            }
        }

        /// <summary>An added interface entry may configure another device, never the one the host settings configure.</summary>
        private static void RefuseHostInterfaceMatches(YamlMappingNode addition, string hostInterface)
        {
            if (!(YamlNodes.Child(YamlNodes.Child(YamlNodes.Child(addition, "rancher"), "network"), "interfaces") is YamlMappingNode interfaces)) return;
            foreach (KeyValuePair<YamlNode, YamlNode> entry in interfaces.Children)
            {
                string key = (entry.Key as YamlScalarNode)?.Value ?? string.Empty;
                if (key == hostInterface) continue;
                string match = YamlNodes.Child(entry.Value, "match") is YamlScalarNode given && !string.IsNullOrEmpty(given.Value) ? given.Value! : key;
                string? reason = InterfaceMatch.TakesHostInterface(match, hostInterface);
                if (reason != null) throw Conflict("rancher.network.interfaces." + key, reason);
            }
        }

        private static bool SameScalar(YamlNode ours, YamlNode theirs) =>
            ours is YamlScalarNode a && theirs is YamlScalarNode b && a.Value == b.Value && YamlNodes.TypeOf(a) == YamlNodes.TypeOf(b);

        private static string KeyText(YamlNode key, string path) =>
            (key as YamlScalarNode)?.Value ?? throw Conflict(path.Length == 0 ? "(top level)" : path, "a key must be plain text.");

        private static HostSpecException Conflict(string keyPath, string reason) =>
            new HostSpecException(HostField.CloudConfigAddition, keyPath, reason);
    }
}
