namespace DisklessRancher.Iso9660
{
    /// <summary>
    /// Where each field of a GPT header (UEFI 5.3.2) and of a partition entry (UEFI 5.3.3) lies, little-endian: the one
    /// list of positions that <see cref="SystemAreaReader"/> reads and <see cref="PartitionTableResizer"/> rewrites.
    /// </summary>
    internal static class GptLayout
    {
        /// <summary>The primary header's sector (after the MBR).</summary>
        public const int HeaderSector = 1;

        // Header
        public const int Revision = 8, HeaderSize = 12, HeaderCrc = 16, CurrentLba = 24, BackupLba = 32;
        public const int FirstUsableLba = 40, LastUsableLba = 48, DiskGuid = 56, EntriesLba = 72, EntryCount = 80, EntrySize = 84, EntriesCrc = 88;
        public const int MinimumHeaderSize = 92, MinimumEntrySize = 128;

        // Partition entry
        public const int TypeGuid = 0, UniqueGuid = 16, FirstLba = 32, LastLba = 40, Attributes = 48, Name = 56, NameLength = 72;
        public const int GuidLength = 16;

        private static readonly byte[] Signature = System.Text.Encoding.ASCII.GetBytes("EFI PART");

        /// <summary>True when a GPT header's signature is at <paramref name="offset"/>.</summary>
        public static bool HasSignature(byte[] b, int offset) => Ecma119.BytesEqual(b, offset, Signature);

        /// <summary>The CRC of the header's first <paramref name="size"/> bytes, its own CRC field taken as zero.</summary>
        public static uint ComputeHeaderCrc(byte[] header, int size)
        {
            byte[] zeroed = Ecma119.Slice(header, 0, size);
            Ecma119.WriteUInt32LE(zeroed, HeaderCrc, 0);
            return Crc32.Compute(zeroed, 0, zeroed.Length);
        }
    }
}
