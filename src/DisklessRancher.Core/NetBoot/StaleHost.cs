using System.Collections.Generic;

namespace DisklessRancher.Core.NetBoot
{
    /// <summary>A host whose files are in the tree but that was not published by this batch.</summary>
    public sealed class StaleHost
    {
        public StaleHost(string name, string? hostname, IReadOnlyList<string> files)
        {
            Name = name;
            Hostname = hostname;
            Files = files;
        }

        /// <summary>The name its files share: a MAC address (lowercase, dash-separated), uuid-… or serial-….</summary>
        public string Name { get; }

        /// <summary>The hostname its script names, when it has one.</summary>
        public string? Hostname { get; }

        public IReadOnlyList<string> Files { get; }
    }
}
