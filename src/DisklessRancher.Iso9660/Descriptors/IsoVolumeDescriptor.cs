using System;

namespace DisklessRancher.Iso9660
{
    /// <summary>A Primary or Supplementary (e.g. Joliet) Volume Descriptor (ECMA-119 8.4, 8.5).</summary>
    public sealed class IsoVolumeDescriptor : VolumeDescriptor
    {
        /// <summary>Byte offset and length of the volume identifier inside the descriptor.</summary>
        public const int VolumeIdOffset = 40, VolumeIdLength = 32;

        internal IsoVolumeDescriptor(long lba, byte[] raw) : base(lba, raw)
        {
            JolietLevel = Type == VolumeDescriptorType.Supplementary ? DetectJolietLevel(raw) : 0;
            Func<byte[], int, int, string> text = IsJoliet ? (Func<byte[], int, int, string>)Ecma119.ReadUcs2BE : Ecma119.ReadAscii;
            SystemId = text(raw, 8, 32);
            VolumeId = text(raw, VolumeIdOffset, VolumeIdLength);
            VolumeSetId = text(raw, 190, 128);
            PublisherId = text(raw, 318, 128);
            DataPreparerId = text(raw, 446, 128);
            ApplicationId = text(raw, 574, 128);
            CreationTime = Ecma119.ReadDescriptorDate(raw, 813);
            ModificationTime = Ecma119.ReadDescriptorDate(raw, 830);
            ExpirationTime = Ecma119.ReadDescriptorDate(raw, 847);
            EffectiveTime = Ecma119.ReadDescriptorDate(raw, 864);
            RootRecord = DirectoryRecord.Parse(raw, 156, 34, lba, IsJoliet);
        }

        public bool IsPrimary => Type == VolumeDescriptorType.Primary;

        /// <summary>1, 2 or 3 for a Joliet SVD (escape sequence %/@, %/C, %/E); 0 otherwise.</summary>
        public int JolietLevel { get; }

        public bool IsJoliet => JolietLevel != 0;

        public byte VolumeFlags => Raw[7];

        public string SystemId { get; }

        public string VolumeId { get; }

        public uint VolumeSpaceSize => Ecma119.ReadUInt32LE(Raw, 80);

        public byte[] EscapeSequences => Ecma119.Slice(Raw, 88, 32);

        public ushort VolumeSetSize => Ecma119.ReadUInt16LE(Raw, 120);

        public ushort VolumeSequenceNumber => Ecma119.ReadUInt16LE(Raw, 124);

        public ushort LogicalBlockSize => Ecma119.ReadUInt16LE(Raw, 128);

        public uint PathTableSize => Ecma119.ReadUInt32LE(Raw, 132);

        public uint LPathTableLba => Ecma119.ReadUInt32LE(Raw, 140);

        public uint OptionalLPathTableLba => Ecma119.ReadUInt32LE(Raw, 144);

        public uint MPathTableLba => Ecma119.ReadUInt32BE(Raw, 148);

        public uint OptionalMPathTableLba => Ecma119.ReadUInt32BE(Raw, 152);

        /// <summary>The root directory record (bytes 156-189).</summary>
        public DirectoryRecord RootRecord { get; }

        public string VolumeSetId { get; }

        public string PublisherId { get; }

        public string DataPreparerId { get; }

        public string ApplicationId { get; }

        public DateTimeOffset? CreationTime { get; }

        public DateTimeOffset? ModificationTime { get; }

        public DateTimeOffset? ExpirationTime { get; }

        public DateTimeOffset? EffectiveTime { get; }

        public byte FileStructureVersion => Raw[881];

        private static int DetectJolietLevel(byte[] raw)
        {
            for (int i = 88; i + 3 <= 120; i++)
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
