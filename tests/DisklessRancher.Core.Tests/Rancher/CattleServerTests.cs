using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CattleTestServer;
using Xunit;

namespace DisklessRancher.Core.Tests.Rancher;

/// <summary>The stand-in behaves as Cattle does where a kinder server would hide a client's mistake.</summary>
public sealed class CattleServerTests : IAsyncLifetime
{
    private CattleServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await CattleServer.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_server.Url + "/v2-beta/projects/1a5/") };
        string pair = $"{CattleServer.AccountAccessKey}:{CattleServer.AccountSecretKey}";
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task HostsHaveNoHostnameFilterButAStateFilter()
    {
        _server.AddHost("1a5", "a1");
        _server.AddHost("1a5", "b1", state: "inactive");
        JsonNode all = await GetAsync("hosts?hostname=a1");
        Assert.Equal(2, all["data"]!.AsArray().Count);
        Assert.False(all["filters"]!.AsObject().ContainsKey("hostname"));
        Assert.True(all["filters"]!.AsObject().ContainsKey("name"));
        JsonNode inactive = await GetAsync("hosts?state=inactive");
        Assert.Equal("b1", Assert.Single(inactive["data"]!.AsArray())!["hostname"]!.GetValue<string>());
    }

    [Fact]
    public async Task APageHoldsAtMostAThousand()
    {
        for (int i = 0; i < 1001; i++) _server.AddHost("1a5", $"n{i}");
        JsonNode page = await GetAsync("hosts?limit=5000");
        Assert.Equal(1000, page["data"]!.AsArray().Count);
        Assert.Equal(1000, page["pagination"]!["limit"]!.GetValue<int>());
        Assert.True(page["pagination"]!["partial"]!.GetValue<bool>());
        Assert.Equal(100, (await GetAsync("hosts"))["data"]!.AsArray().Count);
    }

    [Fact]
    public async Task ActionsFollowTheStateAndAHostWithoutItsAgentStaysDeactivating()
    {
        string id = _server.AddHost("1a5", "gone", agentState: "disconnected");
        JsonNode host = await GetAsync($"hosts/{id}");
        Assert.Equal(["deactivate"], Actions(host));
        Assert.EndsWith($"/v2-beta/projects/1a5/hosts/{id}/?action=deactivate", host["actions"]!["deactivate"]!.GetValue<string>());

        using HttpResponseMessage notOffered = await _http.PostAsync($"hosts/{id}?action=remove", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notOffered.StatusCode);
        Assert.Contains("ActionNotAvailable", await notOffered.Content.ReadAsStringAsync());

        using HttpResponseMessage refused = await _http.DeleteAsync($"hosts/{id}");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, refused.StatusCode);
        Assert.Equal("", await refused.Content.ReadAsStringAsync());

        using HttpResponseMessage deactivated = await _http.PostAsync(host["actions"]!["deactivate"]!.GetValue<string>(), null);
        Assert.Equal(HttpStatusCode.Accepted, deactivated.StatusCode);
        await Task.Delay(_server.HostTransitionDelay * 2);
        JsonNode stuck = await GetAsync($"hosts/{id}");
        Assert.Equal("deactivating", stuck["state"]!.GetValue<string>());
        Assert.Empty(Actions(stuck));

        using HttpResponseMessage deleted = await _http.DeleteAsync($"hosts/{id}");
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        await Task.Delay(_server.HostTransitionDelay * 2);
        Assert.Equal("removed", _server.HostState(id));
    }

    [Fact]
    public async Task AnInactiveHostOffersActivateAndRemoveUnlessCattleWillNotRemoveIt()
    {
        string idle = _server.AddHost("1a5", "idle", state: "inactive");
        Assert.Equal(["activate", "remove"], Actions(await GetAsync($"hosts/{idle}")));
        string machine = _server.AddHost("1a5", "machine", state: "inactive", removable: false);
        Assert.Empty(Actions(await GetAsync($"hosts/{machine}")));
        using HttpResponseMessage refused = await _http.DeleteAsync($"hosts/{machine}");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, refused.StatusCode);
        Assert.Equal(0, (await refused.Content.ReadAsByteArrayAsync()).Length);
    }

    private async Task<JsonNode> GetAsync(string path) => JsonNode.Parse(await _http.GetStringAsync(path))!;

    private static string[] Actions(JsonNode resource) => resource["actions"]!.AsObject().Select(a => a.Key).ToArray();
}
