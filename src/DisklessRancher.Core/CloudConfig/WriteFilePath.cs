using System.Collections.Generic;

namespace DisklessRancher.Core.CloudConfig
{
    /// <summary>
    /// Where RancherOS v1.5.8 writes a write_files entry: config/cloudinit/system/file.go WriteFile joins the path to
    /// "/" with Go's path.Join, which cleans it lexically: repeated and trailing slashes, "." and ".." go, and ".."
    /// stops at the root.
    /// </summary>
    internal static class WriteFilePath
    {
        public static string Resolve(string path)
        {
            List<string> parts = new List<string>();
            foreach (string part in path.Split('/'))
            {
                if (part.Length == 0 || part == ".") continue;
                if (part == "..")
                {
                    if (parts.Count > 0) parts.RemoveAt(parts.Count - 1);
                    continue;
                }
                parts.Add(part);
            }
            return "/" + string.Join("/", parts);
        }

        /// <summary>Whether the path resolves to <paramref name="directory"/> (an absolute, clean path) or anything under it.</summary>
        public static bool IsUnder(string path, string directory)
        {
            string resolved = Resolve(path);
            return resolved == directory || resolved.StartsWith(directory + "/", System.StringComparison.Ordinal);
        }
    }
}
