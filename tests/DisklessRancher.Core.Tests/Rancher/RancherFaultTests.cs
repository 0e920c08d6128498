using System.Diagnostics;
using CattleTestServer;
using DisklessRancher.Core.Rancher;
using Xunit;
using static DisklessRancher.Core.Tests.Rancher.RancherTestSupport;

namespace DisklessRancher.Core.Tests.Rancher;

/// <summary>Every fault a Rancher server or the network can produce, each as a typed, redacted RancherApiException.</summary>
public sealed class RancherFaultTests : IAsyncLifetime
{
    private CattleServer _server = null!;

    public async Task InitializeAsync() => _server = await CattleServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task AWrongSecretKeyIsAnAuthenticationErrorWithTheServersMessage()
    {
        using RancherClient client = Client(_server, secretKey: "wrong-" + CattleServer.AccountSecretKey);
        RancherApiException error = await Assert.ThrowsAsync<RancherApiException>(() => client.GetEnvironmentsAsync(default));
        Assert.Equal(RancherErrorKind.Authentication, error.Kind);
        Assert.Equal(401, error.StatusCode);
        Assert.Equal("Unauthorized", error.Code);
        Assert.Contains(": Unauthorized.", error.Message);
        Assert.DoesNotContain(CattleServer.AccountSecretKey, error.ToString());
    }

    [Fact]
    public async Task AReadOnlyKeyCreatingATokenIsAPermissionError()
    {
        using RancherClient client = Client(_server, accessKey: CattleServer.ReadOnlyAccessKey, secretKey: CattleServer.ReadOnlySecretKey);
        RancherEnvironment environment = await client.ResolveEnvironmentAsync(null, default);
        RancherApiException error = await Assert.ThrowsAsync<RancherApiException>(() => client.CreateRegistrationAsync(environment, default));
        Assert.Equal(RancherErrorKind.Permission, error.Kind);
        Assert.Equal(403, error.StatusCode);
        Assert.Equal("Forbidden", error.Code);
    }

    [Fact]
    public async Task AnUnknownHostIsNotFound()
    {
        using RancherClient client = Client(_server);
        RancherApiException error = await Assert.ThrowsAsync<RancherApiException>(() => client.GetHostAsync("1a5", "1h999", default));
        Assert.Equal(RancherErrorKind.NotFound, error.Kind);
        Assert.Equal(404, error.StatusCode);
        Assert.Contains("/hosts/1h999", error.Message);
    }

    [Fact]
    public async Task AValidationErrorNamesItsField()
    {
        _server.AddFault("/registrationtokens", 422, method: "POST",
            body: """{"type":"error","status":422,"code":"MissingRequired","message":"name is required","detail":null,"fieldName":"name"}""");
        using RancherClient client = Client(_server);
        RancherApiException error = await Assert.ThrowsAsync<RancherApiException>(
            () => client.CreateRegistrationAsync(new RancherEnvironment("1a5", "Default", "active"), default));
        Assert.Equal(RancherErrorKind.Validation, error.Kind);
        Assert.Equal("name", error.FieldName);
        Assert.Equal("MissingRequired", error.Code);
        Assert.Contains("field 'name'", error.Message);
    }

    [Fact]
    public async Task AnAnswerThatIsNotTheApisJsonIsAProtocolError()
    {
        _server.AddFault("/v2-beta/projects", 200, body: "<html><body>Welcome to nginx!</body></html>", contentType: "text/html");
        using RancherClient client = Client(_server);
        RancherApiException error = await Assert.ThrowsAsync<RancherApiException>(() => client.GetEnvironmentsAsync(default));
        Assert.Equal(RancherErrorKind.Protocol, error.Kind);
        Assert.Contains("text/html", error.Message);

        _server.AddFault("/v2-beta/projects", 200, body: """{"type":"project","id":"1a5"}""");
        RancherApiException notCollection = await Assert.ThrowsAsync<RancherApiException>(() => client.GetEnvironmentsAsync(default));
        Assert.Equal(RancherErrorKind.Protocol, notCollection.Kind);
    }

