using System;
using System.Collections.Generic;
using System.Linq;
using DisklessRancher.Core.AgentState;
using DisklessRancher.Iso9660;

namespace DisklessRancher.Core.HostImages.Verification
{
    /// <summary>
    /// Each file the host needs must be listed by its real name in the tree Linux shows (Rock Ridge when the root
    /// names it, else Joliet, else plain ISO 9660, which mangles "user_data" and ".docker_uuid"), and in every
    /// other tree the image has: Rock Ridge for ISOLINUX and pycdlib, Joliet for libblkid-based tools and Windows.
    /// </summary>
    internal static class NamesVisibleCheck
    {
        private const string Name = HostImageCheckNames.NamesVisible;

        public static HostImageCheck Run(IsoImage image, bool stateExpected)
        {
            List<string> paths = new List<string> { UserDataChecks.ItemPath };
            if (stateExpected) paths.AddRange(AgentStateFile.Names.Select(AgentStateImage.ItemPath));

            IsoDirectoryEntry? rockRidge = image.HasRockRidge ? image.PrimaryRoot : null;
            IsoDirectoryEntry? joliet = image.JolietRoot;
            IsoDirectoryEntry linux = image.Root;
            string linuxTree = linux == rockRidge ? "Rock Ridge" : linux == joliet ? "Joliet" : "plain ISO 9660";
            List<string> listed = new List<string>(), problems = new List<string>();
            foreach (string path in paths)
            {
                bool inLinux = Find(linux, path), inRockRidge = Find(rockRidge, path), inJoliet = Find(joliet, path);
                if (!inLinux && !inRockRidge && !inJoliet) continue; // absent: the presence checks report it
                listed.Add(path);
                if (!inLinux) problems.Add($"Linux reads the {linuxTree} tree, which does not list {path}");
                if (rockRidge != null && rockRidge != linux && !inRockRidge) problems.Add($"Rock Ridge does not list {path}");
                if (joliet != null && joliet != linux && !inJoliet) problems.Add($"Joliet does not list {path}");
            }
            if (rockRidge == null && joliet == null)
            {
                problems.Insert(0, "the image has neither Rock Ridge nor Joliet: Linux sees plain ISO 9660 names, which mangle 'user_data' and '.docker_uuid'");
            }

            if (problems.Count > 0)
            {
                return HostImageCheck.Fail(Name, string.Join("; ", problems) + ". Make the host image again from a base ISO with Rock Ridge (and Joliet).");
            }
            return listed.Count == 0
                ? HostImageCheck.Pass(Name, "Not checked: the image holds none of the files.")
                : HostImageCheck.Pass(Name, $"{Trees(rockRidge, joliet, linuxTree)} list {string.Join(", ", listed)}.");
        }

        private static string Trees(IsoDirectoryEntry? rockRidge, IsoDirectoryEntry? joliet, string linuxTree)
        {
            if (rockRidge == null) return "Joliet (the image has no Rock Ridge; Linux reads Joliet)";
            if (joliet == null) return "Rock Ridge (the image has no Joliet tree)";
            return linuxTree == "Rock Ridge" ? "Rock Ridge and Joliet" : "Rock Ridge and Joliet (Linux reads Joliet: the root names no Rock Ridge extension)";
        }

        private static bool Find(IsoDirectoryEntry? root, string path)
        {
            IsoDirectoryEntry? current = root;
            foreach (string part in path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries))
            {
                current = current?.GetChild(part);
            }
            return current != null && !current.IsDirectory;
        }
    }
}
