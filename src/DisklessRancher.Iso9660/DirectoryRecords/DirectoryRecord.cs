using System;

namespace DisklessRancher.Iso9660
{
    /// <summary>Directory record flag bits (ECMA-119 9.1.6).</summary>
    [Flags]
    public enum DirectoryRecordFlags : byte
    {
        None = 0,
        Hidden = 0x01,
        Directory = 0x02,
        Associated = 0x04,
        Record = 0x08,
        Protection = 0x10,
        MultiExtent = 0x80,
    }

    /// <summary>One directory record as stored (ECMA-119 9.1), with where it was found.</summary>
    public sealed class DirectoryRecord
    {
        private readonly byte[] _raw;

        private DirectoryRecord(byte[] raw, long lba, int offset, bool joliet)
        {
            _raw = raw;
            Lba = lba;
            Offset = offset;
            IsJoliet = joliet;
        }

        /// <summary>The block holding the record.</summary>
        public long Lba { get; }

        /// <summary>The record's byte offset inside that block (or inside the volume descriptor for a root record).</summary>
        public int Offset { get; }

        public bool IsJoliet { get; }

        public int Length => _raw[DirectoryRecordLayout.Length];

        public int ExtendedAttributeLength => _raw[DirectoryRecordLayout.ExtendedAttributeLength];

        public uint ExtentLba => Ecma119.ReadUInt32LE(_raw, DirectoryRecordLayout.ExtentLba);

        public uint DataLength => Ecma119.ReadUInt32LE(_raw, DirectoryRecordLayout.DataLength);

        public DateTimeOffset? RecordingTime => Ecma119.ReadRecordDate(_raw, DirectoryRecordLayout.RecordingDate);

        /// <summary>The recording date's 7 bytes, as stored.</summary>
        internal byte[] GetRecordingDate() => Ecma119.Slice(_raw, DirectoryRecordLayout.RecordingDate, DirectoryRecordLayout.RecordingDateLength);

        public DirectoryRecordFlags Flags => (DirectoryRecordFlags)_raw[DirectoryRecordLayout.Flags];

        public bool IsDirectory => (Flags & DirectoryRecordFlags.Directory) != 0;

        public byte FileUnitSize => _raw[DirectoryRecordLayout.FileUnitSize];

        public byte InterleaveGap => _raw[DirectoryRecordLayout.InterleaveGap];

        public ushort VolumeSequenceNumber => Ecma119.ReadUInt16LE(_raw, DirectoryRecordLayout.VolumeSequenceNumber);

        public int IdentifierLength => _raw[DirectoryRecordLayout.IdentifierLength];

        /// <summary>The raw identifier bytes (0x00 for ".", 0x01 for "..").</summary>
        public byte[] GetIdentifier() => Ecma119.Slice(_raw, DirectoryRecordLayout.Identifier, IdentifierLength);

        public bool IsSelf => IdentifierLength == 1 && _raw[DirectoryRecordLayout.Identifier] == 0;

        public bool IsParent => IdentifierLength == 1 && _raw[DirectoryRecordLayout.Identifier] == 1;

        /// <summary>The identifier as text (bytes as Linux passes them on, see NameReader.FromBytes), or UCS-2 big-endian in a Joliet tree; "." and ".." for the special records.</summary>
        public string Identifier
        {
            get
            {
                if (IsSelf) return ".";
                if (IsParent) return "..";
                return IsJoliet
                    ? System.Text.Encoding.BigEndianUnicode.GetString(_raw, DirectoryRecordLayout.Identifier, IdentifierLength & ~1)
                    : NameReader.FromBytes(_raw, DirectoryRecordLayout.Identifier, IdentifierLength);
            }
        }

        /// <summary>Offset of the System Use area inside the record (after the identifier and its pad byte).</summary>
        public int SystemUseOffset => DirectoryRecordLayout.SystemUse(IdentifierLength);

        public int SystemUseLength => Math.Max(0, Length - SystemUseOffset);

        /// <summary>A copy of the record's bytes.</summary>
        public byte[] GetBytes() => (byte[])_raw.Clone();

        internal byte[] Raw => _raw;

        /// <summary>Parses the record at <paramref name="offset"/>; <paramref name="available"/> bytes remain in its block.</summary>
        internal static DirectoryRecord Parse(byte[] block, int offset, int available, long lba, bool joliet)
        {
            int length = block[offset + DirectoryRecordLayout.Length];
            if (length < DirectoryRecordLayout.MinimumLength || length > available)
            {
                throw new IsoFormatException(IsoFormatError.Corrupt,
                    $"Directory record length {length} is invalid ({available} bytes remain in the block).", lba, offset);
            }
            int idLength = block[offset + DirectoryRecordLayout.IdentifierLength];
            if (idLength == 0 || DirectoryRecordLayout.Identifier + idLength > length)
            {
                throw new IsoFormatException(IsoFormatError.Corrupt,
                    $"Directory record identifier length {idLength} does not fit the record length {length}.", lba, offset);
            }
            return new DirectoryRecord(Ecma119.Slice(block, offset, length), lba, offset, joliet);
        }

        public override string ToString() => $"{Identifier} (extent {ExtentLba}, {DataLength} bytes)";
    }
}
