using System;
using System.IO;
using System.Runtime.InteropServices;

namespace DisklessRancher.Files
{
    /// <summary>
    /// Copies a file's bytes into a new, empty file that is already open, as fast as File.Copy would: on Linux the
    /// kernel clones the blocks where the file system can share them (FICLONE: XFS with reflink, Btrfs) and copies them
    /// itself elsewhere (copy_file_range); other systems copy through a buffer.
    /// </summary>
    /// <remarks>
    /// File.Copy cannot copy into a file that exists and gives the copy the source's mode, so a copy that must be its
    /// owner's from the moment it exists is created first (0600) and filled here.
    /// </remarks>
    internal static class KernelCopy
    {
        private const uint Ficlone = 0x40049409; // _IOW(0x94, 9, int)
        private const int Chunk = 1 << 30;

        private static readonly bool IsLinux = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);

        /// <summary>Copies all of <paramref name="source"/> into <paramref name="destination"/> and leaves it positioned at the end.</summary>
        public static void Into(string source, FileStream destination)
        {
            using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
            {
                long length = input.Length;
                long copied = IsLinux ? CopyInKernel(input, destination, length) : 0;
                if (copied < length)
                {
                    input.Position = copied;
                    destination.Position = copied;
                    input.CopyTo(destination, 1 << 16);
                    destination.Flush();
                }
                if (destination.Length != length) throw new IOException($"The copy of '{source}' has {destination.Length} bytes instead of {length}: the file changed while it was copied.");
                destination.Position = length;
            }
        }

        /// <summary>How many bytes the kernel copied: all of them, or as many as it did before it declined.</summary>
        private static long CopyInKernel(FileStream input, FileStream output, long length)
        {
            output.Flush();
            int from = (int)input.SafeFileHandle.DangerousGetHandle();
            int to = (int)output.SafeFileHandle.DangerousGetHandle();
            if (ioctl(to, (UIntPtr)Ficlone, from) == 0) return length;
            long inOffset = 0, outOffset = 0;
            try
            {
                while (inOffset < length)
                {
                    long done = (long)copy_file_range(from, ref inOffset, to, ref outOffset, (UIntPtr)Math.Min(Chunk, length - inOffset), 0);
                    if (done <= 0) break; // declined (another file system, an old kernel) or the source ended early
                }
            }
            catch (EntryPointNotFoundException)
            {
                // A C library older than copy_file_range (glibc 2.27).
            }
            return inOffset;
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int ioctl(int fd, UIntPtr request, int sourceFd);

        [DllImport("libc", SetLastError = true)]
        private static extern IntPtr copy_file_range(int inFd, ref long inOffset, int outFd, ref long outOffset, UIntPtr length, uint flags);
    }
}
