using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using DisklessRancher.Iso9660;

namespace DisklessRancher.Core.NetBoot
{
    /// <summary>
    /// A file of the base image that the tree serves as it is (the kernel or the initrd), known by its content's hash;
    /// its bytes stay in the image until they are copied out.
    /// </summary>
    public sealed class NetBootFile
    {
        private const int BufferSize = 1 << 20;
        private readonly string isoPath;
        private readonly string pathInIso;

        private NetBootFile(string isoPath, string pathInIso, long length, string contentHash)
        {
            this.isoPath = isoPath;
            this.pathInIso = pathInIso;
            Length = length;
            ContentHash = contentHash;
        }

        public long Length { get; }

        /// <summary>The first 8 bytes of the content's SHA-256, in hexadecimal.</summary>
        public string ContentHash { get; }

        /// <summary>Reads the file through once, for its hash.</summary>
        public static NetBootFile Read(IsoImage image, string isoPath, IsoDirectoryEntry entry)
        {
            using (Stream content = image.OpenRead(entry))
            using (IncrementalHash sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                byte[] buffer = new byte[BufferSize];
                int read;
                while ((read = content.Read(buffer, 0, buffer.Length)) > 0) sha.AppendData(buffer, 0, read);
                string hash = string.Concat(sha.GetHashAndReset().Take(8).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
                return new NetBootFile(isoPath, entry.FullName, entry.Length, hash);
            }
        }

        /// <summary>Copies the file out of the base image.</summary>
        /// <exception cref="IOException">The base image no longer holds the file.</exception>
        public void CopyTo(Stream output)
        {
            using (IsoImage image = IsoImage.Open(isoPath))
            {
                IsoDirectoryEntry? entry = image.GetEntry(pathInIso);
                if (entry == null || entry.IsDirectory || entry.Length != Length)
                {
                    throw new IOException($"The base image '{isoPath}' changed while the tree was published: {pathInIso} is not the file it was.");
                }
                using (Stream content = image.OpenRead(entry)) content.CopyTo(output, BufferSize);
            }
        }
    }
}
