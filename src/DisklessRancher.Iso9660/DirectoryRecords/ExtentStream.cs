using System;
using System.Collections.Generic;
using System.IO;

namespace DisklessRancher.Iso9660
{
    /// <summary>A read-only, seekable view of a file's extents inside the image; nothing is buffered beyond the caller's reads.</summary>
    internal sealed class ExtentStream : Stream
    {
        private readonly ImageReader _image;
        private readonly IReadOnlyList<IsoExtent> _extents;
        private readonly long _length;
        private long _position;

        public ExtentStream(ImageReader image, IReadOnlyList<IsoExtent> extents)
        {
            _image = image;
            _extents = extents;
            foreach (IsoExtent e in extents) _length += e.Length;
        }

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => _length;

        public override long Position
        {
            get => _position;
            set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (buffer == null) throw new ArgumentNullException(nameof(buffer));
            if (offset < 0 || count < 0 || offset + count > buffer.Length) throw new ArgumentOutOfRangeException(nameof(count));
            long skipped = 0;
            foreach (IsoExtent extent in _extents)
            {
                if (_position < skipped + extent.Length)
                {
                    long inside = _position - skipped;
                    int n = (int)Math.Min(count, extent.Length - inside);
                    _image.Read(extent.Lba * Ecma119.BlockSize + inside, buffer, offset, n, "file data", extent.Lba);
                    _position += n;
                    return n;
                }
                skipped += extent.Length;
            }
            return 0;
        }

        public override long Seek(long offset, SeekOrigin origin)
        {
            Position = origin switch
            {
                SeekOrigin.Begin => offset,
                SeekOrigin.Current => _position + offset,
                _ => _length + offset,
            };
            return _position;
        }

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
