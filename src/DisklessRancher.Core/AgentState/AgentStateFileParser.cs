using System;
using System.Text;

namespace DisklessRancher.Core.AgentState
{
    /// <summary>
    /// Turns the bytes of one state file into its value, wherever the file was read from (a folder, an image).
    /// A problem is an <see cref="AgentStateException"/> naming the file and never quoting its content.
    /// </summary>
    internal static class AgentStateFileParser
    {
        /// <summary>State files are a few dozen bytes; anything longer is not one.</summary>
        public const int MaxFileLength = 4096;

        private const string UuidForm = "a UUID (8-4-4-4-12 hexadecimal digits)";
        private const string TokenForm = "128 hexadecimal characters";
        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        /// <summary>
        /// The value of the state file <paramref name="name"/> (.docker_uuid, …), lowercase. Trailing whitespace
        /// (a newline, CRLF), a UTF-8 byte order mark and uppercase hexadecimal digits, which an editor may add,
        /// are tolerated. <paramref name="newException"/> builds the error for this file from (kind, problem).
        /// </summary>
        public static string Parse(string name, byte[] bytes, Func<AgentStateError, string, AgentStateException> newException)
        {
            bool isToken = name == AgentStateFile.RegistrationTokenName;
            string expected = isToken ? TokenForm : UuidForm;
            if (bytes.Length > MaxFileLength)
            {
                throw newException(AgentStateError.InvalidContent, $"the file holds more than {MaxFileLength} bytes; expected {expected}.");
            }
            string text;
            try
            {
                text = StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                throw newException(AgentStateError.InvalidContent, $"the file is not UTF-8 text; expected {expected}.");
            }
            text = text.TrimStart('\uFEFF').TrimEnd(' ', '\t', '\r', '\n').ToLowerInvariant();
            if (text.Length == 0)
            {
                throw newException(AgentStateError.InvalidContent, $"the file is empty; expected {expected}.");
            }
            if (isToken ? !RancherAgentState.IsToken(text) : !RancherAgentState.IsUuid(text))
            {
                // The content is not quoted: the token is a secret, and a malformed one may be nearly right.
                throw newException(AgentStateError.InvalidContent, $"expected {expected}, found {text.Length} characters that are not in that form.");
            }
            return text;
        }

        /// <summary>
        /// Null when <paramref name="bytes"/> are exactly what the agent writes for <paramref name="name"/> (a lowercase
        /// UUID without a newline; 128 lowercase hexadecimal characters and one newline); else what is wrong.
        /// </summary>
        public static string? DescribeDeviation(string name, byte[] bytes)
        {
            string value;
            try
            {
                value = Parse(name, bytes, (error, problem) => new AgentStateException(error, name, problem));
            }
            catch (AgentStateException e)
            {
                return e.Problem;
            }
            bool isToken = name == AgentStateFile.RegistrationTokenName;
            byte[] exact = Encoding.UTF8.GetBytes(isToken ? value + "\n" : value);
            if (Equal(bytes, exact)) return null;
            string wanted = isToken ? "128 lowercase hexadecimal characters and one newline" : "a lowercase UUID without a newline";
            return $"the agent writes {wanted} ({exact.Length} bytes); this file holds {bytes.Length} bytes ({Extras(bytes)}).";
        }

        private static string Extras(byte[] bytes)
        {
            if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) return "a byte order mark";
            if (Array.IndexOf(bytes, (byte)'\r') >= 0) return "a carriage return";
            if (Array.IndexOf(bytes, (byte)' ') >= 0 || Array.IndexOf(bytes, (byte)'\t') >= 0) return "spaces";
            int newlines = 0;
            foreach (byte b in bytes) if (b == '\n') newlines++;
            if (newlines != 0) return newlines == 1 ? "a newline" : $"{newlines} newlines";
            foreach (byte b in bytes) if (b >= 'A' && b <= 'F') return "uppercase digits";
            return "no newline";
        }

        private static bool Equal(byte[] a, byte[] b)
        {
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++) if (a[i] != b[i]) return false;
            return true;
        }
    }
}
