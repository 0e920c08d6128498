using System;
using System.Collections.Generic;

namespace DisklessRancher.Iso9660
{
    /// <summary>Pairs primary-tree entries with their Joliet twins: files by shared data extent, directories by name.</summary>
    internal static class JolietLinker
    {
        public static void Link(IsoDirectoryEntry primary, IsoDirectoryEntry joliet)
        {
            primary.Joliet = joliet;
            // Indexed once per directory: a search per child made large directories quadratic.
            var byExtent = new Dictionary<(long Lba, long Length), IsoDirectoryEntry?>();
            var byName = new Dictionary<string, IsoDirectoryEntry>(StringComparer.Ordinal);
            var byNameIgnoringCase = new Dictionary<string, IsoDirectoryEntry>(StringComparer.OrdinalIgnoreCase);
            foreach (IsoDirectoryEntry candidate in joliet.Children)
            {
                // A shared extent names a twin only when one file has it; empty files may all share one block.
                if (!candidate.IsDirectory && candidate.Length != 0)
                {
                    var extent = (candidate.Lba, candidate.Length);
                    byExtent[extent] = byExtent.ContainsKey(extent) ? null : candidate;
                }
                if (!byName.ContainsKey(candidate.Name)) byName.Add(candidate.Name, candidate);
                if (!byNameIgnoringCase.ContainsKey(candidate.Name)) byNameIgnoringCase.Add(candidate.Name, candidate);
            }
            foreach (IsoDirectoryEntry child in primary.Children)
            {
                IsoDirectoryEntry? twin = null;
                if (!child.IsDirectory && child.Length != 0) byExtent.TryGetValue((child.Lba, child.Length), out twin);
                if (twin == null && !byName.TryGetValue(child.Name, out twin)) byNameIgnoringCase.TryGetValue(child.Name, out twin);
                if (twin == null) continue;
                if (child.IsDirectory && twin.IsDirectory) Link(child, twin);
                else if (!child.IsDirectory && !twin.IsDirectory) child.Joliet = twin;
            }
        }
    }
}
