using System.IO;
using System.Linq;

namespace DisklessRancher.Files
{
    /// <summary>
    /// Removes what a run killed while writing left in a folder: files and folders under a <see cref="TemporaryName"/>
    /// whose process has ended. They may hold a registration token.
    /// </summary>
    public static class AbandonedTemporaries
    {
        /// <returns>How many were removed.</returns>
        public static int Remove(string directory)
        {
            if (!Directory.Exists(directory)) return 0;
            int removed = 0;
            foreach (string path in Directory.EnumerateFileSystemEntries(directory, ".*.tmp").ToList())
            {
                if (!TemporaryName.IsAbandoned(Path.GetFileName(path))) continue;
                if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
                else File.Delete(path);
                removed++;
            }
            return removed;
        }
    }
}
