using System;
using System.Collections.Generic;
using System.IO;

namespace DisklessRancher.Iso9660.Writing
{
    /// <summary>
    /// A file written under a temporary name beside its destination and renamed into place only by
    /// <see cref="Commit"/>; disposed without a commit, the temporary file is deleted. A file started as a copy
    /// is written only through a <see cref="RecordingStream"/>, so every write that lands inside the copied bytes
    /// is recorded: there is no other way to write to it.
    /// </summary>
    internal sealed class AtomicOutputFile : IDisposable
    {
        private readonly string destination;
        private readonly string temporary;
        private readonly FileStream file;
        private readonly RecordingStream? recorder;
        private bool committed;

        private AtomicOutputFile(string destination, string? copyOf, bool ownerOnly)
        {
            this.destination = destination;
            var directory = Path.GetDirectoryName(destination);
            if (string.IsNullOrEmpty(directory)) directory = ".";
            temporary = Path.Combine(directory, "." + Path.GetFileName(destination) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
            try
            {
                if (copyOf != null)
                {
                    // File.Copy lets the operating system copy (copy_file_range, clone, CopyFileEx): as fast as cp.
                    File.Copy(copyOf, temporary, overwrite: false);
                    File.SetAttributes(temporary, File.GetAttributes(temporary) & ~FileAttributes.ReadOnly);
                }
                file = new FileStream(temporary, copyOf == null ? FileMode.CreateNew : FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1 << 16);
                if (copyOf != null) recorder = new RecordingStream(file, file.Length);
                if (ownerOnly) UnixPermissions.SetOwnerReadWrite(temporary);
            }
            catch
            {
                file?.Dispose();
                DeleteTemporary();
                throw;
            }
        }

        public Stream Stream => (Stream?)recorder ?? file;

        /// <summary>For a file started as a copy: every write that landed inside the copied bytes, clipped to them.</summary>
        public IReadOnlyList<(long Offset, int Count)> CopyPatches => recorder?.Writes ?? (IReadOnlyList<(long, int)>)Array.Empty<(long, int)>();

        /// <param name="ownerOnly">Restrict the file to its owner before anything is written to it.</param>
        public static AtomicOutputFile Create(string destination, bool ownerOnly)
        {
            if (destination == null) throw new ArgumentNullException(nameof(destination));
            return new AtomicOutputFile(Path.GetFullPath(destination), null, ownerOnly);
        }

        /// <summary>Starts the output as a copy of <paramref name="source"/>, positioned at its end.</summary>
        /// <param name="ownerOnly">Restrict the file to its owner before anything is written after the copy.</param>
        public static AtomicOutputFile CreateCopyOf(string source, string destination, bool ownerOnly)
        {
            if (destination == null) throw new ArgumentNullException(nameof(destination));
            var file = new AtomicOutputFile(Path.GetFullPath(destination), source, ownerOnly);
            file.Stream.Position = file.Stream.Length;
            return file;
        }

        /// <remarks>
        /// The data is left to the operating system's write-back, as cp leaves it: an image is made again from its
        /// inputs, so waiting for the disk at every image is not worth its cost. A stopped or failed write still
        /// leaves no file under the destination's name.
        /// </remarks>
        public void Commit()
        {
            file.Flush();
            file.Dispose();
            if (File.Exists(destination)) File.Replace(temporary, destination, null);
            else File.Move(temporary, destination);
            committed = true;
        }

        public void Dispose()
        {
            if (committed) return;
            file.Dispose();
            DeleteTemporary();
        }

        private void DeleteTemporary()
        {
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
