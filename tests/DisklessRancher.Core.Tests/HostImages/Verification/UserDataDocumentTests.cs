using System.Text;
using DisklessRancher.Core.HostImages.Verification;

namespace DisklessRancher.Core.Tests.HostImages.Verification;

/// <summary>How the checker reads a user_data: its kind by the first line, and what RancherOS would load from its YAML.</summary>
public sealed class UserDataDocumentTests
{
    private static UserDataDocument Read(string text) => UserDataDocument.FromBytes(Encoding.UTF8.GetBytes(text));

    [Theory]
    [InlineData("#cloud-config\nhostname: a\n", "CloudConfig")]
    [InlineData("#cloud-config\r\nhostname: a\r\n", "CloudConfig")]
    [InlineData("#!/bin/sh\necho hi\n", "Script")]
    [InlineData("#cloud-config \t\r\nhostname: a\n", "CloudConfig")]
    [InlineData(" #cloud-config\nhostname: a\n", "Unrecognised")]
    [InlineData("#compose\nweb:\n  image: nginx\n", "Compose")]
    [InlineData("#compose\r\nweb:\n  image: nginx\n", "Unrecognised")]
    [InlineData("#Cloud-Config\nhostname: a\n", "Unrecognised")]
    [InlineData("hostname: a\n", "Unrecognised")]
    public void TheFirstLineDecidesTheKind(string text, string kind)
    {
        Assert.Equal(kind, Read(text).Kind.ToString());
    }

    [Theory]
    [InlineData("utf-16", "UTF-16")]
    [InlineData("utf-16BE", "UTF-16")]
    [InlineData("utf-8-bom", "byte order mark")]
    [InlineData("latin1", "not valid UTF-8")]
    public void NamesTheEncodingRancherOsCannotRead(string encoding, string expected)
    {
        const string text = "#cloud-config\nhostname: caf\u00e9\n";
        byte[] bytes = encoding switch
        {
            "utf-16" => Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray(),
            "utf-16BE" => Encoding.BigEndianUnicode.GetBytes(text),
            "utf-8-bom" => Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray(),
            _ => Encoding.Latin1.GetBytes(text),
        };
        Assert.Contains(expected, UserDataDocument.FromBytes(bytes).EncodingProblem);
        Assert.Null(Read(text).EncodingProblem);
    }

    [Theory]
    [InlineData("#cloud-config\nhostname: a\nhostname: b\n", "YAML error")]
    [InlineData("#cloud-config\nhostname: a\n---\nhostname: b\n", "2 YAML documents")]
    [InlineData("#cloud-config\n- hostname\n", "not a mapping")]
    [InlineData("#cloud-config\n", "no YAML document")]
    [InlineData("#cloud-config\nrancher:\n  network: {\n", "YAML error at line")]
    public void YamlRancherOsWouldDiscardIsAnError(string text, string expected)
    {
        UserDataDocument document = Read(text);
        Assert.Null(document.Root);
        Assert.Contains(expected, document.YamlError);
    }

    [Theory]
    [InlineData(100_000)]
    [InlineData(1_000_000)]
    public void DeepNestingIsAnErrorNotACrash(int depth)
    {
        UserDataDocument document = Read("#cloud-config\nhostname: a\nruncmd: " + new string('[', depth) + new string(']', depth) + "\n");
        Assert.Null(document.Root);
        Assert.Contains("nested deeper than 64 levels", document.YamlError);
        Assert.Contains("nested deeper than 64 levels", UserDataChecks.Parses(document).Detail);
        Assert.False(UserDataChecks.Parses(document).Passed);
    }

    [Fact]
    public void AnAliasBombAndAnOversizedFileAreErrors()
    {
        StringBuilder bomb = new("#cloud-config\nhostname: a\nruncmd:\n- &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) bomb.Append($"- &a{i} [").Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))).Append("]\n");
        Assert.Contains("aliases are expanded", Read(bomb.ToString()).YamlError);

        byte[] big = Encoding.UTF8.GetBytes("#cloud-config\nhostname: a\nruncmd:\n" + string.Concat(Enumerable.Repeat("- echo " + new string('x', 1000) + "\n", 50 * 1024)));
        Assert.Contains("characters long", UserDataDocument.FromBytes(big).YamlError);
    }

    [Theory]
    [InlineData("#cloud-config\nhostname: a\nruncmd: [1]\n", "runcmd[0]: RancherOS v1.5.8 converts this into yaml.StringandSlice")]
    [InlineData("#cloud-config\nhostname: a\nmounts: [[a, [b]]]\n", "mounts[0][1]")]
    [InlineData("#cloud-config\nhostname: a\nrancher: {environment: {X: {a: b}}}\n", "rancher.environment.X")]
    [InlineData("#cloud-config\nhostname: a\nruncmd: [!!python/object/apply:os.system [id]]\n", "core schema")]
    public void AUserDataRancherOsWouldNotLoadFailsTheParseCheck(string text, string expected)
    {
        HostImageCheck check = UserDataChecks.Parses(Read(text));
        Assert.False(check.Passed);
        Assert.Contains(expected, check.Detail);
    }

    [Theory]
    [InlineData("#cloud-config\nhostname: node-1\n", "node-1")]
    [InlineData("#cloud-config\nhostname:\n", null)]
    [InlineData("#cloud-config\nhostname: ~\n", null)]
    [InlineData("#cloud-config\nhostname: [a]\n", null)]
    [InlineData("#cloud-config\nrancher: {}\n", null)]
    public void TheHostnameIsAScalarThatIsSet(string text, string? hostname)
    {
        Assert.Equal(hostname, Read(text).Hostname);
    }

    [Fact]
    public void RunCommandsInListFormAreJoinedAndWriteFilesAreDecoded()
    {
        UserDataDocument document = Read("""
            #cloud-config
            runcmd:
            - [cp, /media/config-2/state/.docker_uuid, /var/lib/rancher/state/]
            - echo done
            write_files:
            - path: /var/lib/rancher/state/.docker_uuid
              permissions: "0600"
              encoding: b64
              content: aGVsbG8=
            - path: /etc/motd
              content: hi
            - path: /etc/gz
              encoding: gzip
              content: xyz
            """.Replace("\r\n", "\n"));
        Assert.Equal(["cp /media/config-2/state/.docker_uuid /var/lib/rancher/state/", "echo done"], document.RunCommands);
        var files = document.WriteFiles.ToList();
        Assert.Equal(["/var/lib/rancher/state/.docker_uuid", "/etc/motd", "/etc/gz"], files.Select(f => f.Path));
        Assert.Equal("hello"u8.ToArray(), files[0].Content);
        Assert.Equal("0600", files[0].Permissions);
        Assert.Equal("hi"u8.ToArray(), files[1].Content);
        Assert.Null(files[2].Content);
    }

    [Fact]
    public void AByteOrderMarkIsNotedAndLeftOutOfTheText()
    {
        UserDataDocument document = UserDataDocument.FromBytes([0xEF, 0xBB, 0xBF, .. "#cloud-config\nhostname: a\n"u8.ToArray()]);
        Assert.True(document.HasBom);
        Assert.Equal("#cloud-config", document.FirstLine);
        Assert.Equal("a", document.Hostname);
    }

    [Fact]
    public void InvalidUtf8IsNoted()
    {
        Assert.False(UserDataDocument.FromBytes([.. "#cloud-config\nhostname: "u8.ToArray(), 0xFF, 0x0A]).IsUtf8);
    }
}
