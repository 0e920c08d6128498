namespace DisklessRancher.Iso9660
{
    /// <summary>
    /// Where each field of the master boot record in the first sector of the system area lies: the one list of
    /// positions that <see cref="SystemAreaReader"/> reads and <see cref="PartitionTableResizer"/> rewrites.
    /// </summary>
    internal static class MbrLayout
    {
        public const int SectorSize = 512;

        /// <summary>isohybrid's qword: the boot image's position in 512-byte sectors.</summary>
        public const int IsohybridBootLba = 432;
        public const int DiskSignature = 440;
        public const int PartitionTable = 446, EntrySize = 16, EntryCount = 4;
        public const int BootSignature = 510;

        // One partition entry, from Entry(index); sectors are little-endian dwords
        public const int Status = 0, FirstChs = 1, Type = 4, LastChs = 5, StartSector = 8, SectorCount = 12;

        public const byte GptProtectiveType = 0xEE;

        public static int Entry(int index) => PartitionTable + EntrySize * index;

        /// <summary>True when the sector ends with the 0x55 0xAA boot signature.</summary>
        public static bool HasBootSignature(byte[] sector) => sector[BootSignature] == 0x55 && sector[BootSignature + 1] == 0xAA;
    }
}
