using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace DisklessRancher.Core.AgentState
{
    /// <summary>
    /// The identity a Rancher 1.6 agent keeps in /var/lib/rancher/state: the server knows a host by the agent
    /// its registration token maps to plus its docker UUID. The token is a secret: it is never part of ToString.
    /// </summary>
    public sealed class RancherAgentState : IEquatable<RancherAgentState>
    {
        private static readonly Regex Uuid = new Regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", RegexOptions.CultureInvariant);
        private static readonly Regex Token = new Regex("^[0-9a-f]{128}$", RegexOptions.CultureInvariant);
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        public RancherAgentState(string dockerUuid, string physicalHostUuid, string registrationToken)
        {
            DockerUuid = CheckUuid(dockerUuid, nameof(dockerUuid));
            PhysicalHostUuid = CheckUuid(physicalHostUuid, nameof(physicalHostUuid));
            if (registrationToken == null || !Token.IsMatch(registrationToken))
            {
                throw new ArgumentException("The registration token must be 128 lowercase hexadecimal characters.", nameof(registrationToken));
            }
            RegistrationToken = registrationToken;
        }

        /// <summary>Lowercase dashed UUID the agent reports as the docker host.</summary>
        public string DockerUuid { get; }

        /// <summary>Lowercase dashed UUID of the physical host.</summary>
        public string PhysicalHostUuid { get; }

        /// <summary>128 lowercase hexadecimal characters (64 random bytes): a secret.</summary>
        public string RegistrationToken { get; }

        /// <summary>A new identity from a cryptographic random number generator, as the agent would make it.</summary>
        public static RancherAgentState Generate()
        {
            using (RandomNumberGenerator random = RandomNumberGenerator.Create())
            {
                return new RancherAgentState(NewUuidV4(random), NewUuidV4(random), Hex(RandomBytes(random, 64)));
            }
        }

        /// <summary>
        /// The files exactly as the agent writes them: the UUIDs without a newline (the Go agent does not trim
        /// them), the token with one (written by the agent's shell script with echo).
        /// </summary>
        public IReadOnlyList<AgentStateFile> GetFiles() => new[]
        {
            new AgentStateFile(AgentStateFile.DockerUuidName, Utf8.GetBytes(DockerUuid)),
            new AgentStateFile(AgentStateFile.PhysicalHostUuidName, Utf8.GetBytes(PhysicalHostUuid)),
            new AgentStateFile(AgentStateFile.RegistrationTokenName, Utf8.GetBytes(RegistrationToken + "\n")),
        };

        internal static bool IsUuid(string value) => Uuid.IsMatch(value);

        internal static bool IsToken(string value) => Token.IsMatch(value);

        public bool Equals(RancherAgentState? other) => other != null
            && DockerUuid == other.DockerUuid
            && PhysicalHostUuid == other.PhysicalHostUuid
            && RegistrationToken == other.RegistrationToken;

        public override bool Equals(object? obj) => Equals(obj as RancherAgentState);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(DockerUuid);

        public override string ToString() => $"DockerUuid={DockerUuid} PhysicalHostUuid={PhysicalHostUuid}";

        private static string CheckUuid(string value, string parameter)
        {
            if (value == null || !Uuid.IsMatch(value))
            {
                throw new ArgumentException("A UUID must be 36 lowercase characters: 8-4-4-4-12 hexadecimal digits.", parameter);
            }
            return value;
        }

        private static string NewUuidV4(RandomNumberGenerator random)
        {
            byte[] bytes = RandomBytes(random, 16);
            bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40); // version 4
            bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
            string hex = Hex(bytes);
            return $"{hex.Substring(0, 8)}-{hex.Substring(8, 4)}-{hex.Substring(12, 4)}-{hex.Substring(16, 4)}-{hex.Substring(20)}";
        }

        private static byte[] RandomBytes(RandomNumberGenerator random, int count)
        {
            byte[] bytes = new byte[count];
            random.GetBytes(bytes);
            return bytes;
        }

        private static string Hex(byte[] bytes)
        {
            StringBuilder text = new StringBuilder(bytes.Length * 2);
            foreach (byte b in bytes) text.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            return text.ToString();
        }
    }
}
