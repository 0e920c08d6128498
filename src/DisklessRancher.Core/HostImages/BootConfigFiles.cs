using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using DisklessRancher.Iso9660;

namespace DisklessRancher.Core.HostImages
{
    /// <summary>
    /// The boot configuration of a RancherOS ISO, as rancher/os v1.5.8 scripts/package-installer writes it:
    /// /boot/global.cfg (the kernel command line), /boot/isolinux/isolinux.cfg, which includes it and the menu entries
    /// of /boot/linux-current.cfg (and /boot/linux-previous.cfg, absent on the ISO).
    /// </summary>
    public static class BootConfigFiles
    {
        public const string GlobalCfgPath = "/boot/global.cfg";
        private static readonly string[] MenuPaths = { "/boot/isolinux/isolinux.cfg", "/boot/linux-current.cfg", "/boot/linux-previous.cfg" };
        private static readonly Encoding Utf8 = new UTF8Encoding(false);

        /// <summary>The arguments of the base's kernel command line that make RancherOS use a local disk.</summary>
        public static IReadOnlyList<string> LocalDiskArguments(string baseIso)
        {
            using (IsoImage image = IsoImage.Open(baseIso))
            {
                string? globalCfg = ReadText(image, GlobalCfgPath);
                return globalCfg == null
                    ? Array.Empty<string>()
                    : KernelCommandLine.LocalDiskArguments(globalCfg);
            }
        }

        /// <summary>The boot files of <paramref name="baseIso"/> that <paramref name="request"/> changes, with their new text.</summary>
        public static IEnumerable<KeyValuePair<string, byte[]>> Edit(string baseIso, HostImageRequest request)
        {
            List<KeyValuePair<string, byte[]>> edited = new List<KeyValuePair<string, byte[]>>();
            using (IsoImage image = IsoImage.Open(baseIso))
            {
                string globalCfg = ReadText(image, GlobalCfgPath) ?? throw new HostImageException(HostImageError.NoKernelCommandLine,
                    $"The base image '{baseIso}' has no {GlobalCfgPath}, which carries the kernel command line of a RancherOS ISO; -KernelArgument, -DisableAutologin and -RemoveLocalStateArgument need it (image for {request.Hostname}).");
                string newGlobalCfg = KernelCommandLine.Edit(globalCfg, request.KernelArguments,
                    KernelCommandLine.Removal(request.DisableAutologin, request.RemoveLocalStateArguments));
                if (request.DisableAutologin) newGlobalCfg = SyslinuxMenu.LockCommandLine(newGlobalCfg);
                edited.Add(new KeyValuePair<string, byte[]>(GlobalCfgPath, Utf8.GetBytes(newGlobalCfg)));

                if (!request.DisableAutologin) return edited;
                foreach (string path in MenuPaths)
                {
                    string? menu = ReadText(image, path);
                    if (menu == null) continue;
                    string newMenu = SyslinuxMenu.RemoveEntries(menu, KernelCommandLine.OpensPasswordlessConsole);
                    if (newMenu != menu) edited.Add(new KeyValuePair<string, byte[]>(path, Utf8.GetBytes(newMenu)));
                }
            }
            return edited;
        }

        private static string? ReadText(IsoImage image, string path)
        {
            IsoDirectoryEntry? entry = image.GetEntry(path);
            if (entry == null || entry.IsDirectory) return null;
            using (Stream content = image.OpenRead(entry))
            using (StreamReader reader = new StreamReader(content, Utf8))
            {
                return reader.ReadToEnd();
            }
        }
    }
}
