using System;
using System.Collections.Generic;
using System.Globalization;

namespace DisklessRancher.Core.Rancher
{
    /// <summary>A host as Rancher 1.6 reports it.</summary>
    public sealed class RancherHost
    {
        public RancherHost(string id, string? hostname, string? state, string? agentState, string? agentIpAddress,
            IReadOnlyDictionary<string, string> labels, string? physicalHostId, DateTimeOffset? created, string? environmentId)
        {
            Id = id;
            Hostname = hostname;
            State = state;
            AgentState = agentState;
            AgentIpAddress = agentIpAddress;
            Labels = labels;
            PhysicalHostId = physicalHostId;
            Created = created;
            EnvironmentId = environmentId;
        }

        /// <summary>The API id, such as 1h12.</summary>
        public string Id { get; }

        public string? Hostname { get; }

        /// <summary>The resource state: active, deactivating, inactive, removed, ...</summary>
        public string? State { get; }

        /// <summary>The agent's connection state (null or active when connected; reconnecting, disconnected, ...).</summary>
        public string? AgentState { get; }

        public string? AgentIpAddress { get; }

        public IReadOnlyDictionary<string, string> Labels { get; }

        public string? PhysicalHostId { get; }

        public DateTimeOffset? Created { get; }

        /// <summary>The environment (project) the host belongs to.</summary>
        public string? EnvironmentId { get; }

        /// <summary>Whether the host is active and its agent connected.</summary>
        public bool IsActive => State == "active" && IsAgentConnected;

        /// <summary>Whether the agent is connected (agent state null or active); not so when reconnecting or disconnected.</summary>
        public bool IsAgentConnected => string.IsNullOrEmpty(AgentState) || AgentState == "active";

        /// <summary>Whether the host is gone or on its way out (removing, removed, purging, purged).</summary>
        public bool IsRemoved => State == "removing" || State == "removed" || State == "purging" || State == "purged";

        /// <summary>State as the Rancher CLI shows it: the agent state when an active host's agent is not connected.</summary>
        public string? DisplayState => State == "active" && !string.IsNullOrEmpty(AgentState) ? AgentState : State;

        public override string ToString() => $"{Hostname} ({Id}, {DisplayState})";

        internal static RancherHost FromJson(JsonObject json)
        {
            Dictionary<string, string> labels = new Dictionary<string, string>(StringComparer.Ordinal);
            JsonObject? labelObject = json.GetObject("labels");
            if (labelObject != null)
            {
                foreach (string key in labelObject.Keys) labels[key] = labelObject.GetString(key) ?? string.Empty;
            }
            DateTimeOffset? created = DateTimeOffset.TryParse(json.GetString("created"), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out DateTimeOffset parsed) ? parsed : (DateTimeOffset?)null;
            return new RancherHost(json.GetString("id") ?? string.Empty, json.GetString("hostname"), json.GetString("state"),
                json.GetString("agentState"), json.GetString("agentIpAddress"), labels, json.GetString("physicalHostId"),
                created, json.GetString("accountId"));
        }
    }
}