    [Fact]
    public async Task DeeplyNestedOrHugeAnswersAreProtocolErrors()
    {
        // A 64 MiB answer takes longer than the suite's short timeout on a busy machine; the limit, not the clock, is under test.
        using RancherClient client = Client(_server, configure: s => s.Timeout = TimeSpan.FromMinutes(2));
        // 100,000 nested arrays (200 KB) once ended the process with a stack overflow that no catch could stop.
        string deep = new string('[', 100_000) + new string(']', 100_000);
        _server.AddFault("/v2-beta/projects", 200, body: deep);
        RancherApiException nested = await Assert.ThrowsAsync<RancherApiException>(() => client.GetEnvironmentsAsync(default));
        Assert.Equal(RancherErrorKind.Protocol, nested.Kind);
        Assert.Contains("nested deeper than 64 levels", nested.Message);

        // The same as an error body: the status decides, the body is not the API's error.
        _server.AddFault("/v2-beta/projects", 500, body: deep);
        Assert.Equal(RancherErrorKind.Server, (await Assert.ThrowsAsync<RancherApiException>(() => client.GetEnvironmentsAsync(default))).Kind);

        _server.AddFault("/v2-beta/projects", 200, body: "{\"type\":\"collection\",\"data\":[]" + new string(' ', JsonReader.MaximumLength) + "}");
        RancherApiException huge = await Assert.ThrowsAsync<RancherApiException>(() => client.GetEnvironmentsAsync(default));
        Assert.Equal(RancherErrorKind.Protocol, huge.Kind);
        Assert.Contains("more than 64 MiB", huge.Message);
    }

    [Fact]
    public async Task AnEmptyErrorBodyIsNotTakenForAnotherServer()
    {
        _server.AddFault("/v2-beta/projects", 405, body: "");
        using RancherClient client = Client(_server);
        RancherApiException error = await Assert.ThrowsAsync<RancherApiException>(() => client.GetEnvironmentsAsync(default));
        Assert.Equal(405, error.StatusCode);
        Assert.Contains("with an empty body", error.Message);
        Assert.DoesNotContain("Rancher server's URL", error.Message);
    }

    [Fact]
    public async Task GatewayErrorsAreRetriedUntilTheServerAnswers()
    {
        _server.AddFault("/v2-beta/projects", 502, body: "<html>Bad Gateway</html>", contentType: "text/html");
        _server.AddFault("/v2-beta/projects", 503);
        RecordingLog log = new();
        using RancherClient client = Client(_server, log);
        Assert.Equal(2, (await client.GetEnvironmentsAsync(default)).Count);
        Assert.Equal(3, _server.Requests.Count(r => r.StartsWith("GET /v2-beta/projects?limit=1000 ")));
        Assert.Contains(log.Lines, l => l.Contains("(retry 2 of 2)"));
    }

    [Fact]
    public async Task GatewayErrorsBeyondTheRetryCountAreUnavailable()
    {
        _server.AddFault("/v2-beta/projects", 504, count: 3);
        using RancherClient client = Client(_server, configure: s => s.MaximumRetryCount = 1);
        RancherApiException error = await Assert.ThrowsAsync<RancherApiException>(() => client.GetEnvironmentsAsync(default));
        Assert.Equal(RancherErrorKind.Unavailable, error.Kind);
        Assert.Equal(504, error.StatusCode);
        Assert.Equal(2, _server.Requests.Count(r => r.StartsWith("GET /v2-beta/projects?limit=1000 ")));
    }

