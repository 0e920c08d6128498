namespace DisklessRancher.Iso9660
{
    /// <summary>
    /// Where each field of a directory record lies (ECMA-119 9.1): the one list of positions that
    /// <see cref="DirectoryRecord"/> reads and <see cref="DirectoryRecordPlan"/> writes (numbers are both-byte order).
    /// </summary>
    internal static class DirectoryRecordLayout
    {
        public const int Length = 0;
        public const int ExtendedAttributeLength = 1;
        public const int ExtentLba = 2;
        public const int DataLength = 10;
        public const int RecordingDate = 18, RecordingDateLength = 7;
        public const int Flags = 25;
        public const int FileUnitSize = 26;
        public const int InterleaveGap = 27;
        public const int VolumeSequenceNumber = 28;
        public const int IdentifierLength = 32;
        public const int Identifier = 33;

        /// <summary>The shortest record: a one-byte identifier and no System Use.</summary>
        public const int MinimumLength = 34;

        /// <summary>Where the System Use area starts: after the identifier and the pad byte an even-length identifier takes.</summary>
        public static int SystemUse(int identifierLength) => Identifier + identifierLength + (identifierLength % 2 == 0 ? 1 : 0);
    }
}
