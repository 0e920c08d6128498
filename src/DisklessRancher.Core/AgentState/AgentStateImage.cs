using System.Linq;
using DisklessRancher.Core.CloudConfig;
using DisklessRancher.Core.HostImages.Verification;
using DisklessRancher.Core.IO;
using DisklessRancher.Iso9660;

namespace DisklessRancher.Core.AgentState
{
    /// <summary>
    /// Reads the agent state a host image carries: under /state for its config drive, or, in an image made with
    /// the WriteFiles delivery, in the user_data's write_files entries to /var/lib/rancher/state.
    /// </summary>
    public static class AgentStateImage
    {
        private const string UserDataItemPath = "/" + ConfigDriveLayout.UserDataPath;

        /// <summary>The path of a state file inside the image ("/state/.docker_uuid").</summary>
        public static string ItemPath(string name) => "/" + ConfigDriveLayout.StateFolder + "/" + name;

        /// <summary>
        /// Reads .docker_uuid, .physical_host_uuid and .registration_token with the same tolerance as a folder
        /// (<see cref="AgentStateFileParser.Parse"/>): from /state when the image has it, else from the user_data's
        /// write_files. Errors name <paramref name="imagePath"/> and the file.
        /// </summary>
        public static RancherAgentState Read(IsoImage image, string imagePath)
        {
            UserDataDocument? userData = image.GetEntry(ItemPath(AgentStateFile.DockerUuidName)) == null ? ReadUserData(image) : null;
            if (userData?.Kind == UserDataKind.CloudConfig && userData.YamlError != null)
            {
                // Its write_files cannot be read: say why, rather than that /state is missing.
                throw new AgentStateException(AgentStateError.InvalidContent, imagePath, UserDataItemPath, $"the image has no /{ConfigDriveLayout.StateFolder} and its user_data cannot be read: {userData.YamlError}");
            }
            if (userData != null && StateFilesCheck.StateWrites(userData).Any())
            {
                return new RancherAgentState(
                    ReadWritten(userData, imagePath, AgentStateFile.DockerUuidName),
                    ReadWritten(userData, imagePath, AgentStateFile.PhysicalHostUuidName),
                    ReadWritten(userData, imagePath, AgentStateFile.RegistrationTokenName));
            }
            return new RancherAgentState(
                ReadValue(image, imagePath, AgentStateFile.DockerUuidName),
                ReadValue(image, imagePath, AgentStateFile.PhysicalHostUuidName),
                ReadValue(image, imagePath, AgentStateFile.RegistrationTokenName));
        }

        private static UserDataDocument? ReadUserData(IsoImage image)
        {
            IsoDirectoryEntry? entry = image.GetEntry(UserDataItemPath);
            return entry == null || entry.IsDirectory ? null : UserDataDocument.FromBytes(IsoEntryBytes.Read(image, entry, HostImageChecker.MaxUserDataLength));
        }

        private static string ReadWritten(UserDataDocument userData, string imagePath, string name)
        {
            string path = ConfigDriveLayout.HostStateDirectory + "/" + name;
            string where = UserDataItemPath + " write_files " + path;
            var entry = StateFilesCheck.StateWrites(userData).FirstOrDefault(f => f.Path == path);
            if (entry.Path == null) throw new AgentStateException(AgentStateError.MissingFile, imagePath, where, "the user_data writes no such file.");
            if (entry.Content == null) throw new AgentStateException(AgentStateError.InvalidContent, imagePath, where, "its content is in an encoding RancherOS does not decode here.");
            return AgentStateFileParser.Parse(name, entry.Content, (error, problem) => new AgentStateException(error, imagePath, where, problem));
        }

        private static string ReadValue(IsoImage image, string imagePath, string name)
        {
            string itemPath = ItemPath(name);
            IsoDirectoryEntry? entry = image.GetEntry(itemPath);
            if (entry == null || entry.IsDirectory)
            {
                throw new AgentStateException(AgentStateError.MissingFile, imagePath, itemPath,
                    entry == null ? "the image has no such file." : "it is a directory, not a file.");
            }
            byte[] bytes = IsoEntryBytes.Read(image, entry, AgentStateFileParser.MaxFileLength + 1);
            return AgentStateFileParser.Parse(name, bytes, (error, problem) => new AgentStateException(error, imagePath, itemPath, problem));
        }
    }
}
