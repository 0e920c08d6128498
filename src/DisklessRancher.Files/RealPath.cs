using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace DisklessRancher.Files
{
    /// <summary>
    /// Paths as the file system sees them: symbolic links, junctions and <c>..</c> resolved, compared without case
    /// where the file system ignores it. Guards that keep two places apart compare these, never the text given.
    /// </summary>
    public static class RealPath
    {
        private static readonly bool IsWindows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>
        /// The full path with every link in its existing part resolved; a part that does not exist yet is kept as
        /// given, after the resolved part.
        /// </summary>
        public static string Resolve(string path)
        {
            string full = Path.GetFullPath(path);
            string existing = full;
            string rest = string.Empty;
            while (!File.Exists(existing) && !Directory.Exists(existing))
            {
                string? parent = Path.GetDirectoryName(existing);
                if (parent == null) return full;
                rest = rest.Length == 0 ? Path.GetFileName(existing) : Path.Combine(Path.GetFileName(existing), rest);
                existing = parent;
            }
            string resolved = IsWindows ? Windows.FinalPath(existing) : Unix.RealPath(existing);
            return rest.Length == 0 ? resolved : Path.Combine(resolved, rest);
        }

        /// <summary>Whether the two paths resolve to one place.</summary>
        public static bool Same(string first, string second) => string.Equals(Trim(Resolve(first)), Trim(Resolve(second)), Comparison);

        /// <summary>Whether <paramref name="path"/> resolves to <paramref name="folder"/> or to a place inside it.</summary>
        public static bool IsInside(string path, string folder)
        {
            string inner = Trim(Resolve(path));
            string outer = Trim(Resolve(folder));
            return string.Equals(inner, outer, Comparison)
                || inner.StartsWith(outer + Path.DirectorySeparatorChar, Comparison);
        }

        /// <summary>The target of a symbolic link whose target does not exist, or null for anything else.</summary>
        /// <remarks>
        /// FileSystemInfo.ResolveLinkTarget and LinkTarget are there on every runtime of PowerShell 7 and reached by
        /// reflection; Windows PowerShell 5.1 lacks them, and there a dangling link is not told apart.
        /// </remarks>
        public static string? DanglingLinkTarget(string path)
        {
            var link = new FileInfo(Path.GetFullPath(path));
            if (Directory.Exists(link.FullName)) return null;
            MethodInfo? resolve = typeof(FileSystemInfo).GetMethod("ResolveLinkTarget", new[] { typeof(bool) });
            PropertyInfo? target = typeof(FileSystemInfo).GetProperty("LinkTarget");
            if (resolve == null || target == null) return null;
            // Only a link is resolved: asking a path that is not one throws, and under Wine a caught exception there
            // has been seen to hang the process later on.
            if (!(target.GetValue(link) is string linkTarget)) return null;
            FileSystemInfo? final;
            try
            {
                final = resolve.Invoke(link, new object[] { true }) as FileSystemInfo;
            }
            catch (TargetInvocationException e) when (e.InnerException is IOException)
            {
                return null;
            }
            return final == null || final.Exists ? null : linkTarget;
        }

        /// <summary>Windows and macOS file systems ignore case by default; Linux ones do not.</summary>
        private static StringComparison Comparison =>
            IsWindows || RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

        private static string Trim(string path)
        {
            string trimmed = path.TrimEnd(Path.DirectorySeparatorChar);
            return trimmed.Length == 0 || trimmed.EndsWith(":", StringComparison.Ordinal) ? path : trimmed;
        }

        private static class Unix
        {
            public static string RealPath(string path)
            {
                IntPtr resolved = realpath(path, IntPtr.Zero);
                if (resolved == IntPtr.Zero) throw new IOException($"Could not resolve the path '{path}' (error {Marshal.GetLastWin32Error()}).");
                try
                {
                    return Marshal.PtrToStringAnsi(resolved) ?? path;
                }
                finally
                {
                    free(resolved);
                }
            }

            // On Unix, .NET passes strings to native code as UTF-8, as file names are.
            [DllImport("libc", SetLastError = true)]
            private static extern IntPtr realpath(string path, IntPtr resolved);

            [DllImport("libc")]
            private static extern void free(IntPtr memory);
        }

        private static class Windows
        {
            private const uint ReadAttributes = 0x80;
            private const uint ShareAll = 0x7;
            private const uint OpenExisting = 3;
            private const uint BackupSemantics = 0x02000000; // opens folders too

            public static string FinalPath(string path)
            {
                using (SafeFileHandle handle = CreateFileW(path, ReadAttributes, ShareAll, IntPtr.Zero, OpenExisting, BackupSemantics, IntPtr.Zero))
                {
                    if (handle.IsInvalid) throw new IOException($"Could not resolve the path '{path}' (error {Marshal.GetLastWin32Error()}).");
                    var buffer = new System.Text.StringBuilder(1024);
                    uint length = GetFinalPathNameByHandleW(handle, buffer, (uint)buffer.Capacity, 0);
                    if (length == 0 || length >= buffer.Capacity) throw new IOException($"Could not resolve the path '{path}' (error {Marshal.GetLastWin32Error()}).");
                    string final = buffer.ToString();
                    if (final.StartsWith(@"\\?\UNC\", StringComparison.Ordinal)) return @"\\" + final.Substring(8);
                    return final.StartsWith(@"\\?\", StringComparison.Ordinal) ? final.Substring(4) : final;
                }
            }

            [DllImport("kernel32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
            private static extern SafeFileHandle CreateFileW(string path, uint access, uint share, IntPtr security, uint disposition, uint flags, IntPtr template);

            [DllImport("kernel32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
            private static extern uint GetFinalPathNameByHandleW(SafeFileHandle handle, System.Text.StringBuilder path, uint length, uint flags);
        }
    }
}
