using System.Management.Automation;
using DisklessRancher.Core;
using DisklessRancher.Core.Batches;
using DisklessRancher.Core.CloudConfig;
using DisklessRancher.Core.IO;
using DisklessRancher.Files;

namespace DisklessRancher.Commands
{
    /// <summary>Builds one host's #cloud-config; every parameter binds from pipeline properties, so CSV rows work.</summary>
    [Cmdlet(VerbsCommon.New, "RancherCloudConfig", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(RancherCloudConfig))]
    public sealed class NewRancherCloudConfigCommand : HostSettingsCmdlet
    {
        private bool _defaultAgentImageNoted;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public string Hostname { get; set; } = string.Empty;

        /// <summary>Where to write the user_data file; nothing is written without it.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Path { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>A bad cell of a row fails that row with its own error id, as in the host cmdlets.</summary>
        protected override void BeginProcessing() => CollectRowFailures();

        protected override void EndProcessing() => StopCollectingRowFailures();

        protected override void Dispose(bool disposing)
        {
            if (disposing) StopCollectingRowFailures();
            base.Dispose(disposing);
        }

        protected override void ProcessRecord()
        {
            HostRow row = NextRow(Hostname);
            RancherCloudConfig config;
            try
            {
                if (row.BindingFailure != null) throw row.BindingFailure;
                config = RancherCloudConfig.Create(ToSpec(Hostname, AgentState));
            }
            catch (HostSpecException e)
            {
                WriteRowError(row, e);
                return;
            }

            if (!_defaultAgentImageNoted && config.UsesDefaultAgentImage)
            {
                _defaultAgentImageNoted = true;
                WriteVerbose(RancherCloudConfig.DefaultAgentImageNote);
            }

            string? path = Given(Path);
            if (path != null && !TryWrite(config, path)) return;
            if (path == null || PassThru) WriteObject(config);
        }

        /// <summary>Writes user_data unless -WhatIf says not to; false after reporting an error.</summary>
        private bool TryWrite(RancherCloudConfig config, string path)
        {
            try
            {
                string target = PathResolver.ResolveOutput(this, path);
                if (!ShouldProcess(target, "Write the cloud-config user_data")) return true;
                if (!Force) OutputExistsException.ThrowIfExists(target);
                byte[] userData = config.GetUserData();
                AtomicFile.Write(target, stream => stream.Write(userData, 0, userData.Length), replace: Force, ownerOnly: config.HoldsSecret, flushToDisk: true);
                WriteVerbose($"Wrote the cloud-config of {config.Hostname} to {target}.");
                return true;
            }
            catch (System.Exception e) when (e is DisklessRancherException || e is System.IO.IOException || e is System.UnauthorizedAccessException
                || e is System.NotSupportedException || e is System.ArgumentException)
            {
                WriteError(ErrorRecords.Create(e, path));
                return false;
            }
        }
    }
}
