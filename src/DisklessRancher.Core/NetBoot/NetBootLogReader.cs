using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace DisklessRancher.Core.NetBoot
{
    /// <summary>
    /// Reads web server access logs (nginx or Apache combined, IIS W3C extended) for the requests of a network boot
    /// tree, and keeps one <see cref="NetBootMachine"/> per machine: published hosts by the files they fetched, unknown
    /// machines by the report boot.ipxe makes for them. Lines are read one at a time; only the machines are kept.
    /// </summary>
    public sealed class NetBootLogReader
    {
        private const string HostsPath = "/" + NetBootLayout.HostsFolder + "/";
        private const int Mac = 0, Uuid = 1, Serial = 2, Manufacturer = 3, Product = 4, Ip = 5;
        private static readonly string[] ReportFieldNames = { "mac", "uuid", "serial", "manufacturer", "product", "ip" };
        private readonly IReadOnlyDictionary<string, string> hostnames;
        // The key each known host is kept by, made once rather than for each of its requests.
        private readonly Dictionary<string, string> hostKeys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        // The selectors of each script name requested, read once rather than for each of its requests.
        private readonly Dictionary<string, BootSelectors?> scriptSelectors = new Dictionary<string, BootSelectors?>(StringComparer.Ordinal);
        private readonly Dictionary<string, NetBootMachine> machines = new Dictionary<string, NetBootMachine>(StringComparer.OrdinalIgnoreCase);

        /// <param name="treeRoot">The folder New-DisklessHostNetBoot published, whose scripts name the known hosts.</param>
        public NetBootLogReader(string treeRoot)
        {
            hostnames = NetBootScripts.PublishedHostnames(Path.Combine(treeRoot, NetBootLayout.HostsFolder));
            foreach (string hostname in hostnames.Values) hostKeys[hostname] = "host:" + hostname;
        }

        /// <summary>The machines seen so far, in the order they were first seen.</summary>
        public IEnumerable<NetBootMachine> Machines => machines.Values.OrderBy(machine => machine.FirstSeen);

        /// <summary>Reads one log; a line that is in neither format, or is not a request of the tree, is skipped.</summary>
        /// <returns>How many lines were requests of the tree.</returns>
        public int Read(TextReader log)
        {
            int read = 0;
            W3cFields? w3c = null;
            string? line;
            while ((line = log.ReadLine()) != null)
            {
                if (line.StartsWith("#", StringComparison.Ordinal))
                {
                    if (line.StartsWith("#Fields:", StringComparison.Ordinal)) w3c = W3cFields.Parse(line);
                    continue;
                }
                bool parsed = w3c != null ? AccessLogLine.TryParseW3c(line, w3c, out AccessLogLine request) : AccessLogLine.TryParseCombined(line, out request);
                if (parsed && Take(request)) read++;
            }
            return read;
        }

        private bool Take(AccessLogLine request)
        {
            if (request.Status != 200) return false;
            if (request.Path.EndsWith("/" + NetBootLayout.EntryPoint, StringComparison.Ordinal) && request.Query.Length > 0)
            {
                return TakeReport(request);
            }
            int hosts = request.Path.LastIndexOf(HostsPath, StringComparison.Ordinal);
            if (hosts < 0) return false;
            string file = Uri.UnescapeDataString(request.Path.Substring(hosts + HostsPath.Length));
            bool userData = file.EndsWith(NetBootLayout.UserDataExtension, StringComparison.Ordinal);
            if (!userData && !file.EndsWith(NetBootLayout.ScriptExtension, StringComparison.Ordinal)) return false;
            string name = Path.GetFileNameWithoutExtension(file);
            if (!hostnames.TryGetValue(name, out string? hostname)) return false;
            NetBootMachine machine = Seen(hostKeys[hostname], request.Time);
            machine.Hostname = hostname;
            machine.ClientAddress = request.ClientAddress;
            if (userData) machine.ConfigFetched = request.Time;
            else SelectorsOf(name)?.CopyTo(machine);
            return true;
        }

        // boot.ipxe?mac=…&uuid=…&serial=…&manufacturer=…&product=…&ip=…, fetched by an unknown machine. iPXE's uristring
        // escapes spaces but leaves '+' as it is: a '+' is a plus.
        private bool TakeReport(AccessLogLine request)
        {
            string?[] fields = ReportFields(request.Query);
            BootSelectors? selectors = BootSelectors.FromReport(fields[Mac], fields[Uuid], fields[Serial]);
            if (selectors == null) return false;
            IReadOnlyList<string> names = selectors.Names;
            string? hostname = names.Select(name => hostnames.TryGetValue(name, out string? known) ? known : null).FirstOrDefault(known => known != null);
            NetBootMachine machine = Seen(hostname != null ? hostKeys[hostname] : "machine:" + string.Join("|", names), request.Time);
            machine.Hostname = hostname;
            selectors.CopyTo(machine);
            machine.Manufacturer = fields[Manufacturer] ?? machine.Manufacturer;
            machine.Product = fields[Product] ?? machine.Product;
            machine.ClientAddress = fields[Ip] ?? request.ClientAddress;
            return true;
        }

        /// <summary>
        /// The report's fields by their index in <see cref="ReportFieldNames"/> (names in any case; the last of a name
        /// counts): unescaped and trimmed, null when absent or empty.
        /// </summary>
        private static string?[] ReportFields(string query)
        {
            string?[] fields = new string?[ReportFieldNames.Length];
            foreach (string pair in query.Split('&'))
            {
                int equals = pair.IndexOf('=');
                if (equals <= 0) continue;
                for (int index = 0; index < ReportFieldNames.Length; index++)
                {
                    string name = ReportFieldNames[index];
                    if (name.Length != equals || string.Compare(pair, 0, name, 0, equals, StringComparison.OrdinalIgnoreCase) != 0) continue;
                    string value = Uri.UnescapeDataString(pair.Substring(equals + 1)).Trim();
                    fields[index] = value.Length > 0 ? value : null;
                }
            }
            return fields;
        }

        private BootSelectors? SelectorsOf(string name)
        {
            if (!scriptSelectors.TryGetValue(name, out BootSelectors? selectors)) scriptSelectors.Add(name, selectors = BootSelectors.FromName(name));
            return selectors;
        }

        private NetBootMachine Seen(string key, DateTimeOffset time)
        {
            if (!machines.TryGetValue(key, out NetBootMachine? machine))
            {
                machine = new NetBootMachine { FirstSeen = time, LastSeen = time };
                machines.Add(key, machine);
            }
            if (time < machine.FirstSeen) machine.FirstSeen = time;
            if (time > machine.LastSeen) machine.LastSeen = time;
            return machine;
        }
    }
}
