using DisklessRancher.Core.AgentState;
using DisklessRancher.Core.CloudConfig;

namespace DisklessRancher.Core.Tests.CloudConfig;

internal static class CloudConfigSamples
{
    public const string RegistrationUrl = "http://rancher.example:8080/v1/scripts/9D2BE0FF442EB1B3B533:1514678400000:aaBBccDDeeFF00112233";

    public static readonly RancherAgentState State = new(
        "1c9a7e0e-8f5b-4d2a-9c41-2b7f0e6d3a51",
        "5e0b2c94-3d1f-4a6e-8b07-c4d9e2f1a6b8",
        string.Concat(Enumerable.Repeat("0123456789abcdef", 8)));

    /// <summary>The guide's template with static addressing; the state travels on the config drive.</summary>
    public static HostSpec Static()
    {
        HostSpec spec = new()
        {
            Hostname = "node01",
            Address = "10.0.0.21/24",
            Gateway = "10.0.0.1",
            Mtu = 1500,
            RegistrationUrl = RegistrationUrl,
            AgentImage = "rancher/agent:v1.2.11",
            AgentState = State,
        };
        spec.Dns.Add("10.0.0.2");
        spec.Dns.Add("10.0.0.3");
        spec.DnsSearch.Add("example.local");
        spec.HostLabels.Add(new("role", "worker"));
        spec.HostLabels.Add(new("zone", "a"));
        return spec;
    }

    /// <summary>The guide's template with DHCP; the state is written by write_files.</summary>
    public static HostSpec Dhcp()
    {
        HostSpec spec = new()
        {
            Hostname = "node02",
            RegistrationUrl = RegistrationUrl,
            AgentState = State,
            StateDelivery = StateDelivery.WriteFiles,
        };
        spec.HostLabels.Add(new("role", "worker"));
        spec.SshAuthorizedKeys.Add("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHh0ZXN0a2V5MDEyMzQ1Njc4OWFiY2RlZg ops@example");
        spec.RunCommands.Add("echo booted > /tmp/booted");
        return spec;
    }
}
