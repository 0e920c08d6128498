namespace DisklessRancher.Core.CloudConfig
{
    /// <summary>The host settings that can be wrong, named as the parameters that carry them.</summary>
    public enum HostField
    {
        Hostname,
        Address,
        Gateway,
        Dns,
        DnsSearch,
        Mtu,
        Interface,
        Dhcp,
        RegistrationUrl,
        AgentImage,
        HostLabel,
        SshAuthorizedKey,
        RunCommand,
        CloudConfigAddition,
        AgentState,
        StateDelivery,
        /// <summary>Whether the host boots from the network (New-DisklessHostNetBoot).</summary>
        NetBoot,
    }
}
