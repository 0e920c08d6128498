using DisklessRancher.Core.CloudConfig;

namespace DisklessRancher.Core.Tests.CloudConfig;

public class HostSpecValidationTests
{
    private static HostSpecException Rejects(HostSpec spec) => Assert.Throws<HostSpecException>(() => RancherCloudConfig.Create(spec));

    private static HostSpec Spec(Action<HostSpec> change)
    {
        HostSpec spec = new() { Hostname = "node01", RegistrationUrl = CloudConfigSamples.RegistrationUrl };
        change(spec);
        return spec;
    }

    [Theory]
    [InlineData("node-01")]
    [InlineData("a")]
    [InlineData("node01.example.local")]
    [InlineData("123")]
    public void AcceptsRfc1123Hostnames(string hostname) =>
        Assert.Equal(hostname, RancherCloudConfig.Create(Spec(s => s.Hostname = hostname)).Hostname);

    [Theory]
    [InlineData("")]
    [InlineData("-node")]
    [InlineData("node-")]
    [InlineData("no_de")]
    [InlineData("node..local")]
    [InlineData("node.")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    [InlineData("abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij")]
    public void RejectsOtherHostnames(string hostname) =>
        Assert.Equal(HostField.Hostname, Rejects(Spec(s => s.Hostname = hostname)).Field);

    [Theory]
    [InlineData("10.0.0.5/24", "10.0.0.5/24")]
    [InlineData("192.168.1.10/32", "192.168.1.10/32")]
    [InlineData("2001:DB8:0:0::5/64", "2001:db8::5/64")]
    public void NormalisesCidrAddresses(string given, string written) =>
        Assert.Equal(written, RancherCloudConfig.Create(Spec(s => s.Address = given)).Address);

    [Theory]
    [InlineData("10.0.0.5", "CIDR")]
    [InlineData("10.0.0/24", "not an IPv4 or IPv6")]
    [InlineData("010.0.0.5/24", "not an IPv4 or IPv6")]
    [InlineData("10.0.0.256/24", "not an IPv4 or IPv6")]
    [InlineData("10.0.0.5/33", "1 to 32")]
    [InlineData("10.0.0.5/0", "1 to 32")]
    [InlineData("2001:db8::5/129", "1 to 128")]
    [InlineData("10.0.0.0/24", "network or broadcast")]
    [InlineData("10.0.0.255/24", "network or broadcast")]
    [InlineData("127.0.0.1/8", "loopback")]
    [InlineData("fe80::1%eth0/64", "only hexadecimal")]
    public void RejectsBadAddressesSayingWhy(string address, string reason)
    {
        HostSpecException error = Rejects(Spec(s => s.Address = address));
        Assert.Equal(HostField.Address, error.Field);
        Assert.Equal(address, error.Value);
        Assert.Contains(reason, error.Message);
        Assert.StartsWith($"Address '{address}'", error.Message);
    }

    [Fact]
    public void PutsAnIPv4GatewayInGatewayAndAnIPv6OneInGatewayIPv6()
    {
        var v4 = ParsedTree.FromYamlDotNet(RancherCloudConfig.Create(Spec(s => { s.Address = "10.0.0.5/24"; s.Gateway = "10.0.0.1"; })).Yaml);
        var v6 = ParsedTree.FromYamlDotNet(RancherCloudConfig.Create(Spec(s => { s.Address = "2001:db8::5/64"; s.Gateway = "2001:DB8::1"; })).Yaml);
        var linkLocal = RancherCloudConfig.Create(Spec(s => { s.Address = "2001:db8::5/64"; s.Gateway = "fe80::1"; }));
        Assert.Equal("10.0.0.1", Interface(v4)["gateway"]);
        Assert.False(Interface(v4).ContainsKey("gateway_ipv6"));
        Assert.Equal("2001:db8::1", Interface(v6)["gateway_ipv6"]);
        Assert.False(Interface(v6).ContainsKey("gateway"));
        Assert.Equal("fe80::1", linkLocal.Gateway);
    }

    [Theory]
    [InlineData(null, "10.0.0.1", "needs a static Address")]
    [InlineData("10.0.0.5/24", "10.0.1.1", "outside the subnet")]
    [InlineData("10.0.0.5/24", "2001:db8::1", "same IP version")]
    [InlineData("10.0.0.5/24", "10.0.0.1/24", "no prefix length")]
    public void RejectsGatewaysThatCannotWork(string? address, string gateway, string reason)
    {
        HostSpecException error = Rejects(Spec(s => { s.Address = address; s.Gateway = gateway; }));
        Assert.Equal(HostField.Gateway, error.Field);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void DhcpDefaultsToTrueWithoutAnAddressAndFalseWithOne()
    {
        Assert.True(RancherCloudConfig.Create(Spec(_ => { })).Dhcp);
        Assert.False(RancherCloudConfig.Create(Spec(s => s.Address = "10.0.0.5/24")).Dhcp);
        Assert.Equal(HostField.Dhcp, Rejects(Spec(s => s.Dhcp = false)).Field);
    }

    [Fact]
    public void RefusesAStaticAddressOrGatewayBesideDhcp()
    {
        HostSpecException address = Rejects(Spec(s => { s.Address = "10.0.0.5/24"; s.Dhcp = true; }));
        Assert.Equal(HostField.Dhcp, address.Field);
        Assert.Contains("only when DHCP is off", address.Message);
        Assert.Equal(HostField.Dhcp, Rejects(Spec(s => { s.Address = "10.0.0.5/24"; s.Gateway = "10.0.0.1"; s.Dhcp = true; })).Field);
        Assert.Equal(HostField.Gateway, Rejects(Spec(s => { s.Gateway = "10.0.0.1"; s.Dhcp = true; })).Field);
    }

    [Fact]
    public void RefusesAnMtuWithDhcp()
    {
        HostSpecException error = Rejects(Spec(s => s.Mtu = 1400));
        Assert.Equal(HostField.Mtu, error.Field);
        Assert.Contains("only to a static interface", error.Message);
        Assert.Contains("option 26", error.Message);
        Assert.Equal(1400, RancherCloudConfig.Create(Spec(s => { s.Address = "10.0.0.5/24"; s.Mtu = 1400; })).Mtu);
    }

    [Fact]
    public void RefusesSearchDomainsWithoutANameserver()
    {
        HostSpecException error = Rejects(Spec(s => s.DnsSearch.Add("a.example")));
        Assert.Equal(HostField.DnsSearch, error.Field);
        Assert.Contains("no name server", error.Message);
    }

    [Theory]
    [InlineData(67)]
    [InlineData(65536)]
    [InlineData(0)]
    [InlineData(-1500)]
    public void RejectsMtuOutside68To65535(int mtu)
    {
        HostSpecException error = Rejects(Spec(s => s.Mtu = mtu));
        Assert.Equal(HostField.Mtu, error.Field);
        Assert.Contains("68 to 65535", error.Message);
    }

    [Theory]
    [InlineData(68)]
    [InlineData(9000)]
    [InlineData(65535)]
    public void AcceptsMtuInRange(int mtu) => Assert.Equal(mtu, RancherCloudConfig.Create(Spec(s => { s.Address = "10.0.0.5/24"; s.Mtu = mtu; })).Mtu);

    [Theory]
    [InlineData("eth1", true)]
    [InlineData("eth*", true)]
    [InlineData("enp0s31f6", true)]
    [InlineData("bond0.100", true)]
    [InlineData("mac=52:54:00:12:34:56", false)]
    [InlineData("averyveryverylongname", false)]
    [InlineData("*", false)]
    [InlineData("et*h", false)]
    public void ChecksInterfaceNames(string name, bool valid)
    {
        if (valid) Assert.Equal(name, RancherCloudConfig.Create(Spec(s => s.Interface = name)).Interface);
        else Assert.Equal(HostField.Interface, Rejects(Spec(s => s.Interface = name)).Field);
    }

    [Fact]
    public void NameserversMustBeAddressesAndSearchDomainsNames()
    {
        var config = RancherCloudConfig.Create(Spec(s => { s.Dns.Add("1.1.1.1"); s.Dns.Add("2606:4700:4700::1111"); s.Dns.Add("1.1.1.1"); s.DnsSearch.Add("a.example"); }));
        Assert.Equal(new[] { "1.1.1.1", "2606:4700:4700::1111" }, config.Dns);
        Assert.Equal(HostField.Dns, Rejects(Spec(s => s.Dns.Add("dns.example"))).Field);
        Assert.Equal(HostField.DnsSearch, Rejects(Spec(s => s.DnsSearch.Add("-bad.example"))).Field);
    }

    [Theory]
    [InlineData("ftp://server/v1/scripts/x")]
    [InlineData("server:8080/v1/scripts/x")]
    [InlineData("/v1/scripts/x")]
    [InlineData("http://server:8080/v1/scripts/a b")]
    [InlineData("sudo docker run rancher/agent http://server:8080/v1/scripts/x")]
    public void RejectsRegistrationUrlsWithoutRepeatingThem(string url)
    {
        HostSpecException error = Rejects(Spec(s => s.RegistrationUrl = url));
        Assert.Equal(HostField.RegistrationUrl, error.Field);
        Assert.Null(error.Value);
        Assert.DoesNotContain("scripts/x", error.Message);
    }

    [Theory]
    [InlineData("rancher/agent", true)]
    [InlineData("rancher/agent:v1.2.11", true)]
    [InlineData("registry.example:5000/mirror/rancher-agent:v1.2.11", true)]
    [InlineData("rancher/agent@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    [InlineData("Rancher/Agent", false)]
    [InlineData("rancher/agent:", false)]
    [InlineData("rancher/agent:v1 --privileged", false)]
    public void ChecksAgentImageReferences(string image, bool valid)
    {
        if (valid) Assert.Equal(image, RancherCloudConfig.Create(Spec(s => s.AgentImage = image)).AgentImage);
        else Assert.Equal(HostField.AgentImage, Rejects(Spec(s => s.AgentImage = image)).Field);
    }

    [Fact]
    public void AgentImageDefaultsToRancherAgent() =>
        Assert.Equal("rancher/agent", RancherCloudConfig.Create(Spec(_ => { })).AgentImage);

    [Fact]
    public void LabelsAndImageNeedARegistrationUrl()
    {
        Assert.Equal(HostField.HostLabel, Rejects(Spec(s => { s.RegistrationUrl = null; s.HostLabels.Add(new("role", "worker")); })).Field);
        Assert.Equal(HostField.AgentImage, Rejects(Spec(s => { s.RegistrationUrl = null; s.AgentImage = "rancher/agent:v1.2.11"; })).Field);
        Assert.DoesNotContain("services", RancherCloudConfig.Create(Spec(s => s.RegistrationUrl = null)).Yaml);
    }

    [Fact]
    public void LabelsAreEncodedAsAQueryStringGoReadsBack()
    {
        var config = RancherCloudConfig.Create(Spec(s =>
        {
            s.HostLabels.Add(new("role", "worker"));
            s.HostLabels.Add(new("a b&c=d;e+f", "100% yes/no?#"));
            s.HostLabels.Add(new("empty", ""));
        }));
        string entry = (string)((List<object?>)Agent(ParsedTree.FromYamlDotNet(config.Yaml))["environment"]!)[0]!;
        Assert.Equal("CATTLE_HOST_LABELS=role=worker&a%20b%26c%3Dd%3Be%2Bf=100%25%20yes%2Fno%3F%23&empty=", entry);
        Assert.Equal(config.HostLabels.ToList(), GoQuery.Parse(entry.Substring("CATTLE_HOST_LABELS=".Length)));
    }

    [Fact]
    public void RejectsEmptyAndDuplicateLabelKeys()
    {
        Assert.Equal(HostField.HostLabel, Rejects(Spec(s => s.HostLabels.Add(new("", "v")))).Field);
        Assert.Contains("twice", Rejects(Spec(s => { s.HostLabels.Add(new("k", "1")); s.HostLabels.Add(new("k", "2")); })).Message);
    }

    [Fact]
    public void RejectsUnpairedSurrogatesInFreeText()
    {
        Assert.Equal(HostField.RunCommand, Rejects(Spec(s => s.RunCommands.Add("echo \ud800"))).Field);
        Assert.Equal(HostField.SshAuthorizedKey, Rejects(Spec(s => s.SshAuthorizedKeys.Add("\udc00key"))).Field);
    }

    [Fact]
    public void DuplicateSshKeysAreWrittenOnceAsTheSchemaRequires()
    {
        var config = RancherCloudConfig.Create(Spec(s => { s.SshAuthorizedKeys.Add("ssh-ed25519 AAAA a"); s.SshAuthorizedKeys.Add("ssh-ed25519 AAAA a"); }));
        Assert.Equal(new[] { "ssh-ed25519 AAAA a" }, config.SshAuthorizedKeys);
    }

    [Fact]
    public void NoStateMeansNoStateCopyAndNoWriteFiles()
    {
        var config = RancherCloudConfig.Create(Spec(_ => { }));
        Assert.DoesNotContain("runcmd", config.Yaml);
        Assert.DoesNotContain("write_files", config.Yaml);
    }

    [Fact]
    public void ErrorMessagesStayOnOneLine()
    {
        HostSpecException error = Rejects(Spec(s => s.Hostname = "evil\nhost: x"));
        Assert.Equal("Hostname 'evil\\u000ahost: x': contains a line break; only letters, digits, '-' and '.' are allowed here.", error.Message);
    }

    private static Dictionary<string, object?> Interface(Dictionary<string, object?> doc) =>
        (Dictionary<string, object?>)((Dictionary<string, object?>)((Dictionary<string, object?>)((Dictionary<string, object?>)doc["rancher"]!)["network"]!)["interfaces"]!)["eth0"]!;

    private static Dictionary<string, object?> Agent(Dictionary<string, object?> doc) =>
        (Dictionary<string, object?>)((Dictionary<string, object?>)((Dictionary<string, object?>)doc["rancher"]!)["services"]!)["rancher-agent1"]!;
}
