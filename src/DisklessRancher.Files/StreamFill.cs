using System.IO;

namespace DisklessRancher.Files
{
    public static class StreamFill
    {
        /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends.</summary>
        /// <returns>How many bytes were read.</returns>
        public static int Fill(Stream stream, byte[] buffer)
        {
            int read = 0;
            while (read < buffer.Length)
            {
                int n = stream.Read(buffer, read, buffer.Length - read);
                if (n == 0) break;
                read += n;
            }
            return read;
        }
    }
}
