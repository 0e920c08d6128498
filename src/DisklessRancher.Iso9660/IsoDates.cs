using System;
using System.Globalization;

namespace DisklessRancher.Iso9660
{
    /// <summary>The two ISO 9660 date formats: 17-byte descriptor dates and 7-byte directory record dates.</summary>
    internal static class IsoDates
    {
        /// <summary>"YYYYMMDDHHMMSScc" + offset in 15-minute units; null when unset (all zero digits) or invalid.</summary>
        public static DateTimeOffset? FromDescriptor(byte[] b, int offset)
        {
            for (int i = 0; i < 16; i++)
            {
                if (b[offset + i] < (byte)'0' || b[offset + i] > (byte)'9') return null;
            }
            string digits = System.Text.Encoding.ASCII.GetString(b, offset, 16);
            int year = Parse(digits, 0, 4), month = Parse(digits, 4, 2), day = Parse(digits, 6, 2);
            if (year == 0 && month == 0 && day == 0) return null;
            return Create(year, month, day, Parse(digits, 8, 2), Parse(digits, 10, 2), Parse(digits, 12, 2),
                Parse(digits, 14, 2) * 10, (sbyte)b[offset + 16]);
        }

        /// <summary>Years since 1900, month, day, hour, minute, second, offset in 15-minute units.</summary>
        public static DateTimeOffset? FromRecord(byte[] b, int offset) =>
            b[offset + 1] == 0 && b[offset + 2] == 0 ? (DateTimeOffset?)null
                : Create(1900 + b[offset], b[offset + 1], b[offset + 2], b[offset + 3], b[offset + 4], b[offset + 5], 0, (sbyte)b[offset + 6]);

        private static int Parse(string digits, int start, int length) =>
            int.Parse(digits.Substring(start, length), NumberStyles.None, CultureInfo.InvariantCulture);

        private static DateTimeOffset? Create(int year, int month, int day, int hour, int minute, int second, int millisecond, int quarterHours)
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
