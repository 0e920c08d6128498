using System;
using System.IO;
using DisklessRancher.Files;

namespace DisklessRancher.Core.IO
{
    /// <summary>Whether two paths name one file, which comparing their text cannot tell.</summary>
    public static class SameFile
    {
        /// <summary>
        /// True for two paths that resolve to one place (links, <c>..</c>, and case where the file system ignores it),
        /// and for two existing paths whose file has the same size, creation and last write times to the tick: a hard
        /// link. A copy that kept the other's times is taken as the same file too, which errs on the safe side.
        /// </summary>
        public static bool Check(string first, string second)
        {
            if (RealPath.Same(first, second)) return true;
            FileInfo x = new FileInfo(Path.GetFullPath(first));
            FileInfo y = new FileInfo(Path.GetFullPath(second));
            return x.Exists && y.Exists && x.Length == y.Length && x.LastWriteTimeUtc == y.LastWriteTimeUtc && x.CreationTimeUtc == y.CreationTimeUtc;
        }
    }
}
