using System.Collections.Generic;
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
        /// The entry point: chains to the script named after the booting card's MAC (${netX/mac:hexhyp} is the card
        /// iPXE booted from, lowercase with dashes). An unknown card gets no script, is told so, and exits, so the
        /// firmware tries its next boot device.
        /// </summary>
        public static byte[] EntryPoint(NetBootLayout layout) => Lines(
            "#!ipxe",
            "# " + Marker + ": boots each disk-less host from the script named after its MAC address.",
            $"chain --autofree {layout.UrlOf(NetBootLayout.HostsFolder)}/${{netX/mac:hexhyp}}{NetBootLayout.ScriptExtension} || goto unknown",
            ":unknown",
            $"echo No disk-less host is published for ${{netX/mac}} at {layout.BaseUrl}; trying the next boot device.",
            "sleep 3",
            "exit 1");

        /// <summary>One host's script: the base's kernel with the host's command line, and the base's initrd.</summary>
        public static byte[] Host(string hostname, MacAddress mac, string kernelUrl, string initrdUrl, IEnumerable<string> commandLine)
        {
            string initrdName = initrdUrl.Substring(initrdUrl.LastIndexOf('/') + 1);
            // initrd=<name> is how a kernel booted by ipxe.efi finds the initrd; a BIOS boot ignores it.
            return Lines(
                "#!ipxe",
                $"# {hostname} {mac}",
                $"echo Booting {hostname}",
                $"kernel {kernelUrl} initrd={initrdName} {string.Join(" ", commandLine)}",
                $"initrd {initrdUrl}",
                "boot");
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
