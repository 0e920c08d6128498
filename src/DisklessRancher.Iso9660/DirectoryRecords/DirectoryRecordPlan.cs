using System;
using System.Collections.Generic;
using DisklessRancher.Iso9660.Writing;

namespace DisklessRancher.Iso9660
{
    internal enum RecordRole
    {
        Self,
        Parent,
        Child,
    }

    /// <summary>
    /// One directory record to write: its identifier and System Use entries, split between the record and a
    /// continuation area (SUSP CE) when they do not fit in 255 bytes. Extents are read from the target when
    /// the record is serialized, after the layout placed everything.
    /// </summary>
    internal sealed class DirectoryRecordPlan
    {
        private const int MaxRecord = 254;
        private const int MaxContinuation = Ecma119.BlockSize;

        private readonly byte[] identifier;
        private readonly List<byte[]> inRecord = new List<byte[]>();

        public DirectoryRecordPlan(LayoutNode target, RecordRole role, int extentIndex, byte[] identifier, List<byte[]> systemUse)
        {
            Target = target;
            Role = role;
            ExtentIndex = extentIndex;
            this.identifier = identifier;
            int fixedPart = DirectoryRecordLayout.SystemUse(identifier.Length);
            if (fixedPart > MaxRecord) throw new InvalidOperationException("A file identifier is too long for a directory record.");
            int room = MaxRecord - fixedPart;
            if (RockRidgeEntries.TotalLength(systemUse) <= room)
            {
                inRecord.AddRange(systemUse);
            }
            else
            {
                int used = 0, i = 0;
                for (; i < systemUse.Count && used + systemUse[i].Length <= room - SuspLayout.CeLength; i++)
                {
                    inRecord.Add(systemUse[i]);
                    used += systemUse[i].Length;
                }
                var rest = systemUse.GetRange(i, systemUse.Count - i);
                int restLength = RockRidgeEntries.TotalLength(rest);
                if (restLength > MaxContinuation)
                {
                    throw new IsoFormatException(IsoFormatError.Unsupported, "The System Use entries of one directory record exceed one continuation block.");
                }
                Continuation = new byte[restLength];
                int offset = 0;
                foreach (var e in rest)
                {
                    Buffer.BlockCopy(e, 0, Continuation, offset, e.Length);
                    offset += e.Length;
                }
                inRecord.Add(new byte[SuspLayout.CeLength]);
            }
            int length = fixedPart + RockRidgeEntries.TotalLength(inRecord);
            Length = length + (length % 2);
        }

        public LayoutNode Target { get; }

        public RecordRole Role { get; }

        public int ExtentIndex { get; }

        public int Length { get; }

        /// <summary>The System Use bytes that go to a continuation area, or null.</summary>
        public byte[]? Continuation { get; }

        public uint ContinuationLba { get; set; }

        public uint ContinuationOffset { get; set; }

        /// <summary>Writes the record at <paramref name="offset"/> of <paramref name="block"/>.</summary>
        public void WriteTo(byte[] block, int offset)
        {
            var node = Role == RecordRole.Parent ? (Target.Parent ?? Target) : Target;
            uint lba, size;
            byte flags = Role == RecordRole.Child ? node.Flags : (byte)0; // a hidden directory's "." and ".." are not hidden
            if (node.IsDirectory)
            {
                lba = node.Lba;
                size = node.Size;
                flags |= (byte)DirectoryRecordFlags.Directory;
            }
            else
            {
                var extent = node.Data!.Extents[ExtentIndex];
                lba = extent.Lba;
                size = extent.Length;
                if (ExtentIndex < node.Data.Extents.Count - 1) flags |= (byte)DirectoryRecordFlags.MultiExtent;
            }
            WriteFields(block, offset, Length, lba, size, node.Date, flags, identifier);
            int p = offset + DirectoryRecordLayout.SystemUse(identifier.Length);
            for (int i = 0; i < inRecord.Count; i++)
            {
                var e = Continuation != null && i == inRecord.Count - 1
                    ? RockRidgeEntries.Ce(ContinuationLba, ContinuationOffset, (uint)Continuation.Length)
                    : inRecord[i];
                Buffer.BlockCopy(e, 0, block, p, e.Length);
                p += e.Length;
            }
        }

        /// <summary>Writes the fields of a record before its System Use area, on zeroed bytes.</summary>
        public static void WriteFields(byte[] block, int offset, int length, uint lba, uint size, byte[] date, byte flags, byte[] identifier)
        {
            block[offset + DirectoryRecordLayout.Length] = (byte)length;
            Ecma119.WriteUInt32Both(block, offset + DirectoryRecordLayout.ExtentLba, lba);
            Ecma119.WriteUInt32Both(block, offset + DirectoryRecordLayout.DataLength, size);
            Buffer.BlockCopy(date, 0, block, offset + DirectoryRecordLayout.RecordingDate, DirectoryRecordLayout.RecordingDateLength);
            block[offset + DirectoryRecordLayout.Flags] = flags;
            Ecma119.WriteUInt16Both(block, offset + DirectoryRecordLayout.VolumeSequenceNumber, 1);
            block[offset + DirectoryRecordLayout.IdentifierLength] = (byte)identifier.Length;
            Buffer.BlockCopy(identifier, 0, block, offset + DirectoryRecordLayout.Identifier, identifier.Length);
        }
    }
}
