using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using DisklessRancher.Core.AgentState;
using DisklessRancher.Core.CloudConfig;
using DisklessRancher.Core.IO;
using DisklessRancher.Iso9660;

namespace DisklessRancher.Core.HostImages.Verification
{
    /// <summary>
    /// The agent state the host gets at boot: the /state files on the config drive when runcmd copies them,
    /// or the write_files entries to /var/lib/rancher/state. Each must hold exactly what the agent writes.
    /// </summary>
    internal static class StateFilesCheck
    {
        private const string Name = HostImageCheckNames.StateFiles;
        private static readonly Regex CopiesFromDrive = new Regex(@"\bcp\b.*" + Regex.Escape(ConfigDriveLayout.VolumeLabel + "/" + ConfigDriveLayout.StateFolder + "/"), RegexOptions.CultureInvariant);

        /// <summary>True when a runcmd line copies from the config drive's /state (the ConfigDrive delivery).</summary>
        public static bool RunCommandCopiesState(UserDataDocument? userData) =>
            userData != null && userData.RunCommands.Any(CopiesFromDrive.IsMatch);

        /// <summary>
        /// True when the user_data brings the agent state to the host: a runcmd line (or, in a script, any line) that
        /// copies the config drive's /state, or a write_files entry to /var/lib/rancher/state.
        /// </summary>
        public static bool DeliversAgentState(UserDataDocument userData) =>
            userData.Kind == UserDataKind.Script
                ? userData.Text.Split('\n').Any(CopiesFromDrive.IsMatch)
                : RunCommandCopiesState(userData) || StateWrites(userData).Any();

        /// <summary>The write_files entries of the user_data that write into /var/lib/rancher/state.</summary>
        public static IEnumerable<(string Path, byte[]? Content, string? Permissions)> StateWrites(UserDataDocument userData) =>
            userData.WriteFiles.Where(f => f.Path.StartsWith(ConfigDriveLayout.HostStateDirectory + "/", System.StringComparison.Ordinal));

        /// <summary>True when the image has a /state folder holding any of the three files.</summary>
        public static bool ImageHasState(IsoImage image) =>
            AgentStateFile.Names.Any(n => image.GetEntry(AgentStateImage.ItemPath(n)) != null);

        public static HostImageCheck Run(IsoImage image, UserDataDocument? userData)
        {
            if (userData == null) return HostImageCheck.Pass(Name, "Not checked: there is no user_data.");
            if (userData.Kind == UserDataKind.Script)
            {
                return ImageHasState(image)
                    ? FromImage(image, "copying them is up to the script")
                    : HostImageCheck.Pass(Name, "Not checked: the user_data is a script, and the image has no /state.");
            }
            if (userData.Root == null) return HostImageCheck.Pass(Name, "Not checked: the user_data does not parse.");

            bool fromDrive = RunCommandCopiesState(userData);
            List<(string Path, byte[]? Content, string? Permissions)> written = StateWrites(userData).ToList();
            if (!fromDrive && written.Count == 0)
            {
                return ImageHasState(image)
                    ? HostImageCheck.Fail(Name, $"The image carries /{ConfigDriveLayout.StateFolder}, but no runcmd line copies it from the config drive and no write_files entry writes {ConfigDriveLayout.HostStateDirectory}: the host would register as a new host at every boot.")
                    : HostImageCheck.Pass(Name, "No agent state: the host registers as a new Rancher host at every boot (nothing persists on a diskless host).");
            }

            List<HostImageCheck> parts = new List<HostImageCheck>();
            if (fromDrive) parts.Add(FromImage(image, "runcmd copies them"));
            if (written.Count > 0) parts.Add(FromWriteFiles(written));
            string detail = string.Join(" ", parts.Select(p => p.Detail));
            return parts.All(p => p.Passed) ? HostImageCheck.Pass(Name, detail) : HostImageCheck.Fail(Name, detail);
        }

        private static HostImageCheck FromImage(IsoImage image, string how)
        {
            List<string> problems = new List<string>();
            foreach (string fileName in AgentStateFile.Names)
            {
                string path = AgentStateImage.ItemPath(fileName);
                IsoDirectoryEntry? entry = image.GetEntry(path);
                if (entry == null || entry.IsDirectory)
                {
                    problems.Add($"{path} is missing");
                    continue;
                }
                string? deviation = AgentStateFileParser.DescribeDeviation(fileName, IsoEntryBytes.Read(image, entry, AgentStateFileParser.MaxFileLength + 1));
                if (deviation != null) problems.Add($"{path}: {deviation}");
            }
            return problems.Count == 0
                ? HostImageCheck.Pass(Name, $"/{ConfigDriveLayout.StateFolder} holds the three files as the agent writes them ({how}).")
                : HostImageCheck.Fail(Name, $"{string.Join("; ", problems)} ({how}).");
        }

        private static HostImageCheck FromWriteFiles(List<(string Path, byte[]? Content, string? Permissions)> written)
        {
            List<string> problems = new List<string>();
            foreach (string fileName in AgentStateFile.Names)
            {
                string path = ConfigDriveLayout.HostStateDirectory + "/" + fileName;
                List<(string Path, byte[]? Content, string? Permissions)> entries = written.Where(f => f.Path == path).ToList();
                if (entries.Count == 0)
                {
                    problems.Add($"no write_files entry writes {path}");
                    continue;
                }
                if (entries.Count > 1) problems.Add($"{entries.Count} write_files entries write {path}");
                byte[]? content = entries[0].Content;
                string? deviation = content == null ? "its content is in an encoding this check does not read" : AgentStateFileParser.DescribeDeviation(fileName, content);
                if (deviation != null) problems.Add($"write_files {path}: {deviation}");
            }
            return problems.Count == 0
                ? HostImageCheck.Pass(Name, $"write_files writes the three files to {ConfigDriveLayout.HostStateDirectory} as the agent writes them.")
                : HostImageCheck.Fail(Name, string.Join("; ", problems) + ".");
        }
    }
}
