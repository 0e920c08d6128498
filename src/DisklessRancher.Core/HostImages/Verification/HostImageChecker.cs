using System;
using System.Collections.Generic;
using DisklessRancher.Core.CloudConfig;
using DisklessRancher.Core.IO;
using DisklessRancher.Iso9660;

namespace DisklessRancher.Core.HostImages.Verification
{
    /// <summary>
    /// Checks that a per-host image will boot and configure its host: label, user_data, agent state, boot block
    /// addresses and file names. A bad image never throws: an image that cannot be read at all gives one failed
    /// <see cref="HostImageCheckNames.ImageReadable"/> check, and a structure that cannot be read part-way fails
    /// the check that met it. Only file-system errors (missing file, access denied) are thrown.
    /// </summary>
    public static class HostImageChecker
    {
        /// <summary>
        /// How much of a user_data is read: one byte more than <see cref="BoundedYaml"/> takes, so that a longer file is
        /// refused as too long rather than cut and read in part.
        /// </summary>
        internal const int MaxUserDataLength = BoundedYaml.MaxLength + 1;

        public static HostImageTestResult Check(string path)
        {
            IsoImage image;
            try
            {
                image = IsoImage.Open(path);
            }
            catch (IsoFormatException e)
            {
                return new HostImageTestResult(path, null, new[] { HostImageCheck.Fail(HostImageCheckNames.ImageReadable, e.Message) });
            }
            using (image)
            {
                return Check(image, path);
            }
        }

        /// <summary>Checks an open image; <paramref name="path"/> names it in the result.</summary>
        public static HostImageTestResult Check(IsoImage image, string path)
        {
            string? missing = null;
            UserDataDocument? userData = null;
            HostImageCheck? unreadable = null;
            try
            {
                userData = ReadUserData(image, out missing);
            }
            catch (IsoFormatException e)
            {
                unreadable = Unreadable(HostImageCheckNames.UserDataPresent, e);
            }
            List<HostImageCheck> checks = new List<HostImageCheck>
            {
                Run(HostImageCheckNames.VolumeLabel, () => VolumeLabelCheck.Run(image)),
                unreadable ?? UserDataChecks.Present(userData, missing),
                UserDataChecks.Format(userData),
                UserDataChecks.Parses(userData),
                Run(HostImageCheckNames.StateFiles, () => StateFilesCheck.Run(image, userData)),
                Run(HostImageCheckNames.BootInfoTable, () => BootChecks.BootInfoTable(image)),
                Run(HostImageCheckNames.IsohybridMbr, () => BootChecks.IsohybridMbr(image)),
                Run(HostImageCheckNames.Partitions, () => PartitionChecks.Run(image)),
                Run(HostImageCheckNames.NamesVisible, () => NamesVisibleCheck.Run(image,
                    StateFilesCheck.RunCommandCopiesState(userData) || StateFilesCheck.ImageHasState(image))),
            };
            return new HostImageTestResult(path, userData?.Hostname, checks);
        }

        private static UserDataDocument? ReadUserData(IsoImage image, out string? missing)
        {
            IsoDirectoryEntry? entry = image.GetEntry(UserDataChecks.ItemPath);
            missing = entry == null ? "is missing" : entry.IsDirectory ? "is a directory" : null;
            return missing != null ? null : UserDataDocument.FromBytes(IsoEntryBytes.Read(image, entry!, MaxUserDataLength));
        }

        private static HostImageCheck Run(string name, Func<HostImageCheck> check)
        {
            try
            {
                return check();
            }
            catch (IsoFormatException e)
            {
                return Unreadable(name, e);
            }
        }

        private static HostImageCheck Unreadable(string name, IsoFormatException e) =>
            HostImageCheck.Fail(name, $"The image could not be read here: {e.Message}");
    }
}
