using System;
using System.IO;
using System.Runtime.InteropServices;

namespace DisklessRancher.Core.IO
{
    /// <summary>Whether two paths name one file, which comparing their text cannot tell.</summary>
    public static class SameFile
    {
        /// <summary>
        /// True for the same path (compared case-insensitively on Windows and macOS, whose file systems are), and for
        /// two existing paths whose file has the same size, creation and last write times to the tick: a hard link, a
        /// symbolic link, or a case variant on a case-insensitive file system. A copy that kept the other's times is
        /// taken as the same file too, which errs on the safe side.
        /// </summary>
        public static bool Check(string first, string second)
        {
            string a = Path.GetFullPath(first);
            string b = Path.GetFullPath(second);
            if (string.Equals(a, b, CaseInsensitivePaths ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal)) return true;
            FileInfo x = new FileInfo(a);
            FileInfo y = new FileInfo(b);
            return x.Exists && y.Exists && x.Length == y.Length && x.LastWriteTimeUtc == y.LastWriteTimeUtc && x.CreationTimeUtc == y.CreationTimeUtc;
        }

        private static bool CaseInsensitivePaths =>
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || RuntimeInformation.IsOSPlatform(OSPlatform.OSX);
    }
}
