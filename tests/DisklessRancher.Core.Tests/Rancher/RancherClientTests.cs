using System.Diagnostics;
using CattleTestServer;
using DisklessRancher.Core.Rancher;
using Xunit;
using static DisklessRancher.Core.Tests.Rancher.RancherTestSupport;

namespace DisklessRancher.Core.Tests.Rancher;

public sealed class RancherClientTests : IAsyncLifetime
{
    private CattleServer _server = null!;

    public async Task InitializeAsync() => _server = await CattleServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task AnAccountKeySeesEveryEnvironmentAndMustNameOne()
    {
        using RancherClient client = Client(_server);
        IReadOnlyList<RancherEnvironment> environments = await client.GetEnvironmentsAsync(default);
        Assert.Equal(["1a5", "1a7"], environments.Select(e => e.Id));

        RancherApiException error = await Assert.ThrowsAsync<RancherApiException>(() => client.ResolveEnvironmentAsync(null, default));
        Assert.Equal(RancherErrorKind.AmbiguousEnvironment, error.Kind);
        Assert.Contains("Default (1a5)", error.Message);
        Assert.Contains("Staging (1a7)", error.Message);

        Assert.Equal("1a7", (await client.ResolveEnvironmentAsync("staging", default)).Id);
        Assert.Equal("Default", (await client.ResolveEnvironmentAsync("1a5", default)).Name);
        RancherApiException missing = await Assert.ThrowsAsync<RancherApiException>(() => client.ResolveEnvironmentAsync("Production", default));
        Assert.Equal(RancherErrorKind.NotFound, missing.Kind);
        Assert.Contains("Staging (1a7)", missing.Message);
    }

    [Fact]
    public async Task AnEnvironmentKeyNeedsNoEnvironmentName()
    {
        using RancherClient client = Client(_server, accessKey: CattleServer.EnvironmentAccessKey, secretKey: CattleServer.EnvironmentSecretKey);
        RancherEnvironment environment = await client.ResolveEnvironmentAsync(null, default);
        Assert.Equal("1a5", environment.Id);
        _server.AddHost("1a5", "h1");
        _server.AddHost("1a7", "other");
        Assert.Equal(["h1"], (await client.GetHostsAsync(environment.Id, null, default)).Select(h => h.Hostname));
    }

    [Fact]
    public async Task ATokenIsCreatedPolledUntilActiveAndThenReused()
    {
        using RancherClient client = Client(_server);
        RancherEnvironment environment = await client.ResolveEnvironmentAsync("Default", default);
        Assert.Null(await client.FindActiveRegistrationAsync(environment, default));

        RancherRegistration created = await client.CreateRegistrationAsync(environment, default);
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/v1/scripts/[0-9A-F]{20}:\d{13}:[A-Za-z0-9]{27}$", created.RegistrationUrl);
        Assert.Equal("rancher/agent:v1.2.11", created.Image);
        Assert.EndsWith(created.RegistrationUrl, created.Command);
        Assert.Equal("1a5", created.EnvironmentId);
        Assert.Equal("Default", created.EnvironmentName);
        Assert.Contains(_server.Requests, r => r.StartsWith($"GET /v2-beta/projects/1a5/registrationtokens/{created.TokenId} "));

        RancherRegistration? reused = await client.FindActiveRegistrationAsync(environment, default);
        Assert.NotNull(reused);
        Assert.Equal(created.TokenId, reused.TokenId);
        Assert.Equal(created.RegistrationUrl, reused.RegistrationUrl);
        Assert.Equal(1, _server.Requests.Count(r => r.StartsWith("POST ")));
    }

    [Fact]
    public async Task ATokenThatNeverActivatesTimesOutWithItsState()
    {
        _server.TokenActivationDelay = TimeSpan.FromHours(1);
        using RancherClient client = Client(_server, configure: s => s.TransitionTimeout = TimeSpan.FromMilliseconds(300));
        RancherEnvironment environment = await client.ResolveEnvironmentAsync("1a5", default);
        RancherApiException error = await Assert.ThrowsAsync<RancherApiException>(() => client.CreateRegistrationAsync(environment, default));
        Assert.Equal(RancherErrorKind.Timeout, error.Kind);
        Assert.Contains("registering", error.Message);
    }

