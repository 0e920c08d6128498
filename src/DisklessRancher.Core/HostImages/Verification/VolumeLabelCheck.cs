using System.Collections.Generic;
using System.Linq;
using DisklessRancher.Core.CloudConfig;
using DisklessRancher.Iso9660;

namespace DisklessRancher.Core.HostImages.Verification
{
    /// <summary>RancherOS finds the config drive by the label config-2; libblkid reports the Joliet label when it differs.</summary>
    internal static class VolumeLabelCheck
    {
        public static HostImageCheck Run(IsoImage image)
        {
            List<string> found = new List<string> { $"PVD '{image.PrimaryVolume.VolumeId}'" };
            found.AddRange(image.JolietVolumes.Select(j => $"Joliet SVD (LBA {j.Lba}) '{j.VolumeId}'"));
            bool passed = image.PrimaryVolume.VolumeId == ConfigDriveLayout.VolumeLabel
                && image.JolietVolumes.All(j => j.VolumeId == ConfigDriveLayout.VolumeLabel);
            string labels = string.Join(", ", found);
            return passed
                ? HostImageCheck.Pass(HostImageCheckNames.VolumeLabel, $"{labels}.")
                : HostImageCheck.Fail(HostImageCheckNames.VolumeLabel,
                    $"{labels}: RancherOS finds the config drive by the label '{ConfigDriveLayout.VolumeLabel}' (exact, case-sensitive), which every descriptor must carry.");
        }
    }
}
