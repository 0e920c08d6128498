using System;
using System.Collections.Generic;
using System.IO;
using DisklessRancher.Iso9660.Writing;

namespace DisklessRancher.Iso9660
{
    /// <summary>
    /// What <see cref="IsoRemaster"/> needs of a base image, read once: its descriptors, its trees, and the extents an
    /// edit may leave stale. Several remasters may start from one, also from different threads; each gets its own
    /// copy of the trees to edit. The base file is closed again once read.
    /// </summary>
    public sealed class RemasterBase
    {
        private readonly IsoImage image;
        private readonly DateTime writeTimeUtc;
        private readonly List<(long Lba, byte[] Bytes, long SessionStart)> descriptors = new List<(long, byte[], long)>();
        private readonly List<string> warnings = new List<string>();

        private RemasterBase(string path)
        {
            Path = path;
            writeTimeUtc = File.GetLastWriteTimeUtc(path);
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.RandomAccess))
            {
                image = IsoImage.Open(stream);
                // Every tree is read here, while the file is open; the trees stay in memory once it is closed.
                image.EnsureUndamaged();
                Length = image.Length;
                Primary = image.PrimaryVolume.GetBytes();
                descriptors.Add((image.PrimaryVolume.Lba, Primary, 0));
                foreach (var joliet in image.JolietVolumes) descriptors.Add((joliet.Lba, joliet.GetBytes(), 0));
                AddSessionCopies(image, new ImageReader(stream));
                StaleExtents = new StaleExtents(image, NewTrees().All);
                UdfRecognition = image.UdfRecognitionBlocks;
            }
            if (UdfRecognition.Count > 0)
            {
                warnings.Add($"The base image '{path}' is a UDF bridge: Linux and libblkid would read its UDF volume, which keeps the " +
                    "old label and files. The image written from it has no UDF volume recognition, so every reader uses its ISO 9660 trees.");
            }
        }

        /// <summary>The full path of the base image.</summary>
        public string Path { get; }

        internal long Length { get; }

        /// <summary>The primary volume descriptor as read.</summary>
        internal byte[] Primary { get; }

        /// <summary>The descriptors a remaster points at its new trees (never changed: each remaster writes a copy).</summary>
        internal IReadOnlyList<(long Lba, byte[] Bytes, long SessionStart)> Descriptors => descriptors;

        internal StaleExtents StaleExtents { get; }

        internal List<long> UdfRecognition { get; }

        internal IReadOnlyList<string> Warnings => warnings;

        /// <summary>Reads the base image's descriptors and trees.</summary>
        public static RemasterBase Read(string baseIsoPath) =>
            new RemasterBase(System.IO.Path.GetFullPath(baseIsoPath ?? throw new ArgumentNullException(nameof(baseIsoPath))));

        /// <summary>True while the file has the length and modification time it had when read.</summary>
        public bool IsUnchanged()
        {
            var file = new FileInfo(Path);
            return file.Exists && file.Length == Length && file.LastWriteTimeUtc == writeTimeUtc;
        }

        /// <summary>A copy of the base's trees, for one remaster to edit.</summary>
        internal TwinTrees NewTrees()
        {
            var jolietRoot = image.JolietRoot;
            return new TwinTrees(KeptTrees.Primary(image), jolietRoot == null ? null : KeptTrees.Joliet(jolietRoot));
        }

        /// <summary>
        /// A multi-session image grown by xorriso has a copy of the descriptors at its last session's start + 16,
        /// and its boot-info-table names that copy: ISOLINUX finds its files through it. Such copies are pointed at
        /// the new trees too, so that the boot loader sees what Linux sees.
        /// </summary>
        private void AddSessionCopies(IsoImage image, ImageReader reader)
        {
            if (image.BootCatalog == null) return;
            foreach (var entry in image.BootCatalog.Entries)
            {
                // A boot-info-table names the PVD block, then the boot image's own block.
                if (!reader.Contains(entry.LoadLba, Ecma119.BlockSize)) continue;
                var boot = reader.ReadBlock(entry.LoadLba, "boot image");
                long pvd = Ecma119.ReadUInt32LE(boot, BootCatalogReader.BootInfoPvdLba);
                if (Ecma119.ReadUInt32LE(boot, BootCatalogReader.BootInfoFileLba) != entry.LoadLba || pvd == image.PrimaryVolume.Lba || descriptors.Exists(d => d.Lba == pvd)) continue;
                for (long lba = pvd; lba < pvd + 16 && reader.Contains(lba, Ecma119.BlockSize); lba++)
                {
                    var block = reader.ReadBlock(lba, "volume descriptor copy");
                    if (!VolumeDescriptorLayout.HasStandardId(block)) break;
                    var type = (VolumeDescriptorType)block[VolumeDescriptorLayout.Type];
                    if (type == VolumeDescriptorType.Terminator || (lba == pvd && type != VolumeDescriptorType.Primary)) break;
                    if (type == VolumeDescriptorType.Primary
                        || (type == VolumeDescriptorType.Supplementary && new IsoVolumeDescriptor(lba, block).IsJoliet && image.HasJoliet))
                    {
                        descriptors.Add((lba, block, pvd - 16));
                    }
                }
            }
        }
    }
}
