using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CattleTestServer;

/// <summary>
/// A Rancher Server 1.6 API on 127.0.0.1 (random port) speaking the documented Cattle shapes: Basic auth with
/// account, environment and read-only keys; projects; registration tokens (registering -> active); hosts
/// (active -> deactivating -> inactive -> removing -> removed) with the filters Cattle has, pagination, the
/// actions each state offers, and the answers Cattle gives where it is less kind than a client would wish
/// (unknown filters ignored, refused deletions as a bare 405, hosts stuck in deactivating); error bodies.
/// Faults (status, body, Retry-After, delay) are queued through /_test/faults, hosts added through /_test/hosts.
/// </summary>
public sealed class CattleServer : IAsyncDisposable
{
    public const string AccountAccessKey = "A1B2C3D4E5F6A7B8C9D0";
    public const string AccountSecretKey = "acctSECRETk3y9VqZrTn5Lw2XyPa7Mb4Hd8Gs6Jf";
    public const string EnvironmentAccessKey = "E1E2E3E4E5E6E7E8E9E0";
    public const string EnvironmentSecretKey = "envSECRETk3y2RtYu8Io0Pa9Sd7Fg5Hj3Kl1Zx";
    public const string ReadOnlyAccessKey = "R1R2R3R4R5R6R7R8R9R0";
    public const string ReadOnlySecretKey = "roSECRETk3y4Qw6Er8Ty0Ui2Op4As6Df8Gh0Jk";

    private readonly WebApplication _app;
    private readonly object _lock = new();
    private readonly List<Project> _projects = [new("1a5", "Default"), new("1a7", "Staging")];
    private readonly Dictionary<string, Key> _keys = new()
    {
        [AccountAccessKey] = new(AccountSecretKey, null, false),
        [EnvironmentAccessKey] = new(EnvironmentSecretKey, "1a5", false),
        [ReadOnlyAccessKey] = new(ReadOnlySecretKey, "1a5", true),
    };
    private readonly List<Token> _tokens = [];
    private readonly List<Host> _hosts = [];
    private readonly List<Fault> _faults = [];

    // The query parameters Cattle filters a collection by; any other is ignored, not rejected (it is not known
    // whether real Cattle rejects one, so clients must not send them). Hosts: `name` is a filter and `hostname`
    // is not (rancher/rancher#4258); `state` (#4258's list_host call), `physicalHostId` (the capture in
    // rancher/rancher#9244) and `agentId` are. Registration tokens: `state` (rancher/rancher agent
    // resolve_url.py's list_registrationToken(state='active')) and `accountId` (go-machine-service).
    private static readonly Dictionary<string, string[]> CollectionFilters = new()
    {
        ["project"] = ["name", "state"],
        ["registrationToken"] = ["state", "accountId", "name"],
        ["host"] = ["name", "state", "agentId", "physicalHostId", "accountId", "uuid"],
    };
    private readonly ConcurrentQueue<string> _requests = new();
    private int _nextId = 10;

