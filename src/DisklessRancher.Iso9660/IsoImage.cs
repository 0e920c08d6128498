using System;
using System.Collections.Generic;
using System.IO;

namespace DisklessRancher.Iso9660
{
    /// <summary>
    /// A read-only view of an ISO 9660 image: volume descriptors, El Torito catalog, system area and the
    /// directory trees (read on first use). Corrupt data surfaces as <see cref="IsoFormatException"/> only.
    /// </summary>
    public sealed class IsoImage : IDisposable
    {
        private static readonly byte[] SpSignature = { (byte)'S', (byte)'P', 7, 1, 0xBE, 0xEF };
        private readonly Stream _stream;
        private readonly bool _ownsStream;
        private readonly ImageReader _image;
        private readonly int _suspSkip;
        private IsoDirectoryEntry? _primaryRoot;
        private IsoDirectoryEntry? _jolietRoot;
        private bool _treesRead;

        private IsoImage(Stream stream, bool ownsStream)
        {
            _stream = stream;
            _ownsStream = ownsStream;
            _image = new ImageReader(stream);
            Descriptors = VolumeDescriptorSet.Read(_image);

            List<IsoVolumeDescriptor> joliet = new List<IsoVolumeDescriptor>();
            IsoVolumeDescriptor? primary = null;
            foreach (VolumeDescriptor d in Descriptors)
            {
                if (d is IsoVolumeDescriptor v)
                {
                    if (v.IsPrimary) primary ??= v;
                    else if (v.IsJoliet) joliet.Add(v);
                }
                else if (d is BootRecordDescriptor boot && boot.IsElTorito && BootRecord == null)
                {
                    BootRecord = boot;
                }
            }
            PrimaryVolume = primary ?? throw new InvalidOperationException("VolumeDescriptorSet guarantees a PVD.");
            JolietVolumes = joliet;
            if (BootRecord != null) BootCatalog = BootCatalogReader.Read(_image, BootRecord.CatalogLba, PrimaryVolume.Lba);
            SystemArea = SystemAreaReader.Read(_image, BootCatalog);
            (HasRockRidge, _suspSkip, RockRidgeExtension) = DetectRockRidge();
        }

        /// <summary>Opens the file read-only (shared for reading).</summary>
        public static IsoImage Open(string path)
        {
            FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.RandomAccess);
            try
            {
                return new IsoImage(stream, true);
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }

        /// <summary>Reads an image from a readable, seekable stream, which stays open after Dispose.</summary>
        public static IsoImage Open(Stream stream) => new IsoImage(stream ?? throw new ArgumentNullException(nameof(stream)), false);

        /// <summary>Bytes in the file (or stream).</summary>
        public long Length => _image.Length;

        /// <summary>Every descriptor from LBA 16 up to (not including) the terminator, in order.</summary>
        public IReadOnlyList<VolumeDescriptor> Descriptors { get; }

        public IsoVolumeDescriptor PrimaryVolume { get; }

        /// <summary>Every Joliet Supplementary Volume Descriptor, in order.</summary>
        public IReadOnlyList<IsoVolumeDescriptor> JolietVolumes { get; }

        public bool HasJoliet => JolietVolumes.Count > 0;

        /// <summary>The El Torito Boot Record, or null.</summary>
        public BootRecordDescriptor? BootRecord { get; }

        /// <summary>The El Torito catalog, or null when the image has none.</summary>
        public IsoBootCatalog? BootCatalog { get; }

        public IsoSystemArea SystemArea { get; }

        /// <summary>
        /// True when the primary tree's root "." record starts with SUSP SP and names Rock Ridge in an ER entry
        /// (or, like Linux, carries SP without ER on an image that has no Joliet tree to prefer).
        /// </summary>
        public bool HasRockRidge { get; }

        /// <summary>
        /// True when a UDF volume recognition sequence (with an NSR descriptor) follows the descriptor set: Linux and
        /// libblkid then read the UDF volume, its label and its files, before the ISO 9660 one.
        /// </summary>
        public bool HasUdfVolume => UdfRecognitionBlocks.Count > 0;

        /// <summary>The blocks of the UDF volume recognition sequence, or none.</summary>
        internal List<long> UdfRecognitionBlocks => UdfRecognition.Find(_image, DescriptorSetEnd);

        /// <summary>The first block after the volume descriptor set's terminator.</summary>
        internal long DescriptorSetEnd
        {
            get
            {
                long terminator = 0;
                foreach (VolumeDescriptor d in Descriptors) terminator = Math.Max(terminator, d.Lba + 1);
                return terminator + 1;
            }
        }

