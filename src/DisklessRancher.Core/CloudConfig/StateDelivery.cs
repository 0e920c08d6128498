namespace DisklessRancher.Core.CloudConfig
{
    /// <summary>How the agent state reaches /var/lib/rancher/state on a host that keeps nothing between boots.</summary>
    public enum StateDelivery
    {
        /// <summary>
        /// The files travel on the image under /state; runcmd mounts the config drive (label config-2) and
        /// copies them. The token stays out of the cloud-config.
        /// </summary>
        ConfigDrive,

        /// <summary>The files are write_files entries in the cloud-config itself (the token included).</summary>
        WriteFiles,
    }
}
