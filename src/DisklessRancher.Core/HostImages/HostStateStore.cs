using System.IO;
using DisklessRancher.Core.AgentState;

namespace DisklessRancher.Core.HostImages
{
    /// <summary>
    /// Keeps each host's agent identity in a folder of its own (&lt;root&gt;/&lt;hostname&gt;/), so that rebuilding a
    /// host's image keeps the host the same host: an existing identity is read, a missing one is made and saved.
    /// </summary>
    public sealed class HostStateStore
    {
        public HostStateStore(string root)
        {
            Root = root;
        }

        public string Root { get; }

        /// <summary>The folder that holds the identity of <paramref name="hostname"/>.</summary>
        public string FolderOf(string hostname) => Path.Combine(Root, hostname);

        /// <summary>True when the host already has a saved identity (the folder exists).</summary>
        public bool Has(string hostname) => Directory.Exists(FolderOf(hostname));

        /// <summary>The saved identity of the host; an error names the file when one is missing or malformed.</summary>
        public RancherAgentState Read(string hostname) => AgentStateDirectory.Read(FolderOf(hostname));

        /// <summary>Saves a new identity for the host (never over an existing one).</summary>
        public void Save(string hostname, RancherAgentState state) =>
            AgentStateDirectory.Write(FolderOf(hostname), state, overwrite: false);
    }
}
