using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DisklessRancher.Core.CloudConfig
{
    /// <summary>
    /// Strict IP address text. IPAddress.TryParse alone accepts forms such as "10.1" or "010.0.0.1" that other
    /// programs read differently; only dotted-quad IPv4 and plain IPv6 (no zone) are accepted here.
    /// </summary>
    internal static class IpAddressText
    {
        public static IPAddress? Parse(string text)
        {
            if (text.IndexOf(':') >= 0) return ParseIPv6(text);
            string[] parts = text.Split('.');
            if (parts.Length != 4) return null;
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++)
            {
                string part = parts[i];
                if (part.Length == 0 || part.Length > 3 || (part.Length > 1 && part[0] == '0')) return null;
                foreach (char c in part)
                {
                    if (c < '0' || c > '9') return null;
                }
                int value = int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture);
                if (value > 255) return null;
                bytes[i] = (byte)value;
            }
            return new IPAddress(bytes);
        }

        /// <summary>The canonical text: dotted quad, or compressed lowercase IPv6.</summary>
        public static string Format(IPAddress address) => address.ToString().ToLowerInvariant();

        private static IPAddress? ParseIPv6(string text)
        {
            foreach (char c in text)
            {
                bool allowed = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
                if (!allowed) return null;
            }
            return IPAddress.TryParse(text, out IPAddress? address) && address.AddressFamily == AddressFamily.InterNetworkV6
                ? address
                : null;
        }
    }
}
