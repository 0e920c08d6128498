using System;

namespace DisklessRancher.Iso9660
{
    /// <summary>Volume descriptor type codes (ECMA-119 8.1).</summary>
    public enum VolumeDescriptorType : byte
    {
        BootRecord = 0,
        Primary = 1,
        Supplementary = 2,
        Partition = 3,
        Terminator = 255,
    }

    /// <summary>One 2048-byte volume descriptor as found in the set that starts at LBA 16.</summary>
    public class VolumeDescriptor
    {
        private readonly byte[] _raw;

        internal VolumeDescriptor(long lba, byte[] raw)
        {
            Lba = lba;
            _raw = raw;
        }

        public long Lba { get; }

        public VolumeDescriptorType Type => (VolumeDescriptorType)_raw[VolumeDescriptorLayout.Type];

        public byte Version => _raw[VolumeDescriptorLayout.Version];

        /// <summary>A copy of the descriptor's 2048 bytes, exactly as read.</summary>
        public byte[] GetBytes() => (byte[])_raw.Clone();

        internal byte[] Raw => _raw;

        public override string ToString() => $"{Type} at LBA {Lba}";
    }

    /// <summary>A Boot Record; for El Torito it points at the boot catalog.</summary>
    public sealed class BootRecordDescriptor : VolumeDescriptor
    {
        internal BootRecordDescriptor(long lba, byte[] raw) : base(lba, raw)
        {
            BootSystemId = Ecma119.ReadAscii(raw, VolumeDescriptorLayout.BootSystemId, VolumeDescriptorLayout.ShortIdLength);
            BootId = Ecma119.ReadAscii(raw, VolumeDescriptorLayout.BootId, VolumeDescriptorLayout.ShortIdLength);
        }

        public string BootSystemId { get; }

        public string BootId { get; }

        public bool IsElTorito => BootSystemId == "EL TORITO SPECIFICATION";

        /// <summary>The boot catalog's LBA (El Torito only).</summary>
        public uint CatalogLba => Ecma119.ReadUInt32LE(Raw, VolumeDescriptorLayout.BootCatalogLbaLE);
    }
}
