using System;
using System.IO;
using System.Management.Automation;
using DisklessRancher.Core.AgentState;
using DisklessRancher.Iso9660;

namespace DisklessRancher.Commands
{
    /// <summary>Reads agent states from folders copied off hosts' /var/lib/rancher/state or made by Export-RancherAgentState, or from host images' /state.</summary>
    [Cmdlet(VerbsData.Import, "RancherAgentState", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(RancherAgentState))]
    public sealed class ImportRancherAgentStateCommand : PSCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string IsoPathSet = "IsoPath";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        public string[] Path { get; set; } = new string[0];

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        public string[] LiteralPath { get; set; } = new string[0];

        /// <summary>Host images (wildcards allowed) whose /state folder holds the three files.</summary>
        [Parameter(Mandatory = true, ParameterSetName = IsoPathSet, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] IsoPath { get; set; } = new string[0];

        protected override void ProcessRecord()
        {
            if (ParameterSetName == IsoPathSet)
            {
                foreach (string image in PathResolver.ResolveExisting(this, IsoPath, true)) ImportFromImage(image);
                return;
            }
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

        private void ImportFromImage(string image)
        {
            if (Directory.Exists(image))
            {
                WriteError(new ErrorRecord(new IOException($"'{image}' is a directory, not an ISO image file; use -Path for a folder of state files."),
                    ErrorIds.PathIsDirectory, ErrorCategory.InvalidArgument, image));
                return;
            }
            try
            {
                using IsoImage iso = IsoImage.Open(image);
                WriteObject(AgentStateImage.Read(iso, image));
            }
            catch (Exception e) when (e is AgentStateException || e is IsoFormatException || e is IOException || e is UnauthorizedAccessException)
            {
                WriteError(ErrorRecords.Create(e, image));
            }
        }
    }
}
