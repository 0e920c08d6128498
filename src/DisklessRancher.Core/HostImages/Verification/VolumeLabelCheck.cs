using System.Collections.Generic;
using System.Linq;
using DisklessRancher.Core.CloudConfig;
using DisklessRancher.Iso9660;

namespace DisklessRancher.Core.HostImages.Verification
{
    /// <summary>
    /// RancherOS finds the config drive by the label config-2, as libblkid resolves it: the UDF volume's when the
    /// image carries a UDF volume recognition sequence (libblkid and Linux read UDF first), else the Joliet label
    /// when it differs from the primary one, else the primary one.
    /// </summary>
    internal static class VolumeLabelCheck
    {
        public static HostImageCheck Run(IsoImage image)
        {
            if (image.HasUdfVolume)
            {
                return HostImageCheck.Fail(HostImageCheckNames.VolumeLabel,
                    "A UDF volume recognition sequence follows the ISO 9660 descriptors: libblkid and Linux read the UDF volume's label and files " +
                    $"before these, so the host looks for '{ConfigDriveLayout.VolumeLabel}' there. Make the image again with New-DisklessHostIso, " +
                    "which leaves the UDF volume unrecognised, or start from a base made without UDF.");
            }
            List<string> found = new List<string> { $"PVD '{image.PrimaryVolume.VolumeId}'" };
            found.AddRange(image.JolietVolumes.Select(j => $"Joliet SVD (LBA {j.Lba}) '{j.VolumeId}'"));
            bool passed = image.PrimaryVolume.VolumeId == ConfigDriveLayout.VolumeLabel
                && image.JolietVolumes.All(j => j.VolumeId == ConfigDriveLayout.VolumeLabel);
            string labels = string.Join(", ", found);
            return passed
                ? HostImageCheck.Pass(HostImageCheckNames.VolumeLabel, $"{labels}.")
                : HostImageCheck.Fail(HostImageCheckNames.VolumeLabel,
                    $"{labels}: RancherOS finds the config drive by the label '{ConfigDriveLayout.VolumeLabel}' (exact, case-sensitive), which every descriptor must carry. Relabel it with Set-IsoVolumeLabel -Label {ConfigDriveLayout.VolumeLabel}, or make it with New-DisklessHostIso.");
        }
    }
}
