using System;

namespace DisklessRancher.Core.AgentState
{
    public enum AgentStateError
    {
        /// <summary>A state file is not there.</summary>
        MissingFile,

        /// <summary>A state file is there but its content is not what the agent writes.</summary>
        InvalidContent,
    }

    /// <summary>A state file that is missing or malformed. The message names the file and never quotes a token.</summary>
    public sealed class AgentStateException : Exception
    {
        public AgentStateException(AgentStateError error, string filePath, string problem)
            : base($"Agent state file '{filePath}': {problem}")
        {
            Error = error;
            FilePath = filePath;
        }

        public AgentStateError Error { get; }

        public string FilePath { get; }
    }
}
