using System.Collections.Generic;
using DisklessRancher.Core.AgentState;

namespace DisklessRancher.Core.Batches
{
    /// <summary>The identity a host of a batch gets, where it is kept, and what the user must be told about it.</summary>
    public sealed class HostIdentity
    {
        internal HostIdentity(string hostname, RancherAgentState agentState, string? statePath, bool isNew, IReadOnlyList<string> warnings)
        {
            Hostname = hostname;
            AgentState = agentState;
            StatePath = statePath;
            IsNew = isNew;
            Warnings = warnings;
        }

        public string Hostname { get; }

        public RancherAgentState AgentState { get; }

        /// <summary>The folder that keeps the identity; null for an identity given by the user.</summary>
        public string? StatePath { get; }

        /// <summary>Made for this run and not saved yet: <see cref="HostBatch.Keep"/> saves it.</summary>
        public bool IsNew { get; }

        /// <summary>The saved folder lacks a file, and <see cref="HostBatch.Keep"/> completes it with this identity.</summary>
        internal bool CompletesFolder { get; set; }

        /// <summary>Warnings to show, each a full sentence.</summary>
        public IReadOnlyList<string> Warnings { get; }
    }
}
