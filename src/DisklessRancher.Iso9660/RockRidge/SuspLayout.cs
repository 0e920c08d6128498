namespace DisklessRancher.Iso9660
{
    /// <summary>
    /// Where each field of the System Use entries the engine reads and writes lies (SUSP, IEEE P1281; RRIP, IEEE
    /// P1282), counted from the entry's first byte as the standards count them: the one list of positions that
    /// <see cref="SystemUseReader"/>, <see cref="RockRidgeInfo"/> and <see cref="IsoImage"/> read and
    /// <see cref="RockRidgeEntries"/> writes. Numbers are both-byte order; readers take the little-endian half.
    /// </summary>
    internal static class SuspLayout
    {
        // Every entry
        public const int Signature = 0, Length = 2, Version = 3, HeaderLength = 4;

        // SP: the check bytes, then the number of bytes every other record's System Use area skips
        public const int SpSkip = 6, SpLength = 7;

        // CE
        public const int CeLba = 4, CeOffset = 12, CeAreaLength = 20, CeLength = 28;

        // ER
        public const int ErIdLength = 4, ErDescriptorLength = 5, ErSourceLength = 6, ErVersion = 7, ErId = 8;

        // RR (RRIP 1.09)
        public const int RrFlags = 4, RrLength = 5;

        // PX: 36 bytes in RRIP 1.09 and 1.10, 44 with the file serial number of RRIP 1.12
        public const int PxMode = 4, PxLinks = 12, PxUid = 20, PxGid = 28, PxSerial = 36;
        public const int PxLength109 = 36, PxLength112 = 44;

        // PN
        public const int PnHigh = 4, PnLow = 12, PnLength = 20;

        // CL and PL
        public const int LinkLba = 4, LinkLength = 12;

        // NM, SL and TF: a flags byte, then the name, the components or the time stamps
        public const int Flags = 4, Content = 5;

        /// <summary>"SP", its length and version, and the check bytes 0xBE 0xEF.</summary>
        public static readonly byte[] SpPrefix = { (byte)'S', (byte)'P', SpLength, 1, 0xBE, 0xEF };
    }
}
