namespace DisklessRancher.Core.HostImages
{
    /// <summary>One host's image as written. It carries the host's identity, never its registration token.</summary>
    public sealed class DisklessHostImage
    {
        public DisklessHostImage(string hostname, string path, long length, string volumeLabel, string? baseIso,
            string? dockerUuid, string? physicalHostUuid, string? statePath, string sha256)
        {
            StatePath = statePath;
            Hostname = hostname;
            Path = path;
            Length = length;
            VolumeLabel = volumeLabel;
            BaseIso = baseIso;
            DockerUuid = dockerUuid;
            PhysicalHostUuid = physicalHostUuid;
            Sha256 = sha256;
        }

        public string Hostname { get; }

        /// <summary>The image file.</summary>
        public string Path { get; }

        public long Length { get; }

        public string VolumeLabel { get; }

        /// <summary>The image it was made from; null for a config-drive-only image.</summary>
        public string? BaseIso { get; }

        /// <summary>The agent's .docker_uuid on this image; null when the image carries no agent state.</summary>
        public string? DockerUuid { get; }

        public string? PhysicalHostUuid { get; }

        /// <summary>The folder that keeps the host's identity; null when the identity was given, not kept.</summary>
        public string? StatePath { get; }

        /// <summary>The SHA-256 of the image file, lowercase hex.</summary>
        public string Sha256 { get; }

        public override string ToString() => Path;
    }
}
