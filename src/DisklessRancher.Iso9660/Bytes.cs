using System;
using System.Text;

namespace DisklessRancher.Iso9660
{
    /// <summary>Little/big-endian field access and ISO 9660 string fields (netstandard2.0 has no BinaryPrimitives).</summary>
    internal static class Bytes
    {
        public static ushort UInt16LE(byte[] b, int offset) => (ushort)(b[offset] | (b[offset + 1] << 8));

        public static uint UInt32LE(byte[] b, int offset) =>
            (uint)(b[offset] | (b[offset + 1] << 8) | (b[offset + 2] << 16) | (b[offset + 3] << 24));

        public static uint UInt32BE(byte[] b, int offset) =>
            (uint)((b[offset] << 24) | (b[offset + 1] << 16) | (b[offset + 2] << 8) | b[offset + 3]);

        public static ulong UInt64LE(byte[] b, int offset) => UInt32LE(b, offset) | ((ulong)UInt32LE(b, offset + 4) << 32);

        public static void WriteUInt32LE(byte[] b, int offset, uint value)
        {
            b[offset] = (byte)value;
            b[offset + 1] = (byte)(value >> 8);
            b[offset + 2] = (byte)(value >> 16);
            b[offset + 3] = (byte)(value >> 24);
        }

        /// <summary>An a-/d-character field, trailing spaces and NULs removed.</summary>
        public static string Ascii(byte[] b, int offset, int length) =>
            Encoding.ASCII.GetString(b, offset, length).TrimEnd(' ', '\0');

        /// <summary>A Joliet (UCS-2 big-endian) field, trailing spaces and NULs removed.</summary>
        public static string Ucs2BE(byte[] b, int offset, int length) =>
            Encoding.BigEndianUnicode.GetString(b, offset, length & ~1).TrimEnd(' ', '\0');

        public static bool Equal(byte[] b, int offset, byte[] expected)
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
    }
}