    [Fact]
    public async Task TooManyRequestsWaitsAsLongAsRetryAfterSays()
    {
        _server.AddFault("/v2-beta/projects", 429, retryAfter: "1");
        using RancherClient client = Client(_server);
        Stopwatch watch = Stopwatch.StartNew();
        Assert.Equal(2, (await client.GetEnvironmentsAsync(default)).Count);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(900), $"retried after {watch.Elapsed}, not after the 1 s Retry-After");
    }

    [Fact]
    public async Task ARefusedConnectionIsRetriedThenATransportError()
    {
        RecordingLog log = new();
        using RancherClient client = new(Settings($"http://127.0.0.1:{ClosedPort()}"), log);
        RancherApiException error = await Assert.ThrowsAsync<RancherApiException>(() => client.GetEnvironmentsAsync(default));
        Assert.Equal(RancherErrorKind.Transport, error.Kind);
        Assert.Equal(3, log.Lines.Count(l => l.StartsWith("VERBOSE GET ")));
    }

    [Fact]
    public async Task ASlowServerTimesOutAfterTimeout()
    {
        _server.AddFault("/v2-beta/projects", 0, delay: TimeSpan.FromSeconds(20));
        using RancherClient client = Client(_server, configure: s => s.Timeout = TimeSpan.FromMilliseconds(300));
        Stopwatch watch = Stopwatch.StartNew();
        RancherApiException error = await Assert.ThrowsAsync<RancherApiException>(() => client.GetEnvironmentsAsync(default));
        Assert.Equal(RancherErrorKind.Timeout, error.Kind);
        Assert.Contains("0.3 s", error.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task ASlowRequestStopsWhenCancelled()
    {
        _server.AddFault("/v2-beta/projects", 0, delay: TimeSpan.FromSeconds(20));
        using RancherClient client = Client(_server);
        using CancellationTokenSource cancel = new(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetEnvironmentsAsync(cancel.Token));
    }

    [Fact]
    public async Task AnUntrustedCertificateIsATlsErrorUnlessTheCheckIsSkipped()
    {
        await using CattleServer https = await CattleServer.StartAsync(https: true);
        Assert.StartsWith("https://", https.Url);
        using (RancherClient strict = new(Settings(https.Url)))
        {
            RancherApiException error = await Assert.ThrowsAsync<RancherApiException>(() => strict.GetEnvironmentsAsync(default));
            Assert.Equal(RancherErrorKind.Tls, error.Kind);
        }
        RancherConnectionSettings lenient = Settings(https.Url);
        lenient.SkipCertificateCheck = true;
        lenient.AllowUnencryptedAuthentication = false;
        using RancherClient skipping = new(lenient);
        Assert.Equal(2, (await skipping.GetEnvironmentsAsync(default)).Count);
    }

    [Fact]
    public async Task LinksToAnotherHostAreFollowedOnTheGivenServerOnly()
    {
        // A server behind a proxy may build links with its internal name: the keys must not go there.
        _server.AddFault("/v2-beta/projects", 200, body:
            """{"type":"collection","resourceType":"project","data":[],"pagination":{"next":"http://internal.invalid:9/v2-beta/projects?limit=1000&marker=m0","partial":true}}""");
        using RancherClient client = Client(_server);
        Assert.Equal(2, (await client.GetEnvironmentsAsync(default)).Count);
        Assert.Contains(_server.Requests, r => r.StartsWith("GET /v2-beta/projects?limit=1000&marker=m0 "));
    }

    [Fact]
    public void CredentialsOverPlainHttpAreRefusedUnlessAllowed()
    {
        RancherConnectionSettings settings = Settings(_server.Url);
        settings.AllowUnencryptedAuthentication = false;
        RancherApiException error = Assert.Throws<RancherApiException>(() => new RancherClient(settings));
        Assert.Equal(RancherErrorKind.UnencryptedAuthentication, error.Kind);
        using RancherClient anonymous = new(new RancherConnectionSettings(new Uri(_server.Url), null, null));
    }

    [Fact]
    public async Task NoSecretReachesALogLineOrAnErrorMessage()
    {
        RecordingLog log = new();
        using RancherClient client = Client(_server, log);
        RancherEnvironment environment = await client.ResolveEnvironmentAsync("1a5", default);
        RancherRegistration registration = await client.CreateRegistrationAsync(environment, default);
        string signed = registration.RegistrationUrl[(registration.RegistrationUrl.IndexOf("/scripts/") + "/scripts/".Length)..];
        string signature = signed.Split(':')[2];

        // A server error that echoes the registration URL and the token, and one that echoes the secret key.
        _server.AddFault("/registrationtokens", 500, body:
            $$"""{"type":"error","status":500,"code":"ServerError","message":"cannot reuse {{registration.RegistrationUrl}}","detail":"token {{signed}}"}""");
        RancherApiException echoed = await Assert.ThrowsAsync<RancherApiException>(() => client.FindActiveRegistrationAsync(environment, default));
        _server.AddFault("/v2-beta/projects", 500, body:
            $$"""{"type":"error","status":500,"code":"ServerError","message":"bad key {{CattleServer.AccountSecretKey}}"}""");
        RancherApiException withKey = await Assert.ThrowsAsync<RancherApiException>(() => client.GetEnvironmentsAsync(default));

        Assert.Contains("/v1/scripts/***", echoed.Message);
        string everything = string.Join("\n", log.Lines) + echoed + withKey + registration;
        Assert.DoesNotContain(signature, everything);
        Assert.DoesNotContain(signed, everything);
        Assert.DoesNotContain(CattleServer.AccountSecretKey, everything);
        Assert.Equal(registration.RegistrationUrl[..registration.RegistrationUrl.IndexOf("/v1/")] + "/v1/scripts/***", registration.ToString());
    }
}
