using System;
using System.Linq;

namespace DisklessRancher.Core.NetBoot
{
    /// <summary>
    /// A network card's hardware address, read from any common notation (52:54:00:AB:CD:EF, 52-54-00-ab-cd-ef,
    /// 5254.00ab.cdef, 525400abcdef) and kept as six bytes, so that two spellings of one card are equal.
    /// </summary>
    public sealed class MacAddress : IEquatable<MacAddress>
    {
        private readonly byte[] bytes;

        private MacAddress(byte[] bytes)
        {
            this.bytes = bytes;
        }

        /// <exception cref="NetBootException">The text is empty or not six bytes of hex digits.</exception>
        public static MacAddress Parse(string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new NetBootException(NetBootError.InvalidMacAddress, "A MAC address is required: the network card the host boots from (e.g. 52:54:00:ab:cd:ef).");
            }
            string trimmed = text!.Trim();
            string hex = new string(trimmed.Where(c => c != ':' && c != '-' && c != '.').ToArray());
            if (hex.Length != 12 || !hex.All(Uri.IsHexDigit) || !SeparatorsAreEven(trimmed))
            {
                throw new NetBootException(NetBootError.InvalidMacAddress,
                    $"The MAC address '{trimmed}' is not valid: give six bytes in hex, as 52:54:00:ab:cd:ef, 52-54-00-ab-cd-ef, 5254.00ab.cdef or 525400abcdef.");
            }
            byte[] bytes = new byte[6];
            for (int i = 0; i < 6; i++) bytes[i] = Convert.ToByte(hex.Substring(2 * i, 2), 16);
            string? reserved = bytes.All(b => b == 0) ? "the all-zero address, which no network card has"
                : bytes.All(b => b == 0xff) ? "the broadcast address, which no network card has"
                : (bytes[0] & 1) != 0 ? "a multicast address (the low bit of its first byte is set), which no network card boots from"
                : null;
            if (reserved != null)
            {
                throw new NetBootException(NetBootError.InvalidMacAddress, $"The MAC address '{trimmed}' is {reserved}: give the address of the host's network card.");
            }
            return new MacAddress(bytes);
        }

        /// <summary>The colon form iPXE's ${netX/mac} gives, lowercase.</summary>
        public override string ToString() => Join(":");

        /// <summary>The dash form iPXE's ${netX/mac:hexhyp} gives, lowercase: safe in a file name and a URL.</summary>
        public string ToHyphenated() => Join("-");

        public bool Equals(MacAddress? other) => other != null && bytes.SequenceEqual(other.bytes);

        public override bool Equals(object? obj) => Equals(obj as MacAddress);

        public override int GetHashCode() => bytes.Aggregate(17, (hash, b) => hash * 31 + b);

        private string Join(string separator) => string.Join(separator, bytes.Select(b => b.ToString("x2")));

        // One separator throughout, between every byte (':' or '-') or every two bytes ('.'), or none.
        private static bool SeparatorsAreEven(string text)
        {
            char[] separators = text.Where(c => !Uri.IsHexDigit(c)).Distinct().ToArray();
            if (separators.Length == 0) return true;
            if (separators.Length > 1) return false;
            int group = separators[0] == '.' ? 4 : 2;
            return text.Split(separators[0]).All(part => part.Length == group);
        }
    }
}
