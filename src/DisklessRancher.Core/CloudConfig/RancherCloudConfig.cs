using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Text;
using DisklessRancher.Core.AgentState;

namespace DisklessRancher.Core.CloudConfig
{
    /// <summary>
    /// A host's validated settings and the #cloud-config RancherOS reads at boot. Immutable; made by
    /// <see cref="Create"/>, which rejects any setting that would not survive the trip to the host.
    /// </summary>
    public sealed class RancherCloudConfig
    {
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        private RancherCloudConfig(HostSpec spec)
        {
            Hostname = HostSpecValidator.Hostname(spec.Hostname);
            CidrAddress? address = HostSpecValidator.Address(spec.Address);
            Address = address?.ToString();
            Gateway = HostSpecValidator.Gateway(spec.Gateway, address) is System.Net.IPAddress gateway ? IpAddressText.Format(gateway) : null;
            Dns = Distinct(spec.Dns.Select(HostSpecValidator.Nameserver));
            DnsSearch = Distinct(spec.DnsSearch.Select(HostSpecValidator.SearchDomain));
            Mtu = HostSpecValidator.Mtu(spec.Mtu);
            Interface = HostSpecValidator.Interface(spec.Interface);
            Dhcp = HostSpecValidator.Dhcp(spec.Dhcp, address);

            RegistrationUrl = HostSpecValidator.RegistrationUrl(spec.RegistrationUrl);
            AgentImage = HostSpecValidator.AgentImage(spec.AgentImage);
            if (RegistrationUrl == null && spec.AgentImage != null)
            {
                throw new HostSpecException(HostField.AgentImage, spec.AgentImage, "an agent image has no effect without a RegistrationUrl.");
            }
            HostLabels = Labels(spec.HostLabels);
            if (RegistrationUrl == null && HostLabels.Count > 0)
            {
                throw new HostSpecException(HostField.HostLabel, HostLabels.Keys.First(), "host labels have no effect without a RegistrationUrl.");
            }

            AgentState = spec.AgentState;
            StateDelivery = spec.StateDelivery;
            SshAuthorizedKeys = Distinct(spec.SshAuthorizedKeys.Select(key => HostSpecValidator.FreeText(HostField.SshAuthorizedKey, key)));
            RunCommands = new ReadOnlyCollection<string>(spec.RunCommands.Select(line => HostSpecValidator.FreeText(HostField.RunCommand, line)).ToList());
            Yaml = CloudConfigYamlWriter.Write(this);
        }

        public string Hostname { get; }

        /// <summary>The interface address in CIDR form, or null for DHCP.</summary>
        public string? Address { get; }

        /// <summary>The gateway; written as gateway (IPv4) or gateway_ipv6 (IPv6).</summary>
        public string? Gateway { get; }

        public IReadOnlyList<string> Dns { get; }

        public IReadOnlyList<string> DnsSearch { get; }

        public int? Mtu { get; }

        public string Interface { get; }

        public bool Dhcp { get; }

        /// <summary>The agent's registration URL; without it the cloud-config starts no agent.</summary>
        public string? RegistrationUrl { get; }

        public string AgentImage { get; }

        public IReadOnlyDictionary<string, string> HostLabels { get; }

        public RancherAgentState? AgentState { get; }

        public StateDelivery StateDelivery { get; }

        public IReadOnlyList<string> SshAuthorizedKeys { get; }

        public IReadOnlyList<string> RunCommands { get; }

        /// <summary>
        /// True when user_data carries a secret: the signed registration URL, or the registration token written with
        /// write_files. Such a file must be kept to its owner.
        /// </summary>
        public bool HoldsSecret => RegistrationUrl != null || (AgentState != null && StateDelivery == StateDelivery.WriteFiles);

        /// <summary>The cloud-config text: first line #cloud-config, LF line endings.</summary>
        public string Yaml { get; }

        /// <summary>Checks every setting and builds the cloud-config; throws <see cref="HostSpecException"/> naming the bad field.</summary>
        public static RancherCloudConfig Create(HostSpec spec)
        {
            if (spec == null) throw new ArgumentNullException(nameof(spec));
            return new RancherCloudConfig(spec);
        }

        /// <summary>The user_data file's bytes: UTF-8 without a byte order mark.</summary>
        public byte[] GetUserData() => Utf8.GetBytes(Yaml);

        public override string ToString() => Yaml;

        private static IReadOnlyList<string> Distinct(IEnumerable<string> values) =>
            new ReadOnlyCollection<string>(values.Distinct(StringComparer.Ordinal).ToList());

        private static IReadOnlyDictionary<string, string> Labels(IEnumerable<KeyValuePair<string, string>> labels)
        {
            Dictionary<string, string> result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (KeyValuePair<string, string> label in labels)
            {
                string key = HostSpecValidator.FreeText(HostField.HostLabel, label.Key);
                if (key.Length == 0) throw new HostSpecException(HostField.HostLabel, key, "a label needs a key.");
                if (result.ContainsKey(key)) throw new HostSpecException(HostField.HostLabel, key, "the label key is given twice.");
                result.Add(key, HostSpecValidator.FreeText(HostField.HostLabel, label.Value ?? string.Empty));
            }
            return new ReadOnlyDictionary<string, string>(result);
        }
    }
}
