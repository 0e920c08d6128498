using System;
using System.Collections.Generic;

namespace DisklessRancher.Iso9660.Writing
{
    /// <summary>
    /// The file data of a base that a remaster no longer references: the extents of the files its edits replaced
    /// or removed. They are zeroed in the output, so that no earlier content (a token, a user_data) survives there
    /// unreferenced. An extent that anything may still read is left alone: one that shares a byte with a file
    /// still in either tree, the system area and volume descriptors, the boot catalog, a boot image, or a
    /// partition other than the one mapping the volume (an EFI system partition may hold a file's data).
    /// </summary>
    internal sealed class StaleExtents
    {
        private const long Sector = 512;
        private readonly List<(long Start, long End)> original;
        private readonly List<(long Start, long End)> protectedBytes = new List<(long, long)>();

        public StaleExtents(IsoImage image, IEnumerable<NodeTree> trees)
        {
            original = FileBytes(trees);
            protectedBytes.Add((0, image.DescriptorSetEnd * Ecma119.BlockSize));
            if (image.BootCatalog != null)
            {
                protectedBytes.Add(Blocks(image.BootCatalog.Lba, 1));
                foreach (var entry in image.BootCatalog.Entries) protectedBytes.Add(Blocks(entry.LoadLba, 1));
            }
            foreach (var p in image.SystemArea.Partitions)
            {
                if (p.Type != 0xEE && p.StartLba > PartitionTableResizer.VolumePartitionMaxStart) protectedBytes.Add((p.StartLba * Sector, ((long)p.StartLba + p.SectorCount) * Sector));
            }
            foreach (var p in image.SystemArea.GptPartitions)
            {
                if (p.FirstLba > PartitionTableResizer.VolumePartitionMaxStart) protectedBytes.Add(((long)p.FirstLba * Sector, ((long)p.LastLba + 1) * Sector));
            }
        }

        /// <summary>The byte ranges of the base, as (offset, count), that no file of <paramref name="trees"/> uses any more.</summary>
        public List<(long Offset, long Count)> Find(IEnumerable<NodeTree> trees, long baseLength)
        {
            var referenced = FileBytes(trees);
            var unchanged = new HashSet<(long, long)>(referenced);
            var stale = new List<(long, long)>();
            foreach (var range in original)
            {
                long end = Math.Min(range.End, baseLength);
                if (end <= range.Start || unchanged.Contains(range) || Overlaps(range, referenced) || Overlaps(range, protectedBytes)
                    || stale.Contains((range.Start, end - range.Start))) continue;
                stale.Add((range.Start, end - range.Start));
            }
            return stale;
        }

        private static List<(long Start, long End)> FileBytes(IEnumerable<NodeTree> trees)
        {
            var ranges = new List<(long, long)>();
            foreach (var tree in trees) Collect(tree.Root, ranges);
            return ranges;
        }

        private static void Collect(LayoutNode node, List<(long Start, long End)> ranges)
        {
            if (node.Data != null && !node.Data.IsNew)
            {
                foreach (var e in node.Data.Extents)
                {
                    if (e.Length > 0) ranges.Add(Blocks(e.Lba, Ecma119.BlocksFor(e.Length)));
                }
            }
            foreach (var child in node.Children) Collect(child, ranges);
        }

        private static (long Start, long End) Blocks(long lba, long count) => (lba * Ecma119.BlockSize, (lba + count) * Ecma119.BlockSize);

        private static bool Overlaps((long Start, long End) range, List<(long Start, long End)> others)
        {
            foreach (var other in others)
            {
                if (other.Start < range.End && range.Start < other.End) return true;
            }
            return false;
        }
    }
}
