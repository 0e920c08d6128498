using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using DisklessRancher.Core.AgentState;
using YamlDotNet.Core;

namespace DisklessRancher.Core.CloudConfig
{
    /// <summary>
    /// Turns a validated configuration into cloud-config YAML, in the guide's key order, with the types RancherOS
    /// unmarshals into (dhcp a bool, mtu an int, permissions a quoted string). Strings that YAML 1.1 would read as
    /// another type are quoted, since RancherOS's parser follows 1.1. A setting that is not given is left out.
    /// </summary>
    internal static class CloudConfigYamlWriter
    {
        public const string Header = "#cloud-config";
        public const string AgentServiceName = "rancher-agent1";

        public static string Write(RancherCloudConfig config)
        {
            StringBuilder text = new StringBuilder(Header).Append('\n');
            using (StringWriter writer = new StringWriter(text) { NewLine = "\n" })
            {
                using (YamlEventWriter yaml = new YamlEventWriter(writer))
                {
                    yaml.StartMapping();
                    yaml.Entry("hostname", config.Hostname);
                    yaml.Key("rancher");
                    yaml.StartMapping();
                    Network(yaml, config);
                    if (config.RegistrationUrl != null) Services(yaml, config, config.RegistrationUrl);
                    yaml.EndMapping();
                    yaml.Entry("runcmd", RunCommands(config).ToList());
                    yaml.Entry("ssh_authorized_keys", config.SshAuthorizedKeys);
                    if (config.AgentState != null && config.StateDelivery == StateDelivery.WriteFiles) WriteFiles(yaml, config.AgentState);
                    yaml.EndMapping();
                }
            }
            return text.ToString();
        }

        private static void Network(YamlEventWriter yaml, RancherCloudConfig config)
        {
            yaml.Key("network");
            yaml.StartMapping();
            if (config.Dns.Count > 0 || config.DnsSearch.Count > 0)
            {
                yaml.Key("dns");
                yaml.StartMapping();
                yaml.Entry("nameservers", config.Dns);
                yaml.Entry("search", config.DnsSearch);
                yaml.EndMapping();
            }
            yaml.Key("interfaces");
            yaml.StartMapping();
            yaml.Key(config.Interface);
            yaml.StartMapping();
            bool ipv6Gateway = config.Gateway != null && config.Gateway.IndexOf(':') >= 0;
            yaml.Entry("address", config.Address);
            yaml.Entry(ipv6Gateway ? "gateway_ipv6" : "gateway", config.Gateway);
            yaml.Key("dhcp");
            yaml.Scalar(config.Dhcp);
            if (config.Mtu != null)
            {
                yaml.Key("mtu");
                yaml.Scalar(config.Mtu.Value);
            }
            yaml.EndMapping();
            yaml.EndMapping();
            yaml.EndMapping();
        }

        private static void Services(YamlEventWriter yaml, RancherCloudConfig config, string registrationUrl)
        {
            yaml.Key("services");
            yaml.StartMapping();
            yaml.Key(AgentServiceName);
            yaml.StartMapping();
            yaml.Entry("command", registrationUrl);
            yaml.Entry("image", config.AgentImage);
            if (config.HostLabels.Count > 0) yaml.Entry("environment", new[] { "CATTLE_HOST_LABELS=" + HostLabelQuery.Encode(config.HostLabels) });
            yaml.Key("privileged");
            yaml.Scalar(true);
            yaml.Entry("volumes", new[] { "/var/run/docker.sock:/var/run/docker.sock", "/var/lib/rancher:/var/lib/rancher" });
            // The agent's run script exits 1 when the server is unreachable, and 0 once it has launched the
            // long-running rancher-agent container. "always" would rerun it after success, and each run
            // deletes and relaunches rancher-agent; "on-failure" retries only the failures.
            yaml.Entry("restart", "on-failure");
            yaml.EndMapping();
            yaml.EndMapping();
        }

        private static IEnumerable<string> RunCommands(RancherCloudConfig config)
        {
            if (config.AgentState != null && config.StateDelivery == StateDelivery.ConfigDrive)
            {
                foreach (string line in ConfigDriveStateCopy.Commands()) yield return line;
            }
            foreach (string line in config.RunCommands) yield return line;
        }

        private static void WriteFiles(YamlEventWriter yaml, RancherAgentState state)
        {
            yaml.Key("write_files");
            yaml.StartSequence();
            foreach (AgentStateFile file in state.GetFiles())
            {
                yaml.StartMapping();
                yaml.Entry("path", ConfigDriveLayout.HostStateDirectory + "/" + file.Name);
                yaml.Entry("permissions", "0600", ScalarStyle.DoubleQuoted);
                yaml.Entry("content", new UTF8Encoding(false, true).GetString(file.GetContent()), ScalarStyle.DoubleQuoted);
                yaml.EndMapping();
            }
            yaml.EndSequence();
        }
    }
}
