using System;

namespace DisklessRancher.Iso9660
{
    /// <summary>How far the writing of an image has come.</summary>
    public readonly struct IsoWriteProgress
    {
        public IsoWriteProgress(long bytesWritten, long totalBytes)
        {
            BytesWritten = bytesWritten;
            TotalBytes = totalBytes;
        }

        public long BytesWritten { get; }

        /// <summary>The size the finished image will have.</summary>
        public long TotalBytes { get; }
    }
}
