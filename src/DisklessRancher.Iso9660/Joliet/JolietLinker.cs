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
            foreach (IsoDirectoryEntry child in primary.Children)
            {
                IsoDirectoryEntry? twin = child.IsDirectory ? null : ByExtent(joliet.Children, child);
                twin ??= ByName(joliet.Children, child, StringComparison.Ordinal) ?? ByName(joliet.Children, child, StringComparison.OrdinalIgnoreCase);
                if (twin == null) continue;
                if (child.IsDirectory && twin.IsDirectory) Link(child, twin);
                else if (!child.IsDirectory && !twin.IsDirectory) child.Joliet = twin;
            }
        }

        private static IsoDirectoryEntry? ByExtent(IReadOnlyList<IsoDirectoryEntry> candidates, IsoDirectoryEntry file)
        {
            if (file.Length == 0) return null; // empty files may all share one block
            IsoDirectoryEntry? found = null;
            foreach (IsoDirectoryEntry candidate in candidates)
            {
                if (candidate.IsDirectory || candidate.Lba != file.Lba || candidate.Length != file.Length) continue;
                if (found != null) return null;
                found = candidate;
            }
            return found;
        }

        private static IsoDirectoryEntry? ByName(IReadOnlyList<IsoDirectoryEntry> candidates, IsoDirectoryEntry entry, StringComparison comparison)
        {
            foreach (IsoDirectoryEntry candidate in candidates)
            {
                if (string.Equals(candidate.Name, entry.Name, comparison)) return candidate;
            }
            return null;
        }
    }
}
