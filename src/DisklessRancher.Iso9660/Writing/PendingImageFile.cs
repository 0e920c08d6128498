using System;

namespace DisklessRancher.Iso9660
{
    /// <summary>
    /// An image written in full under a temporary name beside its destination. <see cref="Commit"/> makes it
    /// durable and renames it into place; disposed without a commit, the temporary file is deleted. Commit may run
    /// on another thread than the write, so the next image can be written meanwhile.
    /// </summary>
    public sealed class PendingImageFile : IDisposable
    {
        private readonly Writing.AtomicOutputFile output;

        internal PendingImageFile(Writing.AtomicOutputFile output, string destination)
        {
            this.output = output;
            Destination = destination;
        }

        /// <summary>The full path the image will have once committed.</summary>
        public string Destination { get; }

        /// <summary>Flushes the image to disk, then renames it into place (replacing a file of that name).</summary>
        public void Commit() => output.Commit();

        public void Dispose() => output.Dispose();
    }
}
