using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DisklessRancher.Core.CloudConfig
{
    /// <summary>An interface address with its prefix length, as RancherOS takes it (10.0.0.5/24, 2001:db8::5/64).</summary>
    internal sealed class CidrAddress
    {
        private CidrAddress(IPAddress address, int prefixLength)
        {
            Address = address;
            PrefixLength = prefixLength;
        }

        public IPAddress Address { get; }

        public int PrefixLength { get; }

        public bool IsIPv6 => Address.AddressFamily == AddressFamily.InterNetworkV6;

        /// <summary>Parses "address/prefix"; on failure <paramref name="reason"/> says what is wrong.</summary>
        public static CidrAddress? Parse(string text, out string reason)
        {
            int slash = text.IndexOf('/');
            if (slash < 0)
            {
                reason = "the address needs a prefix length in CIDR form, for example 10.0.0.5/24 or 2001:db8::5/64.";
                return null;
            }
            IPAddress? address = IpAddressText.Parse(text.Substring(0, slash));
            if (address == null)
            {
                reason = "the part before '/' is not an IPv4 or IPv6 address.";
                return null;
            }
            int maxPrefix = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
            string prefixText = text.Substring(slash + 1);
            if (prefixText.Length == 0 || prefixText.Length > 3 || !IsDigits(prefixText)
                || !int.TryParse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture, out int prefix)
                || prefix < 1 || prefix > maxPrefix)
            {
                reason = $"the prefix length must be a number from 1 to {maxPrefix}.";
                return null;
            }
            CidrAddress cidr = new CidrAddress(address, prefix);
            if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || IsMulticast(address))
            {
                reason = "a loopback, unspecified or multicast address cannot be a host's address.";
                return null;
            }
            if (!cidr.IsIPv6 && prefix <= 30 && (cidr.HostBitsAre(0) || cidr.HostBitsAre(1)))
            {
                reason = "this is the network or broadcast address of its subnet, not a host address.";
                return null;
            }
            reason = string.Empty;
            return cidr;
        }

        /// <summary>Whether <paramref name="other"/> lies in this address's subnet.</summary>
        public bool Contains(IPAddress other)
        {
            if (other.AddressFamily != Address.AddressFamily) return false;
            byte[] mine = Address.GetAddressBytes();
            byte[] theirs = other.GetAddressBytes();
            for (int bit = 0; bit < PrefixLength; bit++)
            {
                int mask = 0x80 >> (bit % 8);
                if ((mine[bit / 8] & mask) != (theirs[bit / 8] & mask)) return false;
            }
            return true;
        }

        public override string ToString() => $"{IpAddressText.Format(Address)}/{PrefixLength}";

        private bool HostBitsAre(int value)
        {
            byte[] bytes = Address.GetAddressBytes();
            for (int bit = PrefixLength; bit < bytes.Length * 8; bit++)
            {
                int set = (bytes[bit / 8] >> (7 - bit % 8)) & 1;
                if (set != value) return false;
            }
            return true;
        }

        private static bool IsMulticast(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6
            ? address.IsIPv6Multicast
            : address.GetAddressBytes()[0] >= 224;

        private static bool IsDigits(string text)
        {
            foreach (char c in text)
            {
                if (c < '0' || c > '9') return false;
            }
            return true;
        }
    }
}
