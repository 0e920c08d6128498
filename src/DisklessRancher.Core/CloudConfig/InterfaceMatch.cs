using System;
using System.Text.RegularExpressions;

namespace DisklessRancher.Core.CloudConfig
{
    /// <summary>
    /// How RancherOS v1.5.8 picks the settings of a network device among rancher.network.interfaces
    /// (pkg/netconf/netconf_linux.go findMatch): an entry's match is its match field, or else its key. A match that
    /// starts with "mac" is a MAC address (a '*' makes it a pattern on the address) and wins over every name; a match
    /// equal to the device's name wins over a pattern; a pattern ('*' matching any text, ryanuber/go-glob) is taken
    /// last. Entries are visited in Go's map order, which is random: of two equal matches, either may win.
    /// </summary>
    internal static class InterfaceMatch
    {
        private const string Source = "pkg/netconf/netconf_linux.go findMatch in rancher/os v1.5.8";

        // net.ParseMAC: 6, 8 or 20 bytes, in pairs separated by ':' or '-', or in groups of four separated by '.'.
        private static readonly Regex MacAddress = new Regex(
            @"^(?:[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){7}|[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){19}|[0-9A-Fa-f]{4}(?:\.[0-9A-Fa-f]{4}){2,9})$",
            RegexOptions.CultureInvariant);

        /// <summary>Whether a match is read as a MAC address (or a pattern on one) rather than a name.</summary>
        public static bool IsMacSelector(string match) => match.StartsWith("mac", StringComparison.Ordinal);

        /// <summary>
        /// Why an entry whose match is <paramref name="match"/> could take the device the host's own entry
        /// (<paramref name="hostInterface"/>, a name or a name ending in '*') configures, or null when it cannot.
        /// </summary>
        public static string? TakesHostInterface(string match, string hostInterface)
        {
            if (IsMacSelector(match))
            {
                bool isAddress = match.Length > 4 && (match.IndexOf('*') >= 0 || MacAddress.IsMatch(match.Substring(4)));
                return isAddress
                    ? $"RancherOS matches a device by MAC address ahead of every name ({Source}), and whose MAC this is cannot be known here: it could take {hostInterface}, the host's own interface, and replace its address and DHCP setting. Name other interfaces (eth1, bond0 …) instead."
                    : $"RancherOS reads a match that starts with 'mac' as mac=<MAC address> ({Source}): it skips this one, or stops on one shorter than 'mac=', so the entry never applies.";
            }
            if (match == hostInterface)
            {
                return $"it matches {hostInterface}, the host's own interface, by another name: RancherOS takes one of two equal matches in random order ({Source}).";
            }
            if (!hostInterface.EndsWith("*", StringComparison.Ordinal)) return null;
            string prefix = hostInterface.Substring(0, hostInterface.Length - 1);
            int star = match.IndexOf('*');
            bool overlaps = star < 0 ? match.StartsWith(prefix, StringComparison.Ordinal)
                : match.Substring(0, star).StartsWith(prefix, StringComparison.Ordinal) || prefix.StartsWith(match.Substring(0, star), StringComparison.Ordinal);
            return !overlaps ? null : star < 0
                ? $"it names a device that {hostInterface}, the host's own interface pattern, matches, and RancherOS prefers a name to a pattern ({Source}): that device would lose the host's settings."
                : $"it is a pattern that matches devices {hostInterface}, the host's own interface pattern, also matches, and RancherOS takes one of two patterns in random order ({Source}).";
        }
    }
}
