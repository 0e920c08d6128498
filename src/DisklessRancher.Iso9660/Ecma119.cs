using System;
using System.Globalization;
using System.Text;

namespace DisklessRancher.Iso9660
{
    /// <summary>
    /// The field encodings of ECMA-119, read and written in one place: numbers (7.1-7.3), character fields (7.4,
    /// and Joliet's UCS-2), descriptor dates (8.4.26.1) and directory record dates (9.1.5). netstandard2.0 has no
    /// BinaryPrimitives.
    /// </summary>
    internal static class Ecma119
    {
        /// <summary>The logical block size: the only one the engine reads or writes.</summary>
        public const int BlockSize = 2048;

        public static uint BlocksFor(long length) => (uint)((length + BlockSize - 1) / BlockSize);

        public static ushort ReadUInt16LE(byte[] b, int offset) => (ushort)(b[offset] | (b[offset + 1] << 8));

        public static uint ReadUInt32LE(byte[] b, int offset) =>
            (uint)(b[offset] | (b[offset + 1] << 8) | (b[offset + 2] << 16) | (b[offset + 3] << 24));

        public static uint ReadUInt32BE(byte[] b, int offset) =>
            (uint)((b[offset] << 24) | (b[offset + 1] << 16) | (b[offset + 2] << 8) | b[offset + 3]);

        public static ulong ReadUInt64LE(byte[] b, int offset) => ReadUInt32LE(b, offset) | ((ulong)ReadUInt32LE(b, offset + 4) << 32);

        public static void WriteUInt16LE(byte[] b, int offset, int value)
        {
            b[offset] = (byte)value;
            b[offset + 1] = (byte)(value >> 8);
        }

        public static void WriteUInt16BE(byte[] b, int offset, int value)
        {
            b[offset] = (byte)(value >> 8);
            b[offset + 1] = (byte)value;
        }

        /// <summary>Both-byte order (7.2.3): little-endian, then big-endian.</summary>
        public static void WriteUInt16Both(byte[] b, int offset, int value)
        {
            WriteUInt16LE(b, offset, value);
            WriteUInt16BE(b, offset + 2, value);
        }

        public static void WriteUInt32LE(byte[] b, int offset, uint value)
        {
            b[offset] = (byte)value;
            b[offset + 1] = (byte)(value >> 8);
            b[offset + 2] = (byte)(value >> 16);
            b[offset + 3] = (byte)(value >> 24);
        }

        public static void WriteUInt32BE(byte[] b, int offset, uint value)
        {
            b[offset] = (byte)(value >> 24);
            b[offset + 1] = (byte)(value >> 16);
            b[offset + 2] = (byte)(value >> 8);
            b[offset + 3] = (byte)value;
        }

        /// <summary>Both-byte order (7.3.3): little-endian, then big-endian.</summary>
        public static void WriteUInt32Both(byte[] b, int offset, uint value)
        {
            WriteUInt32LE(b, offset, value);
            WriteUInt32BE(b, offset + 4, value);
        }

        public static void WriteUInt64LE(byte[] b, int offset, ulong value)
        {
            WriteUInt32LE(b, offset, (uint)value);
            WriteUInt32LE(b, offset + 4, (uint)(value >> 32));
        }

        /// <summary>An a-/d-character field, trailing spaces and NULs removed.</summary>
        public static string ReadAscii(byte[] b, int offset, int length) =>
            Encoding.ASCII.GetString(b, offset, length).TrimEnd(' ', '\0');

        /// <summary>A Joliet (UCS-2 big-endian) field, trailing spaces and NULs removed.</summary>
        public static string ReadUcs2BE(byte[] b, int offset, int length) =>
            Encoding.BigEndianUnicode.GetString(b, offset, length & ~1).TrimEnd(' ', '\0');

        /// <summary>An a-/d-character field, space padded.</summary>
        public static void WriteAscii(byte[] b, int offset, int length, string text)
        {
            for (int i = 0; i < length; i++) b[offset + i] = i < text.Length ? (byte)text[i] : (byte)' ';
        }

