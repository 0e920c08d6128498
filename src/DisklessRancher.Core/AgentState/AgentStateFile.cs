namespace DisklessRancher.Core.AgentState
{
    /// <summary>One file of the agent state, named as in /var/lib/rancher/state, with its exact bytes.</summary>
    public sealed class AgentStateFile
    {
        public const string DockerUuidName = ".docker_uuid";
        public const string PhysicalHostUuidName = ".physical_host_uuid";
        public const string RegistrationTokenName = ".registration_token";

        /// <summary>The three names, in the order the files are written and read.</summary>
        public static readonly string[] Names = { DockerUuidName, PhysicalHostUuidName, RegistrationTokenName };

        private readonly byte[] _content;

        internal AgentStateFile(string name, byte[] content)
        {
            Name = name;
            _content = content;
        }

        public string Name { get; }

        /// <summary>A copy of the file's bytes.</summary>
        public byte[] GetContent() => (byte[])_content.Clone();

        public override string ToString() => Name;
    }
}
