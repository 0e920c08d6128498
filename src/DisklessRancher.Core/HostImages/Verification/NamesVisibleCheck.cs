using System;
using System.Collections.Generic;
using System.Linq;
using DisklessRancher.Core.AgentState;
using DisklessRancher.Iso9660;

namespace DisklessRancher.Core.HostImages.Verification
{
    /// <summary>
    /// Linux shows the Rock Ridge names, libblkid-based tools and Windows the Joliet names; plain ISO 9660 mangles
    /// "user_data" and ".docker_uuid". Each file the host needs must be listed by its real name in both trees.
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
            List<string> listed = new List<string>(), problems = new List<string>();
            foreach (string path in paths)
            {
                bool inRockRidge = Find(rockRidge, path), inJoliet = Find(joliet, path);
                if (!inRockRidge && !inJoliet) continue; // absent: the presence checks report it
                listed.Add(path);
                if (rockRidge != null && !inRockRidge) problems.Add($"Rock Ridge does not list {path}");
                if (joliet != null && !inJoliet) problems.Add($"Joliet does not list {path}");
            }
            if (rockRidge == null) problems.Insert(0, "the image has no Rock Ridge: ISOLINUX and Linux see plain ISO 9660 names, which mangle 'user_data' and '.docker_uuid'");

            string trees = joliet == null ? "Rock Ridge (the image has no Joliet tree)" : "Rock Ridge and Joliet";
            if (problems.Count > 0) return HostImageCheck.Fail(Name, string.Join("; ", problems) + ".");
            return listed.Count == 0
                ? HostImageCheck.Pass(Name, "Not checked: the image holds none of the files.")
                : HostImageCheck.Pass(Name, $"{trees} list {string.Join(", ", listed)}.");
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
