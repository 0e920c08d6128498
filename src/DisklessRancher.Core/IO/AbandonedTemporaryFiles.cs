using System.IO;
using System.Text.RegularExpressions;

namespace DisklessRancher.Core.IO
{
    /// <summary>
    /// Removes the hidden temporary files that a run killed while writing left in a folder: images
    /// (.&lt;name&gt;.&lt;8 hex digits&gt;.tmp) and the files of <see cref="AtomicFile"/> (.&lt;name&gt;.&lt;32 hex digits&gt;.tmp).
    /// They may hold a registration token.
    /// </summary>
    public static class AbandonedTemporaryFiles
    {
        private static readonly Regex TemporaryFileName = new Regex(@"^\.[^.].*\.([0-9a-f]{8}|[0-9a-f]{32})\.tmp$", RegexOptions.CultureInvariant);

        /// <returns>How many were removed.</returns>
        public static int Remove(string directory)
        {
            if (!Directory.Exists(directory)) return 0;
            int removed = 0;
            foreach (string path in Directory.EnumerateFiles(directory, ".*.tmp"))
            {
                if (!TemporaryFileName.IsMatch(Path.GetFileName(path)) || IsInUse(path)) continue;
                File.Delete(path);
                removed++;
            }
            return removed;
        }

        /// <summary>A file being written is held open without sharing (on Unix, an exclusive lock) by its writer.</summary>
        private static bool IsInUse(string path)
        {
            try
            {
                using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None)) return false;
            }
            catch (IOException)
            {
                return true;
            }
        }
    }
}
