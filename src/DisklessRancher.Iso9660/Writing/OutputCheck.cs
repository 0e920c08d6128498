using System;
using System.Collections.Generic;
using System.IO;

namespace DisklessRancher.Iso9660.Writing
{
    /// <summary>
    /// Reads a written image back with the engine's own reader before it is put in place: every new file must be
    /// found by its exact name in every tree the base has (Rock Ridge, Joliet), and a partition at sector 0 (the
    /// one a booted host mounts from a disk) must cover the volume.
    /// </summary>
    internal static class OutputCheck
    {
        private const long Sector = 512;

        /// <returns>The image as read back, its trees read, for further checks of the same bytes.</returns>
        /// <exception cref="IsoOutputException">Something a booting host would miss; the message lists every finding.</exception>
        public static IsoImage Run(Stream output, string basePath, IEnumerable<string> newFiles, bool rockRidge, bool joliet)
        {
            output.Flush();
            var problems = new List<string>();
            var image = IsoImage.Open(output);
            if (rockRidge && !image.HasRockRidge) problems.Add("its Rock Ridge entries are not recognised");
            foreach (var path in newFiles)
            {
                if (rockRidge && image.HasRockRidge && Find(image.PrimaryRoot, path) == null) problems.Add($"'{path}' has no Rock Ridge entry of that name");
                if (joliet && (image.JolietRoot == null || Find(image.JolietRoot, path) == null)) problems.Add($"'{path}' has no Joliet entry of that name");
            }
            long volumeEnd = (long)image.PrimaryVolume.VolumeSpaceSize * Ecma119.BlockSize;
            foreach (var p in image.SystemArea.Partitions)
            {
                long end = ((long)p.StartLba + p.SectorCount) * Sector;
                if (p.StartLba == 0 && end < volumeEnd) problems.Add($"MBR partition {p.Number} ends at byte {end}, before the volume's end at byte {volumeEnd}");
            }
            // The usable space of a GPT ends before its backup, which the volume's padding may run under.
            long gptReach = image.SystemArea.Gpt == null ? volumeEnd : Math.Min(volumeEnd, (long)image.SystemArea.Gpt.LastUsableLba * Sector);
            foreach (var p in image.SystemArea.GptPartitions)
            {
                long end = ((long)p.LastLba + 1) * Sector;
                if (p.FirstLba == 0 && end < gptReach) problems.Add($"GPT partition {p.Number} ends at byte {end}, before the volume's end at byte {volumeEnd}");
            }
            if (problems.Count > 0)
            {
                throw new IsoOutputException(IsoOutputError.SelfCheckFailed,
                    $"The image remastered from '{basePath}', read back, would fail a booting host: {string.Join("; ", problems)}. Nothing was written; " +
                    "please report this with the base image.");
            }
            return image;
        }

        private static IsoDirectoryEntry? Find(IsoDirectoryEntry root, string path)
        {
            IsoDirectoryEntry? current = root;
            foreach (var part in NodeTree.SplitPath(path))
            {
                current = current.GetChild(part);
                if (current == null) return null;
            }
            return current;
        }
    }
}
