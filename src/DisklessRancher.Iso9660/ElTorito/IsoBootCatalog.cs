using System.Collections.Generic;

namespace DisklessRancher.Iso9660
{
    /// <summary>El Torito platform ids (validation entry and section headers).</summary>
    public enum BootPlatform : byte
    {
        Bios = 0,
        PowerPC = 1,
        Mac = 2,
        Uefi = 0xEF,
    }

    /// <summary>El Torito boot media emulation (low 4 bits of the entry's media byte).</summary>
    public enum BootEmulation : byte
    {
        NoEmulation = 0,
        Floppy12 = 1,
        Floppy144 = 2,
        Floppy288 = 3,
        HardDisk = 4,
    }

    /// <summary>The El Torito boot catalog: its validation entry and every default and section entry.</summary>
    public sealed class IsoBootCatalog
    {
        internal IsoBootCatalog(long lba, BootPlatform platform, string idString, IReadOnlyList<IsoBootEntry> entries)
        {
            Lba = lba;
            Platform = platform;
            IdString = idString;
            Entries = entries;
        }

        public long Lba { get; }

        /// <summary>The validation entry's platform (that of the default entry).</summary>
        public BootPlatform Platform { get; }

        public string IdString { get; }

        /// <summary>The default entry first, then section entries in catalog order.</summary>
        public IReadOnlyList<IsoBootEntry> Entries { get; }
    }

    /// <summary>One bootable image named by the catalog.</summary>
    public sealed class IsoBootEntry
    {
        internal IsoBootEntry(int index, bool isDefault, BootPlatform platform, byte[] raw, int offset)
        {
            Index = index;
            IsDefault = isDefault;
            Platform = platform;
            CatalogOffset = offset;
            Bootable = raw[offset] == 0x88;
            Emulation = (BootEmulation)(raw[offset + 1] & 0x0F);
            LoadSegment = Ecma119.ReadUInt16LE(raw, offset + 2);
            SystemType = raw[offset + 4];
            LoadSize = Ecma119.ReadUInt16LE(raw, offset + 6);
            LoadLba = Ecma119.ReadUInt32LE(raw, offset + 8);
        }

        /// <summary>1-based position among the catalog's entries.</summary>
        public int Index { get; }

        /// <summary>True for the initial/default entry (right after the validation entry).</summary>
        public bool IsDefault { get; }

        public BootPlatform Platform { get; }

        /// <summary>"BIOS", "UEFI", "PowerPC", "Mac" or the id in hex.</summary>
        public string PlatformName => Platform switch
        {
            BootPlatform.Bios => "BIOS",
            BootPlatform.Uefi => "UEFI",
            BootPlatform.PowerPC => "PowerPC",
            BootPlatform.Mac => "Mac",
            _ => "0x" + ((byte)Platform).ToString("X2", System.Globalization.CultureInfo.InvariantCulture),
        };

        /// <summary>The entry's byte offset inside the catalog.</summary>
        public int CatalogOffset { get; }

        public bool Bootable { get; }

        public BootEmulation Emulation { get; }

        public ushort LoadSegment { get; }

        public byte SystemType { get; }

        /// <summary>Sectors of 512 bytes the firmware loads (isolinux: 4).</summary>
        public ushort LoadSize { get; }

        /// <summary>The boot image's first 2048-byte block.</summary>
        public uint LoadLba { get; }

        /// <summary>The boot-info-table patched into the image (isolinux -boot-info-table), or null.</summary>
        public IsoBootInfoTable? BootInfoTable { get; internal set; }

        public bool HasBootInfoTable => BootInfoTable != null;

        public bool BootInfoTableValid => BootInfoTable != null && BootInfoTable.ChecksumValid;

        public override string ToString() =>
            $"{PlatformName} {Emulation} LBA {LoadLba} x{LoadSize}{(HasBootInfoTable ? BootInfoTableValid ? " boot-info-table" : " boot-info-table (bad checksum)" : "")}";
    }

    /// <summary>A boot-info-table at byte 8 of a boot image: PVD block, file block, file length, checksum.</summary>
    public sealed class IsoBootInfoTable
    {
        internal IsoBootInfoTable(uint pvdLba, uint fileLba, uint fileLength, uint checksum, uint computedChecksum)
        {
            PvdLba = pvdLba;
            FileLba = fileLba;
            FileLength = fileLength;
            Checksum = checksum;
            ComputedChecksum = computedChecksum;
        }

        /// <summary>The block of the PVD the table names: the image's PVD, or that of the session that wrote the boot image.</summary>
        public uint PvdLba { get; }

        public uint FileLba { get; }

        public uint FileLength { get; }

        /// <summary>The checksum stored in the table.</summary>
        public uint Checksum { get; }

        /// <summary>The 32-bit sum of the little-endian dwords of the file from byte 64, as read now.</summary>
        public uint ComputedChecksum { get; }

        public bool ChecksumValid => Checksum == ComputedChecksum;
    }
}
