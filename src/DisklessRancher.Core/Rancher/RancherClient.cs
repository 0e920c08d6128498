using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace DisklessRancher.Core.Rancher
{
    /// <summary>
    /// The parts of the Rancher 1.6 (Cattle, /v2-beta) API that disk-less hosts need: environments, registration
    /// tokens and hosts. Every call takes a CancellationToken; failures are <see cref="RancherApiException"/>s.
    /// </summary>
    public sealed class RancherClient : IDisposable
    {
        private const int MaximumPages = 10000;

        /// <summary>The largest page Cattle serves (its `limit` goes up to 1000); the default is 100.</summary>
        private const int PageSize = 1000;
        private static readonly TimeSpan MaximumPollInterval = TimeSpan.FromSeconds(5);

        private readonly RancherConnectionSettings _settings;
        private readonly RancherHttpTransport _transport;
        private readonly IRancherClientLog? _log;

        /// <exception cref="RancherApiException">Credentials over http without AllowUnencryptedAuthentication.</exception>
        public RancherClient(RancherConnectionSettings settings, IRancherClientLog? log = null)
        {
            _settings = settings ?? throw new ArgumentNullException(nameof(settings));
            _log = log;
            _transport = new RancherHttpTransport(settings, log);
        }

        public Uri ServerUrl => _settings.ServerUrl;

        /// <summary>The environments the key sees (an environment key sees its own only).</summary>
        public async Task<IReadOnlyList<RancherEnvironment>> GetEnvironmentsAsync(CancellationToken cancellationToken)
        {
            List<JsonObject> items = await GetCollectionAsync(_transport.Api("v2-beta/projects"), cancellationToken).ConfigureAwait(false);
            return items.Select(RancherEnvironment.FromJson).Where(e => e.Id.Length > 0 && e.State != "removed" && e.State != "purged").ToList();
        }

        /// <summary>
        /// The environment named by id or name; when none is named, the only one the key sees.
        /// </summary>
        /// <exception cref="RancherApiException">NotFound, or AmbiguousEnvironment listing the candidates.</exception>
        public async Task<RancherEnvironment> ResolveEnvironmentAsync(string? nameOrId, CancellationToken cancellationToken)
        {
            IReadOnlyList<RancherEnvironment> environments = await GetEnvironmentsAsync(cancellationToken).ConfigureAwait(false);
            string listing = string.Join(", ", environments.Select(e => e.ToString()));
            if (string.IsNullOrEmpty(nameOrId))
            {
                if (environments.Count == 1) return environments[0];
                if (environments.Count == 0)
                {
                    throw new RancherApiException(RancherErrorKind.AmbiguousEnvironment, $"The API key sees no environment on {ServerUrl}.");
                }
                throw new RancherApiException(RancherErrorKind.AmbiguousEnvironment,
                    $"The API key sees {environments.Count} environments; name one: {listing}.");
            }
            RancherEnvironment? byId = environments.FirstOrDefault(e => string.Equals(e.Id, nameOrId, StringComparison.OrdinalIgnoreCase));
            if (byId != null) return byId;
            List<RancherEnvironment> byName = environments.Where(e => string.Equals(e.Name, nameOrId, StringComparison.OrdinalIgnoreCase)).ToList();
            if (byName.Count == 1) return byName[0];
            if (byName.Count > 1)
            {
                throw new RancherApiException(RancherErrorKind.AmbiguousEnvironment,
                    $"Several environments are named '{nameOrId}'; name one by id: {string.Join(", ", byName.Select(e => e.ToString()))}.");
            }
            throw new RancherApiException(RancherErrorKind.NotFound,
                $"No environment '{nameOrId}' is visible to the API key. Visible: {(listing.Length == 0 ? "none" : listing)}.");
        }

        /// <summary>An active registration token of the environment, or null when it has none.</summary>
        public async Task<RancherRegistration?> FindActiveRegistrationAsync(RancherEnvironment environment, CancellationToken cancellationToken)
        {
            List<JsonObject> tokens = await GetCollectionAsync(
                _transport.Api($"v2-beta/projects/{Uri.EscapeDataString(environment.Id)}/registrationtokens?state=active"), cancellationToken).ConfigureAwait(false);
            JsonObject? active = tokens.FirstOrDefault(t => t.GetString("state") == "active" && !string.IsNullOrEmpty(t.GetString("registrationUrl")));
            if (active == null) return null;
            _log?.Verbose($"Reusing the active registration token {active.GetString("id")} of {environment}.");
            return ToRegistration(environment, active);
        }

        /// <summary>Creates a registration token and waits (TransitionTimeout at most) until it is active.</summary>
        public async Task<RancherRegistration> CreateRegistrationAsync(RancherEnvironment environment, CancellationToken cancellationToken)
        {
            Uri collection = _transport.Api($"v2-beta/projects/{Uri.EscapeDataString(environment.Id)}/registrationtokens");
            JsonObject token = await SendForObjectAsync(HttpMethod.Post, collection, "{}", cancellationToken).ConfigureAwait(false);
            string id = token.GetString("id") ?? "?";
            _log?.Verbose($"Created the registration token {id} in {environment}; waiting until it is active.");
            Uri self = SelfLink(token, new Uri(collection + "/" + Uri.EscapeDataString(id)));
            Stopwatch watch = Stopwatch.StartNew();
            TimeSpan pause = _settings.PollInterval;
            while (token.GetString("state") != "active")
            {
                string? state = token.GetString("state");
                if (state == "removed" || state == "purged" || state == "error" || state == "inactive")
                {
                    throw new RancherApiException(RancherErrorKind.Server, $"The registration token {id} became '{state}' instead of active.");
                }
                if (watch.Elapsed >= _settings.TransitionTimeout)
                {
                    throw new RancherApiException(RancherErrorKind.Timeout,
                        $"The registration token {id} did not become active within {_settings.TransitionTimeout.TotalSeconds:0.###} s; last state seen: {state ?? "none"}.");
                }
                await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
                pause = NextPause(pause);
                token = await SendForObjectAsync(HttpMethod.Get, self, null, cancellationToken).ConfigureAwait(false);
            }
            return ToRegistration(environment, token);
        }

        /// <summary>
        /// The environment's hosts, every page, without removed ones; with <paramref name="hostname"/>, only hosts of
        /// that name (case-insensitive). Cattle has no hostname filter (rancher/rancher#4258: `name` is one, and stays
        /// empty unless set by hand), so the hosts are read in pages as large as Cattle serves and selected here:
        /// one request for an environment of up to 1000 hosts.
        /// </summary>
        public async Task<IReadOnlyList<RancherHost>> GetHostsAsync(string environmentId, string? hostname, CancellationToken cancellationToken)
        {
            List<JsonObject> items = await GetCollectionAsync(HostsUri(environmentId, string.Empty), cancellationToken).ConfigureAwait(false);
            return items.Select(RancherHost.FromJson)
                .Where(h => !h.IsRemoved && (string.IsNullOrEmpty(hostname) || string.Equals(h.Hostname, hostname, StringComparison.OrdinalIgnoreCase)))
                .ToList();
        }

        /// <summary>One host by id.</summary>
        public async Task<RancherHost> GetHostAsync(string environmentId, string hostId, CancellationToken cancellationToken)
        {
            JsonObject json = await SendForObjectAsync(HttpMethod.Get, HostsUri(environmentId, "/" + Uri.EscapeDataString(hostId)), null, cancellationToken).ConfigureAwait(false);
            return RancherHost.FromJson(json);
        }

        /// <summary>
        /// Waits until a host of that name is active with its agent connected, reporting each look.
        /// </summary>
        /// <exception cref="RancherApiException">Timeout, naming the last state seen.</exception>
        public async Task<RancherHost> WaitForActiveHostAsync(string environmentId, string hostname, TimeSpan timeout,
            IProgress<RancherHostWaitStatus>? progress, CancellationToken cancellationToken)
        {
            Stopwatch watch = Stopwatch.StartNew();
            TimeSpan pause = _settings.PollInterval;
            while (true)
            {
                IReadOnlyList<RancherHost> hosts = await GetHostsAsync(environmentId, hostname, cancellationToken).ConfigureAwait(false);
                RancherHost? active = hosts.FirstOrDefault(h => h.IsActive);
                RancherHost? latest = active ?? hosts.OrderByDescending(h => h.Created ?? DateTimeOffset.MinValue).FirstOrDefault();
                RancherHostWaitStatus status = new RancherHostWaitStatus(hostname, latest, watch.Elapsed, timeout);
                progress?.Report(status);
                if (active != null) return active;
                TimeSpan left = timeout - watch.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    throw new RancherApiException(RancherErrorKind.Timeout,
                        $"The host '{hostname}' did not become active within {timeout.TotalSeconds:0.###} s; last state seen: {status.StateText}"
                        + (latest != null ? $" (host {latest.Id})." : "."));
                }
                await Task.Delay(pause < left ? pause : left, cancellationToken).ConfigureAwait(false);
                pause = NextPause(pause);
            }
        }

        /// <summary>
        /// Removes a host the way Rancher requires: deactivate (when the host offers it), wait until inactive
        /// (TransitionTimeout at most), delete. A host whose agent is gone never finishes deactivating
        /// (rancher/rancher#1098); Rancher still accepts its deletion while deactivating, which
        /// <paramref name="force"/> does instead of waiting. Returns the host as the server last described it.
        /// </summary>
        /// <exception cref="RancherApiException">
        /// HostStuck when deactivation cannot finish and <paramref name="force"/> is not set; Refused when the server
        /// will not delete the host (405).
        /// </exception>
        public async Task<RancherHost> RemoveHostAsync(string environmentId, string hostId, bool force, IProgress<RancherHost>? progress,
            CancellationToken cancellationToken)
        {
            Uri given = HostsUri(environmentId, "/" + Uri.EscapeDataString(hostId));
            JsonObject json = await SendForObjectAsync(HttpMethod.Get, given, null, cancellationToken).ConfigureAwait(false);
            RancherHost host = RancherHost.FromJson(json);
            Uri self = SelfLink(json, given);
            if (host.IsRemoved) return host;

            if (IsBeforeInactive(host.State))
            {
                if (!host.IsAgentConnected && !force)
                {
                    throw new RancherApiException(RancherErrorKind.HostStuck,
                        $"The host {host} cannot finish deactivating: its agent is {host.AgentState}, and Rancher waits for the agent. Rancher accepts deleting it while it is deactivating.");
                }
                string? deactivate = json.GetObject("actions")?.GetString("deactivate");
                if (deactivate != null)
                {
                    _log?.Verbose($"Deactivating host {host}.");
                    json = await SendForObjectAsync(HttpMethod.Post, _transport.Rebase(deactivate), null, cancellationToken).ConfigureAwait(false);
                    host = RancherHost.FromJson(json);
                }
                if (host.IsAgentConnected && (deactivate != null || host.State == "deactivating"))
                {
                    host = await WaitUntilInactiveAsync(host, self, force, progress, cancellationToken).ConfigureAwait(false);
                }
            }

            _log?.Verbose($"Deleting host {host}.");
            progress?.Report(host);
            JsonObject? deleted;
            try
            {
                deleted = await _transport.SendAsync(HttpMethod.Delete, self, null, cancellationToken).ConfigureAwait(false);
            }
            catch (RancherApiException e) when (e.StatusCode == 405)
            {
                string agent = host.IsAgentConnected ? string.Empty : $" (agent {host.AgentState})";
                throw new RancherApiException(RancherErrorKind.Refused,
                    $"Rancher refused to remove host {host.Hostname ?? host.Id} ({host.Id}) in state {host.State ?? "unknown"}{agent}: DELETE {self} answered 405 Method Not Allowed.",
                    405, e.Code, requestUri: self, innerException: e);
            }
            host = deleted != null ? RancherHost.FromJson(deleted) : host;
            progress?.Report(host);
            return host;
        }

        /// <summary>Hosts whose hostname (case-insensitive) more than one live host carries, grouped by name, oldest first.</summary>
        public static IReadOnlyList<RancherHost> FindDuplicates(IEnumerable<RancherHost> hosts) =>
            hosts.Where(h => !h.IsRemoved && !string.IsNullOrEmpty(h.Hostname))
                .GroupBy(h => h.Hostname!, StringComparer.OrdinalIgnoreCase)
                .Where(g => g.Count() > 1)
                .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
                .SelectMany(g => g.OrderBy(h => h.Created ?? DateTimeOffset.MinValue).ThenBy(h => h.Id, StringComparer.Ordinal))
                .ToList();

        public void Dispose() => _transport.Dispose();

        /// <summary>Polls a deactivating host until it leaves deactivating; at TransitionTimeout, returns it (forced) or fails.</summary>
        private async Task<RancherHost> WaitUntilInactiveAsync(RancherHost host, Uri self, bool force, IProgress<RancherHost>? progress,
            CancellationToken cancellationToken)
        {
            Stopwatch watch = Stopwatch.StartNew();
            TimeSpan pause = _settings.PollInterval;
            while (IsBeforeInactive(host.State))
            {
                progress?.Report(host);
                if (watch.Elapsed >= _settings.TransitionTimeout)
                {
                    if (force) return host;
                    throw new RancherApiException(RancherErrorKind.HostStuck,
                        $"The host {host} did not become inactive within {_settings.TransitionTimeout.TotalSeconds:0.###} s; last state seen: {host.State}. Rancher accepts deleting it while it is deactivating.");
                }
                await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
                pause = NextPause(pause);
                host = RancherHost.FromJson(await SendForObjectAsync(HttpMethod.Get, self, null, cancellationToken).ConfigureAwait(false));
            }
            return host;
        }

        private static bool IsBeforeInactive(string? state) =>
            state == "active" || state == "activating" || state == "updating-active" || state == "deactivating";

        private Uri HostsUri(string environmentId, string suffix) =>
            _transport.Api($"v2-beta/projects/{Uri.EscapeDataString(environmentId)}/hosts{suffix}");

        private RancherRegistration ToRegistration(RancherEnvironment environment, JsonObject token)
        {
            string? url = token.GetString("registrationUrl");
            string id = token.GetString("id") ?? string.Empty;
            if (string.IsNullOrEmpty(url))
            {
                throw new RancherApiException(RancherErrorKind.Protocol, $"The active registration token {id} carries no registrationUrl.");
            }
            return new RancherRegistration(ServerUrl.AbsoluteUri.TrimEnd('/'), environment.Id, environment.Name, url!, token.GetString("command"), token.GetString("image"), id);
        }

        /// <summary>The resource's links.self (as go-rancher v2 uses it for reload and delete), or the given URL.</summary>
        private Uri SelfLink(JsonObject resource, Uri fallback)
        {
            string? self = resource.GetObject("links")?.GetString("self");
            return self != null ? _transport.Rebase(self) : fallback;
        }

        private async Task<JsonObject> SendForObjectAsync(HttpMethod method, Uri uri, string? body, CancellationToken cancellationToken)
        {
            JsonObject? json = await _transport.SendAsync(method, uri, body, cancellationToken).ConfigureAwait(false);
            return json ?? throw new RancherApiException(RancherErrorKind.Protocol, $"{method} {uri} answered with an empty body.", requestUri: uri);
        }

        /// <summary>Every item of a collection, in pages of <see cref="PageSize"/>, following pagination.next.</summary>
        private async Task<List<JsonObject>> GetCollectionAsync(Uri collection, CancellationToken cancellationToken)
        {
            List<JsonObject> items = new List<JsonObject>();
            HashSet<string> seen = new HashSet<string>(StringComparer.Ordinal);
            Uri first = new Uri(collection + (collection.Query.Length == 0 ? "?" : "&") + "limit=" + PageSize);
            Uri? next = first;
            while (next != null)
            {
                if (!seen.Add(next.ToString()) || seen.Count > MaximumPages)
                {
                    throw new RancherApiException(RancherErrorKind.Protocol, $"The collection at {first} pages in a loop.", requestUri: first);
                }
                JsonObject page = await SendForObjectAsync(HttpMethod.Get, next, null, cancellationToken).ConfigureAwait(false);
                if (page.GetString("type") != "collection")
                {
                    throw new RancherApiException(RancherErrorKind.Protocol,
                        $"GET {next} answered with a '{page.GetString("type") ?? "untyped"}' object where a collection was expected.", requestUri: next);
                }
                items.AddRange(page.GetObjects("data"));
                string? link = page.GetObject("pagination")?.GetString("next");
                next = string.IsNullOrEmpty(link) ? null : _transport.Rebase(link!);
            }
            return items;
        }

        private static TimeSpan NextPause(TimeSpan pause)
        {
            TimeSpan doubled = TimeSpan.FromTicks(pause.Ticks * 2);
            return doubled < MaximumPollInterval ? doubled : (pause > MaximumPollInterval ? pause : MaximumPollInterval);
        }
    }
}
