using System.IO;
using System.Linq;
using System.Text;
using DisklessRancher.Core.IO;
using DisklessRancher.Iso9660;

namespace DisklessRancher.Core.NetBoot
{
    /// <summary>
    /// What a network boot takes from a RancherOS ISO: its kernel, its initrd (the whole OS) and /boot/global.cfg.
    /// The kernel and initrd are read for their hashes and copied out later, never held in memory.
    /// </summary>
    public sealed class NetBootBase
    {
        private const string BootFolder = "/boot";
        private const string GlobalCfgPath = "/boot/global.cfg";

        private NetBootBase(NetBootFile kernel, NetBootFile initrd, string globalCfg)
        {
            Kernel = kernel;
            Initrd = initrd;
            GlobalCfg = globalCfg;
        }

        public NetBootFile Kernel { get; }

        public NetBootFile Initrd { get; }

        public string GlobalCfg { get; }

        /// <exception cref="NetBootException">The image lacks /boot/vmlinuz-*, /boot/initrd-* or /boot/global.cfg.</exception>
        public static NetBootBase Read(string isoPath)
        {
            using (IsoImage image = IsoImage.Open(isoPath))
            {
                IsoDirectoryEntry? boot = image.GetEntry(BootFolder);
                NetBootFile kernel = ReadOne(image, boot, "vmlinuz", isoPath);
                NetBootFile initrd = ReadOne(image, boot, "initrd", isoPath);
                IsoDirectoryEntry? globalCfg = image.GetEntry(GlobalCfgPath);
                if (globalCfg == null || globalCfg.IsDirectory)
                {
                    throw new NetBootException(NetBootError.NoBootFiles,
                        $"The base image '{isoPath}' has no {GlobalCfgPath}, which carries the kernel command line of a RancherOS ISO.");
                }
                return new NetBootBase(kernel, initrd, new UTF8Encoding(false).GetString(IsoEntryBytes.Read(image, globalCfg, int.MaxValue)));
            }
        }

        private static NetBootFile ReadOne(IsoImage image, IsoDirectoryEntry? boot, string prefix, string isoPath)
        {
            IsoDirectoryEntry[] found = boot == null || !boot.IsDirectory
                ? new IsoDirectoryEntry[0]
                : boot.Children.Where(e => !e.IsDirectory && e.Name.StartsWith(prefix, System.StringComparison.Ordinal)).ToArray();
            if (found.Length != 1)
            {
                throw new NetBootException(NetBootError.NoBootFiles,
                    $"The base image '{isoPath}' has {found.Length} files named {BootFolder}/{prefix}*; a RancherOS ISO has exactly one.");
            }
            return NetBootFile.Read(image, isoPath, found[0]);
        }
    }
}
