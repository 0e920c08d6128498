using System.IO;
using System.Runtime.InteropServices;

namespace DisklessRancher.Files
{
    /// <summary>
    /// Gives a file a new name in the same folder only if no file has that name, in one step: a file another process
    /// puts there at the same moment is never replaced.
    /// </summary>
    /// <remarks>
    /// On Unix, .NET's File.Move without overwrite looks for the destination and then renames, so two processes can both
    /// find the name free and the second rename replaces the first file. link(2) takes the name or fails with EEXIST in
    /// one call. On Windows, File.Move is MoveFileEx without MOVEFILE_REPLACE_EXISTING, which fails on a taken name.
    /// </remarks>
    public static class NoReplaceMove
    {
        private const int AlreadyExists = 17; // EEXIST, the same on Linux and macOS

        private static readonly bool IsWindows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <exception cref="IOException">A file or folder has the name <paramref name="destination"/>.</exception>
        public static void Move(string source, string destination)
        {
            if (!IsWindows)
            {
                if (link(source, destination) == 0)
                {
                    File.Delete(source);
                    return;
                }
                if (Marshal.GetLastWin32Error() == AlreadyExists) throw new IOException($"The file '{destination}' exists: it was not replaced.");
                // Any other failure (a file system without hard links): the runtime's own move says what is wrong.
            }
            File.Move(source, destination);
        }

        // On Unix, .NET passes strings to native code as UTF-8, as file names are.
        [DllImport("libc", SetLastError = true)]
        private static extern int link(string existing, string created);
    }
}
