using System;
using System.IO;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace DisklessRancher.Iso9660
{
    /// <summary>
    /// Sets Unix permission bits. netstandard2.0 has no API for it, but every runtime that runs this module on
    /// Unix (.NET 8 or later under PowerShell 7) has File.SetUnixFileMode, which is reached by reflection.
    /// </summary>
    public static class UnixPermissions
    {
        private const int OwnerReadWrite = 0x180; // 0600

        private static readonly Lazy<Action<string, int>?> SetMode = new Lazy<Action<string, int>?>(FindSetUnixFileMode);

        /// <summary>Mode 0600 on Unix; nothing on Windows.</summary>
        public static void SetOwnerReadWrite(string path)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return;
            Action<string, int> setMode = SetMode.Value
                ?? throw new PlatformNotSupportedException("This runtime cannot set Unix file permissions (File.SetUnixFileMode is missing).");
            setMode(path, OwnerReadWrite);
        }

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
