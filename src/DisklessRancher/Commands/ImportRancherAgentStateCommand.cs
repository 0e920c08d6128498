using System;
using System.IO;
using System.Management.Automation;
using DisklessRancher.Core.AgentState;

namespace DisklessRancher.Commands
{
    /// <summary>Reads agent states from folders copied off hosts' /var/lib/rancher/state or made by Export-RancherAgentState.</summary>
    [Cmdlet(VerbsData.Import, "RancherAgentState", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(RancherAgentState))]
    public sealed class ImportRancherAgentStateCommand : PSCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        public string[] Path { get; set; } = new string[0];

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        public string[] LiteralPath { get; set; } = new string[0];

        protected override void ProcessRecord()
        {
            bool wildcards = ParameterSetName == PathSet;
            foreach (string directory in PathResolver.ResolveExisting(this, wildcards ? Path : LiteralPath, wildcards))
            {
                try
                {
                    if (!Directory.Exists(directory))
                    {
                        WriteError(new ErrorRecord(
                            new IOException($"The path '{directory}' is a file; give the folder that holds the agent state files."),
                            ErrorIds.PathNotDirectory, ErrorCategory.InvalidArgument, directory));
                        continue;
                    }
                    WriteObject(AgentStateDirectory.Read(directory));
                }
                catch (Exception e) when (e is AgentStateException || e is IOException || e is UnauthorizedAccessException)
                {
                    WriteError(ErrorRecords.Create(e, directory));
                }
            }
        }
    }
}
