using System;
using System.Collections.Generic;

namespace DisklessRancher.Iso9660
{
    /// <summary>A file, directory or symbolic link in one of the image's directory trees.</summary>
    public sealed class IsoDirectoryEntry
    {
        private static readonly IReadOnlyList<IsoDirectoryEntry> NoChildren = new IsoDirectoryEntry[0];
        private IReadOnlyList<IsoDirectoryEntry> _children = NoChildren;

        internal IsoDirectoryEntry(string name, IsoDirectoryEntry? parent, IReadOnlyList<DirectoryRecord> records,
            IReadOnlyList<SuspEntry> systemUse, RockRidgeInfo? rockRidge, bool isDirectory, IReadOnlyList<IsoExtent> extents)
        {
            Name = name;
            Parent = parent;
            Records = records;
            SystemUse = systemUse;
            IsDirectory = isDirectory;
            Extents = extents;
            long length = 0;
            foreach (IsoExtent e in extents) length += e.Length;
            Length = length;
            Mode = rockRidge?.Mode;
            LinkCount = rockRidge?.LinkCount;
            Uid = rockRidge?.Uid;
            Gid = rockRidge?.Gid;
            SerialNumber = rockRidge?.SerialNumber;
            DeviceNumber = rockRidge?.DeviceNumber;
            SymlinkTarget = rockRidge?.SymlinkTarget;
            LastWriteTime = rockRidge?.ModifyTime ?? records[0].RecordingTime;
            FullName = parent == null ? "/" : parent.Parent == null ? "/" + name : parent.FullName + "/" + name;
        }

        /// <summary>The name as Linux shows it: Rock Ridge, else Joliet, else the ISO 9660 identifier lowercased without ';1'.</summary>
        public string Name { get; }

        /// <summary>The absolute path inside the image, '/' separated ("/" for the root).</summary>
        public string FullName { get; }

        public IsoDirectoryEntry? Parent { get; }

        public bool IsDirectory { get; }

        public bool IsSymbolicLink => SymlinkTarget != null;

        /// <summary>Bytes of data (the sum of every extent of a multi-extent file).</summary>
        public long Length { get; }

        public IReadOnlyList<IsoExtent> Extents { get; }

        /// <summary>The first block of the data (of the directory itself for a directory).</summary>
        public long Lba => Extents.Count > 0 ? Extents[0].Lba : Records[0].ExtentLba;

        /// <summary>POSIX mode bits from Rock Ridge PX (file type and permissions); null without Rock Ridge.</summary>
        public uint? Mode { get; }

        public uint? LinkCount { get; }

        public uint? Uid { get; }

        public uint? Gid { get; }

        /// <summary>The inode number of a Rock Ridge 1.12 PX entry.</summary>
        public uint? SerialNumber { get; }

        /// <summary>Device number (high &lt;&lt; 32 | low) from a Rock Ridge PN entry.</summary>
        public ulong? DeviceNumber { get; }

        /// <summary>Rock Ridge TF modification time, else the directory record's recording time.</summary>
        public DateTimeOffset? LastWriteTime { get; }

        /// <summary>The target of a Rock Ridge symbolic link (SL), else null.</summary>
        public string? SymlinkTarget { get; }

        /// <summary>The directory records of this entry (several for a multi-extent file), where they are stored.</summary>
        public IReadOnlyList<DirectoryRecord> Records { get; }

        /// <summary>The first record's block.</summary>
        public long RecordLba => Records[0].Lba;

        /// <summary>The first record's byte offset inside that block.</summary>
        public int RecordOffset => Records[0].Offset;

        /// <summary>The raw identifier of the first record ("BOOT", "ISOLINUX.BIN;1", or a Joliet name).</summary>
        public string Identifier => Records[0].Identifier;

        /// <summary>Every SUSP entry of the first record, CE continuation areas followed (empty in a Joliet tree).</summary>
        public IReadOnlyList<SuspEntry> SystemUse { get; }

        /// <summary>True when a Rock Ridge CL entry relocated this directory (its records live under rr_moved).</summary>
        public bool IsRelocated { get; internal set; }

        /// <summary>The same file or directory in the Joliet tree, when this entry is from the primary tree and Joliet has it.</summary>
        public IsoDirectoryEntry? Joliet { get; internal set; }

        public IReadOnlyList<IsoDirectoryEntry> Children
        {
            get => _children;
            internal set => _children = value;
        }

        /// <summary>The child with this exact name, or null.</summary>
        public IsoDirectoryEntry? GetChild(string name)
        {
            foreach (IsoDirectoryEntry child in _children)
            {
                if (string.Equals(child.Name, name, StringComparison.Ordinal)) return child;
            }
            return null;
        }

        public override string ToString() => FullName;
    }
}
