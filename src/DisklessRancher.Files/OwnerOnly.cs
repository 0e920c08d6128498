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

        /// <summary>
        /// Creates a new file open for reading and writing, with mode 0600 from the call that creates it (the mode given
        /// to open(2)); null on Windows, where a file is kept to its owner by the folder it is made in.
        /// </summary>
        /// <exception cref="IOException">The file exists.</exception>
        public static FileStream? CreateFile(string path, int bufferSize)
        {
            if (IsWindows) return null;
            return UnixCalls().CreateFile(path, OwnerReadWrite, bufferSize);
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
        /// FileStreamOptions.UnixCreateMode, which gives it to open(2), and File.SetUnixFileMode: all are reached by
        /// reflection.
        /// </remarks>
        private sealed class UnixModes
        {
            private readonly Type modeType;
            private readonly MethodInfo createDirectory;
            private readonly MethodInfo setMode;
            private readonly Type streamOptionsType;
            private readonly ConstructorInfo openStream;

            private UnixModes(Type modeType, MethodInfo createDirectory, MethodInfo setMode, Type streamOptionsType, ConstructorInfo openStream)
            {
                this.modeType = modeType;
                this.createDirectory = createDirectory;
                this.setMode = setMode;
                this.streamOptionsType = streamOptionsType;
                this.openStream = openStream;
            }

            public static UnixModes? Find()
            {
                Type? modeType = typeof(File).Assembly.GetType("System.IO.UnixFileMode") ?? Type.GetType("System.IO.UnixFileMode, System.Runtime");
                if (modeType == null) return null;
                MethodInfo? createDirectory = typeof(Directory).GetMethod("CreateDirectory", new[] { typeof(string), modeType });
                MethodInfo? setMode = typeof(File).GetMethod("SetUnixFileMode", new[] { typeof(string), modeType });
                Type? streamOptionsType = typeof(FileStream).Assembly.GetType("System.IO.FileStreamOptions");
                ConstructorInfo? openStream = streamOptionsType == null ? null : typeof(FileStream).GetConstructor(new[] { typeof(string), streamOptionsType });
                return createDirectory == null || setMode == null || streamOptionsType?.GetProperty("UnixCreateMode") == null || openStream == null
                    ? null
                    : new UnixModes(modeType, createDirectory, setMode, streamOptionsType, openStream);
            }

            public void CreateDirectory(string path, int mode) => Invoke(() => createDirectory.Invoke(null, new object[] { path, Enum.ToObject(modeType, mode) }));

            public void SetMode(string path, int mode) => Invoke(() => setMode.Invoke(null, new object[] { path, Enum.ToObject(modeType, mode) }));

            public FileStream CreateFile(string path, int mode, int bufferSize)
            {
                object options = Activator.CreateInstance(streamOptionsType)!;
                Set(options, "Mode", FileMode.CreateNew);
                Set(options, "Access", FileAccess.ReadWrite);
                Set(options, "Share", FileShare.None);
                Set(options, "BufferSize", bufferSize);
                Set(options, "UnixCreateMode", Enum.ToObject(modeType, mode));
                return (FileStream)Invoke(() => openStream.Invoke(new[] { path, options }))!;
            }

            private void Set(object options, string property, object value) => streamOptionsType.GetProperty(property)!.SetValue(options, value);

            private static object? Invoke(Func<object?> call)
            {
                try
                {
                    return call();
                }
                catch (TargetInvocationException e) when (e.InnerException != null)
                {
                    ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                    throw;
                }
            }
        }
    }
}
