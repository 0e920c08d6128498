using System;
using System.Collections.Generic;

namespace DisklessRancher.Iso9660
{
    /// <summary>
    /// Builds a directory tree from a root record: the primary tree with Rock Ridge names and relocation,
    /// or a Joliet tree. Every extent is bounds-checked before it is read, a directory reached twice is a
    /// loop, and depth is capped, so a corrupt image ends in an IsoFormatException, never a hang.
    /// </summary>
    internal sealed class DirectoryTreeReader
    {
        private const int MaxDepth = 512;
        private readonly ImageReader _image;
        private readonly bool _joliet;
        private readonly bool _rockRidge;
        private readonly int _rootSuspOffset;
        private readonly int _suspSkip;
        private readonly ICollection<string> _damage;
        private readonly HashSet<long> _visited = new HashSet<long>();

        private DirectoryTreeReader(ImageReader image, bool joliet, bool rockRidge, int rootSuspOffset, int suspSkip, ICollection<string> damage)
        {
            _damage = damage;
            _image = image;
            _joliet = joliet;
            _rockRidge = rockRidge;
            _rootSuspOffset = rootSuspOffset;
            _suspSkip = suspSkip;
        }

        /// <summary>The primary tree; the root's SUSP starts <paramref name="rootSuspOffset"/> bytes in, every other record's <paramref name="suspSkip"/> bytes in.</summary>
        public static IsoDirectoryEntry ReadPrimary(ImageReader image, DirectoryRecord root, bool rockRidge, int rootSuspOffset, int suspSkip, ICollection<string> damage) =>
            new DirectoryTreeReader(image, false, rockRidge, rootSuspOffset, suspSkip, damage).ReadRoot(root);

        public static IsoDirectoryEntry ReadJoliet(ImageReader image, DirectoryRecord root, ICollection<string> damage) =>
            new DirectoryTreeReader(image, true, false, 0, 0, damage).ReadRoot(root);

        private IsoDirectoryEntry ReadRoot(DirectoryRecord rootRecord)
        {
            List<List<DirectoryRecord>> records = ReadRecords(rootRecord.ExtentLba, rootRecord.DataLength);
            DirectoryRecord self = records[0][0];
            // The root's own SUSP entries (SP, ER, ...) live in its "." record, where SP was found (LEN_SKP does not apply).
            IReadOnlyList<SuspEntry> systemUse = _joliet ? (IReadOnlyList<SuspEntry>)new SuspEntry[0] : SystemUseReader.Read(_image, self, _rootSuspOffset);
            RockRidgeInfo? rockRidge = _rockRidge ? RockRidgeInfo.Parse(systemUse) : null;
            IsoDirectoryEntry root = new IsoDirectoryEntry("", null, new[] { self }, systemUse, rockRidge, true,
                new[] { new IsoExtent(rootRecord.ExtentLba, rootRecord.DataLength) });
            root.Children = ReadChildren(root, records, 1);
            return root;
        }

        private List<IsoDirectoryEntry> ReadChildren(IsoDirectoryEntry directory, List<List<DirectoryRecord>> records, int depth)
        {
            if (depth > MaxDepth)
            {
                throw new IsoFormatException(IsoFormatError.Corrupt, $"Directories nested deeper than {MaxDepth} levels.", directory.RecordLba, directory.RecordOffset);
            }
            List<IsoDirectoryEntry> children = new List<IsoDirectoryEntry>();
            foreach (List<DirectoryRecord> group in records)
            {
                DirectoryRecord first = group[0];
                if (first.IsSelf || first.IsParent || (first.Flags & DirectoryRecordFlags.Associated) != 0) continue;

                IReadOnlyList<SuspEntry> systemUse = _joliet ? (IReadOnlyList<SuspEntry>)new SuspEntry[0] : SystemUseReader.Read(_image, first, _suspSkip);
                RockRidgeInfo? rockRidge = _rockRidge ? RockRidgeInfo.Parse(systemUse) : null;
                if (rockRidge != null && rockRidge.IsRelocated) continue; // shown where its CL placeholder is

                string name = rockRidge?.Name is string rrName && rrName != "." && rrName != ".." ? rrName
                    : _joliet ? NameReader.FromJoliet(first.Identifier) : NameReader.FromIso9660(first.Identifier);

                if (rockRidge?.ChildLink is uint childLba)
                {
                    DirectoryRecord target = ReadSelfRecord(childLba, first);
                    IsoDirectoryEntry relocated = new IsoDirectoryEntry(name, directory, group, systemUse, rockRidge, true,
                        new[] { new IsoExtent(childLba, target.DataLength) }) { IsRelocated = true };
                    relocated.Children = ReadChildren(relocated, ReadRecords(childLba, target.DataLength), depth + 1);
                    children.Add(relocated);
                }
                else if (first.IsDirectory)
                {
                    IsoDirectoryEntry child = new IsoDirectoryEntry(name, directory, group, systemUse, rockRidge, true,
                        new[] { new IsoExtent(first.ExtentLba, first.DataLength) });
                    child.Children = ReadChildren(child, ReadRecords(first.ExtentLba, first.DataLength), depth + 1);
                    children.Add(child);
                }
                else
                {
                    IsoDirectoryEntry file = new IsoDirectoryEntry(name, directory, group, systemUse, rockRidge, false, FileExtents(group));
                    NoteDataBeyondTheEnd(file);
                    children.Add(file);
                }
            }
            return children;
        }

