using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace DisklessRancher.Core.CloudConfig
{
    /// <summary>
    /// The rules for each host setting. Structured fields (names, addresses, the image, the URL) accept only
    /// the characters their grammar allows, so nothing in them can change the YAML or a shell line; free-text
    /// fields accept anything that is valid Unicode, and the serializer quotes it.
    /// </summary>
    internal static class HostSpecValidator
    {
        // Linux limits a hostname to 64 bytes (HOST_NAME_MAX); RFC 1123 labels are 1-63 characters.
        private const int MaxHostnameLength = 64;
        private const int MaxDomainLength = 253;
        private const int MaxInterfaceLength = 15;

        private static readonly Regex Label = new Regex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$", RegexOptions.CultureInvariant);
        private static readonly Regex InterfaceName = new Regex(@"^[A-Za-z0-9][A-Za-z0-9_.\-]*\*?$", RegexOptions.CultureInvariant);

        // A Docker image reference: [registry[:port]/]path[:tag][@digest], path components in lowercase.
        private static readonly Regex ImageReference = new Regex(
            @"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::[0-9]{1,5})?/)?"
            + @"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
            + @"(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,})?$",
            RegexOptions.CultureInvariant);

        public static string Hostname(string? value)
        {
            if (string.IsNullOrEmpty(value)) throw new HostSpecException(HostField.Hostname, null, "a hostname is required.");
            RequireCharacters(HostField.Hostname, value!, IsDomainCharacter, "letters, digits, '-' and '.'");
            if (value!.Length > MaxHostnameLength)
            {
                throw new HostSpecException(HostField.Hostname, value, $"a hostname is at most {MaxHostnameLength} characters long.");
            }
            RequireLabels(HostField.Hostname, value);
            return value;
        }

        public static string SearchDomain(string value)
        {
            RequireCharacters(HostField.DnsSearch, value, IsDomainCharacter, "letters, digits, '-' and '.'");
            if (value.Length > MaxDomainLength)
            {
                throw new HostSpecException(HostField.DnsSearch, value, $"a domain name is at most {MaxDomainLength} characters long.");
            }
            RequireLabels(HostField.DnsSearch, value);
            return value;
        }

        public static CidrAddress? Address(string? value)
        {
            if (string.IsNullOrEmpty(value)) return null;
            RequireCharacters(HostField.Address, value!, IsAddressCharacter, "hexadecimal digits, '.', ':' and '/'");
            return CidrAddress.Parse(value!, out string reason) ?? throw new HostSpecException(HostField.Address, value, reason);
        }

        public static IPAddress? Gateway(string? value, CidrAddress? address)
        {
            if (string.IsNullOrEmpty(value)) return null;
            RequireCharacters(HostField.Gateway, value!, IsAddressCharacter, "hexadecimal digits, '.' and ':'");
            IPAddress gateway = IpAddressText.Parse(value!)
                ?? throw new HostSpecException(HostField.Gateway, value, "not an IPv4 or IPv6 address (no prefix length here).");
            if (address == null)
            {
                throw new HostSpecException(HostField.Gateway, value, "a gateway needs a static Address; with DHCP the gateway comes from the DHCP server.");
            }
            if (gateway.AddressFamily != address.Address.AddressFamily)
            {
                throw new HostSpecException(HostField.Gateway, value, $"the gateway and the address {address} are not of the same IP version.");
            }
            bool reachable = address.Contains(gateway) || (gateway.AddressFamily == AddressFamily.InterNetworkV6 && gateway.IsIPv6LinkLocal);
            if (!reachable)
            {
                throw new HostSpecException(HostField.Gateway, value, $"the gateway is outside the subnet of {address}.");
            }
            return gateway;
        }

        public static string Nameserver(string value)
        {
            RequireCharacters(HostField.Dns, value, IsAddressCharacter, "hexadecimal digits, '.' and ':'");
            IPAddress address = IpAddressText.Parse(value)
                ?? throw new HostSpecException(HostField.Dns, value, "a name server must be an IPv4 or IPv6 address.");
            return IpAddressText.Format(address);
        }

        public static int? Mtu(int? value)
        {
            if (value.HasValue && (value.Value < 68 || value.Value > 65535))
            {
                throw new HostSpecException(HostField.Mtu, value.Value.ToString(CultureInfo.InvariantCulture), "the MTU must be from 68 to 65535.");
            }
            return value;
        }

        public static string Interface(string? value)
        {
            if (string.IsNullOrEmpty(value)) return "eth0";
            RequireCharacters(HostField.Interface, value!, c => IsAsciiLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '*',
                "letters, digits, '_', '.', '-' and a final '*'");
            if (value!.Length > MaxInterfaceLength || !InterfaceName.IsMatch(value))
            {
                throw new HostSpecException(HostField.Interface, value,
                    $"an interface name is 1 to {MaxInterfaceLength} characters, starts with a letter or digit, and may end with '*' to match several.");
            }
            if (InterfaceMatch.IsMacSelector(value))
            {
                throw new HostSpecException(HostField.Interface, value,
                    "RancherOS v1.5.8 reads an interface name that starts with 'mac' as mac=<MAC address> (pkg/netconf/netconf_linux.go findMatch), so it would never apply this one: give the device's name.");
            }
            return value;
        }

        public static bool Dhcp(bool? value, CidrAddress? address)
        {
            if (value == false && address == null)
            {
                throw new HostSpecException(HostField.Dhcp, "false", "DHCP is off but no Address is given: the interface would have no address.");
            }
            // rancher/os v1.5.8 pkg/netconf/netconf_linux.go: applyInterfaceConfig (address, gateway, MTU) runs only
            // when dhcp is false, so a static address beside DHCP never reaches the interface.
            if (value == true && address != null)
            {
                throw new HostSpecException(HostField.Dhcp, "true",
                    $"DHCP is on and an Address ({address}) is given: RancherOS applies a static address and gateway only when DHCP is off. Give one or the other.");
            }
            return value ?? address == null;
        }

        /// <summary>An MTU is applied with the static settings only (rancher/os v1.5.8 pkg/netconf/netconf_linux.go).</summary>
        public static int? MtuForInterface(int? mtu, bool dhcp)
        {
            if (mtu.HasValue && dhcp)
            {
                throw new HostSpecException(HostField.Mtu, mtu.Value.ToString(CultureInfo.InvariantCulture),
                    "RancherOS applies the MTU only to a static interface (DHCP off); with DHCP, the DHCP server sets it (option 26, interface-mtu).");
            }
            return mtu;
        }

        /// <summary>
        /// Search domains alone count as DNS set by the user (rancher/os v1.5.8 cmd/network/network.go: userSetDNS),
        /// so resolv.conf gets them and no name server at all, and DHCP's name servers are not used.
        /// </summary>
        public static void SearchNeedsNameserver(IReadOnlyList<string> search, IReadOnlyList<string> nameservers)
        {
            if (search.Count > 0 && nameservers.Count == 0)
            {
                throw new HostSpecException(HostField.DnsSearch, search[0],
                    "search domains without a name server (Dns) leave the host with no name server: RancherOS then writes only the search line to resolv.conf and ignores the name servers DHCP gives. Give -Dns too.");
            }
        }

        /// <summary>The URL is not repeated in errors: with it anyone can register hosts.</summary>
        public static string? RegistrationUrl(string? value)
        {
            if (string.IsNullOrEmpty(value)) return null;
            foreach (char c in value!)
            {
                if (c <= ' ' || c >= '\u007f' || "\"'`\\$<>{}|^#".IndexOf(c) >= 0)
                {
                    throw new HostSpecException(HostField.RegistrationUrl, null, $"the URL contains {Describe(c)}, which a registration URL cannot contain.");
                }
            }
            bool absolute = Uri.TryCreate(value, UriKind.Absolute, out Uri? uri)
                && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                && uri.Host.Length > 0;
            if (!absolute)
            {
                throw new HostSpecException(HostField.RegistrationUrl, null,
                    "the registration URL must be an absolute http or https URL, such as http://server:8080/v1/scripts/<token>.");
            }
            return value;
        }

        public const string DefaultAgentImage = "rancher/agent";

        public static string AgentImage(string? value)
        {
            if (string.IsNullOrEmpty(value)) return DefaultAgentImage;
            RequireCharacters(HostField.AgentImage, value!, c => IsAsciiLetterOrDigit(c) || "/:._-@+".IndexOf(c) >= 0,
                "letters, digits and '/', ':', '.', '_', '-', '@'");
            if (value!.Length > 255 || !ImageReference.IsMatch(value))
            {
                throw new HostSpecException(HostField.AgentImage, value, "not a Docker image reference such as rancher/agent or rancher/agent:v1.2.11.");
            }
            return value;
        }

        /// <summary>Free text may hold anything except broken UTF-16, which has no UTF-8 form.</summary>
        public static string FreeText(HostField field, string? value)
        {
            if (value == null) throw new HostSpecException(field, null, "the value is null.");
            for (int i = 0; i < value.Length; i++)
            {
                if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(value[i]))
                {
                    throw new HostSpecException(field, value, $"the text holds an unpaired surrogate (U+{(int)value[i]:X4}), which has no UTF-8 form.");
                }
            }
            return value;
        }

        private static void RequireLabels(HostField field, string value)
        {
            foreach (string label in value.Split('.'))
            {
                if (!Label.IsMatch(label))
                {
                    throw new HostSpecException(field, value,
                        "each dot-separated label must be 1 to 63 letters, digits or '-', and cannot start or end with '-'.");
                }
            }
        }

        private static void RequireCharacters(HostField field, string value, Func<char, bool> allowed, string allowedText)
        {
            foreach (char c in value)
            {
                if (!allowed(c))
                {
                    throw new HostSpecException(field, value, $"contains {Describe(c)}; only {allowedText} are allowed here.");
                }
            }
        }

        private static string Describe(char c)
        {
            switch (c)
            {
                case '\n':
                case '\r':
                case '\u0085':
                case '\u2028':
                case '\u2029':
                    return "a line break";
                case ' ':
                    return "a space";
                case '\t':
                    return "a tab";
                default:
                    return char.IsControl(c) || char.IsSurrogate(c) || char.IsWhiteSpace(c)
                        ? $"the character U+{(int)c:X4}"
                        : $"'{c}'";
            }
        }

        private static bool IsAsciiLetterOrDigit(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');

        private static bool IsDomainCharacter(char c) => IsAsciiLetterOrDigit(c) || c == '-' || c == '.';

        private static bool IsAddressCharacter(char c) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
            || c == '.' || c == ':' || c == '/';
    }
}
