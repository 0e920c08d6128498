using System.Collections;
using System.Text;
using System.Text.Json;
using DisklessRancher.Core.CloudConfig;

namespace DisklessRancher.Core.Tests.CloudConfig;

/// <summary>
/// Additions held to what RancherOS v1.5.8's own loading code takes (its Go types, netconf's interface matching,
/// cloud-init's write_files paths) and to bounds on depth, aliases and size: each refused with the key path and the
/// reason, or accepted, merged as expected and read by python3-yaml's safe loader.
/// </summary>
public class RancherOsLoadingMatrixTests
{
    private const string HostMac = "52:54:00:12:34:56";

    private static string BillionLaughs()
    {
        StringBuilder text = new("runcmd:\n- &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++)
        {
            text.Append($"- &a{i} [").Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))).Append("]\n");
        }
        return text.ToString();
    }

    /// <summary>Addition, the key path or words the error names, and what it must say.</summary>
    public static TheoryData<string, string, string> Refused => new()
    {
        { "runcmd: [1]\n", "runcmd[0]", "the runcmd field of config.CloudConfig is []yaml.StringandSlice, in config/types.go; yaml.StringandSlice is declared in config/yaml/command.go*'1' (an integer)" },
        { "runcmd: [{a: b}]\n", "runcmd[0]", "[]yaml.StringandSlice, in config/types.go*a mapping" },
        { "runcmd: [[a, [b]]]\n", "runcmd[0]", "yaml.StringandSlice*a list" },
        { "bootcmd: [echo, true]\n", "bootcmd[1]", "yaml.StringandSlice*a boolean" },
        { "runcmd: [2024-01-02]\n", "runcmd[0]", "a date, to candiedyaml" },
        { "mounts: [[a, [b]]]\n", "mounts[0][1]", "the mounts field of config.CloudConfig is [][]string, in config/types.go*a list" },
        { "mounts: [nfs.lab:/x]\n", "mounts[0]", "converts this into []string (the mounts field of config.CloudConfig" },
        { "rancher: {environment: {X: {a: b}}}\n", "rancher.environment.X", "the environment field of config.RancherConfig is map[string]string, in config/types.go*a mapping" },
        { "rancher: {sysctl: {vm.swappiness: [1]}}\n", "rancher.sysctl.vm.swappiness", "map[string]string" },
        { "rancher: {ssh: {port: twenty-two}}\n", "rancher.ssh.port", "the port field of config.SSHConfig is int" },
        { "rancher: {docker: {tls: maybe}}\n", "rancher.docker.tls", "the tls field of config.DockerConfig is bool" },
        { "write_files: [{path: /etc/motd, content: [a]}]\n", "write_files[0].content", "config/cloudinit/config/file.go" },
        { "rancher: {network: {http_proxy: {a: b}}}\n", "rancher.network.http_proxy", "the http_proxy field of netconf.NetworkConfig is string, in pkg/netconf/types.go" },
        { "rancher: {services: {web: {image: nginx, labels: {a: 1}}}}\n", "rancher.services.web.labels", "yaml.SliceorMap*types_yaml.go" },
        { "rancher: {services: {web: {image: nginx, environment: [A=1, 2]}}}\n", "rancher.services.web.environment", "yaml.MaporEqualSlice" },
        { "rancher: {services: {web: {image: nginx, ports: ['99999:80']}}}\n", "rancher.services.web.ports", "ports entry" },
        { "rancher: {services: {web: {image: nginx, memswap_limit: 1000}}}\n", "rancher.services.web.memswap_limit", "requires mem_limit beside it" },
        { "rancher: {services: {web: {image: nginx, build: ./web}}}\n", "rancher.services.web", "refuses this combination" },
        { BillionLaughs(), "alias", "more than 100,000 nodes once its aliases are expanded" },
        { "runcmd: [!!python/object/apply:os.system [id]]\n", "tag", "!!python/object/apply:os.system*core schema" },
        { "runcmd: [!custom x]\n", "tag", "!custom" },
        { "runcmd: [!!int abc]\n", "tag", "tagged !!int but is not" },
        { "base: &b {debug: true}\nrancher:\n  <<: *b\n", "merge", "merge keys ('<<') are not supported" },
        { "write_files:\n- path: /var/lib/rancher/state/../state/.docker_uuid\n  content: x\n", "write_files", "resolves to /var/lib/rancher/state/.docker_uuid" },
        { "write_files:\n- path: //var/lib/rancher//state/.docker_uuid\n  content: x\n", "write_files", "resolves to /var/lib/rancher/state/.docker_uuid" },
        { "write_files:\n- path: /var/lib/rancher/state/./.physical_host_uuid\n  content: x\n", "write_files", "resolves to /var/lib/rancher/state/.physical_host_uuid" },
        { "write_files:\n- path: var/lib/rancher/state/.registration_token\n  content: x\n", "write_files", "resolves to /var/lib/rancher/state/.registration_token" },
        { "write_files:\n- path: /var/lib/rancher/state/\n  content: x\n", "write_files", "resolves to /var/lib/rancher/state " },
        { $"rancher: {{network: {{interfaces: {{'mac={HostMac}': {{dhcp: true}}}}}}}}\n", "rancher.network.interfaces.mac=" + HostMac, "by MAC address ahead of every name*netconf_linux.go findMatch" },
        { "rancher: {network: {interfaces: {'mac=52:54:00:*': {dhcp: true}}}}\n", "rancher.network.interfaces.mac=52:54:00:*", "by MAC address" },
        { $"rancher: {{network: {{interfaces: {{lan: {{match: 'mac={HostMac}', dhcp: true}}}}}}}}\n", "rancher.network.interfaces.lan", "by MAC address" },
        { "rancher: {network: {interfaces: {lan: {match: eth0, dhcp: true}}}}\n", "rancher.network.interfaces.lan", "by another name" },
        { "rancher: {network: {interfaces: {macvlan0: {dhcp: true}}}}\n", "rancher.network.interfaces.macvlan0", "skips this one" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void RefusesWhatRancherOsWouldNotLoadOrWouldTurnAgainstTheHost(string addition, string where, string says)
    {
        HostSpec spec = CloudConfigSamples.Static();
        spec.CloudConfigAddition = TryAddition(addition, out HostSpecException? early);
        HostSpecException e = early ?? Assert.Throws<HostSpecException>(() => RancherCloudConfig.Create(spec));
        Assert.Equal(HostField.CloudConfigAddition, e.Field);
        Assert.Contains(where, e.Message, StringComparison.Ordinal);
        Assert.Matches("(?s)" + string.Join(".*", says.Split('*').Select(System.Text.RegularExpressions.Regex.Escape)), e.Message);
    }

    /// <summary>Addition and a check of the merged document as python3-yaml's safe loader reads it.</summary>
    public static TheoryData<string, string, string> Accepted => new()
    {
        { "proxy", "rancher:\n  network:\n    http_proxy: http://proxy.lab:3128\n    no_proxy: localhost,10.0.0.0/8\n", "rancher.network.http_proxy=http://proxy.lab:3128" },
        { "registry mirror", "rancher:\n  docker:\n    registry_mirror: https://mirror.lab:5000\n    insecure_registry: [mirror.lab:5000]\n", "rancher.docker.registry_mirror=https://mirror.lab:5000" },
        { "NFS mounts", "mounts:\n- [\"nfs.lab:/export\", /mnt/nfs, nfs4, \"rw,hard\"]\n", "mounts.0.2=nfs4" },
        { "sysctl", "rancher:\n  sysctl:\n    vm.max_map_count: 262144\n", "rancher.sysctl.vm.max_map_count=262144" },
        { "a service", "rancher:\n  services:\n    exporter:\n      image: prom/node-exporter:v1.0.1\n      ports: ['9100:9100', 9101]\n      environment: {A: '1', B: 2}\n      labels: [io.rancher.os.scope=system]\n", "rancher.services.exporter.ports.0=9100:9100" },
        { "environment", "rancher:\n  environment:\n    HTTP_PROXY: http://proxy.lab:3128\n    RETRIES: 3\n", "rancher.environment.RETRIES=3" },
        { "ssh keys", "ssh_authorized_keys:\n- ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAdded admin@example\n", "ssh_authorized_keys.0=ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAdded admin@example" },
        { "write_files elsewhere", "write_files:\n- path: /var/lib/rancher/conf/extra.yml\n  content: x\n- path: /var/lib/rancher/statefile\n  content: z\n", "write_files.-2.path=/var/lib/rancher/conf/extra.yml" },
        { "runcmd as words", "runcmd:\n- [sh, -c, echo hi]\nbootcmd:\n- echo boot\n", "runcmd.-1.0=sh" },
        { "core tags", "runcmd:\n- !!str 2024-01-02\nrancher:\n  ssh:\n    port: !!int 2222\n", "runcmd.-1=2024-01-02" },
        { "aliases, expanded", "runcmd:\n- &w [sh, -c, echo alias]\n- *w\n", "runcmd.-1.2=echo alias" },
        { "byte order mark", "\uFEFFrancher:\n  console: debian\n", "rancher.console=debian" },
        { "another interface", "rancher:\n  network:\n    interfaces:\n      eth1:\n        dhcp: true\n      'wl*':\n        dhcp: true\n", "rancher.network.interfaces.eth1.dhcp=True" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void AcceptsWhatRancherOsLoadsAndMergesIt(string name, string addition, string expected)
    {
        HostSpec spec = CloudConfigSamples.Static();
        spec.CloudConfigAddition = CloudConfigAddition.FromYaml(addition);
        RancherCloudConfig merged = RancherCloudConfig.Create(spec);

        PythonCloudConfigChecker.Result result = PythonCloudConfigChecker.Check(merged.Yaml);
        Assert.True(result.Errors.Count == 0, name + ": " + string.Join("; ", result.Errors));
        // Aliases are written out expanded: no anchor or alias is left for another parser to expand.
        Assert.DoesNotMatch(@"(?m)(^|[ \[,-])[&*][A-Za-z][A-Za-z0-9]*( |,|\]|$)", merged.Yaml);
        string[] parts = expected.Split('=', 2);
        Assert.Equal(parts[1], Lookup(result.Parsed, parts[0]));
        Assert.Equal(CloudConfigSamples.Static().Hostname, result.Parsed.GetProperty("hostname").GetString());
    }

    [Theory]
    [InlineData("eth0")]
    [InlineData("e*")]
    public void RefusesAnEntryThatWouldTakeADeviceOfTheHostsInterfacePattern(string key)
    {
        HostSpec spec = CloudConfigSamples.Static();
        spec.Interface = "eth*";
        spec.CloudConfigAddition = CloudConfigAddition.FromYaml($"rancher: {{network: {{interfaces: {{'{key}': {{dhcp: true}}}}}}}}\n");
        HostSpecException e = Assert.Throws<HostSpecException>(() => RancherCloudConfig.Create(spec));
        Assert.Contains("eth*, the host's own interface pattern", e.Message, StringComparison.Ordinal);

        spec.CloudConfigAddition = CloudConfigAddition.FromYaml("rancher: {network: {interfaces: {wlan0: {dhcp: true}}}}\n");
        Assert.Contains("wlan0", RancherCloudConfig.Create(spec).Yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesAHostInterfaceNameThatRancherOsReadsAsAMacAddress()
    {
        HostSpec spec = CloudConfigSamples.Static();
        spec.Interface = "macvlan0";
        HostSpecException e = Assert.Throws<HostSpecException>(() => RancherCloudConfig.Create(spec));
        Assert.Equal(HostField.Interface, e.Field);
    }

    [Theory]
    [InlineData(100_000)]
    [InlineData(1_000_000)]
    public void RefusesDeepNestingBeforeWalkingIt(int depth)
    {
        string flow = "runcmd: " + new string('[', depth) + new string(']', depth) + "\n";
        HostSpecException e = Assert.Throws<HostSpecException>(() => CloudConfigAddition.FromYaml(flow));
        Assert.Contains("nested deeper than 64 levels", e.Message, StringComparison.Ordinal);

        string mappings = "rancher: " + string.Concat(Enumerable.Repeat("{a: ", depth)) + "b" + new string('}', depth) + "\n";
        Assert.Contains("nested deeper than 64 levels", Assert.Throws<HostSpecException>(() => CloudConfigAddition.FromYaml(mappings)).Message, StringComparison.Ordinal);

        Hashtable root = new();
        Hashtable inner = root;
        for (int i = 0; i < depth; i++)
        {
            Hashtable next = new();
            inner["a"] = next;
            inner = next;
        }
        Assert.Contains("nested deeper than 64 levels", Assert.Throws<HostSpecException>(() => CloudConfigAddition.FromDictionary(root)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AcceptsSixtyFourLevelsAndNotSixtyFive()
    {
        static string Nested(int levels) => "x-deep: " + new string('[', levels - 1) + new string(']', levels - 1) + "\n";
        Assert.NotNull(CloudConfigAddition.FromYaml(Nested(64)));
        Assert.Throws<HostSpecException>(() => CloudConfigAddition.FromYaml(Nested(65)));
    }

    [Fact]
    public void RefusesADictionaryThatContainsItself()
    {
        Hashtable rancher = new();
        Hashtable root = new() { ["rancher"] = rancher };
        rancher["self"] = root;
        ArrayList list = new();
        list.Add(list);
        Assert.Contains("contain itself", Assert.Throws<HostSpecException>(() => CloudConfigAddition.FromDictionary(root)).Message, StringComparison.Ordinal);
        Assert.Contains("contain itself", Assert.Throws<HostSpecException>(() => CloudConfigAddition.FromDictionary(new Hashtable { ["runcmd"] = list })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesAFiftyMebibyteDocumentUnparsed()
    {
        string big = "runcmd:\n" + string.Concat(Enumerable.Repeat("- echo " + new string('x', 1000) + "\n", 50 * 1024));
        Assert.Contains("characters long; the limit is 16,777,216", Assert.Throws<HostSpecException>(() => CloudConfigAddition.FromYaml(big)).Message, StringComparison.Ordinal);
        string path = Path.Combine(Path.GetTempPath(), $"big-{Guid.NewGuid():N}.yaml");
        try
        {
            File.WriteAllText(path, big);
            Assert.Contains("more than the 16,777,216 bytes allowed", Assert.Throws<HostSpecException>(() => CloudConfigAddition.FromFile(path)).Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void RefusesALongTextAliasedManyTimes()
    {
        string text = "x-text: &t " + new string('x', 1024 * 1024) + "\nruncmd: [" + string.Join(", ", Enumerable.Repeat("*t", 20)) + "]\n";
        Assert.Contains("characters of text once its aliases are expanded", Assert.Throws<HostSpecException>(() => CloudConfigAddition.FromYaml(text)).Message, StringComparison.Ordinal);
    }

    private static CloudConfigAddition? TryAddition(string yaml, out HostSpecException? refused)
    {
        refused = null;
        try
        {
            return CloudConfigAddition.FromYaml(yaml);
        }
        catch (HostSpecException e)
        {
            refused = e;
            return null;
        }
    }

    private static string? Lookup(JsonElement element, string path)
    {
        foreach (string part in SplitPath(path))
        {
            element = element.ValueKind != JsonValueKind.Array ? element.GetProperty(part)
                : element[int.Parse(part) is int index && index < 0 ? element.GetArrayLength() + index : index];
        }
        return element.ValueKind switch
        {
            JsonValueKind.True => "True",
            JsonValueKind.False => "False",
            JsonValueKind.String => element.GetString(),
            _ => element.GetRawText(),
        };
    }

    /// <summary>A dotted path whose keys may hold dots themselves (vm.max_map_count): known multi-part keys kept whole.</summary>
    private static IEnumerable<string> SplitPath(string path) =>
        path.Replace("vm.max_map_count", "vm\u0001max_map_count").Split('.').Select(p => p.Replace('\u0001', '.'));
}
