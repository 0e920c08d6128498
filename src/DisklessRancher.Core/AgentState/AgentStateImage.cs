using DisklessRancher.Core.CloudConfig;
using DisklessRancher.Core.IO;
using DisklessRancher.Iso9660;

namespace DisklessRancher.Core.AgentState
{
    /// <summary>Reads the agent state a host image carries for its config drive under /state.</summary>
    public static class AgentStateImage
    {
        /// <summary>The path of a state file inside the image ("/state/.docker_uuid").</summary>
        public static string ItemPath(string name) => "/" + ConfigDriveLayout.StateFolder + "/" + name;

        /// <summary>
        /// Reads /state/.docker_uuid, .physical_host_uuid and .registration_token with the same tolerance as a
        /// folder (<see cref="AgentStateFileParser.Parse"/>). Errors name <paramref name="imagePath"/> and the file.
        /// </summary>
        public static RancherAgentState Read(IsoImage image, string imagePath)
        {
            return new RancherAgentState(
                ReadValue(image, imagePath, AgentStateFile.DockerUuidName),
                ReadValue(image, imagePath, AgentStateFile.PhysicalHostUuidName),
                ReadValue(image, imagePath, AgentStateFile.RegistrationTokenName));
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
