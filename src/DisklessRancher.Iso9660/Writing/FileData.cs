using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace DisklessRancher.Iso9660.Writing
{
    /// <summary>One extent of file data: its first block and its length in bytes.</summary>
    internal struct DataExtent
    {
        public DataExtent(uint lba, uint length)
        {
            Lba = lba;
            Length = length;
        }

        public uint Lba { get; }

        public uint Length { get; }
    }

    /// <summary>
    /// The content of a file. Content kept from a base image has its extents; new content (bytes or a stream)
    /// gets one extent when laid out. The ISO 9660 tree and the Joliet tree share one instance per file.
    /// </summary>
    internal sealed class FileData
    {
        /// <summary>The largest new file: one extent, whose length is a 32-bit field.</summary>
        public const long MaxNewLength = uint.MaxValue - Ecma119.BlockSize + 1;

        private readonly byte[]? bytes;
        private readonly Stream? stream;
        private readonly long streamStart;

        private FileData(long length, byte[]? bytes, Stream? stream, List<DataExtent> extents)
        {
            Length = length;
            this.bytes = bytes;
            this.stream = stream;
            streamStart = stream?.Position ?? 0;
            Extents = extents;
        }

        public long Length { get; }

        public bool IsNew => bytes != null || stream != null;

        public List<DataExtent> Extents { get; }

        public static FileData Kept(List<DataExtent> extents)
        {
            long length = 0;
            foreach (var e in extents) length += e.Length;
            return new FileData(length, null, null, extents);
        }

        public static FileData FromBytes(byte[] content)
        {
            if (content == null) throw new ArgumentNullException(nameof(content));
            return new FileData(content.Length, content, null, new List<DataExtent>());
        }

        /// <summary>The rest of a seekable stream, from its current position; read when the image is written.</summary>
        public static FileData FromStream(Stream content)
        {
            if (content == null) throw new ArgumentNullException(nameof(content));
            if (!content.CanRead || !content.CanSeek) throw new ArgumentException("The content stream must be readable and seekable.", nameof(content));
            long length = content.Length - content.Position;
            if (length > MaxNewLength) throw new ArgumentException("A new file must be smaller than 4 GiB.", nameof(content));
            return new FileData(length, null, content, new List<DataExtent>());
        }

        public void Place(uint lba)
        {
            Extents.Clear();
            Extents.Add(new DataExtent(Length == 0 ? 0 : lba, (uint)Length));
        }

        /// <summary>Writes the new content, zero-padded to whole blocks.</summary>
        public void WriteTo(Stream output, byte[] buffer, Action<long> advanced, CancellationToken cancellationToken)
        {
            if (bytes != null)
            {
                output.Write(bytes, 0, bytes.Length);
                advanced(bytes.Length);
            }
            else if (stream != null)
            {
                stream.Position = streamStart;
                long left = Length;
                while (left > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                    if (read <= 0) throw new IOException("A content stream ended before the length it had when it was added.");
                    output.Write(buffer, 0, read);
                    advanced(read);
                    left -= read;
                }
            }
            int tail = (int)(Length % Ecma119.BlockSize);
            if (tail != 0)
            {
                output.Write(new byte[Ecma119.BlockSize - tail], 0, Ecma119.BlockSize - tail);
                advanced(Ecma119.BlockSize - tail);
            }
        }
    }
}
