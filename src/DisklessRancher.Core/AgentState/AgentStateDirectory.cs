using System.Collections.Generic;
using System.IO;
using System.Text;
using DisklessRancher.Core.IO;

namespace DisklessRancher.Core.AgentState
{
    /// <summary>Reads and writes the three agent state files in a folder laid out like /var/lib/rancher/state.</summary>
    public static class AgentStateDirectory
    {
        private const int MaxFileLength = 4096;
        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        /// <summary>
        /// Reads a state copied off a host. Trailing whitespace (a newline, CRLF), a UTF-8 byte order mark and
        /// uppercase hexadecimal digits, which an editor may add, are tolerated.
        /// </summary>
        public static RancherAgentState Read(string directory)
        {
            string dockerUuid = ReadValue(directory, AgentStateFile.DockerUuidName, RancherAgentState.IsUuid, "a UUID (8-4-4-4-12 hexadecimal digits)");
            string physicalHostUuid = ReadValue(directory, AgentStateFile.PhysicalHostUuidName, RancherAgentState.IsUuid, "a UUID (8-4-4-4-12 hexadecimal digits)");
            string token = ReadValue(directory, AgentStateFile.RegistrationTokenName, RancherAgentState.IsToken, "128 hexadecimal characters");
            return new RancherAgentState(dockerUuid, physicalHostUuid, token);
        }

        /// <summary>
        /// Writes the three files exactly as the agent does, each readable by its owner only (0600) on Unix.
        /// Nothing is written when a file exists and <paramref name="overwrite"/> is false.
        /// </summary>
        public static void Write(string directory, RancherAgentState state, bool overwrite)
        {
            IReadOnlyList<AgentStateFile> files = state.GetFiles();
            if (!overwrite)
            {
                foreach (AgentStateFile file in files)
                {
                    string path = Path.Combine(directory, file.Name);
                    if (File.Exists(path)) throw new OutputExistsException(path);
                }
            }
            Directory.CreateDirectory(directory);
            foreach (AgentStateFile file in files)
            {
                AtomicFile.Write(Path.Combine(directory, file.Name), file.GetContent(), overwrite, ownerOnly: true);
            }
        }

        private static string ReadValue(string directory, string name, System.Func<string, bool> isValid, string expected)
        {
            string path = Path.Combine(directory, name);
            if (!File.Exists(path))
            {
                throw new AgentStateException(AgentStateError.MissingFile, path, "the file does not exist.");
            }
            byte[] bytes;
            using (FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
            {
                if (stream.Length > MaxFileLength)
                {
                    throw new AgentStateException(AgentStateError.InvalidContent, path, $"the file holds {stream.Length} bytes; expected {expected}.");
                }
                bytes = new byte[stream.Length];
                int read = 0;
                while (read < bytes.Length)
                {
                    int n = stream.Read(bytes, read, bytes.Length - read);
                    if (n == 0) break;
                    read += n;
                }
            }

            string text;
            try
            {
                text = StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                throw new AgentStateException(AgentStateError.InvalidContent, path, $"the file is not UTF-8 text; expected {expected}.");
            }
            text = text.TrimStart('\uFEFF').TrimEnd(' ', '\t', '\r', '\n').ToLowerInvariant();
            if (text.Length == 0)
            {
                throw new AgentStateException(AgentStateError.InvalidContent, path, $"the file is empty; expected {expected}.");
            }
            if (!isValid(text))
            {
                // The content is not quoted: the token is a secret, and a malformed one may be nearly right.
                throw new AgentStateException(AgentStateError.InvalidContent, path, $"expected {expected}, found {text.Length} characters that are not in that form.");
            }
            return text;
        }
    }
}