        /// <summary>The ER extension identifier (RRIP_1991A, IEEE_P1282, ...), or null.</summary>
        public string? RockRidgeExtension { get; }

        /// <summary>The tree Linux shows: the primary tree with Rock Ridge, else the Joliet tree, else the plain primary tree.</summary>
        public IsoDirectoryEntry Root
        {
            get
            {
                ReadTrees();
                return HasRockRidge || _jolietRoot == null ? _primaryRoot! : _jolietRoot;
            }
        }

        /// <summary>The tree of the Primary Volume Descriptor (Rock Ridge names when present); entries link to their Joliet twins.</summary>
        public IsoDirectoryEntry PrimaryRoot
        {
            get
            {
                ReadTrees();
                return _primaryRoot!;
            }
        }

        /// <summary>The tree of the first Joliet SVD, or null.</summary>
        public IsoDirectoryEntry? JolietRoot
        {
            get
            {
                ReadTrees();
                return _jolietRoot;
            }
        }

        /// <summary>The entry at an absolute path of the <see cref="Root"/> tree ("/boot/isolinux/isolinux.bin"), or null.</summary>
        public IsoDirectoryEntry? GetEntry(string path)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            IsoDirectoryEntry? current = Root;
            foreach (string part in path.Split(new[] { '/', '\\' }, StringSplitOptions.RemoveEmptyEntries))
            {
                if (part == ".") continue;
                current = part == ".." ? current.Parent ?? current : current.GetChild(part);
                if (current == null) return null;
            }
            return current;
        }

        /// <summary>A read-only stream over the file's extents, read from the image as it is consumed.</summary>
        public Stream OpenRead(IsoDirectoryEntry entry)
        {
            if (entry == null) throw new ArgumentNullException(nameof(entry));
            if (entry.IsDirectory) throw new ArgumentException($"'{entry.FullName}' is a directory.", nameof(entry));
            foreach (IsoExtent extent in entry.Extents)
            {
                if (extent.Length > 0 && !_image.Contains(extent.Lba, extent.Length))
                {
                    throw new IsoFormatException(IsoFormatError.Truncated, $"The data of '{entry.FullName}' lies beyond the end of the image.", extent.Lba);
                }
            }
            return new ExtentStream(_image, entry.Extents);
        }

        public void Dispose()
        {
            if (_ownsStream) _stream.Dispose();
        }

        private void ReadTrees()
        {
            if (_treesRead) return;
            _primaryRoot = DirectoryTreeReader.ReadPrimary(_image, PrimaryVolume.RootRecord, HasRockRidge, _suspSkip);
            if (HasJoliet)
            {
                _jolietRoot = DirectoryTreeReader.ReadJoliet(_image, JolietVolumes[0].RootRecord);
                JolietLinker.Link(_primaryRoot, _jolietRoot);
            }
            _treesRead = true;
        }

        private (bool, int, string?) DetectRockRidge()
        {
            DirectoryRecord root = PrimaryVolume.RootRecord;
            if (!_image.Contains(root.ExtentLba, ImageReader.BlockSize))
            {
                throw new IsoFormatException(IsoFormatError.Corrupt, $"The root directory (LBA {root.ExtentLba}) lies outside the image.", PrimaryVolume.Lba, 156);
            }
            byte[] block = _image.ReadBlock(root.ExtentLba, "root directory");
            DirectoryRecord self = DirectoryRecord.Parse(block, 0, ImageReader.BlockSize, root.ExtentLba, false);
            if (self.SystemUseLength < SpSignature.Length + 1 || !Bytes.Equal(self.Raw, self.SystemUseOffset, SpSignature))
            {
                return (false, 0, null);
            }
            int skip = self.Raw[self.SystemUseOffset + 6];
            foreach (SuspEntry entry in SystemUseReader.Read(_image, self, 0))
            {
                if (entry.Signature != "ER" || entry.RawData.Length < 4) continue;
                int idLength = entry.RawData[0];
                if (4 + idLength > entry.RawData.Length) continue;
                string id = System.Text.Encoding.ASCII.GetString(entry.RawData, 4, idLength);
                if (id.StartsWith("RRIP", StringComparison.Ordinal) || id.StartsWith("IEEE_P1282", StringComparison.Ordinal) || id.StartsWith("IEEE_1282", StringComparison.Ordinal))
                {
                    return (true, skip, id);
                }
            }
            return (!HasJoliet, skip, null);
        }
    }
}
