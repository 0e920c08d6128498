using System.Text;
using DisklessRancher.Core.CloudConfig;

namespace DisklessRancher.Core.Tests.CloudConfig;

/// <summary>
/// Property tests over random strings built from what breaks YAML and shells: line breaks, ':', '#', quotes,
/// indicators, YAML 1.1 words, controls and non-ASCII. Free text must come back exactly through both parsers;
/// structured fields must refuse any of it.
/// </summary>
public class HostileValueTests
{
    private static readonly string[] Pieces =
    {
        "\n", "\r\n", "\r", "\t", " ", "  ", ":", ": ", "#", " #", "'", "\"", "-", "- ", "?", "? ", "[", "]", "{", "}", ",",
        "&", "*", "!", "|", ">", "%", "@", "`", "\\", "$", "${X}", "=", "&&", ";", "+", "%20",
        "yes", "no", "on", "off", "y", "n", "true", "False", "null", "~", "0600", "1_000", "1:20", "0x1F", "1e3", ".5", ".inf", "<<",
        "é", "中文", "😀", "\u00a0", "\u0085", "\u2028", "\u2029", "\ufeff", "\0", "\u001b", "\u007f", "\ud7ff", "\ue000", "\ufffd",
        "a", "b", "word", "ssh-ed25519 AAAA", "---", "...", "#cloud-config",
    };

    private static string RandomText(Random random, int maxPieces)
    {
        StringBuilder text = new();
        int count = random.Next(0, maxPieces + 1);
        for (int i = 0; i < count; i++) text.Append(Pieces[random.Next(Pieces.Length)]);
        return text.ToString();
    }

    [Fact]
    public void FreeTextRoundTripsExactlyThroughYamlDotNetAndPythonYaml()
    {
        Random random = new(20240601);
        List<RancherCloudConfig> configs = new();
        for (int i = 0; i < 1500; i++)
        {
            HostSpec spec = new() { Hostname = "h" + i, RegistrationUrl = CloudConfigSamples.RegistrationUrl };
            int labels = random.Next(1, 4);
            for (int l = 0; l < labels; l++) spec.HostLabels.Add(new("k" + l + RandomText(random, 4), RandomText(random, 6)));
            int commands = random.Next(1, 4);
            for (int c = 0; c < commands; c++) spec.RunCommands.Add(RandomText(random, 8));
            spec.SshAuthorizedKeys.Add(RandomText(random, 6) + "#" + i);
            configs.Add(RancherCloudConfig.Create(spec));
        }

        foreach (RancherCloudConfig config in configs)
        {
            Assert.DoesNotContain("\r", config.Yaml);
            ModelAssert.Matches(config, ParsedTree.FromYamlDotNet(config.Yaml), typed: false);
        }
        IReadOnlyList<PythonCloudConfigChecker.Result> results = PythonCloudConfigChecker.Check(configs.Select(c => c.Yaml).ToList());
        for (int i = 0; i < configs.Count; i++)
        {
            Assert.True(results[i].Errors.Count == 0, string.Join("; ", results[i].Errors) + "\n" + configs[i].Yaml);
            ModelAssert.Matches(configs[i], ParsedTree.FromJson(results[i].Parsed), typed: true);
        }
    }

    // Characters that no structured field allows anywhere.
    private const string NeverAllowed = "\n\r\t #'\"{}[],&!|>%`?\\$\u0085\u2028é";

    // A URL may hold '?', '%', '&', ',', '!', '[' and ']'; never white space, quotes, '#', '$' or '\\'.
    private const string NeverInUrl = "\n\r\t #'\"{}|`\\$\u0085\u2028é";

    public static TheoryData<HostField> StructuredFields => new()
    {
        HostField.Hostname, HostField.Address, HostField.Gateway, HostField.Dns, HostField.DnsSearch,
        HostField.Interface, HostField.AgentImage, HostField.RegistrationUrl,
    };

    [Theory]
    [MemberData(nameof(StructuredFields))]
    public void StructuredFieldsRejectAnyValueWithAForbiddenCharacter(HostField field)
    {
        Random random = new((int)field + 7);
        string[] valid =
        {
            "node01", "10.0.0.5/24", "10.0.0.1", "1.1.1.1", "example.local", "eth0", "rancher/agent:v1.2.11", CloudConfigSamples.RegistrationUrl,
        };
        for (int i = 0; i < 500; i++)
        {
            string good = valid[random.Next(valid.Length)];
            int at = random.Next(good.Length + 1);
            string bad = good.Substring(0, at) + Pick(random, field == HostField.RegistrationUrl ? NeverInUrl : NeverAllowed) + RandomText(random, 2) + good.Substring(at);
            HostSpecException error = Assert.Throws<HostSpecException>(() => RancherCloudConfig.Create(SpecWith(field, bad)));
            Assert.Equal(field, error.Field);
            Assert.DoesNotContain("\n", error.Message);
        }
    }

    [Fact]
    public void HostnameRejectsColonsAndYamlLookalikesStayStrings()
    {
        Assert.Equal(HostField.Hostname, Assert.Throws<HostSpecException>(() => RancherCloudConfig.Create(SpecWith(HostField.Hostname, "a:b"))).Field);
        List<RancherCloudConfig> configs = new[] { "yes", "no", "on", "off", "y", "true", "null", "1e3", "0600", "123", "0x1f", "nan", "inf" }
            .Select(name => RancherCloudConfig.Create(SpecWith(HostField.Hostname, name))).ToList();
        IReadOnlyList<PythonCloudConfigChecker.Result> results = PythonCloudConfigChecker.Check(configs.Select(c => c.Yaml).ToList());
        for (int i = 0; i < configs.Count; i++)
        {
            Assert.Empty(results[i].Errors);
            ModelAssert.Matches(configs[i], ParsedTree.FromJson(results[i].Parsed), typed: true);
        }
    }

    [Fact]
    public void IPv6AddressesThatLookLikeYaml11Base60NumbersStayStrings()
    {
        HostSpec spec = new() { Hostname = "node01", Address = "1:2:3:4:5:6:7:8/64", Gateway = "1:2:3:4:5:6:7:1" };
        spec.Dns.Add("1:2:3:4:5:6:7:9");
        spec.Dns.Add("10:20:30:40:50:59:1:2");
        RancherCloudConfig config = RancherCloudConfig.Create(spec);
        PythonCloudConfigChecker.Result result = PythonCloudConfigChecker.Check(config.Yaml);
        Assert.Empty(result.Errors);
        ModelAssert.Matches(config, ParsedTree.FromJson(result.Parsed), typed: true);
    }

    private static char Pick(Random random, string characters) => characters[random.Next(characters.Length)];

    internal static HostSpec SpecWith(HostField field, string value)
    {
        HostSpec spec = new() { Hostname = "node01", Address = "10.0.0.5/24", RegistrationUrl = CloudConfigSamples.RegistrationUrl };
        switch (field)
        {
            case HostField.Hostname: spec.Hostname = value; break;
            case HostField.Address: spec.Address = value; break;
            case HostField.Gateway: spec.Gateway = value; break;
            case HostField.Dns: spec.Dns.Add(value); break;
            case HostField.DnsSearch: spec.Dns.Add("10.0.0.2"); spec.DnsSearch.Add(value); break;
            case HostField.Interface: spec.Interface = value; break;
            case HostField.AgentImage: spec.AgentImage = value; break;
            case HostField.RegistrationUrl: spec.RegistrationUrl = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(field));
        }
        return spec;
    }
}
