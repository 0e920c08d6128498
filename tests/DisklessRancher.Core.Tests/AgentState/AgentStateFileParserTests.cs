using System.Text;
using DisklessRancher.Core.AgentState;

namespace DisklessRancher.Core.Tests.AgentState;

/// <summary>The strict form the checker demands (exactly what the agent writes) against the tolerant form Import accepts.</summary>
public sealed class AgentStateFileParserTests
{
    private static readonly RancherAgentState State = RancherAgentState.Generate();

    [Fact]
    public void TheAgentsOwnFilesHaveNoDeviation()
    {
        foreach (AgentStateFile file in State.GetFiles())
        {
            Assert.Null(AgentStateFileParser.DescribeDeviation(file.Name, file.GetContent()));
        }
    }

    public static TheoryData<string, string, string> Deviations => new()
    {
        { AgentStateFile.DockerUuidName, State.DockerUuid + "\n", "36 bytes); this file holds 37 bytes (a newline)" },
        { AgentStateFile.DockerUuidName, State.DockerUuid + "\r\n", "(a carriage return)" },
        { AgentStateFile.PhysicalHostUuidName, "\uFEFF" + State.PhysicalHostUuid, "(a byte order mark)" },
        { AgentStateFile.PhysicalHostUuidName, State.PhysicalHostUuid.ToUpperInvariant(), "(uppercase digits)" },
        { AgentStateFile.RegistrationTokenName, State.RegistrationToken, "129 bytes); this file holds 128 bytes (no newline)" },
        { AgentStateFile.RegistrationTokenName, State.RegistrationToken + "\n\n", "(2 newlines)" },
        { AgentStateFile.RegistrationTokenName, State.RegistrationToken + " \n", "(spaces)" },
    };

    [Theory]
    [MemberData(nameof(Deviations))]
    public void ToleratedButNotExactContentIsDescribed(string name, string content, string expected)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(content);
        string? deviation = AgentStateFileParser.DescribeDeviation(name, bytes);
        Assert.NotNull(deviation);
        Assert.Contains(expected, deviation);
        Assert.StartsWith("the agent writes ", deviation);
        // Import still accepts what a copy by hand adds.
        Assert.Equal(content.Trim('\uFEFF', ' ', '\r', '\n').ToLowerInvariant(),
            AgentStateFileParser.Parse(name, bytes, (e, p) => new AgentStateException(e, name, p)));
    }

    [Theory]
    [InlineData(AgentStateFile.DockerUuidName, "", "the file is empty")]
    [InlineData(AgentStateFile.DockerUuidName, "0b8e3d6c-7c3f-4e0f-9a51-2c8e7b4f1d9", "expected a UUID")]
    [InlineData(AgentStateFile.RegistrationTokenName, "abc", "expected 128 hexadecimal characters, found 3 characters")]
    public void MalformedContentIsRefusedWithoutQuotingIt(string name, string content, string expected)
    {
        string? deviation = AgentStateFileParser.DescribeDeviation(name, Encoding.UTF8.GetBytes(content));
        Assert.NotNull(deviation);
        Assert.StartsWith(expected, deviation);
        if (content.Length > 0) Assert.DoesNotContain(content, deviation);
    }

    [Fact]
    public void AnOversizedFileIsRefusedWithoutDecodingIt()
    {
        string? deviation = AgentStateFileParser.DescribeDeviation(AgentStateFile.RegistrationTokenName, new byte[AgentStateFileParser.MaxFileLength + 1]);
        Assert.Equal("the file holds more than 4096 bytes; expected 128 hexadecimal characters.", deviation);
    }

    [Fact]
    public void AnImageErrorNamesTheImageAndTheFile()
    {
        AgentStateException e = new(AgentStateError.MissingFile, "/images/h1.iso", "/state/.docker_uuid", "the image has no such file.");
        Assert.Equal("Agent state file '/state/.docker_uuid' in the image '/images/h1.iso': the image has no such file.", e.Message);
        Assert.Equal("/images/h1.iso", e.ImagePath);
        Assert.Equal("/state/.docker_uuid", e.FilePath);
        Assert.Equal("the image has no such file.", e.Problem);
    }
}
