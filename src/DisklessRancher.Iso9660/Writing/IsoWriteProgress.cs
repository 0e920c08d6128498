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

    /// <summary>Counts written bytes and reports them at most once per mebibyte, and once at the end.</summary>
    internal sealed class ProgressCounter
    {
        private const long Step = 1 << 20;
        private readonly IProgress<IsoWriteProgress>? progress;
        private long lastReported = -Step;

        public ProgressCounter(IProgress<IsoWriteProgress>? progress, long totalBytes)
        {
            this.progress = progress;
            TotalBytes = totalBytes;
        }

        public long TotalBytes { get; }

        public long Written { get; private set; }

        public void Advance(long count)
        {
            Written += count;
            if (progress != null && (Written - lastReported >= Step || Written >= TotalBytes))
            {
                lastReported = Written;
                progress.Report(new IsoWriteProgress(Written, TotalBytes));
            }
        }
    }
}
