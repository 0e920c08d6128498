using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using DisklessRancher.Core.AgentState;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace DisklessRancher.Core.CloudConfig
{
    /// <summary>
    /// Turns a validated configuration into cloud-config YAML with YamlDotNet's serializer, in the guide's key
    /// order, with the types RancherOS unmarshals into (dhcp a bool, mtu an int, permissions a quoted string).
    /// Strings that YAML 1.1 would read as another type are quoted, since RancherOS's parser follows 1.1.
    /// </summary>
    internal static class CloudConfigYamlWriter
    {
        public const string Header = "#cloud-config";
        public const string AgentServiceName = "rancher-agent1";

        private static readonly ISerializer Serializer = new SerializerBuilder()
            .WithQuotingNecessaryStrings(quoteYaml1_1Strings: true)
            .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
            .DisableAliases()
            .WithEventEmitter(next => new FreeTextScalarStyle(next))
            .WithNewLine("\n")
            .Build();

        public static string Write(RancherCloudConfig config)
        {
            CloudConfigDocument document = new CloudConfigDocument
            {
                Hostname = config.Hostname,
                Rancher = new RancherSection
                {
                    Network = new NetworkSection
                    {
                        Dns = config.Dns.Count == 0 && config.DnsSearch.Count == 0
                            ? null
                            : new DnsSection { Nameservers = ListOrNull(config.Dns), Search = ListOrNull(config.DnsSearch) },
                        Interfaces = new Dictionary<string, InterfaceSection> { [config.Interface] = Interface(config) },
                    },
                    Services = config.RegistrationUrl == null
                        ? null
                        : new Dictionary<string, AgentService> { [AgentServiceName] = Agent(config, config.RegistrationUrl) },
                },
                RunCmd = ListOrNull(RunCommands(config)),
                SshAuthorizedKeys = ListOrNull(config.SshAuthorizedKeys),
                WriteFiles = config.AgentState != null && config.StateDelivery == StateDelivery.WriteFiles
                    ? config.AgentState.GetFiles().Select(StateFile).ToList()
                    : null,
            };

            StringBuilder text = new StringBuilder(Header).Append('\n');
            using (StringWriter writer = new StringWriter(text) { NewLine = "\n" })
            {
                Serializer.Serialize(writer, document);
            }
            return text.ToString();
        }

        private static InterfaceSection Interface(RancherCloudConfig config)
        {
            bool ipv6Gateway = config.Gateway != null && config.Gateway.IndexOf(':') >= 0;
            return new InterfaceSection
            {
                Address = config.Address,
                Gateway = ipv6Gateway ? null : config.Gateway,
                GatewayIPv6 = ipv6Gateway ? config.Gateway : null,
                Dhcp = config.Dhcp,
                Mtu = config.Mtu,
            };
        }

        private static AgentService Agent(RancherCloudConfig config, string registrationUrl) => new AgentService
        {
            Command = registrationUrl,
            Image = config.AgentImage,
            Environment = config.HostLabels.Count == 0
                ? null
                : new List<string> { "CATTLE_HOST_LABELS=" + HostLabelQuery.Encode(config.HostLabels) },
            Privileged = true,
            Volumes = new List<string> { "/var/run/docker.sock:/var/run/docker.sock", "/var/lib/rancher:/var/lib/rancher" },
            // The agent's run script exits 1 when the server is unreachable, and 0 once it has launched the
            // long-running rancher-agent container. "always" would rerun it after success, and each run
            // deletes and relaunches rancher-agent; "on-failure" retries only the failures.
            Restart = "on-failure",
        };

        private static IEnumerable<string> RunCommands(RancherCloudConfig config)
        {
            if (config.AgentState != null && config.StateDelivery == StateDelivery.ConfigDrive)
            {
                foreach (string line in ConfigDriveStateCopy.Commands()) yield return line;
            }
            foreach (string line in config.RunCommands) yield return line;
        }

        private static WriteFile StateFile(AgentStateFile file) => new WriteFile
        {
            Path = ConfigDriveLayout.HostStateDirectory + "/" + file.Name,
            Permissions = "0600",
            Content = new UTF8Encoding(false, true).GetString(file.GetContent()),
        };

        private static List<string>? ListOrNull(IEnumerable<string> values)
        {
            List<string> list = values.ToList();
            return list.Count == 0 ? null : list;
        }

        // The shapes below mirror RancherOS's own types; member order is the order of keys in the file.
        private sealed class CloudConfigDocument
        {
            [YamlMember(Alias = "hostname", Order = 0)] public string Hostname { get; set; } = string.Empty;
            [YamlMember(Alias = "rancher", Order = 1)] public RancherSection? Rancher { get; set; }
            [YamlMember(Alias = "runcmd", Order = 2)] public List<string>? RunCmd { get; set; }
            [YamlMember(Alias = "ssh_authorized_keys", Order = 3)] public List<string>? SshAuthorizedKeys { get; set; }
            [YamlMember(Alias = "write_files", Order = 4)] public List<WriteFile>? WriteFiles { get; set; }
        }

        private sealed class RancherSection
        {
            [YamlMember(Alias = "network", Order = 0)] public NetworkSection? Network { get; set; }
            [YamlMember(Alias = "services", Order = 1)] public Dictionary<string, AgentService>? Services { get; set; }
        }

        private sealed class NetworkSection
        {
            [YamlMember(Alias = "dns", Order = 0)] public DnsSection? Dns { get; set; }
            [YamlMember(Alias = "interfaces", Order = 1)] public Dictionary<string, InterfaceSection>? Interfaces { get; set; }
        }

        private sealed class DnsSection
        {
            [YamlMember(Alias = "nameservers", Order = 0)] public List<string>? Nameservers { get; set; }
            [YamlMember(Alias = "search", Order = 1)] public List<string>? Search { get; set; }
        }

        private sealed class InterfaceSection
        {
            [YamlMember(Alias = "address", Order = 0)] public string? Address { get; set; }
            [YamlMember(Alias = "gateway", Order = 1)] public string? Gateway { get; set; }
            [YamlMember(Alias = "gateway_ipv6", Order = 2)] public string? GatewayIPv6 { get; set; }
            [YamlMember(Alias = "dhcp", Order = 3)] public bool Dhcp { get; set; }
            [YamlMember(Alias = "mtu", Order = 4)] public int? Mtu { get; set; }
        }

        private sealed class AgentService
        {
            [YamlMember(Alias = "command", Order = 0)] public string Command { get; set; } = string.Empty;
            [YamlMember(Alias = "image", Order = 1)] public string Image { get; set; } = string.Empty;
            [YamlMember(Alias = "environment", Order = 2)] public List<string>? Environment { get; set; }
            [YamlMember(Alias = "privileged", Order = 3)] public bool Privileged { get; set; }
            [YamlMember(Alias = "volumes", Order = 4)] public List<string>? Volumes { get; set; }
            [YamlMember(Alias = "restart", Order = 5)] public string Restart { get; set; } = string.Empty;
        }

        private sealed class WriteFile
        {
            [YamlMember(Alias = "path", Order = 0)] public string Path { get; set; } = string.Empty;
            [YamlMember(Alias = "permissions", Order = 1, ScalarStyle = ScalarStyle.DoubleQuoted)] public string Permissions { get; set; } = string.Empty;
            [YamlMember(Alias = "content", Order = 2, ScalarStyle = ScalarStyle.DoubleQuoted)] public string Content { get; set; } = string.Empty;
        }
    }
}