    [Fact]
    public async Task HostsArePagedFilteredAndFreeOfRemovedOnes()
    {
        _server.MaxPageSize = 2;
        for (int i = 1; i <= 5; i++) _server.AddHost("1a5", $"node{i}", labels: new Dictionary<string, string> { ["rack"] = $"r{i}" }, agentIpAddress: $"10.0.0.{i}");
        _server.AddHost("1a5", "gone", state: "removed");
        using RancherClient client = Client(_server);

        IReadOnlyList<RancherHost> hosts = await client.GetHostsAsync("1a5", null, default);
        Assert.Equal(["node1", "node2", "node3", "node4", "node5"], hosts.Select(h => h.Hostname));
        Assert.Equal(3, _server.Requests.Count(r => r.StartsWith("GET /v2-beta/projects/1a5/hosts")));
        Assert.Contains(_server.Requests, r => r.Contains("marker=m4"));
        RancherHost third = hosts[2];
        Assert.Equal("r3", third.Labels["rack"]);
        Assert.Equal("10.0.0.3", third.AgentIpAddress);
        Assert.Equal("active", third.State);
        Assert.StartsWith("1ph", third.PhysicalHostId);
        Assert.Equal("1a5", third.EnvironmentId);
        Assert.NotNull(third.Created);

        IReadOnlyList<RancherHost> one = await client.GetHostsAsync("1a5", "NODE4", default);
        Assert.Equal("node4", Assert.Single(one).Hostname);
        Assert.DoesNotContain(_server.Requests, r => r.Contains("hostname="));
    }

    [Fact]
    public async Task AHostOfAThousandIsFoundInOneRequestWithoutAHostnameFilter()
    {
        for (int i = 0; i < 1000; i++) _server.AddHost("1a5", $"node{i:0000}");
        using RancherClient client = Client(_server);

        RancherHost found = Assert.Single(await client.GetHostsAsync("1a5", "node0999", default));
        Assert.Equal("node0999", found.Hostname);
        Assert.Equal(["GET /v2-beta/projects/1a5/hosts?limit=1000 auth=" + CattleServer.AccountAccessKey], _server.ApiRequests);

        RancherHost waited = await client.WaitForActiveHostAsync("1a5", "node0500", TimeSpan.FromSeconds(5), null, default);
        Assert.Equal("node0500", waited.Hostname);
        Assert.Equal(2, _server.ApiRequests.Count);
    }

    [Fact]
    public async Task DuplicatesAreHostnamesRegisteredMoreThanOnce()
    {
        string first = _server.AddHost("1a5", "h1", agentState: "disconnected");
        _server.AddHost("1a5", "h2");
        string second = _server.AddHost("1a5", "H1");
        _server.AddHost("1a5", "h2", state: "removed");
        using RancherClient client = Client(_server);
        IReadOnlyList<RancherHost> duplicates = RancherClient.FindDuplicates(await client.GetHostsAsync("1a5", null, default));
        Assert.Equal([first, second], duplicates.Select(h => h.Id));
        Assert.Equal("disconnected", duplicates[0].DisplayState);
    }

    [Fact]
    public async Task RemovingAHostDeactivatesThroughItsActionLinkWaitsUntilInactiveThenDeletes()
    {
        string id = _server.AddHost("1a5", "stale");
        using RancherClient client = Client(_server);
        List<string?> seen = [];
        RancherHost removed = await client.RemoveHostAsync("1a5", id, false, new Progress(h => seen.Add(h.State)), default);

        Assert.Equal("removing", removed.State);
        Assert.Contains("deactivating", seen);
        Assert.Contains("inactive", seen);
        Assert.Equal([$"POST /v2-beta/projects/1a5/hosts/{id}/?action=deactivate auth={CattleServer.AccountAccessKey}",
            $"DELETE /v2-beta/projects/1a5/hosts/{id} auth={CattleServer.AccountAccessKey}"], Writes());
        await Task.Delay(_server.HostTransitionDelay + TimeSpan.FromMilliseconds(100));
        Assert.Equal("removed", _server.HostState(id));
        Assert.Empty(await client.GetHostsAsync("1a5", "stale", default));
    }

