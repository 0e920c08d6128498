using System;

namespace DisklessRancher.Iso9660.Writing
{
    /// <summary>The number and date encodings of ECMA-119 (7.1-7.3, 8.4.26.1, 9.1.5) that the writer needs.</summary>
    internal static class IsoBytes
    {
        public const int BlockSize = 2048;

        public static void Le16(byte[] b, int o, int v)
        {
            b[o] = (byte)v;
            b[o + 1] = (byte)(v >> 8);
        }

        public static void Be16(byte[] b, int o, int v)
        {
            b[o] = (byte)(v >> 8);
            b[o + 1] = (byte)v;
        }

        public static void Both16(byte[] b, int o, int v)
        {
            Le16(b, o, v);
            Be16(b, o + 2, v);
        }

        public static void Le32(byte[] b, int o, uint v) => Bytes.WriteUInt32LE(b, o, v);

        public static void Be32(byte[] b, int o, uint v)
        {
            b[o] = (byte)(v >> 24);
            b[o + 1] = (byte)(v >> 16);
            b[o + 2] = (byte)(v >> 8);
            b[o + 3] = (byte)v;
        }

        public static void Both32(byte[] b, int o, uint v)
        {
            Le32(b, o, v);
            Be32(b, o + 4, v);
        }

        public static void Le64(byte[] b, int o, ulong v)
        {
            Le32(b, o, (uint)v);
            Le32(b, o + 4, (uint)(v >> 32));
        }

        /// <summary>The 7-byte recording date of a directory record, in UTC.</summary>
        public static byte[] RecordingDate(DateTimeOffset time)
        {
            var t = time.UtcDateTime;
            return new[]
            {
                (byte)Math.Max(0, Math.Min(255, t.Year - 1900)), (byte)t.Month, (byte)t.Day,
                (byte)t.Hour, (byte)t.Minute, (byte)t.Second, (byte)0,
            };
        }

        /// <summary>The 17-byte volume descriptor date ("YYYYMMDDHHMMSScc" and a zone byte), in UTC.</summary>
        public static void VolumeDate(byte[] b, int o, DateTimeOffset time)
        {
            var text = time.UtcDateTime.ToString("yyyyMMddHHmmssff", System.Globalization.CultureInfo.InvariantCulture);
            for (int i = 0; i < 16; i++) b[o + i] = (byte)text[i];
            b[o + 16] = 0;
        }

        /// <summary>An unset volume descriptor date: sixteen '0' digits and a zero zone.</summary>
        public static void NoVolumeDate(byte[] b, int o)
        {
            for (int i = 0; i < 16; i++) b[o + i] = (byte)'0';
            b[o + 16] = 0;
        }

        /// <summary>Fills the buffer from the stream's position, or reports what ended too early.</summary>
        public static void ReadExactly(System.IO.Stream stream, byte[] buffer, string what)
        {
            int done = 0;
            while (done < buffer.Length)
            {
                int n = stream.Read(buffer, done, buffer.Length - done);
                if (n <= 0) throw new IsoFormatException(IsoFormatError.Truncated, $"The image ends inside {what}.", stream.Position / BlockSize);
                done += n;
            }
        }

        public static uint BlocksFor(long length) => (uint)((length + BlockSize - 1) / BlockSize);

        /// <summary>Bytes as ISO-8859-1 characters, so that any stored identifier round-trips.</summary>
        public static string Latin1(byte[] b)
        {
            var chars = new char[b.Length];
            for (int i = 0; i < b.Length; i++) chars[i] = (char)b[i];
            return new string(chars);
        }

        public static byte[] Latin1(string s)
        {
            var bytes = new byte[s.Length];
            for (int i = 0; i < s.Length; i++) bytes[i] = (byte)s[i];
            return bytes;
        }
    }
}
