namespace DisklessRancher.Core.NetBoot
{
    /// <summary>One host as published for network boot. It carries the host's identity, never its registration token.</summary>
    public sealed class NetBootHost
    {
        public NetBootHost(string hostname, BootSelectors selectors, bool netBoot, string scriptUrl, string userDataUrl, string? dockerUuid, string? physicalHostUuid, bool updated)
        {
            Hostname = hostname;
            MacAddress = selectors.MacAddress?.ToString();
            SystemUuid = selectors.SystemUuid;
            SerialNumber = selectors.SerialNumber;
            NetBoot = netBoot;
            ScriptUrl = scriptUrl;
            UserDataUrl = userDataUrl;
            DockerUuid = dockerUuid;
            PhysicalHostUuid = physicalHostUuid;
            Updated = updated;
        }

        public string Hostname { get; }

        /// <summary>Lowercase, colon-separated; null when the host is found by its UUID or serial number alone.</summary>
        public string? MacAddress { get; }

        /// <summary>Lowercase, with dashes.</summary>
        public string? SystemUuid { get; }

        public string? SerialNumber { get; }

        /// <summary>Whether the host boots from the network; when false its scripts send it to its next boot device.</summary>
        public bool NetBoot { get; }

        /// <summary>The script named after the host's MAC address, else its UUID, else its serial number.</summary>
        public string ScriptUrl { get; }

        public string UserDataUrl { get; }

        public string? DockerUuid { get; }

        public string? PhysicalHostUuid { get; }

        /// <summary>Whether this publish changed any of the host's files (false when they were already as they are).</summary>
        public bool Updated { get; }

        public override string ToString() => Hostname;
    }
}
