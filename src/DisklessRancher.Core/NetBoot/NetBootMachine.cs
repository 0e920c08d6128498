using System;

namespace DisklessRancher.Core.NetBoot
{
    /// <summary>
    /// A machine seen in a web server's access log booting from a network boot tree: a published host fetching its
    /// files, or an unknown machine reporting what iPXE knows of it.
    /// </summary>
    public sealed class NetBootMachine
    {
        /// <summary>The published host the machine is, or null for a machine no host is published for.</summary>
        public string? Hostname { get; internal set; }

        /// <summary>Lowercase, colon-separated.</summary>
        public string? MacAddress { get; internal set; }

        /// <summary>Lowercase, with dashes.</summary>
        public string? SystemUuid { get; internal set; }

        public string? SerialNumber { get; internal set; }

        public string? Manufacturer { get; internal set; }

        public string? Product { get; internal set; }

        /// <summary>The address iPXE reported for an unknown machine, else the address the web server logged.</summary>
        public string? ClientAddress { get; internal set; }

        public DateTimeOffset FirstSeen { get; internal set; }

        public DateTimeOffset LastSeen { get; internal set; }

        /// <summary>When a published host last fetched its user_data (its cloud-config).</summary>
        public DateTimeOffset? ConfigFetched { get; internal set; }

        public override string ToString() => Hostname ?? MacAddress ?? SystemUuid ?? SerialNumber ?? string.Empty;
    }
}
