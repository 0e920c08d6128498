using System;
using System.IO;
using DisklessRancher.Files;
using DisklessRancher.Iso9660;

namespace DisklessRancher.Core.IO
{
    /// <summary>Reads a small file out of an ISO image into memory.</summary>
    internal static class IsoEntryBytes
    {
        /// <summary>
        /// Why the entry cannot be read as a file of at most <paramref name="limit"/> bytes (a folder, a Rock Ridge
        /// named pipe or device, a longer file), or null when it can.
        /// </summary>
        public static string? Problem(IsoDirectoryEntry entry, int limit)
        {
            if (entry.IsDirectory) return "is a directory";
            const uint TypeMask = 0xF000, Regular = 0x8000;
            if (entry.Mode is uint mode && (mode & TypeMask) != Regular && !entry.IsSymbolicLink)
            {
                return $"is not a regular file (its Rock Ridge mode is {System.Convert.ToString(mode, 8)})";
            }
            if (entry.Length > limit) return $"is {entry.Length:N0} bytes, more than the {limit:N0} bytes allowed";
            return null;
        }

        /// <summary>The file's first <paramref name="limit"/> bytes at most (a longer file is cut there).</summary>
        public static byte[] Read(IsoImage image, IsoDirectoryEntry entry, int limit)
        {
            byte[] bytes = new byte[Math.Min(entry.Length, limit)];
            using (Stream stream = image.OpenRead(entry))
            {
                int read = StreamFill.Fill(stream, bytes);
                if (read < bytes.Length) Array.Resize(ref bytes, read);
            }
            return bytes;
        }
    }
}
