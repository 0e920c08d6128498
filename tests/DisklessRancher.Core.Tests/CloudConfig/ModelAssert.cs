using DisklessRancher.Core.AgentState;
using DisklessRancher.Core.CloudConfig;

namespace DisklessRancher.Core.Tests.CloudConfig;

/// <summary>Asserts that a parsed cloud-config says exactly what the model says, key by key.</summary>
internal static class ModelAssert
{
    public static void Matches(RancherCloudConfig config, Dictionary<string, object?> doc, bool typed)
    {
        Assert.Equal(config.Hostname, doc["hostname"]);
        var rancher = Map(doc["rancher"]);
        var network = Map(rancher["network"]);

        if (config.Dns.Count == 0 && config.DnsSearch.Count == 0)
        {
            Assert.False(network.ContainsKey("dns"));
        }
        else
        {
            var dns = Map(network["dns"]);
            AssertOptionalList(config.Dns, dns, "nameservers");
            AssertOptionalList(config.DnsSearch, dns, "search");
        }

        var interfaces = Map(network["interfaces"]);
        Assert.Equal(new[] { config.Interface }, interfaces.Keys);
        var iface = Map(interfaces[config.Interface]);
        AssertOptional(config.Address, iface, "address");
        bool ipv6Gateway = config.Gateway?.Contains(':') == true;
        AssertOptional(ipv6Gateway ? null : config.Gateway, iface, "gateway");
        AssertOptional(ipv6Gateway ? config.Gateway : null, iface, "gateway_ipv6");
        Assert.Equal(typed ? config.Dhcp : (object)(config.Dhcp ? "true" : "false"), iface["dhcp"]);
        if (config.Mtu is int mtu) Assert.Equal(typed ? (long)mtu : (object)mtu.ToString(), iface["mtu"]);
        else Assert.False(iface.ContainsKey("mtu"));

        if (config.RegistrationUrl == null)
        {
            Assert.False(rancher.ContainsKey("services"));
        }
        else
        {
            var services = Map(rancher["services"]);
            Assert.Equal(new[] { "rancher-agent1" }, services.Keys);
            var agent = Map(services["rancher-agent1"]);
            Assert.Equal(config.RegistrationUrl, agent["command"]);
            Assert.Equal(config.AgentImage, agent["image"]);
            Assert.Equal(typed ? true : "true", agent["privileged"]);
            Assert.Equal(new object[] { "/var/run/docker.sock:/var/run/docker.sock", "/var/lib/rancher:/var/lib/rancher" }, List(agent["volumes"]));
            Assert.Equal("on-failure", agent["restart"]);
            if (config.HostLabels.Count == 0)
            {
                Assert.False(agent.ContainsKey("environment"));
            }
            else
            {
                var environment = List(agent["environment"]);
                string entry = Assert.IsType<string>(Assert.Single(environment));
                Assert.StartsWith("CATTLE_HOST_LABELS=", entry);
                Assert.Equal(config.HostLabels.ToList(), GoQuery.Parse(entry.Substring("CATTLE_HOST_LABELS=".Length)));
            }
        }

        List<string> expectedRunCmd = new();
        bool configDriveCopy = config.AgentState != null && config.StateDelivery == StateDelivery.ConfigDrive;
        if (configDriveCopy) expectedRunCmd.AddRange(ConfigDriveLines);
        expectedRunCmd.AddRange(config.RunCommands);
        AssertOptionalList(expectedRunCmd, doc, "runcmd");
        AssertOptionalList(config.SshAuthorizedKeys, doc, "ssh_authorized_keys");

        if (config.AgentState != null && config.StateDelivery == StateDelivery.WriteFiles)
        {
            var files = List(doc["write_files"]).Select(Map).ToList();
            Assert.Equal(3, files.Count);
            AssertStateFile(files[0], ".docker_uuid", config.AgentState.DockerUuid);
            AssertStateFile(files[1], ".physical_host_uuid", config.AgentState.PhysicalHostUuid);
            AssertStateFile(files[2], ".registration_token", config.AgentState.RegistrationToken + "\n");
        }
        else
        {
            Assert.False(doc.ContainsKey("write_files"));
        }
    }

    /// <summary>The state-copy lines, written out here independently of the code under test.</summary>
    public static readonly string[] ConfigDriveLines =
    {
        "mkdir -p /media/config-2 /var/lib/rancher/state",
        "grep -qs ' /media/config-2 ' /proc/mounts || mount -o ro /dev/disk/by-label/config-2 /media/config-2 || mount -o ro -t iso9660 /dev/sr0 /media/config-2",
        "cp /media/config-2/state/.docker_uuid /media/config-2/state/.physical_host_uuid /media/config-2/state/.registration_token /var/lib/rancher/state/",
        "chmod 600 /var/lib/rancher/state/.docker_uuid /var/lib/rancher/state/.physical_host_uuid /var/lib/rancher/state/.registration_token",
    };

    private static void AssertStateFile(Dictionary<string, object?> file, string name, string content)
    {
        Assert.Equal(new[] { "path", "permissions", "content" }, file.Keys);
        Assert.Equal("/var/lib/rancher/state/" + name, file["path"]);
        Assert.Equal("0600", file["permissions"]);
        Assert.Equal(content, file["content"]);
    }

    private static void AssertOptional(string? expected, Dictionary<string, object?> map, string key)
    {
        if (expected == null) Assert.False(map.ContainsKey(key), key + " should be absent");
        else Assert.Equal(expected, map[key]);
    }

    private static void AssertOptionalList(IReadOnlyList<string> expected, Dictionary<string, object?> map, string key)
    {
        if (expected.Count == 0) Assert.False(map.ContainsKey(key), key + " should be absent");
        else Assert.Equal(expected.Cast<object?>().ToList(), List(map[key]));
    }

    private static Dictionary<string, object?> Map(object? node) => Assert.IsType<Dictionary<string, object?>>(node);

    private static List<object?> List(object? node) => Assert.IsType<List<object?>>(node);
}

/// <summary>Go's url.ParseQuery as the agent reads CATTLE_HOST_LABELS: '&amp;' and ';' separate, '+' is a space.</summary>
internal static class GoQuery
{
    public static List<KeyValuePair<string, string>> Parse(string query) => query
        .Split('&', ';')
        .Where(part => part.Length > 0)
        .Select(part =>
        {
            int equals = part.IndexOf('=');
            string key = equals < 0 ? part : part.Substring(0, equals);
            string value = equals < 0 ? "" : part.Substring(equals + 1);
            return new KeyValuePair<string, string>(Unescape(key), Unescape(value));
        })
        .ToList();

    private static string Unescape(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
