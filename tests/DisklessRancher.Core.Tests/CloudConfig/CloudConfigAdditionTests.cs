using System.Collections;
using System.Collections.Specialized;
using System.Text.Json;
using DisklessRancher.Core.CloudConfig;

namespace DisklessRancher.Core.Tests.CloudConfig;

/// <summary>Settings admins add to the generated cloud-config, checked by an independent YAML parser and the v1.5.8 schema.</summary>
public class CloudConfigAdditionTests
{
    private static RancherCloudConfig Create(HostSpec spec, string addition)
    {
        spec.CloudConfigAddition = CloudConfigAddition.FromYaml(addition);
        return RancherCloudConfig.Create(spec);
    }

    private static HostSpecException Refused(HostSpec spec, string addition) =>
        Assert.Throws<HostSpecException>(() => Create(spec, addition));

    public static TheoryData<string, string> Matrix => new()
    {
        { "static", "rancher:\n  network:\n    http_proxy: http://proxy.lab:3128\n    https_proxy: http://proxy.lab:3128\n    no_proxy: localhost,10.0.0.0/8\n" },
        { "dhcp", "rancher:\n  docker:\n    registry_mirror: https://mirror.lab:5000\n    insecure_registry: [mirror.lab:5000]\n    extra_args: [--max-concurrent-downloads, '6']\n" },
        { "ipv6", "rancher:\n  sysctl:\n    net.ipv6.conf.all.forwarding: 1\n  console: debian\n" },
        { "static", "mounts:\n- [\"nfs.lab:/export/docker\", /var/lib/docker, nfs4, \"rw,hard\"]\nrancher:\n  network:\n    interfaces:\n      eth1:\n        address: 10.1.0.5/24\n        mtu: 9000\n" },
        { "dhcp", "write_files:\n- path: /etc/motd\n  permissions: \"0644\"\n  content: |\n    managed host\nruncmd:\n- echo added\nssh_authorized_keys:\n- ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAdded admin@example\n" },
        { "static", "rancher:\n  services:\n    node-exporter:\n      image: prom/node-exporter:v1.0.1\n      net: host\n      restart: always\n      labels:\n        io.rancher.os.scope: system\n" },
    };

