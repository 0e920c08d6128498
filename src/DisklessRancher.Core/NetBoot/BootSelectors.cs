using System;
using System.Collections.Generic;
using System.Linq;

namespace DisklessRancher.Core.NetBoot
{
    /// <summary>
    /// What a machine is found by when it boots from the network: its SMBIOS system UUID, the MAC address of the card it
    /// boots from, its SMBIOS serial number. A host has at least one; each has a script of its own in the tree, named so
    /// that iPXE finds it from what the machine reports (${uuid}, ${netX/mac:hexhyp}, ${serial:uristring}).
    /// </summary>
    public sealed class BootSelectors
    {
        private const string UuidPrefix = "uuid-";
        private const string SerialPrefix = "serial-";
        private const int MaxSerialLength = 64;

        // The colon form, made once: a log reader sets it on a machine for each request.
        private readonly string? macText;

        private BootSelectors(MacAddress? mac, string? systemUuid, string? serialNumber)
        {
            MacAddress = mac;
            macText = mac?.ToString();
            SystemUuid = systemUuid;
            SerialNumber = serialNumber;
        }

        public MacAddress? MacAddress { get; }

        /// <summary>Lowercase with dashes, as iPXE's ${uuid} gives it.</summary>
        public string? SystemUuid { get; }

        /// <summary>As the firmware reports it (case counts).</summary>
        public string? SerialNumber { get; }

        /// <summary>The name (without extension) of the script found by UUID, when the host has one.</summary>
        public string? UuidName => SystemUuid == null ? null : UuidPrefix + SystemUuid;

        /// <summary>The name (without extension) of the script found by MAC address, when the host has one.</summary>
        public string? MacName => MacAddress?.ToHyphenated();

        /// <summary>The name (without extension) of the script found by serial number, when the host has one.</summary>
        public string? SerialName => SerialNumber == null ? null : SerialPrefix + SerialNumber;

        /// <summary>The names of the host's scripts, in the order boot.ipxe tries them.</summary>
        public IReadOnlyList<string> Names => new[] { UuidName, MacName, SerialName }.OfType<string>().ToList();

        /// <summary>
        /// The name the host's user_data and main script go by: its MAC when it has one (as before there were other
        /// selectors, so a row that gains a UUID keeps its files), else its UUID, else its serial number.
        /// </summary>
        public string PrimaryName => MacName ?? UuidName ?? SerialName!;

        /// <summary>The selector names iPXE asks for, in boot.ipxe's order.</summary>
        public static IReadOnlyList<string> IpxeNames { get; } = new[] { UuidPrefix + "${uuid}", "${netX/mac:hexhyp}", SerialPrefix + "${serial:uristring}" };

        /// <exception cref="NetBootException">None is given, or one is malformed.</exception>
        public static BootSelectors Parse(string? macAddress, string? systemUuid, string? serialNumber)
        {
            bool noMac = string.IsNullOrWhiteSpace(macAddress), noUuid = string.IsNullOrWhiteSpace(systemUuid), noSerial = string.IsNullOrWhiteSpace(serialNumber);
            if (noMac && noUuid && noSerial)
            {
                throw new NetBootException(NetBootError.InvalidMacAddress,
                    "A MAC address is required (the network card the host boots from, e.g. 52:54:00:ab:cd:ef), or a SystemUuid or SerialNumber that the machine reports.");
            }
            return new BootSelectors(noMac ? null : NetBoot.MacAddress.Parse(macAddress), noUuid ? null : ParseUuid(systemUuid!), noSerial ? null : ParseSerial(serialNumber!));
        }

        /// <summary>The selector a script's name (without extension) stands for, or null for a name this module does not write.</summary>
        public static BootSelectors? FromName(string name)
        {
            try
            {
                if (name.StartsWith(UuidPrefix, StringComparison.Ordinal)) return new BootSelectors(null, ParseUuid(name.Substring(UuidPrefix.Length)), null);
                if (name.StartsWith(SerialPrefix, StringComparison.Ordinal)) return new BootSelectors(null, null, ParseSerial(name.Substring(SerialPrefix.Length)));
                return new BootSelectors(NetBoot.MacAddress.Parse(name), null, null);
            }
            catch (NetBootException)
            {
                return null;
            }
        }

        /// <summary>
        /// What an unknown machine's iPXE reported: each value kept when it is well formed (a machine without an SMBIOS
        /// UUID reports zeros), the serial number as reported. Null when nothing usable was reported.
        /// </summary>
        public static BootSelectors? FromReport(string? macAddress, string? systemUuid, string? serialNumber)
        {
            MacAddress? mac = FromName(macAddress ?? string.Empty)?.MacAddress;
            string? uuid = Guid.TryParseExact(systemUuid ?? string.Empty, "D", out Guid parsed) && parsed != Guid.Empty ? parsed.ToString("D") : null;
            return mac == null && uuid == null && serialNumber == null ? null : new BootSelectors(mac, uuid, serialNumber);
        }

        /// <summary>Sets the selectors this one has on a machine seen in a log.</summary>
        public void CopyTo(NetBootMachine machine)
        {
            machine.MacAddress = macText ?? machine.MacAddress;
            machine.SystemUuid = SystemUuid ?? machine.SystemUuid;
            machine.SerialNumber = SerialNumber ?? machine.SerialNumber;
        }

        private static string ParseUuid(string text)
        {
            if (!Guid.TryParseExact(text.Trim(), "D", out Guid uuid) || uuid == Guid.Empty)
            {
                throw new NetBootException(NetBootError.InvalidSystemUuid,
                    $"The SystemUuid '{text.Trim()}' is not valid: give the machine's SMBIOS UUID as 8-4-4-4-12 hex digits (e.g. 4c4c4544-0042-3510-8051-b4c04f4a4d32).");
            }
            return uuid.ToString("D");
        }

        // Characters iPXE's uristring passes unescaped or as %20, that every web server maps to a file of that name.
        private static string ParseSerial(string text)
        {
            string serial = text.Trim();
            if (serial.Length > MaxSerialLength || serial[0] == '.' || serial[serial.Length - 1] == '.'
                || !serial.All(c => (c < 128 && char.IsLetterOrDigit(c)) || c == '-' || c == '_' || c == '.' || c == ' '))
            {
                throw new NetBootException(NetBootError.InvalidSerialNumber,
                    $"The SerialNumber '{serial}' cannot name a file of the tree: give at most {MaxSerialLength} ASCII letters, digits, spaces, '-', '_' and '.' (not first or last).");
            }
            return serial;
        }
    }
}
