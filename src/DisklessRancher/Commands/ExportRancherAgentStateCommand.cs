using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using DisklessRancher.Core;
using DisklessRancher.Core.AgentState;
using DisklessRancher.Core.IO;

namespace DisklessRancher.Commands
{
    /// <summary>Writes agent states as the agent would: .docker_uuid, .physical_host_uuid, .registration_token (0600).</summary>
    [Cmdlet(VerbsData.Export, "RancherAgentState", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(RancherAgentState))]
    public sealed class ExportRancherAgentStateCommand : PSCmdlet
    {
        private readonly HashSet<string> _written = new HashSet<string>(StringComparer.Ordinal);

        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [Alias("InputObject")]
        public RancherAgentState AgentState { get; set; } = null!;

        /// <summary>The state folder; created when missing. Each state needs a folder of its own.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public string Path { get; set; } = string.Empty;

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            string directory;
            try
            {
                directory = PathResolver.ResolveOutput(this, Path);
                if (File.Exists(directory)) throw new IOException($"The path '{directory}' is a file, not a folder.");
                if (!_written.Add(directory))
                {
                    // Two states in one folder would leave a mix of both: never overwrite what this call wrote.
                    throw new OutputExistsException(System.IO.Path.Combine(directory, AgentStateFile.DockerUuidName));
                }
                if (ShouldProcess(directory, "Write the agent state files " + string.Join(", ", AgentStateFile.Names)))
                {
                    AgentStateDirectory.Write(directory, AgentState, overwrite: Force);
                    WriteVerbose($"Wrote the agent state {AgentState} to {directory}.");
                }
            }
            catch (Exception e) when (e is DisklessRancherException || e is IOException || e is UnauthorizedAccessException || e is NotSupportedException
                || e is ArgumentException || e is PlatformNotSupportedException)
            {
                WriteError(ErrorRecords.Create(e, AgentState));
                return;
            }
            if (PassThru) WriteObject(AgentState);
        }
    }
}
