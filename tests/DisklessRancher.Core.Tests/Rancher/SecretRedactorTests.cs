using DisklessRancher.Core.Rancher;
using Xunit;

namespace DisklessRancher.Core.Tests.Rancher;

public sealed class SecretRedactorTests
{
    private const string Token = "9D2BE0FF442EB1B3B533:1514678400000:aaBBcDE1fghiJKlM2nO3P4qR4s5";

    [Theory]
    [InlineData("http://172.16.46.5:8080/v1/scripts/" + Token, "http://172.16.46.5:8080/v1/scripts/***")]
    [InlineData("https://rancher.example.org/v1/scripts/" + Token, "https://rancher.example.org/v1/scripts/***")]
    [InlineData("https://user:pw@rancher.example.org:8443/v1/scripts/" + Token, "https://rancher.example.org:8443/v1/scripts/***")]
    public void ARegistrationUrlShowsOnlyItsServer(string url, string expected) =>
        Assert.Equal(expected, SecretRedactor.RedactRegistrationUrl(url));

    [Fact]
    public void TextLosesSignedSegmentsBareTokensUserInfoAndKnownSecrets()
    {
        string text = $"docker run rancher/agent:v1.2.11 http://h:8080/v1/scripts/{Token}; token {Token}; https://ak:sk@h/x; key s3cr3tValue";
        string redacted = SecretRedactor.Redact(text, "s3cr3tValue");
        Assert.Equal("docker run rancher/agent:v1.2.11 http://h:8080/v1/scripts/***; token ***; https://***@h/x; key ***", redacted);
    }

    [Fact]
    public void TextWithoutSecretsIsUnchanged()
    {
        const string text = "GET http://127.0.0.1:8080/v2-beta/projects/1a5/hosts?hostname=h1 -> 200 OK at 12:30:45";
        Assert.Equal(text, SecretRedactor.Redact(text));
    }
}
