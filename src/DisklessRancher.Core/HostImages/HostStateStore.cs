using System.Collections.Generic;
using System.IO;
using DisklessRancher.Core.AgentState;
using DisklessRancher.Core.IO;

namespace DisklessRancher.Core.HostImages
{
    /// <summary>
    /// Keeps each host's agent identity in a folder of its own (&lt;root&gt;/&lt;hostname&gt;/), so that rebuilding a
    /// host's image keeps the host the same host: an existing identity is read, a missing one is made and saved.
    /// </summary>
    /// <remarks>
    /// Saved identities reach the disk together in <see cref="FlushToDisk"/>: while images are being written back,
    /// every single flush waits for the disk, so one per file would cost more than the images themselves.
    /// </remarks>
    public sealed class HostStateStore
    {
        private readonly List<string> unflushed = new List<string>();

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

        /// <summary>Saves a new identity for the host (never over an existing one); <see cref="FlushToDisk"/> makes it durable.</summary>
        public void Save(string hostname, RancherAgentState state) =>
            unflushed.AddRange(AgentStateDirectory.Write(FolderOf(hostname), state, overwrite: false, flushToDisk: false));

        /// <summary>Waits until every identity saved so far is on disk.</summary>
        public void FlushToDisk()
        {
            while (unflushed.Count > 0)
            {
                AtomicFile.FlushToDisk(unflushed[unflushed.Count - 1]);
                unflushed.RemoveAt(unflushed.Count - 1);
            }
        }
    }
}
