using System.Collections.Generic;
using System.Linq;
using DisklessRancher.Iso9660;

namespace DisklessRancher.Core.HostImages.Verification
{
    /// <summary>The block addresses the boot paths depend on: the boot-info-table (CD boot) and the isohybrid MBR (disk boot).</summary>
    internal static class BootChecks
    {
        private const int SectorsPerBlock = 4, SectorSize = 512;
        private const long Cylinder = 64 * 32 * SectorSize;

        /// <summary>
        /// ISOLINUX finds itself and the volume through its boot-info-table: the checksum must match the boot file,
        /// and the PVD it names is the image's or, in an image with appended sessions, that session's PVD copy (the
        /// engine recognises a table only when its PVD and file blocks are right).
        /// </summary>
        public static HostImageCheck BootInfoTable(IsoImage image)
        {
            const string name = HostImageCheckNames.BootInfoTable;
            IsoBootCatalog? catalog = image.BootCatalog;
            if (catalog == null) return HostImageCheck.Pass(name, "Not applicable: no El Torito boot catalog (the image does not boot as a CD).");
            List<IsoBootEntry> withTable = catalog.Entries.Where(e => e.HasBootInfoTable).ToList();
            if (withTable.Count == 0) return HostImageCheck.Pass(name, "Not applicable: no boot image carries a boot-info-table.");

            List<string> found = new List<string>(), problems = new List<string>();
            foreach (IsoBootEntry entry in withTable)
            {
                IsoBootInfoTable table = entry.BootInfoTable!;
                string where = $"boot entry {entry.Index} ({entry.PlatformName}, LBA {entry.LoadLba})";
                string pvd = table.PvdLba == image.PrimaryVolume.Lba ? $"PVD at LBA {table.PvdLba}" : $"the PVD copy of its session at LBA {table.PvdLba}";
                if (table.ChecksumValid) found.Add($"{where}: checksum valid, {pvd}");
                else problems.Add($"{where}: checksum 0x{table.Checksum:x8} stored, 0x{table.ComputedChecksum:x8} computed over its {table.FileLength} bytes (the boot file changed after the table was written)");
            }
            return problems.Count == 0
                ? HostImageCheck.Pass(name, string.Join("; ", found) + ".")
                : HostImageCheck.Fail(name, string.Join("; ", problems) + ": ISOLINUX would not boot from a CD.");
        }

        /// <summary>
        /// An isohybrid MBR lets the image boot from a USB stick: its boot pointer names the BIOS boot file and its
        /// partition covers the image. An MBR whose first partition starts at sector 0 beside a BIOS boot entry is
        /// taken for an isohybrid MBR whose pointer went wrong.
        /// </summary>
        public static HostImageCheck IsohybridMbr(IsoImage image)
        {
            const string name = HostImageCheckNames.IsohybridMbr;
            IsoSystemArea area = image.SystemArea;
            IsoBootEntry? bios = image.BootCatalog?.Entries.FirstOrDefault(e => e.Platform == BootPlatform.Bios);
            MbrPartition? partition = area.Partitions.FirstOrDefault(p => p.StartLba == 0);
            if (!area.IsIsohybrid && (area.Kind != SystemAreaKind.Mbr || bios == null || partition == null))
            {
                return HostImageCheck.Pass(name, $"Not applicable: the system area holds no isohybrid MBR ({area.Summary}).");
            }

            List<string> problems = new List<string>();
            if (!area.IsIsohybrid) problems.Add($"the MBR boot pointer is sector {area.MbrBootLba}, the BIOS boot file is at LBA {bios!.LoadLba} (sector {(ulong)bios.LoadLba * SectorsPerBlock})");
            // With a GPT, the volume's partition is there (checked by PartitionChecks).
            if (partition == null && !area.HasGpt) problems.Add("no partition starts at sector 0");
            else if (partition != null) problems.AddRange(CoverageProblems(image, partition));
            return problems.Count == 0
                ? HostImageCheck.Pass(name, $"Boot pointer sector {area.MbrBootLba} = BIOS boot file LBA {bios!.LoadLba} x 4; " +
                    (partition == null ? "the volume's partition is in the GPT." : $"partition {partition.Number} covers the image ({image.Length} bytes)."))
                : HostImageCheck.Fail(name, string.Join("; ", problems) + ": the image may not boot from a USB stick or disk. Make it again with New-DisklessHostIso from its base.");
        }

        /// <summary>
        /// The partition must reach the end of the ISO volume and stay inside the file. A writer pads after the
        /// volume (xorriso adds 300 KiB that it leaves outside the partition) but never a whole 1 MiB cylinder: a
        /// file that reaches that far past the partition grew after its MBR was written.
        /// </summary>
        private static IEnumerable<string> CoverageProblems(IsoImage image, MbrPartition partition)
        {
            long end = ((long)partition.StartLba + partition.SectorCount) * SectorSize;
            long volumeEnd = image.Descriptors.OfType<IsoVolumeDescriptor>().Max(d => (long)d.VolumeSpaceSize) * image.PrimaryVolume.LogicalBlockSize;
            if (end < volumeEnd)
            {
                yield return $"partition {partition.Number} ends at byte {end}, before the end of the ISO volume at byte {volumeEnd}";
            }
            if (end > image.Length)
            {
                yield return $"partition {partition.Number} ends at byte {end}, {end - image.Length} bytes beyond the end of the file (truncated?)";
            }
            else if (image.Length - end >= Cylinder)
            {
                yield return $"partition {partition.Number} ends at byte {end}, {image.Length - end} bytes before the end of the file ({image.Length} bytes): the image grew after its MBR was written";
            }
        }
    }
}
