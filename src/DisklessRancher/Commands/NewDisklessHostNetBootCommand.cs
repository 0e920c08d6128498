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
    public sealed class NewDisklessHostNetBootCommand : HostSettingsCmdlet
    {
        private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(200);
        // Hosts being saved and written on other threads, oldest first; at most this many at a time. Creating files is
        // the slow part of a publish, and it overlaps the next rows' settings and cloud-configs.
        private const int MaxInFlight = 64;
        private readonly Queue<HostInFlight> _inFlight = new Queue<HostInFlight>();
        private readonly Stopwatch _sinceProgress = Stopwatch.StartNew();
        private NetBootLayout? _layout;
        private NetBootPublisher? _publisher;
        private HostBatch? _batch;
        private PipelineRowColumns? _columns;
        private bool _savesCleaned;

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
        public string? StateDirectory { get; set; }

        [Parameter]
        public string[]? KernelArgument { get; set; }

        [Parameter]
        public SwitchParameter DisableAutologin { get; set; }

        [Parameter]
        public SwitchParameter RemoveLocalStateArgument { get; set; }

        [Parameter]
        public SwitchParameter Prune { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void BeginProcessing()
        {
            Terminating(BaseUrl, () =>
            {
                _layout = new NetBootLayout(PathResolver.ResolveOutput(this, OutputDirectory), BaseUrl);
                _batch = new HostBatch(new HostStateStore(ServableStateRoot(_layout)), null);
                NetBootBase bootBase = NetBootBase.Read(ResolveBaseIso(BaseIso));
                ReportLocalDiskArguments(KernelCommandLine.LocalDiskArguments(bootBase.GlobalCfg), RemoveLocalStateArgument);
                _publisher = new NetBootPublisher(_layout, bootBase, KernelArgument ?? new string[0], DisableAutologin, RemoveLocalStateArgument);
                _publisher.CheckEntryPoint(Force);
                if (ShouldProcess(_layout.Root, "Publish the kernel and initrd of " + BaseIso))
                {
                    int removed = _publisher.RemoveAbandonedFiles();
                    if (removed > 0) WriteVerbose($"Removed {removed} temporary file(s) left in '{_layout.Root}' by a run that was stopped.");
                    _publisher.PublishBootFiles();
                }
            });
            _columns = new PipelineRowColumns(this);
            CollectRowFailures();
        }

        protected override void ProcessRecord()
        {
            int rowNumber = _batch!.NextRow();
            ArgumentException? badColumn = null;
            if (InputObject != null)
            {
                string? unknownColumns = _columns!.Check(InputObject, out badColumn);
                if (unknownColumns != null) WriteWarning(unknownColumns);
            }
            string row = DescribeRow(Hostname, rowNumber);
            RunRow(_batch, Hostname, rowNumber, row, () =>
            {
                if (badColumn != null) throw badColumn;
                PublishHost(row, rowNumber);
            }, IsRowFailure);
            EmitFinished(waitForAll: false);
        }

        protected override void EndProcessing()
        {
            StopCollectingRowFailures();
            EmitFinished(waitForAll: true);
            Terminating(_layout!.Root, () =>
            {
                _batch!.Store.FlushToDisk();
                foreach (StaleHost stale in _publisher!.FindStale()) HandleStale(stale);
                if (ShouldProcess(_layout.PathOf(NetBootLayout.EntryPoint), "Write the network boot entry point")) _publisher.PublishEntryPoint();
            });
            WriteProgress(new ProgressRecord(1, Activity, $"{_batch!.Made} published") { RecordType = ProgressRecordType.Completed });
            WriteInformation(_batch.Summary(), new[] { "Summary" });
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                // Stopped with hosts in flight: let them end, and keep the identities saved so far.
                foreach (HostInFlight host in _inFlight) ((IAsyncResult)host.Task).AsyncWaitHandle.WaitOne();
                _inFlight.Clear();
                StopCollectingRowFailures();
                FlushIdentitiesQuietly(_batch);
            }
            base.Dispose(disposing);
        }

        /// <summary>
        /// Checks the row and makes its cloud-config here, so that a bad row fails even under -WhatIf; then saves a
        /// new identity and writes the host's files on another thread, the identity first.
        /// </summary>
        private void PublishHost(string row, int rowNumber)
        {
            ThrowRowFailure();
            _batch!.Claim(Hostname);
            BootSelectors selectors = _publisher!.Claim(MacAddress, SystemUuid, SerialNumber);
            HostIdentity? identity = AgentState == null ? _batch.Identify(Hostname) : null;
            foreach (string warning in identity?.Warnings ?? new string[0]) WriteWarning(warning);
            if (StateDelivery == Core.CloudConfig.StateDelivery.ConfigDrive)
            {
                WriteWarning($"{row}: a network boot has no config drive; the agent state travels inside the user_data (WriteFiles).");
            }
            // The identity travels inside the user_data: there is no drive to copy the state from.
            HostSpec spec = ToSpec(Hostname, identity?.AgentState ?? AgentState!);
            spec.StateDelivery = Core.CloudConfig.StateDelivery.WriteFiles;
            byte[] userData = RancherCloudConfig.Create(spec).GetUserData();

            if (!ShouldProcess(_layout!.UrlOf(NetBootLayout.HostScript(selectors.PrimaryName)), $"Publish the network boot of {Hostname}")) return;
            if (identity != null && !_savesCleaned)
            {
                _batch.Store.RemoveAbandonedSaves();
                _savesCleaned = true;
            }
            string hostname = Hostname;
            bool netBoot = NetBoot ?? true;
            List<string> warnings = new List<string>();
            _inFlight.Enqueue(new HostInFlight(hostname, row, rowNumber, warnings, System.Threading.Tasks.Task.Run(() =>
            {
                if (identity != null)
                {
                    HostIdentity kept = _batch.Keep(identity);
                    foreach (string warning in kept.Warnings) warnings.Add($"{row}: {warning}");
                    if (!ReferenceEquals(kept.AgentState, spec.AgentState))
                    {
                        spec.AgentState = kept.AgentState;
                        userData = RancherCloudConfig.Create(spec).GetUserData();
                    }
                }
                return _publisher.Publish(hostname, selectors, netBoot, userData, spec.AgentState);
            })));
        }

        /// <summary>
        /// Writes out, in input order, the hosts that are published (all of them when asked to wait), with their
        /// warnings and errors: only the pipeline thread may write them.
        /// </summary>
        private void EmitFinished(bool waitForAll)
        {
            while (_inFlight.Count > 0 && (waitForAll || _inFlight.Count >= MaxInFlight || _inFlight.Peek().Task.IsCompleted))
            {
                HostInFlight host = _inFlight.Dequeue();
                RunRow(_batch!, host.Hostname, host.RowNumber, host.Row, () =>
                {
                    NetBootHost published = host.Task.GetAwaiter().GetResult();
                    foreach (string warning in host.Warnings) WriteWarning(warning);
                    _batch!.RecordMade();
                    WriteObject(published);
                }, IsRowFailure);
                if (_sinceProgress.Elapsed >= ProgressInterval)
                {
                    WriteProgress(new ProgressRecord(1, Activity, $"{host.Hostname} ({_batch!.Made} published so far)"));
                    _sinceProgress.Restart();
                }
            }
        }

        private void HandleStale(StaleHost stale)
        {
            string name = stale.Hostname == null ? stale.Name : $"{stale.Hostname} ({stale.Name})";
            if (!Prune)
            {
                WriteWarning($"The host {name} is published in {_layout!.Root} but not in this batch; -Prune removes it.");
            }
            else if (_batch!.Failed > 0)
            {
                WriteWarning($"The host {name} is not in this batch, but is kept: -Prune removes nothing while rows of the batch failed.");
            }
            else if (ShouldProcess(string.Join(", ", stale.Files), $"Remove the network boot of {name}, which is not in this batch"))
            {
                _publisher!.Remove(stale);
                WriteVerbose($"Removed the network boot of {name}.");
            }
        }

        /// <summary>The identity store; never under the served folder, where anyone could read every identity.</summary>
        private string ServableStateRoot(NetBootLayout layout)
        {
            string root = StateRoot(StateDirectory);
            if (layout.Serves(root))
            {
                throw new NetBootException(NetBootError.StateDirectoryServed,
                    $"The state folder '{root}' is inside the published folder '{layout.Root}', where the web server would serve every host's identity; keep it elsewhere.");
            }
            return root;
        }

        /// <summary>Runs batch-wide work; a failure stops the batch with one error.</summary>
        private void Terminating(object target, Action work)
        {
            try
            {
                work();
            }
            catch (Exception e) when (IsRowFailure(e))
            {
                ThrowTerminatingError(ErrorRecords.Create(e, target));
            }
        }

        private static bool IsRowFailure(Exception e) =>
            e is NetBootException || e is HostStateException || e is HostSpecException || e is HostImageException || e is AgentStateException
            || e is IsoFormatException || e is IOException || e is UnauthorizedAccessException || e is ArgumentException;

        private const string Activity = "Publishing disk-less hosts for network boot";

        private sealed class HostInFlight
        {
            public HostInFlight(string hostname, string row, int rowNumber, List<string> warnings, System.Threading.Tasks.Task<NetBootHost> task)
            {
                Hostname = hostname;
                Row = row;
                RowNumber = rowNumber;
                Warnings = warnings;
                Task = task;
            }

            public string Hostname { get; }

            public string Row { get; }

            public int RowNumber { get; }

            /// <summary>Filled by the task before it completes; read on the pipeline thread after.</summary>
            public List<string> Warnings { get; }

            public System.Threading.Tasks.Task<NetBootHost> Task { get; }
        }
    }
}
