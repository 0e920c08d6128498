namespace DisklessRancher.Iso9660
{
    /// <summary>A contiguous run of file data: its first block and its length in bytes.</summary>
    public readonly struct IsoExtent
    {
        public IsoExtent(long lba, long length)
        {
            Lba = lba;
            Length = length;
        }

        public long Lba { get; }

        public long Length { get; }

        public override string ToString() => $"LBA {Lba}, {Length} bytes";
    }
}
