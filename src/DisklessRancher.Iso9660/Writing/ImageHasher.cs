using System;
using System.IO;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using DisklessRancher.Iso9660.Writing;

namespace DisklessRancher.Iso9660
{
    /// <summary>
    /// Computes the SHA-256 of written images. Images remastered from one base are the base's bytes, rewritten in
    /// a few places, and then what was appended. When an image is rewritten in the same places with the same bytes
    /// as the one hashed before it, it shares that image's hash state over the base, so only its appended part is
    /// read. Safe to use from several threads.
    /// </summary>
    public sealed class ImageHasher : IDisposable
    {
        private const int BufferSize = 1 << 16;

        // IncrementalHash.Clone exists from .NET 8 on but not in netstandard2.0; without it (Windows PowerShell)
        // every image is hashed whole.
        private static readonly Func<IncrementalHash, IncrementalHash>? CloneHash = BindClone();

        private readonly object gate = new object();
        private HashedPrefix? last;

        /// <summary>The SHA-256 of a committed image, as lowercase hex.</summary>
        public string Sha256(PendingImageFile image, CancellationToken cancellationToken = default)
        {
            if (image == null) throw new ArgumentNullException(nameof(image));
            using (var stream = new FileStream(image.Destination, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
            using (var hash = HashOfPrefix(stream, image.Prefix, cancellationToken))
            {
                Append(hash, stream, stream.Length - stream.Position, cancellationToken);
                var hex = new StringBuilder(64);
                foreach (byte b in hash.GetHashAndReset()) hex.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                return hex.ToString();
            }
        }

        public void Dispose()
        {
            lock (gate)
            {
                last?.Hash.Dispose();
                last = null;
            }
        }

        /// <summary>A hash that has taken in the image up to the stream's position (the end of its base, or nothing).</summary>
        private IncrementalHash HashOfPrefix(FileStream stream, BasePrefix? prefix, CancellationToken cancellationToken)
        {
            if (prefix == null || CloneHash == null)
            {
                stream.Position = 0;
                return IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            }
            byte[] patched = ReadPatches(stream, prefix);
            lock (gate)
            {
                if (last == null || !last.Prefix.SameBaseAs(prefix) || !Ecma119.BytesEqual(last.Patched, 0, patched))
                {
                    var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                    stream.Position = 0;
                    Append(hash, stream, prefix.Length, cancellationToken);
                    last?.Hash.Dispose();
                    last = new HashedPrefix(prefix, patched, hash);
                }
                stream.Position = prefix.Length;
                return CloneHash(last.Hash);
            }
        }

        private static byte[] ReadPatches(FileStream stream, BasePrefix prefix)
        {
            int total = 0;
            foreach (var (_, count) in prefix.Patches) total += count;
            var bytes = new byte[total];
            var reader = new ImageReader(stream);
            int at = 0;
            foreach (var (offset, count) in prefix.Patches)
            {
                reader.Read(offset, bytes, at, count, "rewritten part of the image");
                at += count;
            }
            return bytes;
        }

        private static void Append(IncrementalHash hash, Stream stream, long count, CancellationToken cancellationToken)
        {
            var buffer = new byte[(int)Math.Min(BufferSize, Math.Max(count, 1))];
            while (count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
                if (read == 0) throw new EndOfStreamException("The image ended before its expected length while it was hashed.");
                hash.AppendData(buffer, 0, read);
                count -= read;
            }
        }

        private static Func<IncrementalHash, IncrementalHash>? BindClone()
        {
            MethodInfo? clone = typeof(IncrementalHash).GetMethod("Clone", Type.EmptyTypes);
            return clone == null || clone.ReturnType != typeof(IncrementalHash)
                ? null
                : (Func<IncrementalHash, IncrementalHash>)Delegate.CreateDelegate(typeof(Func<IncrementalHash, IncrementalHash>), clone);
        }

        private sealed class HashedPrefix
        {
            public HashedPrefix(BasePrefix prefix, byte[] patched, IncrementalHash hash)
            {
                Prefix = prefix;
                Patched = patched;
                Hash = hash;
            }

            public BasePrefix Prefix { get; }

            /// <summary>The bytes the image that was hashed had at the prefix's patches.</summary>
            public byte[] Patched { get; }

            /// <summary>The state after the prefix; only ever cloned, never appended to.</summary>
            public IncrementalHash Hash { get; }
        }
    }
}
