using System.Collections.Generic;
using System.Linq;
using DisklessRancher.Iso9660;

namespace DisklessRancher.Core.HostImages.Verification
{
    /// <summary>
    /// Booted from a disk (a USB stick), a host sees the image's partitions: the GPT must be sound, no partition may
    /// run over another, and a partition at sector 0 (a mountable copy of the volume) must cover the whole volume.
    /// </summary>
    internal static class PartitionChecks
    {
        private const long SectorSize = 512;
        private const byte Protective = 0xEE;
        private const string Remake = "make the image again with New-DisklessHostIso from its base";

        public static HostImageCheck Run(IsoImage image)
        {
            const string name = HostImageCheckNames.Partitions;
            IsoSystemArea area = image.SystemArea;
            if (!area.HasMbr) return HostImageCheck.Pass(name, "Not applicable: no MBR (the image boots only as a CD).");

            long volumeEnd = (long)image.PrimaryVolume.VolumeSpaceSize * image.PrimaryVolume.LogicalBlockSize;
            List<(long Start, long End)> files = FileRanges(image.PrimaryRoot);
            List<string> problems = new List<string>();
            List<(string Name, long Start, long End)> mbr = area.Partitions.Where(p => p.Type != Protective)
                .Select(p => ($"MBR partition {p.Number}", (long)p.StartLba * SectorSize, ((long)p.StartLba + p.SectorCount) * SectorSize)).ToList();
            problems.AddRange(Overlaps(mbr, files));
            if (area.Gpt != null)
            {
                GptHeader gpt = area.Gpt;
                if (!gpt.HeaderCrcValid || !gpt.EntriesCrcValid) problems.Add("the GPT header or its entries fail their CRC: UEFI firmware ignores or repairs such a table");
                if ((long)gpt.BackupLba != image.Length / SectorSize - 1) problems.Add($"the GPT names its backup header at sector {gpt.BackupLba}, not the image's last sector {image.Length / SectorSize - 1}");
                List<(string Name, long Start, long End)> entries = area.GptPartitions
                    .Select(p => ($"GPT partition {p.Number}", (long)p.FirstLba * SectorSize, ((long)p.LastLba + 1) * SectorSize)).ToList();
                problems.AddRange(Overlaps(entries, files));
                // xorriso counts the padding under the GPT backup into the volume; the partition ends with the usable space.
                long reach = System.Math.Min(volumeEnd, (long)gpt.LastUsableLba * SectorSize);
                problems.AddRange(entries.Where(p => p.Start == 0 && p.End < reach)
                    .Select(p => $"{p.Name} maps the volume from sector 0 but ends at byte {p.End}, before the volume's end at byte {volumeEnd}: a host booted from a disk cannot read the new files"));
            }
            string found = area.Summary;
            return problems.Count == 0
                ? HostImageCheck.Pass(name, $"{found}: no partition runs over another; a partition at sector 0 covers the volume.")
                : HostImageCheck.Fail(name, $"{found}: {string.Join("; ", problems)}. The image may not boot or find its files from a USB stick or disk: {Remake}.");
        }

        /// <summary>
        /// Pairs that overlap. A partition inside another is fine when it maps a file of the volume (isohybrid -u and
        /// xorriso map El Torito's EFI and Mac images so); one over bytes no file holds was run over by a grown one.
        /// </summary>
        private static IEnumerable<string> Overlaps(List<(string Name, long Start, long End)> partitions, List<(long Start, long End)> files)
        {
            for (int i = 0; i < partitions.Count; i++)
            {
                for (int j = i + 1; j < partitions.Count; j++)
                {
                    var (a, b) = (partitions[i], partitions[j]);
                    if (a.Start >= b.End || b.Start >= a.End) continue;
                    var (inner, outer) = a.Start >= b.Start && a.End <= b.End ? (a, b) : (b, a);
                    bool nestedFile = inner.Start >= outer.Start && inner.End <= outer.End && files.Any(f => f.Start <= inner.Start && inner.End <= RoundUp(f.End));
                    if (!nestedFile) yield return $"{a.Name} (bytes {a.Start} to {a.End}) and {b.Name} (bytes {b.Start} to {b.End}) overlap";
                }
            }
        }

        private static long RoundUp(long end) => (end + 2047) / 2048 * 2048;

        private static List<(long Start, long End)> FileRanges(IsoDirectoryEntry root)
        {
            List<(long, long)> ranges = new List<(long, long)>();
            Stack<IsoDirectoryEntry> pending = new Stack<IsoDirectoryEntry>();
            pending.Push(root);
            while (pending.Count > 0)
            {
                IsoDirectoryEntry entry = pending.Pop();
                if (entry.IsDirectory)
                {
                    foreach (IsoDirectoryEntry child in entry.Children) pending.Push(child);
                    continue;
                }
                foreach (IsoExtent extent in entry.Extents) ranges.Add((extent.Lba * 2048, extent.Lba * 2048 + extent.Length));
            }
            return ranges;
        }
    }
}