        private static IsoExtent[] FileExtents(List<DirectoryRecord> group)
        {
            IsoExtent[] extents = new IsoExtent[group.Count];
            for (int i = 0; i < group.Count; i++) extents[i] = new IsoExtent(group[i].ExtentLba, group[i].DataLength);
            return extents;
        }

        /// <summary>
        /// Data beyond the end of the image is listed, as Linux lists it, and recorded as damage; reading that
        /// file then fails with an error naming it.
        /// </summary>
        private void NoteDataBeyondTheEnd(IsoDirectoryEntry file)
        {
            foreach (IsoExtent extent in file.Extents)
            {
                if (extent.Length > 0 && !_image.Contains(extent.Lba, extent.Length))
                {
                    _damage.Add($"The data of '{file.FullName}' ({extent.Length} bytes at LBA {extent.Lba}) lies beyond the end of the image.");
                }
            }
        }

        /// <summary>The "." record at the start of a directory extent (used for CL targets).</summary>
        private DirectoryRecord ReadSelfRecord(uint lba, DirectoryRecord referrer)
        {
            if (!_image.Contains(lba, Ecma119.BlockSize))
            {
                throw new IsoFormatException(IsoFormatError.Corrupt, $"Rock Ridge CL entry points outside the image (LBA {lba}).", referrer.Lba, referrer.Offset);
            }
            byte[] block = _image.ReadBlock(lba, "relocated directory");
            DirectoryRecord self = DirectoryRecord.Parse(block, 0, Ecma119.BlockSize, lba, _joliet);
            if (!self.IsSelf || self.ExtentLba != lba)
            {
                throw new IsoFormatException(IsoFormatError.Corrupt, "Rock Ridge CL entry does not point at a directory.", referrer.Lba, referrer.Offset);
            }
            return self;
        }

        /// <summary>The records of one directory extent, multi-extent files grouped; "." and ".." come first.</summary>
        private List<List<DirectoryRecord>> ReadRecords(uint lba, uint length)
        {
            if (length < DirectoryRecordLayout.MinimumLength || !_image.Contains(lba, length))
            {
                throw new IsoFormatException(IsoFormatError.Corrupt, $"Directory extent ({length} bytes at LBA {lba}) is empty or beyond the end of the image.", lba);
            }
            if (!_visited.Add(lba))
            {
                throw new IsoFormatException(IsoFormatError.Corrupt, "A directory is reached twice: the tree has a loop.", lba);
            }

            List<List<DirectoryRecord>> groups = new List<List<DirectoryRecord>>();
            List<DirectoryRecord>? pending = null;
            long blocks = (length + Ecma119.BlockSize - 1) / Ecma119.BlockSize;
            for (long i = 0; i < blocks; i++)
            {
                long blockLba = lba + i;
                byte[] block = _image.ReadBlock(blockLba, "directory");
                int usable = (int)Math.Min(Ecma119.BlockSize, length - i * Ecma119.BlockSize);
                int position = 0;
                while (position < usable && block[position] != 0)
                {
                    DirectoryRecord record = DirectoryRecord.Parse(block, position, usable - position, blockLba, _joliet);
                    if (groups.Count == 0 && pending == null && !record.IsSelf)
                    {
                        throw new IsoFormatException(IsoFormatError.Corrupt, "A directory does not start with its \".\" record.", blockLba, position);
                    }
                    if (pending != null && !Ecma119.BytesEqual(record.Raw, DirectoryRecordLayout.IdentifierLength, Ecma119.Slice(pending[0].Raw, DirectoryRecordLayout.IdentifierLength, pending[0].IdentifierLength + 1)))
                    {
                        throw new IsoFormatException(IsoFormatError.Corrupt,
                            $"A multi-extent file '{pending[0].Identifier}' continues with a record named '{record.Identifier}'.", blockLba, position);
                    }
                    pending ??= new List<DirectoryRecord>();
                    pending.Add(record);
                    if ((record.Flags & DirectoryRecordFlags.MultiExtent) == 0 || record.IsDirectory)
                    {
                        groups.Add(pending);
                        pending = null;
                    }
                    position += record.Length;
                }
            }
            if (pending != null) groups.Add(pending); // a final record still flagged multi-extent: keep what is there
            if (groups.Count == 0)
            {
                throw new IsoFormatException(IsoFormatError.Corrupt, "A directory has no records.", lba);
            }
            return groups;
        }
    }
}
