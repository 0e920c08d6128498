using System;
using System.Collections.Generic;
using System.IO;

namespace DisklessRancher.Iso9660.Writing
{
    /// <summary>
    /// Passes everything through to a stream and records each write that lands inside its first
    /// <c>recordedLength</c> bytes (a copied base), clipped to them.
    /// </summary>
    internal sealed class RecordingStream : Stream
    {
        private readonly Stream inner;
        private readonly long recordedLength;

        public RecordingStream(Stream inner, long recordedLength)
        {
            this.inner = inner;
            this.recordedLength = recordedLength;
        }

        /// <summary>Every write inside the recorded bytes so far, as (offset, count), in the order made.</summary>
        public List<(long Offset, int Count)> Writes { get; } = new List<(long, int)>();

        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => inner.CanSeek;

        public override bool CanWrite => inner.CanWrite;

        public override long Length => inner.Length;

        public override long Position
        {
            get => inner.Position;
            set => inner.Position = value;
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            long at = inner.Position;
            if (at < recordedLength && count > 0) Writes.Add((at, (int)Math.Min(count, recordedLength - at)));
            inner.Write(buffer, offset, count);
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Flush() => inner.Flush();
    }
}
