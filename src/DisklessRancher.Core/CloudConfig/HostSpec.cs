using System.Collections.Generic;
using DisklessRancher.Core.AgentState;

namespace DisklessRancher.Core.CloudConfig
{
    /// <summary>
    /// The settings of one host as given, before validation. Null or empty means "not given";
    /// <see cref="RancherCloudConfig.Create"/> checks every field and builds the cloud-config.
    /// </summary>
    public sealed class HostSpec
    {
        public string? Hostname { get; set; }

        /// <summary>CIDR address (IPv4 or IPv6). None means DHCP.</summary>
        public string? Address { get; set; }

        public string? Gateway { get; set; }

        public IList<string> Dns { get; } = new List<string>();

        public IList<string> DnsSearch { get; } = new List<string>();

        public int? Mtu { get; set; }

        /// <summary>The interface to configure; eth0 when not given.</summary>
        public string? Interface { get; set; }

        /// <summary>Whether the interface uses DHCP; when not given, true exactly when there is no address.</summary>
        public bool? Dhcp { get; set; }

        public string? RegistrationUrl { get; set; }

        /// <summary>The agent image; rancher/agent when not given.</summary>
        public string? AgentImage { get; set; }

        /// <summary>Host labels in the order given; keys are case-sensitive.</summary>
        public IList<KeyValuePair<string, string>> HostLabels { get; } = new List<KeyValuePair<string, string>>();

        public RancherAgentState? AgentState { get; set; }

        public StateDelivery StateDelivery { get; set; } = StateDelivery.ConfigDrive;

        public IList<string> SshAuthorizedKeys { get; } = new List<string>();

        /// <summary>Settings merged into the generated cloud-config; null for none.</summary>
        public CloudConfigAddition? CloudConfigAddition { get; set; }

        /// <summary>Extra runcmd lines, run after those that deliver the agent state.</summary>
        public IList<string> RunCommands { get; } = new List<string>();
    }
}
