using System.Collections.Generic;
using System.Linq;
using DisklessRancher.Core.AgentState;

namespace DisklessRancher.Core.CloudConfig
{
    /// <summary>
    /// The runcmd lines that copy the agent state from the config drive to /var/lib/rancher/state.
    /// runcmd stops at the first failing line, so each line must succeed on every boot path: the drive may
    /// still be mounted, udev may not have named a CD-ROM by label yet, and the three files are named rather
    /// than globbed (".*" also matches "." and "..", which makes cp fail).
    /// </summary>
    internal static class ConfigDriveStateCopy
    {
        public static IEnumerable<string> Commands()
        {
            const string mountPoint = ConfigDriveLayout.MountPoint;
            const string target = ConfigDriveLayout.HostStateDirectory;
            string source = mountPoint + "/" + ConfigDriveLayout.StateFolder;
            yield return $"mkdir -p {mountPoint} {target}";
            yield return $"grep -qs ' {mountPoint} ' /proc/mounts"
                + $" || mount -o ro /dev/disk/by-label/{ConfigDriveLayout.VolumeLabel} {mountPoint}"
                + $" || mount -o ro -t iso9660 /dev/sr0 {mountPoint}";
            yield return "cp " + string.Join(" ", AgentStateFile.Names.Select(name => $"{source}/{name}")) + $" {target}/";
            yield return "chmod 600 " + string.Join(" ", AgentStateFile.Names.Select(name => $"{target}/{name}"));
        }
    }
}
