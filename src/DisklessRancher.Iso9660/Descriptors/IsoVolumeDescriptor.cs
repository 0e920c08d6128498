using System;

namespace DisklessRancher.Iso9660
{
    /// <summary>A Primary or Supplementary (e.g. Joliet) Volume Descriptor (ECMA-119 8.4, 8.5).</summary>
    public sealed class IsoVolumeDescriptor : VolumeDescriptor
    {
        internal IsoVolumeDescriptor(long lba, byte[] raw) : base(lba, raw)
        {
            JolietLevel = Type == VolumeDescriptorType.Supplementary ? DetectJolietLevel(raw) : 0;
            Func<byte[], int, int, string> text = IsJoliet ? (Func<byte[], int, int, string>)Ecma119.ReadUcs2BE : Ecma119.ReadAscii;
            SystemId = text(raw, VolumeDescriptorLayout.SystemId, VolumeDescriptorLayout.ShortIdLength);
            VolumeId = text(raw, VolumeDescriptorLayout.VolumeId, VolumeDescriptorLayout.ShortIdLength);
            VolumeSetId = text(raw, VolumeDescriptorLayout.VolumeSetId, VolumeDescriptorLayout.LongIdLength);
            PublisherId = text(raw, VolumeDescriptorLayout.PublisherId, VolumeDescriptorLayout.LongIdLength);
            DataPreparerId = text(raw, VolumeDescriptorLayout.DataPreparerId, VolumeDescriptorLayout.LongIdLength);
            ApplicationId = text(raw, VolumeDescriptorLayout.ApplicationId, VolumeDescriptorLayout.LongIdLength);
            CreationTime = Ecma119.ReadDescriptorDate(raw, VolumeDescriptorLayout.CreationDate);
            ModificationTime = Ecma119.ReadDescriptorDate(raw, VolumeDescriptorLayout.ModificationDate);
            ExpirationTime = Ecma119.ReadDescriptorDate(raw, VolumeDescriptorLayout.ExpirationDate);
            EffectiveTime = Ecma119.ReadDescriptorDate(raw, VolumeDescriptorLayout.EffectiveDate);
            RootRecord = DirectoryRecord.Parse(raw, VolumeDescriptorLayout.RootRecord, DirectoryRecordLayout.MinimumLength, lba, IsJoliet);
        }

        public bool IsPrimary => Type == VolumeDescriptorType.Primary;

        /// <summary>1, 2 or 3 for a Joliet SVD (escape sequence %/@, %/C, %/E); 0 otherwise.</summary>
        public int JolietLevel { get; }

        public bool IsJoliet => JolietLevel != 0;

        public byte VolumeFlags => Raw[VolumeDescriptorLayout.VolumeFlags];

        public string SystemId { get; }

        public string VolumeId { get; }

        public uint VolumeSpaceSize => Ecma119.ReadUInt32LE(Raw, VolumeDescriptorLayout.VolumeSpaceSize);

        public byte[] EscapeSequences => Ecma119.Slice(Raw, VolumeDescriptorLayout.EscapeSequences, VolumeDescriptorLayout.EscapeSequencesLength);

        public ushort VolumeSetSize => Ecma119.ReadUInt16LE(Raw, VolumeDescriptorLayout.VolumeSetSize);

        public ushort VolumeSequenceNumber => Ecma119.ReadUInt16LE(Raw, VolumeDescriptorLayout.VolumeSequenceNumber);

        public ushort LogicalBlockSize => Ecma119.ReadUInt16LE(Raw, VolumeDescriptorLayout.LogicalBlockSize);

        public uint PathTableSize => Ecma119.ReadUInt32LE(Raw, VolumeDescriptorLayout.PathTableSize);

        public uint LPathTableLba => Ecma119.ReadUInt32LE(Raw, VolumeDescriptorLayout.LPathTableLE);

        public uint OptionalLPathTableLba => Ecma119.ReadUInt32LE(Raw, VolumeDescriptorLayout.OptionalLPathTableLE);

        public uint MPathTableLba => Ecma119.ReadUInt32BE(Raw, VolumeDescriptorLayout.MPathTableBE);

        public uint OptionalMPathTableLba => Ecma119.ReadUInt32BE(Raw, VolumeDescriptorLayout.OptionalMPathTableBE);

        /// <summary>The root directory record.</summary>
        public DirectoryRecord RootRecord { get; }

        public string VolumeSetId { get; }

        public string PublisherId { get; }

        public string DataPreparerId { get; }

        public string ApplicationId { get; }

        public DateTimeOffset? CreationTime { get; }

        public DateTimeOffset? ModificationTime { get; }

        public DateTimeOffset? ExpirationTime { get; }

        public DateTimeOffset? EffectiveTime { get; }

        public byte FileStructureVersion => Raw[VolumeDescriptorLayout.FileStructureVersion];

        private static int DetectJolietLevel(byte[] raw)
        {
            const int end = VolumeDescriptorLayout.EscapeSequences + VolumeDescriptorLayout.EscapeSequencesLength;
            for (int i = VolumeDescriptorLayout.EscapeSequences; i + 3 <= end; i++)
            {
                if (raw[i] != 0x25 || raw[i + 1] != 0x2F) continue;
                switch (raw[i + 2])
                {
                    case 0x40: return 1;
                    case 0x43: return 2;
                    case 0x45: return 3;
                }
            }
            return 0;
        }

        public override string ToString() => $"{(IsJoliet ? "Joliet SVD" : Type.ToString())} '{VolumeId}' at LBA {Lba}";
    }
}