    private static HostSpec Sample(string kind)
    {
        switch (kind)
        {
            case "static": return CloudConfigSamples.Static();
            case "dhcp": return CloudConfigSamples.Dhcp();
            default:
                HostSpec spec = new() { Hostname = "node06", Address = "2001:db8::6/64", Gateway = "2001:db8::1", RegistrationUrl = CloudConfigSamples.RegistrationUrl };
                spec.Dns.Add("2001:db8::53");
                spec.HostLabels.Add(new("role", "worker"));
                return spec;
        }
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void MergedDocumentsParseAndPassTheV158Schema(string kind, string addition)
    {
        RancherCloudConfig plain = RancherCloudConfig.Create(Sample(kind));
        RancherCloudConfig merged = Create(Sample(kind), addition);

        PythonCloudConfigChecker.Result result = PythonCloudConfigChecker.Check(merged.Yaml);
        Assert.Empty(result.Errors);
        // Everything we generate is still there, the same, with the addition's keys beside it.
        AssertContains(result.Parsed, PythonCloudConfigChecker.Check(plain.Yaml).Parsed);
        JsonElement additionParsed = PythonCloudConfigChecker.Check("#cloud-config\n" + addition).Parsed;
        AssertContains(result.Parsed, additionParsed);
        Assert.StartsWith("#cloud-config\n", merged.Yaml);
        Assert.NotEqual(plain.Yaml, merged.Yaml);
    }

    [Fact]
    public void ListsWeWriteGetTheAdditionsItemsAfterOurs()
    {
        RancherCloudConfig merged = Create(CloudConfigSamples.Dhcp(),
            "runcmd: [echo second]\nwrite_files:\n- {path: /etc/motd, content: hi}\nssh_authorized_keys: [ssh-ed25519 AAAAsecond b@example]\n");
        JsonElement parsed = PythonCloudConfigChecker.Check(merged.Yaml).Parsed;
        Assert.Equal(new[] { "echo booted > /tmp/booted", "echo second" }, parsed.GetProperty("runcmd").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("/etc/motd", parsed.GetProperty("write_files")[3].GetProperty("path").GetString());
        Assert.Equal(".docker_uuid", Path.GetFileName(parsed.GetProperty("write_files")[0].GetProperty("path").GetString()));
        Assert.Equal(2, parsed.GetProperty("ssh_authorized_keys").GetArrayLength());
    }

    [Theory]
    [InlineData("hostname: other\n", "hostname")]
    [InlineData("rancher:\n  network:\n    interfaces:\n      eth0:\n        mtu: 9000\n", "rancher.network.interfaces.eth0")]
    [InlineData("rancher:\n  services:\n    rancher-agent1:\n      image: rancher/agent:v1.2.0\n", "rancher.services.rancher-agent1")]
    [InlineData("rancher:\n  network:\n    dns:\n      nameservers: [8.8.8.8]\n", "rancher.network.dns.nameservers")]
    [InlineData("write_files:\n- path: /var/lib/rancher/state/.docker_uuid\n  content: x\n", "write_files")]
    [InlineData("runcmd: echo one\n", "runcmd")]
    public void RefusesToChangeWhatTheHostSettingsWrite(string addition, string key)
    {
        HostSpecException error = Refused(CloudConfigSamples.Static(), addition);
        Assert.Equal(HostField.CloudConfigAddition, error.Field);
        Assert.Equal(key, error.Value);
    }

    [Fact]
    public void RepeatingAValueWeWriteIsNoChange()
    {
        RancherCloudConfig merged = Create(CloudConfigSamples.Static(), "hostname: node01\nrancher:\n  network:\n    http_proxy: http://p:3128\n");
        Assert.Empty(PythonCloudConfigChecker.Check(merged.Yaml).Errors);
    }

    [Theory]
    [InlineData("rancher:\n  network:\n    http_proxxy: http://p:3128\n", "rancher.network.http_proxxy", "knows no such key")]
    [InlineData("rancher:\n  docker:\n    registry_mirror: [a, b]\n", "rancher.docker.registry_mirror", "converts this into string (the registry_mirror field of config.EngineOpts")]
    [InlineData("rancher:\n  debug: \"true\"\n", "rancher.debug", "expects a boolean")]
    [InlineData("rancher:\n  network:\n    interfaces:\n      eth1:\n        mtu: \"1500\"\n", "rancher.network.interfaces.eth1.mtu", "expects an integer")]
    [InlineData("rancher:\n  network:\n    interfaces:\n      eth1:\n        dhcp: yes-please\n", "rancher.network.interfaces.eth1.dhcp", "converts this into bool (the dhcp field of netconf.InterfaceConfig is bool, in pkg/netconf/types.go)")]
    [InlineData("rancher:\n  network:\n    interfaces:\n      eth1:\n        adress: 10.1.0.5/24\n", "rancher.network.interfaces.eth1.adress", "no such field")]
    [InlineData("rancher:\n  disable: [autologin, autologin]\n", "rancher.disable", "each item once")]
    [InlineData("mounts: {nfs: x}\n", "mounts", "converts this into [][]string")]
    [InlineData("write_files:\n- path: /etc/x\n  permissions: 0644\n", "write_files.permissions", "expects a string")]
    [InlineData("hostnme: x\n", "hostnme", "knows no such key")]
    [InlineData("rancher:\n  services:\n    exporter:\n      image: prom/node-exporter\n      privileged: \"yes\"\n", "rancher.services.exporter.privileged", "expects a boolean")]
    [InlineData("rancher:\n  services:\n    exporter:\n      image: prom/node-exporter\n      network_mode: host\n", "rancher.services.exporter.network_mode", "knows no such key")]
    [InlineData("rancher:\n  services:\n    exporter:\n      image: prom/node-exporter\n      environment: {A: [1]}\n", "rancher.services.exporter.environment", "converts this into yaml.MaporEqualSlice")]
    public void RefusesWhatRancherOsWouldDiscardOrIgnore(string addition, string key, string reason)
    {
        HostSpecException error = Refused(CloudConfigSamples.Dhcp(), addition);
        Assert.Equal(key, error.Value);
        Assert.Contains(reason, error.Message);
        // python3-jsonschema with the same schema, and the Go types, find the same mistake in the addition alone.
        Assert.NotEmpty(PythonCloudConfigChecker.Check("#cloud-config\n" + addition).Errors);
    }

    // Valid by the schema, but settings RancherOS would not apply (pkg/netconf/netconf_linux.go, cmd/network/network.go).
    [Theory]
    [InlineData("rancher:\n  network:\n    interfaces:\n      eth1:\n        dhcp: true\n        address: 10.1.0.5/24\n", "rancher.network.interfaces.eth1.address", "only when dhcp is false")]
    [InlineData("rancher:\n  network:\n    dns:\n      search: [lab.example]\n", "rancher.network.dns.search", "no name server")]
    public void RefusesNetworkSettingsRancherOsWouldNotApply(string addition, string key, string reason)
    {
        HostSpecException error = Refused(CloudConfigSamples.Dhcp(), addition);
        Assert.Equal(key, error.Value);
        Assert.Contains(reason, error.Message);
    }

    [Theory]
    [InlineData("- a\n")]
    [InlineData("rancher: [\n")]
    [InlineData("a: 1\n---\nb: 2\n")]
    public void RefusesTextThatIsNotOneMapping(string yaml) =>
        Assert.Equal(HostField.CloudConfigAddition, Assert.Throws<HostSpecException>(() => CloudConfigAddition.FromYaml(yaml)).Field);

    [Fact]
    public void TakesADictionaryWithTheTypesItsValuesHave()
    {
        OrderedDictionary network = new() { ["http_proxy"] = "http://proxy:3128", ["dhcp_timeout"] = 20 };
        OrderedDictionary rancher = new()
        {
            ["network"] = network,
            ["debug"] = true,
            ["docker"] = new Hashtable { ["insecure_registry"] = new object[] { "mirror:5000" }, ["log_opts"] = new Hashtable { ["max-size"] = "10m" } },
            ["environment"] = new Hashtable { ["ON"] = "on", ["ZERO"] = "0600" },
        };
        HostSpec spec = CloudConfigSamples.Dhcp();
        spec.CloudConfigAddition = CloudConfigAddition.FromDictionary(new Hashtable { ["rancher"] = rancher });
        RancherCloudConfig merged = RancherCloudConfig.Create(spec);

        PythonCloudConfigChecker.Result result = PythonCloudConfigChecker.Check(merged.Yaml);
        Assert.Empty(result.Errors);
        JsonElement parsedRancher = result.Parsed.GetProperty("rancher");
        Assert.Equal(20, parsedRancher.GetProperty("network").GetProperty("dhcp_timeout").GetInt32());
        Assert.True(parsedRancher.GetProperty("debug").GetBoolean());
        Assert.Equal("on", parsedRancher.GetProperty("environment").GetProperty("ON").GetString());
        Assert.Equal("0600", parsedRancher.GetProperty("environment").GetProperty("ZERO").GetString());
        Assert.Equal("rancher-agent1", parsedRancher.GetProperty("services").EnumerateObject().Single().Name);
    }

    private static void AssertContains(JsonElement whole, JsonElement part)
    {
        switch (part.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty property in part.EnumerateObject())
                {
                    Assert.True(whole.TryGetProperty(property.Name, out JsonElement inner), $"missing {property.Name}");
                    AssertContains(inner, property.Value);
                }
                break;
            case JsonValueKind.Array:
                List<string> items = whole.EnumerateArray().Select(e => e.GetRawText()).ToList();
                foreach (JsonElement item in part.EnumerateArray()) Assert.Contains(item.GetRawText(), items);
                break;
            default:
                Assert.Equal(part.GetRawText(), whole.GetRawText());
                break;
        }
    }
}
