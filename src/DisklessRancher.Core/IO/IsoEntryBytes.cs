using System;
using System.IO;
using DisklessRancher.Iso9660;

namespace DisklessRancher.Core.IO
{
    /// <summary>Reads a small file out of an ISO image into memory.</summary>
    internal static class IsoEntryBytes
    {
        /// <summary>The file's first <paramref name="limit"/> bytes at most (a longer file is cut there).</summary>
        public static byte[] Read(IsoImage image, IsoDirectoryEntry entry, int limit)
        {
            byte[] bytes = new byte[Math.Min(entry.Length, limit)];
            using (Stream stream = image.OpenRead(entry))
            {
                int read = 0;
                while (read < bytes.Length)
                {
                    int n = stream.Read(bytes, read, bytes.Length - read);
                    if (n == 0) break;
                    read += n;
                }
                if (read < bytes.Length) Array.Resize(ref bytes, read);
            }
            return bytes;
        }
    }
}
