using System;
using System.IO;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace DisklessRancher.Iso9660
{
    /// <summary>
    /// Keeps a file or folder that holds a secret to the current user: mode 0600 / 0700 on Unix; on Windows a
    /// protected DACL (nothing inherited) that grants full control to the current user, SYSTEM and Administrators only.
    /// Call it on a new, still empty file or folder, before any secret is written.
    /// </summary>
    public static class OwnerOnlyAccess
    {
        private const int OwnerReadWrite = 0x180; // 0600
        private const int OwnerReadWriteSearch = 0x1C0; // 0700

        private static readonly bool IsWindows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        private static readonly Lazy<Action<string, int>?> SetUnixMode = new Lazy<Action<string, int>?>(FindSetUnixFileMode);

        public static void RestrictFile(string path)
        {
            if (IsWindows) WindowsSecurity.SetProtectedDacl(path, OwnerOnlySddl.ForFile(WindowsSecurity.CurrentUserSid()));
            else SetMode(path, OwnerReadWrite);
        }

        /// <summary>On Windows, files and folders made later inside the folder inherit its access.</summary>
        public static void RestrictDirectory(string path)
        {
            if (IsWindows) WindowsSecurity.SetProtectedDacl(path, OwnerOnlySddl.ForDirectory(WindowsSecurity.CurrentUserSid()));
            else SetMode(path, OwnerReadWriteSearch);
        }

        /// <summary>
        /// Call before File.Replace puts a restricted file in place of <paramref name="replaced"/>: on Windows the
        /// replacement takes the DACL of the file it replaces, so that file is restricted first. A Unix rename keeps
        /// the replacement's own mode, so there nothing is changed.
        /// </summary>
        public static void RestrictFileToBeReplaced(string replaced)
        {
            if (IsWindows) RestrictFile(replaced);
        }

        private static void SetMode(string path, int mode)
        {
            Action<string, int> setMode = SetUnixMode.Value
                ?? throw new PlatformNotSupportedException("This runtime cannot set Unix file permissions (File.SetUnixFileMode is missing).");
            setMode(path, mode);
        }

        /// <remarks>
        /// netstandard2.0 has no API for Unix modes, but every runtime that runs this module on Unix (.NET 8 or later
        /// under PowerShell 7) has File.SetUnixFileMode, which is reached by reflection.
        /// </remarks>
        private static Action<string, int>? FindSetUnixFileMode()
        {
            Type? modeType = typeof(File).Assembly.GetType("System.IO.UnixFileMode")
                ?? Type.GetType("System.IO.UnixFileMode, System.Runtime");
            if (modeType == null) return null;
            MethodInfo? method = typeof(File).GetMethod("SetUnixFileMode", new[] { typeof(string), modeType });
            if (method == null) return null;
            return (path, mode) =>
            {
                try
                {
                    method.Invoke(null, new object[] { path, Enum.ToObject(modeType, mode) });
                }
                catch (TargetInvocationException e) when (e.InnerException != null)
                {
                    ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                }
            };
        }
    }
}
