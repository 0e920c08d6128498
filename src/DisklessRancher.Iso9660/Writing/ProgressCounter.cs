using System;

namespace DisklessRancher.Iso9660.Writing
{
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
