using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using DisklessRancher.Core.AgentState;
using DisklessRancher.Core.Batches;
using DisklessRancher.Core.CloudConfig;
using DisklessRancher.Core.HostImages;
using DisklessRancher.Core.NetBoot;
using DisklessRancher.Iso9660;
using DisklessRancher.Transformations;

namespace DisklessRancher.Commands
{
    /// <summary>
    /// Publishes hosts for network boot: a folder any static web server serves, where iPXE finds each host's script by
    /// its MAC address, boots the base's kernel and initrd, and RancherOS fetches the host's user_data by URL. Rows fail
    /// one by one; the others are still published, and boot.ipxe is written last.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "DisklessHostNetBoot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(NetBootHost))]
    public sealed class NewDisklessHostNetBootCommand : HostBatchCmdlet<NetBootHost>
    {
        private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(200);
        private readonly Stopwatch _sinceProgress = Stopwatch.StartNew();
        private NetBootLayout? _layout;
        private NetBootPublisher? _publisher;
        // Rows that passed their checks but were not published (-WhatIf): they count as published for -Prune's rule.
        private int _declined;

        /// <summary>Not mandatory to PowerShell, so that a row without one still arrives and fails with its row number.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        public string Hostname { get; set; } = string.Empty;

        /// <summary>The row as piped (an Import-Csv row), for the checks of its columns.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        /// <summary>Not mandatory to PowerShell, so that a row without one fails with the module's own error.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Mac", "HardwareAddress")]
        [AllowEmptyString]
        public string? MacAddress { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Uuid")]
        [AllowEmptyString]
        public string? SystemUuid { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Serial")]
        [AllowEmptyString]
        public string? SerialNumber { get; set; }

        /// <summary>False keeps the host's identity and files but sends the machine to its next boot device.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [CsvBoolean(HostField.NetBoot)]
        public bool? NetBoot { get; set; }

        [Parameter(Mandatory = true)]
        public string BaseIso { get; set; } = string.Empty;

        [Parameter(Mandatory = true)]
        public string OutputDirectory { get; set; } = string.Empty;

        [Parameter(Mandatory = true)]
        public string BaseUrl { get; set; } = string.Empty;

        [Parameter]
        public SwitchParameter Prune { get; set; }

        // Hosts being saved and written on other threads; at most this many at a time. Creating files is the slow part
        // of a publish, and it overlaps the next rows' settings and cloud-configs.
        protected override int MaxInFlight => 64;

        protected override string Activity => "Publishing disk-less hosts for network boot";

        protected override PSObject? InputRow => InputObject;

        protected override string RowHostname => Hostname;

        protected override HostBatch BeginBatch()
        {
            _layout = new NetBootLayout(PathResolver.ResolveOutput(this, OutputDirectory), BaseUrl);
            HostBatch batch = new HostBatch(new HostStateStore(ServableStateRoot(_layout)), null);
            NetBootBase bootBase = NetBootBase.Read(ResolveBaseIso(BaseIso));
            ReportLocalDiskArguments(KernelCommandLine.LocalDiskArguments(bootBase.GlobalCfg));
            _publisher = new NetBootPublisher(_layout, bootBase, KernelArgument ?? new string[0], DisableAutologin, RemoveLocalStateArgument);
            _publisher.CheckEntryPoint(Force);
            if (ShouldProcess(_layout.Root, "Publish the kernel and initrd of " + BaseIso))
            {
                int removed = _publisher.RemoveAbandonedFiles();
                if (removed > 0) WriteVerbose($"Removed {removed} temporary file(s) left in '{_layout.Root}' by a run that was stopped.");
                _publisher.PublishBootFiles();
            }
            return batch;
        }

        protected override void DescribeRow(HostRow row) => row.UsesStore = AgentState == null;

        /// <summary>
        /// Checks the row and makes its cloud-config here, so that a bad row fails even under -WhatIf; the identity is
        /// saved and the host's files written on another thread.
        /// </summary>
        protected override HostOutputWork<NetBootHost>? Step(HostRow row, HostIdentity? identity, string? outputPath)
        {
            BootSelectors selectors = _publisher!.Claim(MacAddress, SystemUuid, SerialNumber, row.Description);
            if (StateDelivery == Core.CloudConfig.StateDelivery.ConfigDrive)
            {
                WriteWarning($"{row.Description}: a network boot has no config drive; the agent state travels inside the user_data (WriteFiles).");
            }
            // The identity travels inside the user_data: there is no drive to copy the state from.
            HostSpec spec = ToSpec(row.Hostname, identity?.AgentState ?? AgentState!);
            spec.StateDelivery = Core.CloudConfig.StateDelivery.WriteFiles;
            byte[] userData = RancherCloudConfig.Create(spec).GetUserData();
            if (!ShouldProcess(_layout!.UrlOf(NetBootLayout.HostScript(selectors.PrimaryName)), $"Publish the network boot of {row.Hostname}"))
            {
                _declined++;
                return null;
            }

            bool netBoot = NetBoot ?? true;
            return (keptState, warnings) =>
            {
                if (identity != null && !ReferenceEquals(keptState, spec.AgentState))
                {
                    spec.AgentState = keptState;
                    userData = RancherCloudConfig.Create(spec).GetUserData();
                }
                return _publisher.Publish(row.Hostname, selectors, netBoot, userData, spec.AgentState);
            };
        }

        protected override void RowDone(HostRow row)
        {
            if (_sinceProgress.Elapsed < ProgressInterval) return;
            WriteProgress(new ProgressRecord(ActivityId, Activity, $"{row.Hostname} ({Batch.Made} published so far)"));
            _sinceProgress.Restart();
        }

        protected override void EndBatch()
        {
            HandleStale(_publisher!.FindStale());
            if (ShouldProcess(_layout!.PathOf(NetBootLayout.EntryPoint), "Write the network boot entry point")) _publisher.PublishEntryPoint();
        }

        /// <summary>
        /// Reports the hosts in the tree that this batch did not publish; with -Prune, removes them, each with a warning,
        /// unless that would empty the tree or remove more than half of it without -Force.
        /// </summary>
        private void HandleStale(IReadOnlyList<StaleHost> stale)
        {
            if (!Prune)
            {
                foreach (StaleHost host in stale) WriteWarning($"The host {NameOf(host)} is published in {_layout!.Root} but not in this batch; -Prune removes it.");
                return;
            }
            bool remove;
            try
            {
                remove = PruneRule.Allows(stale, Batch.Made + _declined, Batch.Failed, Force);
            }
            catch (NetBootException e)
            {
                WriteError(ErrorRecords.Create(e, _layout!.Root));
                return;
            }
            if (!remove)
            {
                foreach (StaleHost host in stale) WriteWarning($"The host {NameOf(host)} is not in this batch, but is kept: -Prune removes nothing while rows of the batch failed.");
                return;
            }
            foreach (StaleHost host in stale)
            {
                if (!ShouldProcess(string.Join(", ", host.Files), $"Remove the network boot of {NameOf(host)}, which is not in this batch")) continue;
                _publisher!.Remove(host);
                WriteWarning($"Removed the network boot of {NameOf(host)}: it is not in this batch (-Prune).");
            }
        }

        private static string NameOf(StaleHost host) => host.Hostname == null ? host.Name : $"{host.Hostname} ({host.Name})";

        /// <summary>The identity store; never under the served folder, where anyone could read every identity.</summary>
        private string ServableStateRoot(NetBootLayout layout)
        {
            string root = StateRoot();
            if (layout.Serves(root))
            {
                throw new NetBootException(NetBootError.StateDirectoryServed,
                    $"The state folder '{root}' is inside the published folder '{layout.Root}', where the web server would serve every host's identity; keep it elsewhere.");
            }
            return root;
        }
    }
}
