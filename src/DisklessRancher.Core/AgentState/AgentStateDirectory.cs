using System;
using System.Collections.Generic;
using System.IO;
using DisklessRancher.Core.IO;
using DisklessRancher.Files;

namespace DisklessRancher.Core.AgentState
{
    /// <summary>Reads and writes the three agent state files in a folder laid out like /var/lib/rancher/state.</summary>
    public static class AgentStateDirectory
    {
        /// <summary>
        /// Reads a state copied off a host. Trailing whitespace (a newline, CRLF), a UTF-8 byte order mark and
        /// uppercase hexadecimal digits, which an editor may add, are tolerated.
        /// </summary>
        public static RancherAgentState Read(string directory)
        {
            return new RancherAgentState(
                ReadValue(directory, AgentStateFile.DockerUuidName),
                ReadValue(directory, AgentStateFile.PhysicalHostUuidName),
                ReadValue(directory, AgentStateFile.RegistrationTokenName));
        }

        /// <summary>
        /// Writes the three files exactly as the agent does, each kept to its owner (0600 on Unix, a protected DACL on
        /// Windows), in a folder kept to its owner when this call makes it.
        /// Nothing is written when a file exists and <paramref name="overwrite"/> is false. Each file is on disk before
        /// it takes its name.
        /// </summary>
        /// <returns>The paths of the files written.</returns>
        public static IReadOnlyList<string> Write(string directory, RancherAgentState state, bool overwrite)
        {
            IReadOnlyList<AgentStateFile> files = state.GetFiles();
            if (!overwrite)
            {
                foreach (AgentStateFile file in files)
                {
                    OutputExistsException.ThrowIfExists(Path.Combine(directory, file.Name));
                }
            }
            OwnerOnly.CreateDirectory(directory);
            List<string> written = new List<string>();
            foreach (AgentStateFile file in files)
            {
                string path = Path.Combine(directory, file.Name);
                byte[] content = file.GetContent();
                AtomicFile.Write(path, stream => stream.Write(content, 0, content.Length), overwrite, ownerOnly: true, flushToDisk: true);
                written.Add(path);
            }
            return written;
        }

        /// <summary>
        /// Whether the state files in a folder that may lack some hold what <paramref name="state"/> holds: each
        /// file there must read as its value (a malformed one does not agree); a missing file agrees.
        /// </summary>
        public static bool Agrees(string directory, RancherAgentState state)
        {
            foreach (string name in AgentStateFile.Names)
            {
                if (!File.Exists(Path.Combine(directory, name))) continue;
                string expected = name == AgentStateFile.DockerUuidName ? state.DockerUuid
                    : name == AgentStateFile.PhysicalHostUuidName ? state.PhysicalHostUuid : state.RegistrationToken;
                try
                {
                    if (ReadValue(directory, name) != expected) return false;
                }
                catch (AgentStateException)
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>
        /// Writes the three files into a new folder kept to its owner from its creation, so that no other account can
        /// reach them; each file is restricted too. The files are written in place: the caller makes the folder appear
        /// whole, by renaming it into place.
        /// </summary>
        /// <returns>The paths of the files written.</returns>
        public static IReadOnlyList<string> WriteNew(string directory, RancherAgentState state)
        {
            OwnerOnly.CreateDirectory(directory);
            List<string> written = new List<string>();
            foreach (AgentStateFile file in state.GetFiles())
            {
                string path = Path.Combine(directory, file.Name);
                using (FileStream stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    byte[] content = file.GetContent();
                    stream.Write(content, 0, content.Length);
                }
                OwnerOnly.RestrictFile(path);
                written.Add(path);
            }
            return written;
        }

        private static string ReadValue(string directory, string name)
        {
            string path = Path.Combine(directory, name);
            if (!File.Exists(path))
            {
                throw new AgentStateException(AgentStateError.MissingFile, path, "the file does not exist.");
            }
            byte[] bytes;
            using (FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
            {
                // A longer file is refused by the parser without being read whole.
                bytes = new byte[Math.Min(stream.Length, AgentStateFileParser.MaxFileLength + 1)];
                StreamFill.Fill(stream, bytes);
            }
            return AgentStateFileParser.Parse(name, bytes, (error, problem) => new AgentStateException(error, path, problem));
        }
    }
}
