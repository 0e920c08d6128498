using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace DisklessRancher.Core.NetBoot
{
    /// <summary>The text of the tree's own files: the iPXE scripts and the web.config that lets IIS serve the tree.</summary>
    public static class NetBootScripts
    {
        /// <summary>The line that marks a boot.ipxe or web.config as written by this module, and so safe to replace.</summary>
        public const string Marker = "Written by New-DisklessHostNetBoot";
        private static readonly Encoding Utf8 = new UTF8Encoding(false);

        /// <summary>
        /// The entry point: chains to the script named after the machine's SMBIOS UUID, else the one named after the MAC of
        /// the card it boots from (${netX/mac:hexhyp}: lowercase, with dashes), else the one named after its serial
        /// number. A machine with none of them published gets no script: it reports itself (a request of boot.ipxe
        /// whose query carries its MAC, UUID, serial number, manufacturer, product and address), is told so, and exits,
        /// so the firmware tries its next boot device.
        /// </summary>
        public static byte[] EntryPoint(NetBootLayout layout) => Lines(
            "#!ipxe",
            "# " + Marker + ": boots each disk-less host from the script named after its UUID, MAC address or serial number.",
            string.Join(" || ", BootSelectors.IpxeNames.Select(name => $"chain --autofree {layout.UrlOf(NetBootLayout.HostsFolder)}/{name}{NetBootLayout.ScriptExtension}")) + " || goto unknown",
            // Reached when a host's script ends without booting (NetBoot false): no other selector is tried.
            "exit 1",
            ":unknown",
            // Leaves what iPXE knows of the machine in the web server's log, for Get-DisklessNetBootMachine.
            $"imgfetch --name report {layout.UrlOf(NetBootLayout.EntryPoint)}?{ReportQuery} && imgfree report || echo Could not report this machine to {layout.BaseUrl}.",
            $"echo No disk-less host is published for ${{netX/mac}} (UUID ${{uuid}}, serial ${{serial}}) at {layout.BaseUrl}; trying the next boot device.",
            "sleep 3",
            "exit 1");

        private const string ReportQuery =
            "mac=${netX/mac:hexhyp}&uuid=${uuid}&serial=${serial:uristring}&manufacturer=${manufacturer:uristring}&product=${product:uristring}&ip=${netX/ip}";

        /// <summary>One host's script: the base's kernel with the host's command line, and the base's initrd.</summary>
        public static byte[] Host(string hostname, string name, string kernelUrl, string initrdUrl, IEnumerable<string> commandLine)
        {
            string initrdName = initrdUrl.Substring(initrdUrl.LastIndexOf('/') + 1);
            // initrd=<name> is how a kernel booted by ipxe.efi finds the initrd; a BIOS boot ignores it.
            return Lines(
                "#!ipxe",
                $"# {hostname} {name}",
                $"echo Booting {hostname}",
                $"kernel {kernelUrl} initrd={initrdName} {string.Join(" ", commandLine)}",
                $"initrd {initrdUrl}",
                "boot");
        }

        /// <summary>
        /// The script of a host that is not to boot from the network (NetBoot false). It ends with success, so that
        /// boot.ipxe tries no other selector and exits, and the firmware tries its next boot device (an exit from a
        /// chained script ends that script only).
        /// </summary>
        public static byte[] NotBooted(string hostname, string name) => Lines(
            "#!ipxe",
            $"# {hostname} {name}",
            $"echo {hostname} does not boot from the network (NetBoot is false); trying the next boot device.",
            "sleep 3",
            "exit 0");

        /// <summary>The hostname a host script names on its second line ("# hostname name"), or null.</summary>
        public static string? HostnameIn(string script)
        {
            if (!File.Exists(script)) return null;
            // The name may hold spaces (a serial number); the hostname never does.
            string[] words = File.ReadLines(script).Skip(1).FirstOrDefault()?.Split(new[] { ' ' }, 3) ?? new string[0];
            return words.Length == 3 && words[0] == "#" ? words[1] : null;
        }

        /// <summary>Each script of the hosts folder by name (without extension), with the hostname it boots.</summary>
        public static IReadOnlyDictionary<string, string> PublishedHostnames(string hostsFolder)
        {
            Dictionary<string, string> hostnames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (!Directory.Exists(hostsFolder)) return hostnames;
            foreach (string script in Directory.EnumerateFiles(hostsFolder, "*" + NetBootLayout.ScriptExtension))
            {
                string? hostname = HostnameIn(script);
                if (hostname != null) hostnames[Path.GetFileNameWithoutExtension(script)] = hostname;
            }
            return hostnames;
        }

        /// <summary>
        /// IIS serves only extensions it has a MIME type for; each is removed first, since adding one the server
        /// already knows is an error.
        /// </summary>
        public static byte[] WebConfig() => Lines(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>",
            "<!-- " + Marker + ": the MIME types IIS needs to serve this network boot tree. -->",
            "<configuration>",
            "  <system.webServer>",
            "    <staticContent>",
            MimeMap(NetBootLayout.ScriptExtension, "text/plain"),
            MimeMap(NetBootLayout.UserDataExtension, "text/plain"),
            MimeMap(NetBootLayout.BootFileExtension, "application/octet-stream"),
            "    </staticContent>",
            "  </system.webServer>",
            "</configuration>");

        private static string MimeMap(string extension, string type) =>
            $"      <remove fileExtension=\"{extension}\" />\n      <mimeMap fileExtension=\"{extension}\" mimeType=\"{type}\" />";

        private static byte[] Lines(params string[] lines) => Utf8.GetBytes(string.Join("\n", lines) + "\n");
    }
}
