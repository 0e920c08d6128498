using System.Text;
using System.Text.RegularExpressions;
using DisklessRancher.Core.AgentState;
using DisklessRancher.Core.IO;

namespace DisklessRancher.Core.Tests.AgentState;

public sealed class RancherAgentStateTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("agent-state-");

    public void Dispose() => _folder.Delete(recursive: true);

    private static readonly Regex UuidV4 = new("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");

    [Fact]
    public void TenThousandGeneratedStatesAreUniqueUuidV4AndHexTokens()
    {
        List<RancherAgentState> states = Enumerable.Range(0, 10_000).Select(_ => RancherAgentState.Generate()).ToList();
        HashSet<string> seen = new(StringComparer.Ordinal);
        foreach (RancherAgentState state in states)
        {
            Assert.Matches(UuidV4, state.DockerUuid);
            Assert.Matches(UuidV4, state.PhysicalHostUuid);
            Assert.Matches("^[0-9a-f]{128}$", state.RegistrationToken);
            Assert.True(seen.Add(state.DockerUuid));
            Assert.True(seen.Add(state.PhysicalHostUuid));
            Assert.True(seen.Add(state.RegistrationToken));
        }
        // The random bits really vary: every hexadecimal digit shows up in every free position of the UUIDs.
        for (int position = 0; position < 36; position++)
        {
            if (position is 8 or 13 or 14 or 18 or 19 or 23) continue;
            Assert.Equal(16, states.Select(s => s.DockerUuid[position]).Distinct().Count());
        }
        Assert.Equal(4, states.Select(s => s.DockerUuid[19]).Distinct().Count());
    }

    [Fact]
    public void ToStringNeverShowsTheToken()
    {
        RancherAgentState state = RancherAgentState.Generate();
        Assert.DoesNotContain(state.RegistrationToken, state.ToString());
        Assert.DoesNotContain(state.RegistrationToken.Substring(0, 16), state.ToString());
        Assert.Contains(state.DockerUuid, state.ToString());
    }

    [Fact]
    public void FilesAreExactlyWhatTheAgentWrites()
    {
        RancherAgentState state = RancherAgentState.Generate();
        var files = state.GetFiles();
        Assert.Equal(new[] { ".docker_uuid", ".physical_host_uuid", ".registration_token" }, files.Select(f => f.Name));
        Assert.Equal(Encoding.ASCII.GetBytes(state.DockerUuid), files[0].GetContent());
        Assert.Equal(Encoding.ASCII.GetBytes(state.PhysicalHostUuid), files[1].GetContent());
        Assert.Equal(Encoding.ASCII.GetBytes(state.RegistrationToken + "\n"), files[2].GetContent());
    }

    [Fact]
    public void ExportThenImportRoundTripsWithOwnerOnlyFilesInAnOwnerOnlyFolder()
    {
        RancherAgentState state = RancherAgentState.Generate();
        string target = Path.Combine(_folder.FullName, "host1");
        AgentStateDirectory.Write(target, state, overwrite: false);

        Assert.Equal(state, AgentStateDirectory.Read(target));
        Assert.Equal(Encoding.ASCII.GetBytes(state.RegistrationToken + "\n"), File.ReadAllBytes(Path.Combine(target, ".registration_token")));
        Assert.Equal(36, new FileInfo(Path.Combine(target, ".docker_uuid")).Length);
        foreach (string name in AgentStateFile.Names)
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(target, name)));
        }
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(target));
        // Nothing but the three files: no temporary file is left behind.
        Assert.Equal(AgentStateFile.Names.OrderBy(n => n), Directory.GetFiles(target).Select(Path.GetFileName).OrderBy(n => n));
    }

    [Fact]
    public void ExportRefusesToOverwriteUnlessAllowedAndThenReplacesEveryFileLeavingTheGivenFolderAsItWas()
    {
        string target = _folder.FullName;
        // A folder the user gave, which existed before, keeps the access it had (0755 here).
        UnixFileMode folderMode = (UnixFileMode)0x1ED;
        File.SetUnixFileMode(target, folderMode);
        RancherAgentState first = RancherAgentState.Generate();
        RancherAgentState second = RancherAgentState.Generate();
        AgentStateDirectory.Write(target, first, overwrite: false);
        OutputExistsException exists = Assert.Throws<OutputExistsException>(() => AgentStateDirectory.Write(target, second, overwrite: false));
        Assert.EndsWith(".docker_uuid", exists.Path);
        Assert.Equal(first, AgentStateDirectory.Read(target));

        File.SetUnixFileMode(Path.Combine(target, ".registration_token"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        AgentStateDirectory.Write(target, second, overwrite: true);
        Assert.Equal(second, AgentStateDirectory.Read(target));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(target, ".registration_token")));
        Assert.Equal(folderMode, File.GetUnixFileMode(target));
    }

    [Fact]
    public void ImportToleratesCrLfTrailingWhitespaceByteOrderMarkAndUppercase()
    {
        RancherAgentState state = RancherAgentState.Generate();
        File.WriteAllText(Path.Combine(_folder.FullName, ".docker_uuid"), state.DockerUuid.ToUpperInvariant() + "\r\n", new UTF8Encoding(true));
        File.WriteAllText(Path.Combine(_folder.FullName, ".physical_host_uuid"), state.PhysicalHostUuid + " \t\n\n");
        File.WriteAllText(Path.Combine(_folder.FullName, ".registration_token"), state.RegistrationToken + "\r\n");
        Assert.Equal(state, AgentStateDirectory.Read(_folder.FullName));
    }

    [Theory]
    [InlineData(".docker_uuid")]
    [InlineData(".physical_host_uuid")]
    [InlineData(".registration_token")]
    public void ImportNamesTheMissingFile(string missing)
    {
        AgentStateDirectory.Write(_folder.FullName, RancherAgentState.Generate(), overwrite: false);
        File.Delete(Path.Combine(_folder.FullName, missing));
        AgentStateException error = Assert.Throws<AgentStateException>(() => AgentStateDirectory.Read(_folder.FullName));
        Assert.Equal(AgentStateError.MissingFile, error.Error);
        Assert.Equal(Path.Combine(_folder.FullName, missing), error.FilePath);
        Assert.Contains(missing, error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    [Theory]
    [InlineData(".docker_uuid", "", "empty")]
    [InlineData(".docker_uuid", "1c9a7e0e8f5b4d2a9c412b7f0e6d3a51", "UUID")]
    [InlineData(".physical_host_uuid", "1c9a7e0e-8f5b-4d2a-9c41-2b7f0e6d3a5z", "UUID")]
    [InlineData(".physical_host_uuid", " 1c9a7e0e-8f5b-4d2a-9c41-2b7f0e6d3a51", "UUID")]
    [InlineData(".registration_token", "0123456789abcdef", "128 hexadecimal")]
    public void ImportNamesTheMalformedFileAndWhatIsWrong(string name, string content, string expected)
    {
        AgentStateDirectory.Write(_folder.FullName, RancherAgentState.Generate(), overwrite: false);
        File.WriteAllText(Path.Combine(_folder.FullName, name), content);
        AgentStateException error = Assert.Throws<AgentStateException>(() => AgentStateDirectory.Read(_folder.FullName));
        Assert.Equal(AgentStateError.InvalidContent, error.Error);
        Assert.Contains(name, error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void ImportErrorsNeverQuoteTheToken()
    {
        string almost = RancherAgentState.Generate().RegistrationToken.Substring(1) + "g";
        File.WriteAllText(Path.Combine(_folder.FullName, ".docker_uuid"), "1c9a7e0e-8f5b-4d2a-9c41-2b7f0e6d3a51");
        File.WriteAllText(Path.Combine(_folder.FullName, ".physical_host_uuid"), "1c9a7e0e-8f5b-4d2a-9c41-2b7f0e6d3a51");
        File.WriteAllText(Path.Combine(_folder.FullName, ".registration_token"), almost);
        AgentStateException error = Assert.Throws<AgentStateException>(() => AgentStateDirectory.Read(_folder.FullName));
        Assert.DoesNotContain(almost.Substring(0, 16), error.Message);
    }

    [Fact]
    public void ImportRejectsBinaryContent()
    {
        AgentStateDirectory.Write(_folder.FullName, RancherAgentState.Generate(), overwrite: false);
        File.WriteAllBytes(Path.Combine(_folder.FullName, ".docker_uuid"), new byte[] { 0xff, 0xfe, 0x00 });
        Assert.Contains("not UTF-8", Assert.Throws<AgentStateException>(() => AgentStateDirectory.Read(_folder.FullName)).Message);
    }
}
