using System;
using System.Collections.Generic;
using System.Linq;
using DisklessRancher.Iso9660;

namespace DisklessRancher
{
    /// <summary>What Get-IsoVolume says about one image: labels, identifiers, dates, size, Rock Ridge/Joliet, boot entries, system area.</summary>
    public sealed class IsoVolume
    {
        private IsoVolume(string path, IsoImage image)
        {
            IsoVolumeDescriptor pvd = image.PrimaryVolume;
            Path = path;
            VolumeLabel = pvd.VolumeId;
            JolietLabel = image.HasJoliet ? image.JolietVolumes[0].VolumeId : null;
            SystemId = pvd.SystemId;
            VolumeSetId = pvd.VolumeSetId;
            PublisherId = pvd.PublisherId;
            DataPreparerId = pvd.DataPreparerId;
            ApplicationId = pvd.ApplicationId;
            CreationTime = pvd.CreationTime;
            ModificationTime = pvd.ModificationTime;
            LogicalBlockSize = pvd.LogicalBlockSize;
            VolumeSpaceSize = pvd.VolumeSpaceSize;
            Length = image.Length;
            HasRockRidge = image.HasRockRidge;
            HasJoliet = image.HasJoliet;
            BootEntries = image.BootCatalog?.Entries.ToArray() ?? new IsoBootEntry[0];
            SystemArea = image.SystemArea;
        }

        /// <summary>Reads the image's descriptors, boot catalog and system area (not its directory trees).</summary>
        public static IsoVolume Read(string path)
        {
            using IsoImage image = IsoImage.Open(path);
            return new IsoVolume(path, image);
        }

        public string Path { get; }

        /// <summary>The Primary Volume Descriptor's volume identifier.</summary>
        public string VolumeLabel { get; }

        /// <summary>The first Joliet SVD's volume identifier (what blkid reports when it differs), or null without Joliet.</summary>
        public string? JolietLabel { get; }

        public string SystemId { get; }

        public string VolumeSetId { get; }

        public string PublisherId { get; }

        public string DataPreparerId { get; }

        public string ApplicationId { get; }

        public DateTimeOffset? CreationTime { get; }

        public DateTimeOffset? ModificationTime { get; }

        public int LogicalBlockSize { get; }

        /// <summary>The volume size in logical blocks.</summary>
        public long VolumeSpaceSize { get; }

        /// <summary>The file size in bytes.</summary>
        public long Length { get; }

        public bool HasRockRidge { get; }

        public bool HasJoliet { get; }

        /// <summary>The El Torito entries, default entry first (empty when the image does not boot as a CD).</summary>
        public IReadOnlyList<IsoBootEntry> BootEntries { get; }

        public IsoSystemArea SystemArea { get; }

        /// <summary>One line per boot path, e.g. "BIOS no-emul LBA 35 (boot-info-table ok); isohybrid MBR (boot LBA 140, 1 partition)".</summary>
        public string BootSummary
        {
            get
            {
                List<string> parts = BootEntries.Select(Describe).ToList();
                if (SystemArea.HasMbr || SystemArea.HasGpt) parts.Add(SystemArea.Summary);
                return parts.Count == 0 ? "not bootable" : string.Join("; ", parts);
            }
        }

        private static string Describe(IsoBootEntry entry)
        {
            string emulation = entry.Emulation == BootEmulation.NoEmulation ? "no-emul" : entry.Emulation.ToString();
            string table = entry.BootInfoTable == null ? "" : entry.BootInfoTableValid ? " (boot-info-table ok)" : " (boot-info-table BAD checksum)";
            return $"{entry.PlatformName} {emulation} LBA {entry.LoadLba}{table}";
        }
    }
}
