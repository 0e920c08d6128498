using DisklessRancher.Core.CloudConfig;
using DisklessRancher.Tests.Shared;

namespace DisklessRancher.Core.Tests.CloudConfig;

public class CloudConfigGoldenTests
{
    public static TheoryData<string> Goldens => new() { "guide-static.yaml", "guide-dhcp.yaml" };

    private static RancherCloudConfig Build(string golden) =>
        RancherCloudConfig.Create(golden == "guide-static.yaml" ? CloudConfigSamples.Static() : CloudConfigSamples.Dhcp());

    [Theory]
    [MemberData(nameof(Goldens))]
    public void UserDataEqualsTheGoldenFileByteForByte(string golden)
    {
        byte[] expected = File.ReadAllBytes(RepositoryPaths.Fixture("cloud-config", golden));
        Assert.Equal(expected, Build(golden).GetUserData());
    }

    [Theory]
    [MemberData(nameof(Goldens))]
    public void UserDataIsUtf8WithoutBomWithLfLineEndingsAndTheCloudConfigHeader(string golden)
    {
        byte[] bytes = Build(golden).GetUserData();
        Assert.Equal("#cloud-config\n"u8.ToArray(), bytes.Take(14).ToArray());
        Assert.DoesNotContain((byte)'\r', bytes);
        Assert.Equal((byte)'\n', bytes[^1]);
    }

    [Theory]
    [MemberData(nameof(Goldens))]
    public void PythonYamlReadsTheModelAndRancherOsSchemasAccept(string golden)
    {
        RancherCloudConfig config = Build(golden);
        PythonCloudConfigChecker.Result result = PythonCloudConfigChecker.Check(config.Yaml);
        Assert.Empty(result.Errors);
        ModelAssert.Matches(config, ParsedTree.FromJson(result.Parsed), typed: true);
    }

    [Theory]
    [MemberData(nameof(Goldens))]
    public void YamlDotNetReadsTheModel(string golden)
    {
        RancherCloudConfig config = Build(golden);
        ModelAssert.Matches(config, ParsedTree.FromYamlDotNet(config.Yaml), typed: false);
    }

    [Fact]
    public void TheSchemaCheckerRejectsWhatRancherOsWouldDiscard()
    {
        // Guards the checker itself: a string MTU, a string dhcp, an unknown top-level key, unquoted permissions.
        string bad = "#cloud-config\nhostname: h\nusers: []\nrancher:\n  network:\n    interfaces:\n      eth0:\n        dhcp: 'true'\n        mtu: '1500'\n"
            + "write_files:\n- path: /x\n  permissions: 0600\n";
        IReadOnlyList<string> errors = PythonCloudConfigChecker.Check(bad).Errors;
        Assert.Contains(errors, e => e.Contains("users"));
        Assert.Contains(errors, e => e.Contains("interfaces.eth0.dhcp is str"));
        Assert.Contains(errors, e => e.Contains("interfaces.eth0.mtu is str"));
        Assert.Contains(errors, e => e.Contains("write_files/0/permissions"));
    }

    [Fact]
    public void StaticConfigDriveRunsTheStateCopyBeforeTheUserCommands()
    {
        var spec = CloudConfigSamples.Static();
        spec.RunCommands.Add("echo mine");
        var doc = ParsedTree.FromYamlDotNet(RancherCloudConfig.Create(spec).Yaml);
        Assert.Equal(ModelAssert.ConfigDriveLines.Append("echo mine").Cast<object>(), (List<object?>)doc["runcmd"]!);
        Assert.DoesNotContain(".*", RancherCloudConfig.Create(spec).Yaml);
    }
}
