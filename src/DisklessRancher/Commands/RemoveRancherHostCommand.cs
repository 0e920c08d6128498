using System;
using System.Management.Automation;
using DisklessRancher.Core.Rancher;
using DisklessRancher.Rancher;

namespace DisklessRancher.Commands
{
    /// <summary>
    /// Removes hosts from Rancher 1.6 as Rancher requires: deactivate, wait until inactive, delete. With -Force, also
    /// hosts that cannot finish deactivating because their agent is gone (deleted while deactivating).
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "RancherHost", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = HostSet)]
    [OutputType(typeof(RancherHost))]
    public sealed class RemoveRancherHostCommand : RancherCmdlet
    {
        private const string HostSet = "Host";
        private const string IdSet = "Id";
        private const int ProgressId = 0x52414e52;
        private RancherClient? _client;
        private string? _environmentId;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = HostSet)]
        [ValidateNotNull]
        public RancherHost[] InputObject { get; set; } = Array.Empty<RancherHost>();

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = IdSet)]
        [ValidateNotNullOrEmpty]
        public string[] Id { get; set; } = Array.Empty<string>();

        /// <summary>Removes without asking for confirmation, and deletes hosts that cannot finish deactivating.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Outputs each host as the server last described it.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void BeginProcessing()
        {
            RancherConnectionSettings settings = ResolveSettings();
            _client = CreateClient(settings);
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == HostSet)
            {
                foreach (RancherHost host in InputObject) Remove(host.EnvironmentId ?? EnvironmentId(), host.Id, host.ToString(), host);
            }
            else
            {
                foreach (string id in Id) Remove(EnvironmentId(), id, id, id);
            }
        }

        protected override void EndProcessing() => _client?.Dispose();

        private string EnvironmentId()
        {
            if (_environmentId == null)
            {
                RancherClient client = _client!;
                _environmentId = RunOrTerminate(ct => client.ResolveEnvironmentAsync(RequestedEnvironment, ct), client.ServerUrl).Id;
            }
            return _environmentId;
        }

        private void Remove(string environmentId, string hostId, string description, object target)
        {
            // -Force skips the confirmation, never -WhatIf.
            bool confirmed = (Force && !WhatIfRequested()) || ShouldProcess($"host {description} in environment {environmentId}", "Deactivate and delete");
            if (!confirmed) return;
            RancherClient client = _client!;
            string activity = $"Removing host {description}";
            IProgress<RancherHost> report = Progress<RancherHost>(host => WriteProgress(new ProgressRecord(ProgressId, activity, host.State ?? "unknown")));
            try
            {
                RancherHost removed = Run(ct => client.RemoveHostAsync(environmentId, hostId, Force, report, ct));
                WriteVerbose($"Removed host {removed}.");
                if (PassThru) WriteObject(removed);
            }
            catch (RancherApiException e) when (e.Kind != RancherErrorKind.Authentication && e.Kind != RancherErrorKind.Tls
                && e.Kind != RancherErrorKind.Transport && e.Kind != RancherErrorKind.Unavailable)
            {
                WriteError(ErrorRecords.Create(e, target));
            }
            catch (RancherApiException e)
            {
                ThrowTerminatingError(ErrorRecords.Create(e, target));
            }
            finally
            {
                WriteProgress(new ProgressRecord(ProgressId, activity, "Done") { RecordType = ProgressRecordType.Completed });
            }
        }

        private bool WhatIfRequested() =>
            MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? value) ? ((SwitchParameter)value).IsPresent
                : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
    }
}
