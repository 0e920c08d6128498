namespace DisklessRancher.Core.NetBoot
{
    /// <summary>One host as published for network boot. It carries the host's identity, never its registration token.</summary>
    public sealed class NetBootHost
    {
        public NetBootHost(string hostname, string macAddress, string scriptUrl, string userDataUrl, string? dockerUuid, string? physicalHostUuid, bool updated)
        {
            Hostname = hostname;
            MacAddress = macAddress;
            ScriptUrl = scriptUrl;
            UserDataUrl = userDataUrl;
            DockerUuid = dockerUuid;
            PhysicalHostUuid = physicalHostUuid;
            Updated = updated;
        }

        public string Hostname { get; }

        /// <summary>Lowercase, colon-separated.</summary>
        public string MacAddress { get; }

        public string ScriptUrl { get; }

        public string UserDataUrl { get; }

        public string? DockerUuid { get; }

        public string? PhysicalHostUuid { get; }

        /// <summary>Whether this publish changed any of the host's files (false when they were already as they are).</summary>
        public bool Updated { get; }

        public override string ToString() => Hostname;
    }
}
