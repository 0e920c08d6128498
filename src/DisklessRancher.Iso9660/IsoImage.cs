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
        private const int XaSystemUseLength = 14;
        private readonly Stream _stream;
        private readonly bool _ownsStream;
        private readonly ImageReader _image;
        private readonly int _rootSuspOffset;
        private readonly int _suspSkip;
        private readonly bool _rockRidgeNamed;
        private IsoDirectoryEntry? _primaryRoot;
        private IsoDirectoryEntry? _jolietRoot;
        private readonly List<string> _damage = new List<string>();
        private bool _treesRead;

        private IsoImage(Stream stream, bool ownsStream)
        {
            _stream = stream;
            _ownsStream = ownsStream;
            _image = new ImageReader(stream);
            Descriptors = VolumeDescriptorSetReader.Read(_image, out long terminatorLba);
            DescriptorSetEnd = terminatorLba + 1;

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
            PrimaryVolume = primary ?? throw new InvalidOperationException("VolumeDescriptorSetReader guarantees a PVD.");
            JolietVolumes = joliet;
            if (BootRecord != null) BootCatalog = BootCatalogReader.Read(_image, BootRecord.CatalogLba, PrimaryVolume.Lba, _damage);
            SystemArea = SystemAreaReader.Read(_image, BootCatalog);
            DetectRockRidge(out _rootSuspOffset, out _suspSkip, out _rockRidgeNamed);
            HasRockRidge = _rootSuspOffset >= 0;
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

        /// <summary>
        /// What the reader passed over the way Linux does (a bad El Torito checksum, file data beyond the end of
        /// the image, once the trees are read): the image lists and reads, but is not safe to rewrite.
        /// </summary>
        public IReadOnlyList<string> Damage
        {
            get
            {
                ReadTrees();
                return _damage;
            }
        }

        /// <summary>Throws when <see cref="Damage"/> is not empty: an image that is rewritten must be whole.</summary>
        public void EnsureUndamaged()
        {
            if (Damage.Count > 0)
            {
                throw new IsoFormatException(IsoFormatError.Corrupt, "The image is damaged and cannot be rewritten safely: " + string.Join(" ", _damage));
            }
        }

        /// <summary>The El Torito Boot Record, or null.</summary>
        public BootRecordDescriptor? BootRecord { get; }

        /// <summary>The El Torito catalog, or null when the image has none.</summary>
        public IsoBootCatalog? BootCatalog { get; }

        public IsoSystemArea SystemArea { get; }

        /// <summary>
        /// True when the primary tree's root "." record carries the SUSP SP entry (after CD-XA data or not), so the
        /// primary tree is read with its Rock Ridge names and attributes, as pycdlib and isoinfo -R read it.
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
        internal long DescriptorSetEnd { get; }

        /// <summary>The ER extension identifier (RRIP_1991A, IEEE_P1282, ...), or null.</summary>
        public string? RockRidgeExtension { get; private set; }

        /// <summary>
        /// The tree Linux shows: the Rock Ridge tree when the root names an extension (ER) or there is no Joliet
        /// tree to prefer, else the Joliet tree, else the plain primary tree.
        /// </summary>
        public IsoDirectoryEntry Root
        {
            get
            {
                ReadTrees();
                return _jolietRoot == null || (HasRockRidge && _rockRidgeNamed) ? _primaryRoot! : _jolietRoot;
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
            _primaryRoot = DirectoryTreeReader.ReadPrimary(_image, PrimaryVolume.RootRecord, HasRockRidge, Math.Max(0, _rootSuspOffset), _suspSkip, _damage);
            if (HasJoliet)
            {
                _jolietRoot = DirectoryTreeReader.ReadJoliet(_image, JolietVolumes[0].RootRecord, _damage);
                JolietLinker.Link(_primaryRoot, _jolietRoot);
            }
            _treesRead = true;
        }

        /// <summary>
        /// Like Linux isofs (fs/isofs/rock.c): SP opens the root "." record's System Use area, or follows the 14
        /// bytes of CD-XA data there; its LEN_SKP is then skipped in every other record. Any ER entry makes Linux
        /// prefer Rock Ridge over Joliet.
        /// </summary>
        private void DetectRockRidge(out int rootOffset, out int skip, out bool named)
        {
            rootOffset = -1;
            skip = 0;
            named = false;
            DirectoryRecord root = PrimaryVolume.RootRecord;
            if (!_image.Contains(root.ExtentLba, Ecma119.BlockSize))
            {
                throw new IsoFormatException(IsoFormatError.Corrupt, $"The root directory (LBA {root.ExtentLba}) lies outside the image.", PrimaryVolume.Lba, VolumeDescriptorLayout.RootRecord);
            }
            byte[] block = _image.ReadBlock(root.ExtentLba, "root directory");
            DirectoryRecord self = DirectoryRecord.Parse(block, 0, Ecma119.BlockSize, root.ExtentLba, false);
            foreach (int offset in new[] { 0, XaSystemUseLength })
            {
                if (self.SystemUseLength >= offset + SuspLayout.SpLength && Ecma119.BytesEqual(self.Raw, self.SystemUseOffset + offset, SuspLayout.SpPrefix))
                {
                    rootOffset = offset;
                    break;
                }
            }
            if (rootOffset < 0) return;
            skip = self.Raw[self.SystemUseOffset + rootOffset + SuspLayout.SpSkip];
            foreach (SuspEntry entry in SystemUseReader.Read(_image, self, rootOffset))
            {
                byte[] e = entry.Raw;
                if (entry.Signature != "ER" || e.Length < SuspLayout.ErId) continue;
                named = true;
                int idLength = e[SuspLayout.ErIdLength];
                if (SuspLayout.ErId + idLength > e.Length) continue;
                string id = System.Text.Encoding.ASCII.GetString(e, SuspLayout.ErId, idLength);
                if (id.StartsWith("RRIP", StringComparison.Ordinal) || id.StartsWith("IEEE_P1282", StringComparison.Ordinal) || id.StartsWith("IEEE_1282", StringComparison.Ordinal))
                {
                    RockRidgeExtension = id;
                    return;
                }
            }
        }
    }
}