    [Fact]
    public async Task AnInactiveHostIsDeletedWithoutDeactivation()
    {
        string id = _server.AddHost("1a5", "idle", state: "inactive", agentState: "disconnected");
        using RancherClient client = Client(_server);
        Assert.Equal("removing", (await client.RemoveHostAsync("1a5", id, false, null, default)).State);
        Assert.Equal([$"DELETE /v2-beta/projects/1a5/hosts/{id} auth={CattleServer.AccountAccessKey}"], Writes());
    }

    [Fact]
    public async Task AHostWhoseAgentIsGoneIsLeftAloneUnlessForcedThenDeletedWhileDeactivating()
    {
        string id = _server.AddHost("1a5", "ghost", agentState: "disconnected");
        using RancherClient client = Client(_server, configure: s => s.TransitionTimeout = TimeSpan.FromMinutes(1));

        RancherApiException stuck = await Assert.ThrowsAsync<RancherApiException>(() => client.RemoveHostAsync("1a5", id, false, null, default));
        Assert.Equal(RancherErrorKind.HostStuck, stuck.Kind);
        Assert.Contains("its agent is disconnected", stuck.Message);
        Assert.Empty(Writes());
        Assert.Equal("active", _server.HostState(id));

        Stopwatch watch = Stopwatch.StartNew();
        RancherHost removed = await client.RemoveHostAsync("1a5", id, true, null, default);
        Assert.Equal("removing", removed.State);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"forced removal waited {watch.Elapsed}");
        Assert.Equal([$"POST /v2-beta/projects/1a5/hosts/{id}/?action=deactivate auth={CattleServer.AccountAccessKey}",
            $"DELETE /v2-beta/projects/1a5/hosts/{id} auth={CattleServer.AccountAccessKey}"], Writes());
    }

    [Fact]
    public async Task AHostLeftDeactivatingWithoutItsAgentIsDeletedAtOnceWhenForced()
    {
        string id = _server.AddHost("1a5", "left", state: "deactivating", agentState: "reconnecting");
        using RancherClient client = Client(_server, configure: s => s.TransitionTimeout = TimeSpan.FromMinutes(1));
        RancherApiException stuck = await Assert.ThrowsAsync<RancherApiException>(() => client.RemoveHostAsync("1a5", id, false, null, default));
        Assert.Equal(RancherErrorKind.HostStuck, stuck.Kind);
        Assert.Contains("its agent is reconnecting", stuck.Message);

        Assert.Equal("removing", (await client.RemoveHostAsync("1a5", id, true, null, default)).State);
        Assert.Equal([$"DELETE /v2-beta/projects/1a5/hosts/{id} auth={CattleServer.AccountAccessKey}"], Writes());
    }

    [Fact]
    public async Task AHostThatStaysDeactivatingFailsAtTheTransitionTimeoutUnlessForced()
    {
        _server.HostTransitionDelay = TimeSpan.FromHours(1);
        string id = _server.AddHost("1a5", "slow");
        using RancherClient client = Client(_server, configure: s => s.TransitionTimeout = TimeSpan.FromMilliseconds(300));

        RancherApiException stuck = await Assert.ThrowsAsync<RancherApiException>(() => client.RemoveHostAsync("1a5", id, false, null, default));
        Assert.Equal(RancherErrorKind.HostStuck, stuck.Kind);
        Assert.Contains("last state seen: deactivating", stuck.Message);
        Assert.Equal("deactivating", _server.HostState(id));

        // No deactivate is offered any more; DELETE is what the API accepts while deactivating.
        Assert.Equal("removing", (await client.RemoveHostAsync("1a5", id, true, null, default)).State);
        Assert.Equal([$"POST /v2-beta/projects/1a5/hosts/{id}/?action=deactivate auth={CattleServer.AccountAccessKey}",
            $"DELETE /v2-beta/projects/1a5/hosts/{id} auth={CattleServer.AccountAccessKey}"], Writes());
    }

    [Fact]
    public async Task ARefusedDeletionNamesTheHostAndItsState()
    {
        string id = _server.AddHost("1a5", "machine1", state: "inactive", removable: false);
        using RancherClient client = Client(_server);
        RancherApiException refused = await Assert.ThrowsAsync<RancherApiException>(() => client.RemoveHostAsync("1a5", id, true, null, default));
        Assert.Equal(RancherErrorKind.Refused, refused.Kind);
        Assert.Equal(405, refused.StatusCode);
        Assert.StartsWith($"Rancher refused to remove host machine1 ({id}) in state inactive: DELETE ", refused.Message);
        Assert.DoesNotContain("Rancher server's URL", refused.Message);
        Assert.Equal([$"DELETE /v2-beta/projects/1a5/hosts/{id} auth={CattleServer.AccountAccessKey}"], Writes());

        // An active host that offers no deactivate (its agent gone) is not deactivated: the DELETE is refused.
        string locked = _server.AddHost("1a5", "machine2", agentState: "disconnected", removable: false);
        RancherApiException active = await Assert.ThrowsAsync<RancherApiException>(() => client.RemoveHostAsync("1a5", locked, true, null, default));
        Assert.StartsWith($"Rancher refused to remove host machine2 ({locked}) in state active (agent disconnected): DELETE ", active.Message);
        Assert.DoesNotContain(_server.ApiRequests, r => r.StartsWith("POST "));
    }

    [Fact]
    public async Task WaitingForAHostReportsItsStatesUntilActive()
    {
        _server.AddHost("1a5", "booting", activeAfterReads: 2);
        using RancherClient client = Client(_server);
        List<string> states = [];
        RancherHost host = await client.WaitForActiveHostAsync("1a5", "booting", TimeSpan.FromSeconds(5),
            new WaitProgress(s => states.Add(s.StateText)), default);
        Assert.Equal("active", host.State);
        Assert.Equal(["registering", "registering", "active"], states);
    }

    [Fact]
    public async Task WaitingTimesOutWithTheLastStateSeen()
    {
        _server.AddHost("1a5", "stuck", agentState: "reconnecting");
        using RancherClient client = Client(_server);
        RancherApiException error = await Assert.ThrowsAsync<RancherApiException>(
            () => client.WaitForActiveHostAsync("1a5", "stuck", TimeSpan.FromMilliseconds(300), null, default));
        Assert.Equal(RancherErrorKind.Timeout, error.Kind);
        Assert.Contains("last state seen: reconnecting", error.Message);

        RancherApiException absent = await Assert.ThrowsAsync<RancherApiException>(
            () => client.WaitForActiveHostAsync("1a5", "nowhere", TimeSpan.FromMilliseconds(100), null, default));
        Assert.Contains("not registered", absent.Message);
    }

    [Fact]
    public async Task WaitingStopsWhenCancelled()
    {
        _server.AddHost("1a5", "slow", activeAfter: TimeSpan.FromHours(1));
        using RancherClient client = Client(_server);
        using CancellationTokenSource cancel = new(TimeSpan.FromMilliseconds(200));
        Stopwatch watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => client.WaitForActiveHostAsync("1a5", "slow", TimeSpan.FromMinutes(1), null, cancel.Token));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    private string[] Writes() => _server.ApiRequests.Where(r => !r.StartsWith("GET ")).ToArray();

    private sealed class Progress(Action<RancherHost> report) : IProgress<RancherHost>
    {
        public void Report(RancherHost value) => report(value);
    }

    private sealed class WaitProgress(Action<RancherHostWaitStatus> report) : IProgress<RancherHostWaitStatus>
    {
        public void Report(RancherHostWaitStatus value) => report(value);
    }
}
