using System.Globalization;
using System.Text.RegularExpressions;

namespace DisklessRancher.Core.CloudConfig
{
    /// <summary>
    /// A docker-compose port entry as go-connections' nat.ParsePortSpecs (vendored in rancher/os v1.5.8) reads it:
    /// [ip:][host port:]container port[/proto], where a port is a number or a range "start-end", the proto tcp or udp,
    /// and a container port range needs a host port range of the same size.
    /// </summary>
    internal static class PortSpec
    {
        private static readonly Regex Ipv4 = new Regex(@"^[0-9]{1,3}(?:\.[0-9]{1,3}){3}$", RegexOptions.CultureInvariant);

        public static bool IsValid(string spec)
        {
            int slash = spec.LastIndexOf('/');
            string proto = slash < 0 ? "tcp" : spec.Substring(slash + 1).ToLowerInvariant();
            if (slash >= 0) spec = spec.Substring(0, slash);
            if (proto != "tcp" && proto != "udp") return false;
            string[] parts = spec.Split(':');
            if (parts.Length == 1) parts = new[] { string.Empty, string.Empty, parts[0] };
            else if (parts.Length == 2) parts = new[] { string.Empty, parts[0], parts[1] };
            if (parts.Length != 3) return false;
            string ip = parts[0], host = parts[1], container = parts[2];
            if (ip.Length > 0 && !IsIpv4(ip)) return false;
            if (!Range(container, out int start, out int end)) return false;
            if (host.Length == 0) return true;
            if (!Range(host, out int hostStart, out int hostEnd)) return false;
            return end - start == hostEnd - hostStart || start == end;
        }

        private static bool IsIpv4(string text)
        {
            if (!Ipv4.IsMatch(text)) return false;
            foreach (string part in text.Split('.'))
            {
                if (int.Parse(part, CultureInfo.InvariantCulture) > 255) return false;
            }
            return true;
        }

        /// <summary>nat.ParsePortRange: a port, or start-end with end not below start (text after a second '-' is ignored).</summary>
        private static bool Range(string text, out int start, out int end)
        {
            string[] bounds = text.Split('-');
            end = 0;
            return Port(bounds[0], out start) && (bounds.Length == 1 ? Port(bounds[0], out end) : Port(bounds[1], out end) && end >= start);
        }

        private static bool Port(string text, out int port)
        {
            port = 0;
            if (text.Length == 0 || text.Length > 5) return false;
            foreach (char c in text)
            {
                if (c < '0' || c > '9') return false;
            }
            port = int.Parse(text, CultureInfo.InvariantCulture);
            return port <= 65535;
        }
    }
}
