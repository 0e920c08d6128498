using System;
using System.IO;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace DisklessRancher.Files
{
    /// <summary>
    /// Keeps a file or folder that holds a secret to the current user: mode 0600 / 0700 on Unix; on Windows a
    /// protected DACL (nothing inherited) that grants full control to the current user, SYSTEM and Administrators only.
    /// A folder gets that access from the call that creates it (the mode given to mkdir, the DACL given to
    /// CreateDirectory), so a file made inside it can be reached by no other account at any moment.
    /// </summary>
    public static class OwnerOnly
    {
        private const int OwnerReadWrite = 0x180; // 0600
        private const int OwnerReadWriteSearch = 0x1C0; // 0700

        private static readonly bool IsWindows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        private static readonly Lazy<UnixModes?> Unix = new Lazy<UnixModes?>(UnixModes.Find);

        /// <summary>
        /// Creates the folder kept to its owner (its parent is created with the default access when missing). A folder
        /// already there is left as it is.
        /// </summary>
        public static void CreateDirectory(string path)
        {
            string full = Path.GetFullPath(path);
            if (Directory.Exists(full)) return;
            string? parent = Path.GetDirectoryName(full);
            if (parent != null) Directory.CreateDirectory(parent);
            if (IsWindows) WindowsSecurity.CreateDirectory(full, OwnerOnlySddl.ForDirectory(WindowsSecurity.CurrentUserSid()));
            else UnixCalls().CreateDirectory(full, OwnerReadWriteSearch);
        }

        /// <summary>Restricts a file that no other account can reach yet (one inside a folder made by <see cref="CreateDirectory"/>).</summary>
        public static void RestrictFile(string path)
        {
            if (IsWindows) WindowsSecurity.SetProtectedDacl(path, OwnerOnlySddl.ForFile(WindowsSecurity.CurrentUserSid()));
            else UnixCalls().SetMode(path, OwnerReadWrite);
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

        private static UnixModes UnixCalls() => Unix.Value
            ?? throw new PlatformNotSupportedException("This runtime cannot create files with Unix permissions (Directory.CreateDirectory(string, UnixFileMode) is missing).");

        /// <remarks>
        /// netstandard2.0 has no API for Unix modes, but every runtime that runs this module on Unix (.NET 8 or later
        /// under PowerShell 7) has Directory.CreateDirectory(string, UnixFileMode), which gives the mode to mkdir(2),
        /// and File.SetUnixFileMode: both are reached by reflection.
        /// </remarks>
        private sealed class UnixModes
        {
            private readonly Type modeType;
            private readonly MethodInfo createDirectory;
            private readonly MethodInfo setMode;

            private UnixModes(Type modeType, MethodInfo createDirectory, MethodInfo setMode)
            {
                this.modeType = modeType;
                this.createDirectory = createDirectory;
                this.setMode = setMode;
            }

            public static UnixModes? Find()
            {
                Type? modeType = typeof(File).Assembly.GetType("System.IO.UnixFileMode") ?? Type.GetType("System.IO.UnixFileMode, System.Runtime");
                if (modeType == null) return null;
                MethodInfo? createDirectory = typeof(Directory).GetMethod("CreateDirectory", new[] { typeof(string), modeType });
                MethodInfo? setMode = typeof(File).GetMethod("SetUnixFileMode", new[] { typeof(string), modeType });
                return createDirectory == null || setMode == null ? null : new UnixModes(modeType, createDirectory, setMode);
            }

            public void CreateDirectory(string path, int mode) => Invoke(createDirectory, path, mode);

            public void SetMode(string path, int mode) => Invoke(setMode, path, mode);

            private void Invoke(MethodInfo method, string path, int mode)
            {
                try
                {
                    method.Invoke(null, new object[] { path, Enum.ToObject(modeType, mode) });
                }
                catch (TargetInvocationException e) when (e.InnerException != null)
                {
                    ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                }
            }
        }
    }
}
