using System;
using System.IO;
using DisklessRancher.Iso9660;

namespace DisklessRancher.Core.IO
{
    /// <summary>
    /// Writes a file so that it is either complete or absent: the bytes go to a temporary file beside the
    /// target, which then replaces it.
    /// </summary>
    public static class AtomicFile
    {
        /// <summary>Writes bytes held in memory, as <see cref="Write(string, Action{Stream}, bool, bool, bool)"/> does.</summary>
        public static void Write(string path, byte[] content, bool overwrite, bool ownerOnly, bool flushToDisk = true) =>
            Write(path, stream => stream.Write(content, 0, content.Length), overwrite, ownerOnly, flushToDisk);

        /// <param name="writeContent">Writes the file's bytes into the stream it is given.</param>
        /// <param name="ownerOnly">Restrict the file to its owner (mode 0600 on Unix, a protected DACL on Windows) before any byte is written.</param>
        /// <param name="flushToDisk">Wait until the bytes are on disk before the file replaces the target; without it,
        /// call <see cref="FlushToDisk"/> later.</param>
        public static void Write(string path, Action<Stream> writeContent, bool overwrite, bool ownerOnly, bool flushToDisk = true)
        {
            string fullPath = System.IO.Path.GetFullPath(path);
            if (!overwrite && File.Exists(fullPath)) throw new OutputExistsException(fullPath);
            if (Directory.Exists(fullPath)) throw new IOException($"The path '{fullPath}' is a directory.");

            string directory = System.IO.Path.GetDirectoryName(fullPath) ?? ".";
            string temporary = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
            try
            {
                using (FileStream stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    if (ownerOnly) OwnerOnlyAccess.RestrictFile(temporary);
                    writeContent(stream);
                    stream.Flush(flushToDisk);
                }
                if (overwrite && File.Exists(fullPath))
                {
                    if (ownerOnly) OwnerOnlyAccess.RestrictFileToBeReplaced(fullPath);
                    File.Replace(temporary, fullPath, null);
                }
                else
                {
                    File.Move(temporary, fullPath);
                }
            }
            finally
            {
                if (File.Exists(temporary)) File.Delete(temporary);
            }
        }

        /// <summary>Waits until the bytes of a file written earlier are on disk.</summary>
        public static void FlushToDisk(string path)
        {
            using (FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
            {
                stream.Flush(flushToDisk: true);
            }
        }
    }
}
