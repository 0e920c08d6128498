using System;
using System.IO;

namespace DisklessRancher.Iso9660.Writing
{
    /// <summary>
    /// A file written under a temporary name beside its destination and renamed into place only by
    /// <see cref="Commit"/>; disposed without a commit, the temporary file is deleted.
    /// </summary>
    internal sealed class AtomicOutputFile : IDisposable
    {
        private readonly string destination;
        private readonly string temporary;
        private bool committed;

        private AtomicOutputFile(string destination)
        {
            this.destination = destination;
            var directory = Path.GetDirectoryName(destination);
            if (string.IsNullOrEmpty(directory)) directory = ".";
            temporary = Path.Combine(directory, "." + Path.GetFileName(destination) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
            Stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        }

        public FileStream Stream { get; }

        public static AtomicOutputFile Create(string destination)
        {
            if (destination == null) throw new ArgumentNullException(nameof(destination));
            return new AtomicOutputFile(Path.GetFullPath(destination));
        }

        public void Commit()
        {
            Stream.Flush(flushToDisk: true);
            Stream.Dispose();
            if (File.Exists(destination)) File.Replace(temporary, destination, null);
            else File.Move(temporary, destination);
            committed = true;
        }

        public void Dispose()
        {
            if (committed) return;
            Stream.Dispose();
            try
            {
                File.Delete(temporary);
            }
            catch (IOException)
            {
                // Nothing more can be done; the original error matters more.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