        /// <summary>A Joliet (UCS-2 big-endian) field, space padded; the last byte of an odd-length field is zero.</summary>
        public static void WriteUcs2BE(byte[] b, int offset, int length, string text)
        {
            for (int i = 0; i + 1 < length; i += 2)
            {
                char c = i / 2 < text.Length ? text[i / 2] : ' ';
                b[offset + i] = (byte)(c >> 8);
                b[offset + i + 1] = (byte)c;
            }
            if (length % 2 == 1) b[offset + length - 1] = 0;
        }

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

        /// <summary>"YYYYMMDDHHMMSScc" + offset in 15-minute units; null when unset (all zero digits) or invalid.</summary>
        public static DateTimeOffset? ReadDescriptorDate(byte[] b, int offset)
        {
            for (int i = 0; i < 16; i++)
            {
                if (b[offset + i] < (byte)'0' || b[offset + i] > (byte)'9') return null;
            }
            string digits = Encoding.ASCII.GetString(b, offset, 16);
            int year = Digits(digits, 0, 4), month = Digits(digits, 4, 2), day = Digits(digits, 6, 2);
            if (year == 0 && month == 0 && day == 0) return null;
            return Date(year, month, day, Digits(digits, 8, 2), Digits(digits, 10, 2), Digits(digits, 12, 2),
                Digits(digits, 14, 2) * 10, (sbyte)b[offset + 16]);
        }

        /// <summary>The 17-byte descriptor date of <paramref name="time"/>, in UTC.</summary>
        public static void WriteDescriptorDate(byte[] b, int offset, DateTimeOffset time)
        {
            var text = time.UtcDateTime.ToString("yyyyMMddHHmmssff", CultureInfo.InvariantCulture);
            for (int i = 0; i < 16; i++) b[offset + i] = (byte)text[i];
            b[offset + 16] = 0;
        }

        /// <summary>An unset descriptor date: sixteen '0' digits and a zero zone.</summary>
        public static void WriteUnsetDescriptorDate(byte[] b, int offset)
        {
            for (int i = 0; i < 16; i++) b[offset + i] = (byte)'0';
            b[offset + 16] = 0;
        }

        /// <summary>Years since 1900, month, day, hour, minute, second, offset in 15-minute units.</summary>
        public static DateTimeOffset? ReadRecordDate(byte[] b, int offset) =>
            b[offset + 1] == 0 && b[offset + 2] == 0 ? (DateTimeOffset?)null
                : Date(1900 + b[offset], b[offset + 1], b[offset + 2], b[offset + 3], b[offset + 4], b[offset + 5], 0, (sbyte)b[offset + 6]);

        /// <summary>The 7-byte directory record date of <paramref name="time"/>, in UTC.</summary>
        public static byte[] RecordDate(DateTimeOffset time)
        {
            var t = time.UtcDateTime;
            return new[]
            {
                (byte)Math.Max(0, Math.Min(255, t.Year - 1900)), (byte)t.Month, (byte)t.Day,
                (byte)t.Hour, (byte)t.Minute, (byte)t.Second, (byte)0,
            };
        }

        public static bool BytesEqual(byte[] b, int offset, byte[] expected)
        {
            if (offset < 0 || offset + expected.Length > b.Length) return false;
            for (int i = 0; i < expected.Length; i++)
            {
                if (b[offset + i] != expected[i]) return false;
            }
            return true;
        }

        public static byte[] Slice(byte[] b, int offset, int length)
        {
            byte[] copy = new byte[length];
            Buffer.BlockCopy(b, offset, copy, 0, length);
            return copy;
        }

        private static int Digits(string digits, int start, int length) =>
            int.Parse(digits.Substring(start, length), NumberStyles.None, CultureInfo.InvariantCulture);

        private static DateTimeOffset? Date(int year, int month, int day, int hour, int minute, int second, int millisecond, int quarterHours)
        {
            if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
                || hour > 23 || minute > 59 || second > 59 || quarterHours < -48 || quarterHours > 52)
            {
                return null;
            }
            try
            {
                return new DateTimeOffset(year, month, day, hour, minute, second, millisecond, TimeSpan.FromMinutes(quarterHours * 15));
            }
            catch (ArgumentOutOfRangeException)
            {
                return null; // the UTC instant falls outside DateTimeOffset's range
            }
        }
    }
}
