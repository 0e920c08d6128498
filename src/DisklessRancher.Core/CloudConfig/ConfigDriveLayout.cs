namespace DisklessRancher.Core.CloudConfig
{
    /// <summary>Where RancherOS looks for a config drive and where the agent state travels on it.</summary>
    public static class ConfigDriveLayout
    {
        /// <summary>The volume label RancherOS's configdrive datasource looks for (exact, case-sensitive).</summary>
        public const string VolumeLabel = "config-2";

        /// <summary>The cloud-config's path on the drive.</summary>
        public const string UserDataPath = "openstack/latest/user_data";

        /// <summary>The folder on the drive that holds the three agent state files.</summary>
        public const string StateFolder = "state";

        /// <summary>Where the agent keeps its state on the host.</summary>
        public const string HostStateDirectory = "/var/lib/rancher/state";

        /// <summary>Where the runcmd lines mount the drive (the datasource's own mount point).</summary>
        public const string MountPoint = "/media/config-2";
    }
}