    private CattleServer(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    /// <summary>The most items a page holds, whatever limit the client asks for (Cattle: 1000).</summary>
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>How long a new registration token stays "registering".</summary>
    public TimeSpan TokenActivationDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>How long "deactivating" and "removing" last.</summary>
    public TimeSpan HostTransitionDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Every request seen, as "METHOD /path?query auth=ACCESSKEY|none".</summary>
    public IReadOnlyCollection<string> Requests => _requests;

    /// <summary>Requests of the API (not of /_test), as <see cref="Requests"/> lists them.</summary>
    public IReadOnlyList<string> ApiRequests => _requests.Where(r => !r.Contains(" /_test/", StringComparison.Ordinal)).ToList();

    public static async Task<CattleServer> StartAsync(bool https = false)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (https) listen.UseHttps(SelfSignedCertificate());
        }));
        WebApplication app = builder.Build();
        CattleServer server = new(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.Url = app.Urls.First().TrimEnd('/');
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        using CancellationTokenSource stopping = new(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }

    public void AddProject(string id, string name)
    {
        lock (_lock) _projects.Add(new Project(id, name));
    }

    /// <summary>
    /// Registers a host as an agent would. With <paramref name="activeAfter"/> it is "registering" until then; with
    /// <paramref name="activeAfterReads"/> it is "registering" in that many API answers, then "active". An
    /// <paramref name="agentState"/> other than null or active means the agent is gone: deactivating never ends.
    /// A host that is not <paramref name="removable"/> offers no action and refuses DELETE, as the machine-driver
    /// hosts of rancher/rancher#11396 did.
    /// </summary>
    public string AddHost(string projectId, string hostname, string state = "active", string? agentState = null,
        string? agentIpAddress = null, IDictionary<string, string>? labels = null, TimeSpan? activeAfter = null, int? activeAfterReads = null,
        bool removable = true)
    {
        lock (_lock)
        {
            Host host = new($"1h{_nextId++}", projectId, hostname)
            {
                State = activeAfter is null && activeAfterReads is null ? state : "registering",
                AgentState = agentState,
                AgentIpAddress = agentIpAddress,
                Labels = new Dictionary<string, string>(labels ?? new Dictionary<string, string>()),
                PhysicalHostId = $"1ph{_nextId++}",
                Created = DateTimeOffset.UtcNow.AddSeconds(_hosts.Count),
                TransitionAt = activeAfter is null ? null : DateTimeOffset.UtcNow + activeAfter,
                ReadsUntilActive = activeAfterReads,
                Removable = removable,
            };
            _hosts.Add(host);
            return host.Id;
        }
    }

    public string? HostState(string id)
    {
        lock (_lock) return _hosts.FirstOrDefault(h => h.Id == id) is { } host ? Advance(host).State : null;
    }

    /// <summary>The next <paramref name="count"/> requests whose path contains <paramref name="pathContains"/> get this answer.</summary>
    public void AddFault(string pathContains, int status, int count = 1, string? body = null, string contentType = "application/json",
        string? retryAfter = null, TimeSpan? delay = null, string? method = null)
    {
        lock (_lock) _faults.Add(new Fault(method, pathContains, status, body, contentType, retryAfter, delay) { Remaining = count });
    }

    private async Task HandleAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        string path = request.Path.Value ?? "/";
        Key? key = Authenticate(request, out string? accessKey);
        _requests.Enqueue($"{request.Method} {path}{request.QueryString} auth={accessKey ?? "none"}");

        if (path.StartsWith("/_test/", StringComparison.Ordinal))
        {
            await ControlAsync(context, path);
            return;
        }

        Fault? fault = TakeFault(request.Method, path + request.QueryString);
        if (fault is not null)
        {
            if (fault.Delay is { } delay)
            {
                try { await Task.Delay(delay, context.RequestAborted); }
                catch (OperationCanceledException) { return; }
            }
            if (fault.Status > 0)
            {
                if (fault.RetryAfter is not null) context.Response.Headers.RetryAfter = fault.RetryAfter;
                await WriteAsync(context, fault.Status, fault.Body ?? ErrorBody(fault.Status, StatusCode(fault.Status), StatusCode(fault.Status)), fault.ContentType);
                return;
            }
        }

        if (key is null)
        {
            await WriteErrorAsync(context, 401, "Unauthorized", "Unauthorized");
            return;
        }
        JsonNode? answer;
        int status = 200;
        lock (_lock)
        {
            (status, answer) = Route(request, path, key);
        }
        await WriteAsync(context, status, answer?.ToJsonString() ?? "", "application/json");
    }

    private (int, JsonNode?) Route(HttpRequest request, string path, Key key)
    {
        string[] parts = path.Trim('/').Split('/');
        if (parts.Length < 2 || parts[0] != "v2-beta") return Error(404, "NotFound", "Not Found");
        string baseUrl = $"{request.Scheme}://{request.Host}/v2-beta";

        if (parts.Length == 2 && parts[1] == "projects" && request.Method == "GET")
        {
            IEnumerable<JsonNode> visible = _projects.Where(p => key.ProjectId is null || p.Id == key.ProjectId).Select(p => ProjectJson(p, baseUrl));
            return (200, Collection("project", $"{baseUrl}/projects", visible.ToList(), request));
        }

        // /v2-beta/projects/{id}/<rest> or, for an environment key, /v2-beta/<rest>.
        string projectId;
        string[] rest;
        if (parts[1] == "projects" && parts.Length >= 3)
        {
            projectId = parts[2];
            if (!_projects.Any(p => p.Id == projectId) || (key.ProjectId is not null && key.ProjectId != projectId))
            {
                return Error(404, "NotFound", "Not Found");
            }
            rest = parts[3..];
        }
        else if (key.ProjectId is not null)
        {
            projectId = key.ProjectId;
            rest = parts[1..];
        }
        else return Error(404, "NotFound", "Not Found");

        string projectUrl = $"{baseUrl}/projects/{projectId}";
        if (rest.Length == 0) return (200, ProjectJson(_projects.First(p => p.Id == projectId), baseUrl));
        bool write = request.Method != "GET";
        if (write && key.ReadOnly) return Error(403, "Forbidden", "Forbidden");

        switch (rest[0])
        {
            case "registrationtokens" when rest.Length == 1 && request.Method == "GET":
                return (200, Collection("registrationToken", $"{projectUrl}/registrationtokens",
                    _tokens.Where(t => t.ProjectId == projectId).Select(t => TokenJson(Advance(t), projectUrl, request)).ToList(), request));
            case "registrationtokens" when rest.Length == 1 && request.Method == "POST":
                Token token = new($"1c{_nextId++}", projectId, NewRegistrationToken()) { ActiveAt = DateTimeOffset.UtcNow + TokenActivationDelay };
                _tokens.Add(token);
                return (201, TokenJson(token, projectUrl, request));
            case "registrationtokens" when rest.Length == 2 && request.Method == "GET":
                return _tokens.FirstOrDefault(t => t.ProjectId == projectId && t.Id == rest[1]) is { } found
                    ? (200, TokenJson(Advance(found), projectUrl, request))
                    : Error(404, "NotFound", "Not Found");
            case "hosts" when rest.Length == 1 && request.Method == "GET":
                // A host counts as read (activeAfterReads) when it is on the page served, not when filtered.
                return (200, Collection("host", $"{projectUrl}/hosts", _hosts
                    .Where(h => h.ProjectId == projectId)
                    .Select(h => HostJson(Advance(h), projectUrl)).ToList(), request,
                    served => HostJson(Read(_hosts.First(h => h.Id == served["id"]!.ToString())), projectUrl)));
            case "hosts" when rest.Length == 2:
                Host? host = _hosts.FirstOrDefault(h => h.ProjectId == projectId && h.Id == rest[1]);
                if (host is null) return Error(404, "NotFound", "Not Found");
                Read(Advance(host));
                return HostOperation(request, host, projectUrl);
        }
        return Error(404, "NotFound", "Not Found");
    }

    private (int, JsonNode?) HostOperation(HttpRequest request, Host host, string projectUrl)
    {
        switch (request.Method)
        {
            case "GET":
                return (200, HostJson(host, projectUrl));
            case "POST":
                // An action the resource does not offer in its state is refused (gdapi's ActionNotAvailable);
                // go-rancher v2 doAction never sends one, since it posts only to the resource's actions links.
                string action = request.Query["action"].ToString();
                if (!HostActions(host).Contains(action)) return Error(422, "ActionNotAvailable", "Action not available", "action");
                return action switch
                {
                    "deactivate" => (202, HostJson(Deactivate(host), projectUrl)),
                    "activate" => (202, HostJson(Transition(host, "activating"), projectUrl)),
                    _ => (202, HostJson(Transition(host, "removing"), projectUrl)),
                };
            case "DELETE":
                if (host.State is "removed" or "removing") return (200, HostJson(host, projectUrl));
                // "The intent of the API is that DELETE always works" and it does from deactivating
                // (rancher/rancher#1098, #701): it runs Cattle's host.remove, whose start states are these. From
                // any other state, or for a host Cattle will not remove (rancher/rancher#11396), the answer is
                // 405 Method Not Allowed with an empty body (rancher/rancher#6376: "Body: []").
                if (!host.Removable || !HostRemoveStartStates.Contains(host.State)) return (405, null);
                return (202, HostJson(Transition(host, "removing"), projectUrl));
        }
        return (405, null);
    }

    // Cattle's host.remove process may start from these states (its process definitions); not from active.
    private static readonly string[] HostRemoveStartStates =
        ["erroring", "error", "requested", "inactive", "activating", "deactivating", "registering", "updating-active", "updating-inactive", "provisioning"];

    /// <summary>
    /// The actions a host offers in its state, as Cattle lists them in each resource's `actions` (go-rancher v2
    /// generated_host.go: activate, deactivate, remove and others the stand-in does not implement). `remove` is
    /// not offered from deactivating although DELETE works there (rancher/rancher#1098).
    /// </summary>
    private static string[] HostActions(Host host) => !host.Removable ? [] : host.State switch
    {
        "active" or "activating" or "updating-active" => ["deactivate"],
        "inactive" => ["activate", "remove"],
        "registering" or "error" or "erroring" or "requested" or "provisioning" => ["remove"],
        _ => [],
    };

    private Host Deactivate(Host host)
    {
        host.State = "deactivating";
        // Deactivation waits for the agent; a host whose agent is gone stays deactivating (rancher/rancher#1098,
        // #701: a stopped machine "stuck in deactivating for ever").
        bool agentConnected = host.AgentState is null or "active";
        host.TransitionAt = agentConnected ? DateTimeOffset.UtcNow + HostTransitionDelay : null;
        return host;
    }

    private Host Transition(Host host, string state)
    {
        host.State = state;
        host.TransitionAt = DateTimeOffset.UtcNow + HostTransitionDelay;
        return host;
    }

    private Host Advance(Host host)
    {
        if (host.TransitionAt is { } at && DateTimeOffset.UtcNow >= at)
        {
            host.State = host.State switch
            {
                "registering" or "activating" => "active",
                "deactivating" => "inactive",
                "removing" => "removed",
                _ => host.State,
            };
            host.TransitionAt = null;
        }
        return host;
    }

    private static Host Read(Host host)
    {
        if (host.ReadsUntilActive is { } reads)
        {
            host.ReadsUntilActive = reads - 1;
            if (reads == 0)
            {
                host.State = "active";
                host.ReadsUntilActive = null;
            }
        }
        return host;
    }

    private static Token Advance(Token token)
    {
        if (token.State == "registering" && DateTimeOffset.UtcNow >= token.ActiveAt) token.State = "active";
        return token;
    }

    private JsonObject Collection(string resourceType, string selfUrl, List<JsonNode> all, HttpRequest request, Func<JsonNode, JsonNode>? serve = null)
    {
        // Field filters: every query parameter that names one of the type's filters must match it exactly.
        string[] known = CollectionFilters[resourceType];
        List<KeyValuePair<string, string>> filters = request.Query.Where(q => known.Contains(q.Key))
            .Select(q => KeyValuePair.Create(q.Key, q.Value.ToString())).ToList();
        List<JsonNode> matching = all.Where(item => filters.All(f => item[f.Key]?.ToString() == f.Value)).ToList();

        // 100 a page unless asked; at most 1000 (the API documentation's maximum `limit`).
        int limit = int.TryParse(request.Query["limit"], out int asked) && asked > 0 ? asked : 100;
        limit = Math.Min(limit, MaxPageSize);
        int start = request.Query["marker"].ToString() is { Length: > 1 } marker && int.TryParse(marker[1..], out int m) ? m : 0;
        List<JsonNode> page = matching.Skip(start).Take(limit).ToList();
        bool partial = start + limit < matching.Count;
        string query = string.Join("&", filters.Select(f => $"{f.Key}={Uri.EscapeDataString(f.Value)}"));
        string PageUrl(int at) => $"{selfUrl}?{(query.Length > 0 ? query + "&" : "")}limit={limit}&marker=m{at}";

        // Cattle lists every filter the type has, null where unused (the api-spec collection shape).
        JsonObject filterObject = new();
        foreach (string name in known) filterObject[name] = null;
        foreach (KeyValuePair<string, string> f in filters) filterObject[f.Key] = new JsonArray(new JsonObject { ["modifier"] = "eq", ["value"] = f.Value });
        return new JsonObject
        {
            ["type"] = "collection",
            ["resourceType"] = resourceType,
            ["links"] = new JsonObject { ["self"] = selfUrl },
            ["createTypes"] = new JsonObject(),
            ["actions"] = new JsonObject(),
            ["data"] = new JsonArray(page.Select(p => serve?.Invoke(p) ?? p.DeepClone()).ToArray()),
            ["sortLinks"] = new JsonObject { ["created"] = $"{selfUrl}?sort=created", ["name"] = $"{selfUrl}?sort=name" },
            ["pagination"] = new JsonObject
            {
                ["first"] = start > 0 ? PageUrl(0) : null,
                ["previous"] = start > 0 ? PageUrl(Math.Max(0, start - limit)) : null,
                ["next"] = partial ? PageUrl(start + limit) : null,
                ["limit"] = limit,
                ["total"] = null,
                ["partial"] = partial,
            },
            ["sort"] = null,
            ["filters"] = filterObject,
        };
    }

    private static JsonNode ProjectJson(Project project, string baseUrl) => new JsonObject
    {
        ["id"] = project.Id,
        ["type"] = "project",
        ["links"] = new JsonObject
        {
            ["self"] = $"{baseUrl}/projects/{project.Id}",
            ["hosts"] = $"{baseUrl}/projects/{project.Id}/hosts",
            ["registrationTokens"] = $"{baseUrl}/projects/{project.Id}/registrationtokens",
        },
        ["baseType"] = "project",
        ["name"] = project.Name,
        ["state"] = "active",
        ["orchestration"] = "cattle",
        ["hostRemoveDelaySeconds"] = null,
    };

    private static JsonNode TokenJson(Token token, string projectUrl, HttpRequest request)
    {
        JsonObject json = new()
        {
            ["id"] = token.Id,
            ["type"] = "registrationToken",
            ["links"] = new JsonObject { ["self"] = $"{projectUrl}/registrationtokens/{token.Id}", ["account"] = $"{projectUrl}/registrationtokens/{token.Id}/account" },
            ["actions"] = new JsonObject { ["deactivate"] = $"{projectUrl}/registrationtokens/{token.Id}/?action=deactivate" },
            ["baseType"] = "credential",
            ["kind"] = "registrationToken",
            ["accountId"] = token.ProjectId,
            ["name"] = null,
            ["state"] = token.State,
        };
        if (token.State == "active")
        {
            // Cattle builds the registration URL from the request's own host, under /v1/scripts/.
            string url = $"{request.Scheme}://{request.Host}/v1/scripts/{token.Value}";
            json["token"] = token.Value;
            json["registrationUrl"] = url;
            json["image"] = "rancher/agent:v1.2.11";
            json["command"] = $"sudo docker run --rm --privileged -v /var/run/docker.sock:/var/run/docker.sock -v /var/lib/rancher:/var/lib/rancher rancher/agent:v1.2.11 {url}";
        }
        return json;
    }

    private static JsonNode HostJson(Host host, string projectUrl)
    {
        JsonObject labels = new();
        foreach (KeyValuePair<string, string> label in host.Labels) labels[label.Key] = label.Value;
        // Action links have the shape Cattle gives them: ".../hosts/1h1/?action=deactivate".
        JsonObject actions = new();
        foreach (string action in HostActions(host)) actions[action] = $"{projectUrl}/hosts/{host.Id}/?action={action}";
        return new JsonObject
        {
            ["id"] = host.Id,
            ["type"] = "host",
            ["links"] = new JsonObject { ["self"] = $"{projectUrl}/hosts/{host.Id}" },
            ["actions"] = actions,
            ["baseType"] = "host",
            ["accountId"] = host.ProjectId,
            ["name"] = null,
            ["hostname"] = host.Hostname,
            ["uuid"] = host.Uuid,
            ["state"] = host.State,
            ["agentState"] = host.AgentState,
            ["agentId"] = $"1a{host.Id[2..]}",
            ["agentIpAddress"] = host.AgentIpAddress,
            ["physicalHostId"] = host.PhysicalHostId,
            ["labels"] = labels,
            ["created"] = host.Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
            ["createdTS"] = host.Created.ToUnixTimeMilliseconds(),
            ["removed"] = host.State == "removed" ? DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'") : null,
            ["transitioning"] = host.TransitionAt is null ? "no" : "yes",
        };
    }

    private Key? Authenticate(HttpRequest request, out string? accessKey)
    {
        accessKey = null;
        string header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
        string pair;
        try { pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim())); }
        catch (FormatException) { return null; }
        int colon = pair.IndexOf(':');
        if (colon < 0) return null;
        accessKey = pair[..colon];
        return _keys.TryGetValue(accessKey, out Key? key) && key.Secret == pair[(colon + 1)..] ? key : null;
    }

    private Fault? TakeFault(string method, string pathAndQuery)
    {
        lock (_lock)
        {
            Fault? fault = _faults.FirstOrDefault(f => f.Remaining > 0 && (f.Method is null || f.Method == method) && pathAndQuery.Contains(f.PathContains, StringComparison.Ordinal));
            if (fault is not null) fault.Remaining--;
            return fault;
        }
    }

    /// <summary>Test control: POST /_test/hosts {projectId, hostname, state, agentState, agentIpAddress, labels, activeAfterMs, activeAfterReads,
    /// removable, count}, POST /_test/faults {path, status, count, body, contentType, retryAfter, delayMs, method}, GET /_test/hosts/{id} (state),
    /// GET /_test/requests (the API requests seen, oldest first).</summary>
    private async Task ControlAsync(HttpContext context, string path)
    {
        JsonElement body = context.Request.ContentLength > 0 || context.Request.Method == "POST"
            ? (await JsonDocument.ParseAsync(context.Request.Body)).RootElement : default;
        string? Text(string name) => body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out JsonElement v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : null;
        int? Number(string name) => int.TryParse(Text(name), out int n) ? n : null;

        if (path == "/_test/hosts" && context.Request.Method == "POST")
        {
            Dictionary<string, string>? labels = body.TryGetProperty("labels", out JsonElement l) && l.ValueKind == JsonValueKind.Object
                ? l.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString()) : null;
            // With count, that many hosts named hostname0000, hostname0001, ...
            int? count = Number("count");
            string hostname = Text("hostname") ?? "host";
            string[] ids = Enumerable.Range(0, count ?? 1).Select(i => AddHost(Text("projectId") ?? "1a5", count is null ? hostname : $"{hostname}{i:0000}",
                Text("state") ?? "active", Text("agentState"), Text("agentIpAddress"), labels,
                Number("activeAfterMs") is { } ms ? TimeSpan.FromMilliseconds(ms) : null, Number("activeAfterReads"),
                !string.Equals(Text("removable"), "false", StringComparison.OrdinalIgnoreCase))).ToArray();
            await WriteAsync(context, 201, new JsonObject { ["id"] = ids[0], ["ids"] = new JsonArray(ids.Select(i => (JsonNode?)i).ToArray()) }.ToJsonString(), "application/json");
        }
        else if (path == "/_test/faults" && context.Request.Method == "POST")
        {
            AddFault(Text("path") ?? "/", Number("status") ?? 0, Number("count") ?? 1, Text("body"), Text("contentType") ?? "application/json",
                Text("retryAfter"), Number("delayMs") is { } ms ? TimeSpan.FromMilliseconds(ms) : null, Text("method"));
            await WriteAsync(context, 204, "", "application/json");
        }
        else if (path == "/_test/requests" && context.Request.Method == "GET")
        {
            await WriteAsync(context, 200, new JsonArray(ApiRequests.Select(r => (JsonNode?)r).ToArray()).ToJsonString(), "application/json");
        }
        else if (path.StartsWith("/_test/hosts/", StringComparison.Ordinal) && context.Request.Method == "GET")
        {
            await WriteAsync(context, 200, new JsonObject { ["state"] = HostState(path["/_test/hosts/".Length..]) }.ToJsonString(), "application/json");
        }
        else await WriteAsync(context, 404, "", "text/plain");
    }

    private static (int, JsonNode?) Error(int status, string code, string message, string? fieldName = null) =>
        (status, JsonNode.Parse(ErrorBody(status, code, message, fieldName)));

    private static string ErrorBody(int status, string code, string message, string? fieldName = null)
    {
        JsonObject error = new()
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["type"] = "error",
            ["links"] = new JsonObject(),
            ["actions"] = new JsonObject(),
            ["status"] = status,
            ["code"] = code,
            ["message"] = message,
            ["detail"] = null,
            ["baseType"] = "error",
        };
        if (fieldName is not null) error["fieldName"] = fieldName;
        return error.ToJsonString();
    }

    private static string StatusCode(int status) => ((HttpStatusCode)status).ToString();

    private static Task WriteErrorAsync(HttpContext context, int status, string code, string message) =>
        WriteAsync(context, status, ErrorBody(status, code, message), "application/json");

    private static async Task WriteAsync(HttpContext context, int status, string body, string contentType)
    {
        context.Response.StatusCode = status;
        if (body.Length == 0) return;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body);
    }

    private static string NewRegistrationToken()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        string accessKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(10));
        string signature = new(Enumerable.Range(0, 27).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]).ToArray());
        return $"{accessKey}:{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}:{signature}";
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using RSA rsa = RSA.Create(2048);
        CertificateRequest request = new("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        SubjectAlternativeNameBuilder names = new();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    private sealed record Project(string Id, string Name);

    private sealed record Key(string Secret, string? ProjectId, bool ReadOnly);

    private sealed class Token(string id, string projectId, string value)
    {
        public string Id { get; } = id;
        public string ProjectId { get; } = projectId;
        public string Value { get; } = value;
        public string State { get; set; } = "registering";
        public DateTimeOffset ActiveAt { get; init; }
    }

    private sealed class Host(string id, string projectId, string hostname)
    {
        public string Id { get; } = id;
        public string ProjectId { get; } = projectId;
        public string Hostname { get; } = hostname;
        public string Uuid { get; } = Guid.NewGuid().ToString();
        public string State { get; set; } = "active";
        public string? AgentState { get; set; }
        public string? AgentIpAddress { get; set; }
        public Dictionary<string, string> Labels { get; set; } = [];
        public string? PhysicalHostId { get; set; }
        public DateTimeOffset Created { get; init; }
        public DateTimeOffset? TransitionAt { get; set; }
        public int? ReadsUntilActive { get; set; }
        public bool Removable { get; init; } = true;
    }

    private sealed record Fault(string? Method, string PathContains, int Status, string? Body, string ContentType, string? RetryAfter, TimeSpan? Delay)
    {
        public int Remaining { get; set; }
    }
}
