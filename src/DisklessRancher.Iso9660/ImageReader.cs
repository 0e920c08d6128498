using System;
using System.IO;

namespace DisklessRancher.Iso9660
{
    /// <summary>Reads 2048-byte logical blocks and byte ranges of an image; a range beyond the end is an IsoFormatException.</summary>
    internal sealed class ImageReader
    {
        private readonly Stream _stream;

        public ImageReader(Stream stream)
        {
            if (!stream.CanRead || !stream.CanSeek) throw new ArgumentException("The image stream must be readable and seekable.", nameof(stream));
            _stream = stream;
            Length = stream.Length;
        }

        public long Length { get; }

        public long BlockCount => Length / Ecma119.BlockSize;

        public Stream Stream => _stream;

        public byte[] ReadBlock(long lba, string what) => ReadBlocks(lba, 1, what);

        public byte[] ReadBlocks(long lba, int count, string what)
        {
            byte[] buffer = new byte[count * Ecma119.BlockSize];
            Read(lba * Ecma119.BlockSize, buffer, 0, buffer.Length, what, lba);
            return buffer;
        }

        public void Read(long position, byte[] buffer, int offset, int count, string what, long lba = -1)
        {
            if (position < 0 || position + count > Length)
            {
                throw new IsoFormatException(IsoFormatError.Truncated,
                    $"The image ends before the {what} ({count} bytes at byte {position}, image length {Length}).", lba < 0 ? position / Ecma119.BlockSize : lba);
            }
            _stream.Position = position;
            int done = 0;
            while (done < count)
            {
                int n = _stream.Read(buffer, offset + done, count - done);
                if (n <= 0)
                {
                    throw new IsoFormatException(IsoFormatError.Truncated, $"The image ends before the {what}.", lba < 0 ? position / Ecma119.BlockSize : lba);
                }
                done += n;
            }
        }

        /// <summary>Fills the buffer from the stream's position, or reports what ended too early.</summary>
        public static void ReadExactly(Stream stream, byte[] buffer, string what)
        {
            int done = 0;
            while (done < buffer.Length)
            {
                int n = stream.Read(buffer, done, buffer.Length - done);
                if (n <= 0) throw new IsoFormatException(IsoFormatError.Truncated, $"The image ends inside {what}.", stream.Position / Ecma119.BlockSize);
                done += n;
            }
        }

        /// <summary>True when [lba, lba + length bytes) lies inside the image.</summary>
        public bool Contains(long lba, long length) => lba >= 0 && length >= 0 && lba <= Length / Ecma119.BlockSize && lba * Ecma119.BlockSize + length <= Length;
    }
}
