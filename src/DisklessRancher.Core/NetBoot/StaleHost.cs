using System.Collections.Generic;

namespace DisklessRancher.Core.NetBoot
{
    /// <summary>A host whose files are in the tree but that was not published by this batch.</summary>
    public sealed class StaleHost
    {
        public StaleHost(string macAddress, string? hostname, IReadOnlyList<string> files)
        {
            MacAddress = macAddress;
            Hostname = hostname;
            Files = files;
        }

        /// <summary>As the file names give it: lowercase, dash-separated.</summary>
        public string MacAddress { get; }

        /// <summary>The hostname its script names, when it has one.</summary>
        public string? Hostname { get; }

        public IReadOnlyList<string> Files { get; }
    }
}
