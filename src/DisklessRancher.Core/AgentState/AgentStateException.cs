using System;
using DisklessRancher.Iso9660;

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
    public sealed class AgentStateException : DisklessRancherException
    {
        public AgentStateException(AgentStateError error, string filePath, string problem)
            : base(IdOf(error), KindOf(error), $"Agent state file '{filePath}': {problem}")
        {
            Error = error;
            FilePath = filePath;
            Problem = problem;
        }

        /// <summary>A state file inside an ISO image: the message names the image and the file's path in it.</summary>
        public AgentStateException(AgentStateError error, string imagePath, string filePath, string problem)
            : base(IdOf(error), KindOf(error), $"Agent state file '{filePath}' in the image '{imagePath}': {problem}")
        {
            Error = error;
            FilePath = filePath;
            ImagePath = imagePath;
            Problem = problem;
        }

        public AgentStateError Error { get; }

        /// <summary>The file's path: in the file system, or inside <see cref="ImagePath"/>.</summary>
        public string FilePath { get; }

        /// <summary>The image that holds the file, or null for a file in a folder.</summary>
        public string? ImagePath { get; }

        /// <summary>What is wrong with the file, without its name.</summary>
        public string Problem { get; }

        private static string IdOf(AgentStateError error) => error == AgentStateError.MissingFile ? "AgentStateFileMissing" : "InvalidAgentState";

        private static ErrorKind KindOf(AgentStateError error) => error == AgentStateError.MissingFile ? ErrorKind.ObjectNotFound : ErrorKind.InvalidData;
    }
}
