using System.Collections.Generic;
using DisklessRancher.Core.AgentState;

namespace DisklessRancher.Core.HostImages
{
    /// <summary>What one host's image is made of.</summary>
    public sealed class HostImageRequest
    {
        public HostImageRequest(string hostname, string outputPath, byte[] userData)
        {
            Hostname = hostname;
            OutputPath = outputPath;
            UserData = userData;
        }

        public string Hostname { get; }

        public string OutputPath { get; }

        /// <summary>The /openstack/latest/user_data bytes.</summary>
        public byte[] UserData { get; }

        /// <summary>The image to remaster; null makes a config-drive-only image (user_data and state, nothing else).</summary>
        public string? BaseIsoPath { get; set; }

        /// <summary>The identity the host will have (on the drive or inside user_data).</summary>
        public RancherAgentState? AgentState { get; set; }

        /// <summary>The folder that keeps <see cref="AgentState"/>, reported with the image.</summary>
        public string? StatePath { get; set; }

        /// <summary>Whether the image carries <see cref="AgentState"/>'s files under /state.</summary>
        public bool StateOnDrive { get; set; }

        /// <summary>Arguments appended to the kernel command line in /boot/global.cfg.</summary>
        public IList<string> KernelArguments { get; } = new List<string>();

        /// <summary>Removes the rancher.autologin arguments from the kernel command line.</summary>
        public bool DisableAutologin { get; set; }

        /// <summary>Replaces an existing output file; without it, an existing file is an error.</summary>
        public bool Overwrite { get; set; }

        internal bool EditsKernelCommandLine => KernelArguments.Count > 0 || DisableAutologin;
    }
}
