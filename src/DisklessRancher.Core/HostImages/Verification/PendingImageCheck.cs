using System.Linq;
using DisklessRancher.Iso9660;

namespace DisklessRancher.Core.HostImages.Verification
{
    /// <summary>
    /// Runs every check of <see cref="HostImageChecker"/> (what Test-DisklessHostIso reports) on an image written
    /// under its temporary name, so that no image the module's own test would fail is ever put in place.
    /// </summary>
    internal static class PendingImageCheck
    {
        /// <exception cref="HostImageException">A check failed; the message names it and what it found.</exception>
        public static void Run(PendingImageFile file, string hostname)
        {
            HostImageTestResult result;
            using (IsoImage image = file.Read())
            {
                result = HostImageChecker.Check(image, file.Destination);
            }
            if (result.Passed) return;
            string findings = string.Join(" ", result.Checks.Where(check => !check.Passed).Select(check => $"{check.Name}: {check.Detail}"));
            throw new HostImageException(HostImageError.HostImageCheckFailed,
                $"The image for {hostname} would fail Test-DisklessHostIso; nothing was written. {findings}");
        }
    }
}
