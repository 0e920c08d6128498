using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;

namespace DisklessRancher.Files
{
    /// <summary>
    /// Reads only regular files: a named pipe would block the read for ever, a device (/dev/zero) never ends, a folder
    /// is no file. The type and the size are checked before the first byte is read.
    /// </summary>
    public static class InputFile
    {
        /// <summary>Refuses anything but a regular file.</summary>
        /// <exception cref="InputFileException">It is a folder, a named pipe, a device or a socket.</exception>
        public static void CheckRegular(string path)
        {
            string? type = Directory.Exists(path) ? "a folder" : UnixStat.NonRegularType(path);
            if (type != null) throw new InputFileException(path, $"is {type}, not a regular file.");
        }

        /// <summary>The whole content of a regular file of at most <paramref name="maxLength"/> bytes.</summary>
        /// <exception cref="InputFileException">It is not a regular file, or it is longer.</exception>
        public static byte[] ReadAll(string path, int maxLength)
        {
            CheckRegular(path);
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
            {
                if (stream.Length > maxLength) throw TooLong(path, stream.Length, maxLength);
                var bytes = new byte[stream.Length];
                int read = StreamFill.Fill(stream, bytes);
                if (read < bytes.Length) Array.Resize(ref bytes, read);
                if (stream.ReadByte() >= 0) throw TooLong(path, stream.Length, maxLength);
                return bytes;
            }
        }

        private static InputFileException TooLong(string path, long length, int maxLength) =>
            new InputFileException(path, string.Format(CultureInfo.InvariantCulture, "is {0:N0} bytes, more than the {1:N0} bytes allowed.", length, maxLength));

        /// <remarks>
        /// netstandard2.0, and .NET itself, tell a named pipe or a device from a regular file nowhere in their API, so
        /// the type is read by SystemNative_Stat of the runtime's own native library (libSystem.Native, there on every
        /// .NET that runs PowerShell 7 on Unix), whose status record starts with two 32-bit fields, flags and mode.
        /// </remarks>
        private static class UnixStat
        {
            private const int TypeMask = 0xF000;
            private const int Regular = 0x8000;

            public static string? NonRegularType(string path)
            {
                if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return null;
                var status = new byte[256];
                try
                {
                    if (Stat(path, status) != 0) return null;
                }
                catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
                {
                    return null;
                }
                int mode = BitConverter.ToInt32(status, 4) & TypeMask;
                switch (mode)
                {
                    case Regular: return null;
                    case 0x1000: return "a named pipe (FIFO)";
                    case 0x2000: return "a character device";
                    case 0x6000: return "a block device";
                    case 0x4000: return "a folder";
                    case 0xC000: return "a socket";
                    default: return "not a regular file";
                }
            }

            [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
            private static extern int Stat(string path, byte[] status);
        }
    }

    /// <summary>A file given to be read is not a regular file, or is too long; the message names it and why.</summary>
    public sealed class InputFileException : IOException
    {
        public InputFileException(string path, string problem)
            : base($"'{path}' {problem}")
        {
            Path = path;
            Problem = problem;
        }

        public string Path { get; }

        /// <summary>What is wrong, as the end of a sentence that names the file ("is a folder, not a regular file.").</summary>
        public string Problem { get; }
    }
}
