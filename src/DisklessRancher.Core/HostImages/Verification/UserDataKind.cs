namespace DisklessRancher.Core.HostImages.Verification
{
    /// <summary>What RancherOS makes of a user_data file, by its first line.</summary>
    internal enum UserDataKind
    {
        /// <summary>The image has no /openstack/latest/user_data.</summary>
        None,
        /// <summary>First line "#cloud-config", trailing white space aside.</summary>
        CloudConfig,
        /// <summary>First line starts with "#!": RancherOS runs it as a script.</summary>
        Script,
        /// <summary>Starts with "#compose" and LF: docker-compose services, which RancherOS puts under rancher.services.</summary>
        Compose,
        /// <summary>Neither: RancherOS ignores the file.</summary>
        Unrecognised,
    }
}
