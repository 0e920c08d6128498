using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using DisklessRancher.Core.AgentState;
using DisklessRancher.Core.Batches;
using DisklessRancher.Core.CloudConfig;
using DisklessRancher.Core.HostImages;
using DisklessRancher.Core.IO;
using DisklessRancher.Files;
using DisklessRancher.Iso9660;

namespace DisklessRancher.Commands
{
    /// <summary>
    /// Makes one bootable image per host: the base RancherOS ISO with the host's user_data and agent identity
    /// appended and the volume labelled config-2. Rows fail one by one; the others are still made.
    /// </summary>
    // The cloud-config set is the default so that a row missing Hostname (or naming it "Hostname ") still reaches
    // ProcessRecord, through InputObject, and fails there with an error naming its row.
    [Cmdlet(VerbsCommon.New, "DisklessHostIso", DefaultParameterSetName = CloudConfigSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(DisklessHostImage))]
    public sealed class NewDisklessHostIsoCommand : HostSettingsCmdlet
    {
        private const string SettingsSet = "Settings";
        private const string CloudConfigSet = "CloudConfig";
        private const string UserDataSet = "UserData";

        // Images being written, put in place and hashed on other threads, oldest first; at most this many at a time.
        private const int MaxInFlight = 2;
        private readonly Queue<ImageInFlight> _inFlight = new Queue<ImageInFlight>();
        private readonly HostImageComposer _composer = new HostImageComposer();
        private readonly HashSet<string> _cleanedFolders = new HashSet<string>(StringComparer.Ordinal);
        private string? _baseIso;
        private string _outputDirectory = string.Empty;
        private HostBatch? _batch;
        private string[] _commandLineSettings = new string[0];
        private PipelineRowColumns? _columns;
        private bool _defaultAgentImageNoted;

        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = SettingsSet)]
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = UserDataSet)]
        public string Hostname { get; set; } = string.Empty;

        /// <summary>The row as piped (an Import-Csv row), for the checks of its columns.</summary>
        [Parameter(ValueFromPipeline = true, ParameterSetName = SettingsSet, DontShow = true)]
        [Parameter(ValueFromPipeline = true, ParameterSetName = UserDataSet, DontShow = true)]
        public PSObject? InputObject { get; set; }

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = CloudConfigSet)]
        public RancherCloudConfig? CloudConfig { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = UserDataSet)]
        public string? UserDataPath { get; set; }

        [Parameter]
        public string? BaseIso { get; set; }

        [Parameter]
        public string? StateDirectory { get; set; }

        [Parameter]
        public string? OutputDirectory { get; set; }

        [Parameter]
        public string? OutFile { get; set; }

        [Parameter]
        public string[]? KernelArgument { get; set; }

        [Parameter]
        public SwitchParameter DisableAutologin { get; set; }

        [Parameter]
        public SwitchParameter RemoveLocalStateArgument { get; set; }

        [Parameter]
        public SwitchParameter ConfigDriveOnly { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void BeginProcessing()
        {
            if (ConfigDriveOnly == (BaseIso != null))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new PSArgumentException(ConfigDriveOnly
                        ? "Give either -BaseIso or -ConfigDriveOnly: a config-drive-only image is made without a base image."
                        : "-BaseIso is required: the RancherOS ISO each host image is made from (or -ConfigDriveOnly for a config drive alone)."),
                    ErrorIds.BaseIsoRequired, ErrorCategory.InvalidArgument, BaseIso));
            }
            if (BaseIso != null)
            {
                _baseIso = ResolveBaseIso(BaseIso);
                WarnOfLocalDiskArguments(_baseIso);
            }

            // A piped cloud-config's own properties bind to the settings too; only those given here are the user's.
            _commandLineSettings = GivenSettings().ToArray();
            _outputDirectory = PathResolver.ResolveOutput(this, OutputDirectory ?? ".");
            _batch = new HostBatch(new HostStateStore(ResolveStateDirectory()), LegacyStore());
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
            string hostname = CloudConfig?.Hostname ?? Hostname;
            string row = DescribeRow(hostname, rowNumber);
            RunRow(_batch, hostname, rowNumber, row, () => MakeImage(hostname, row, rowNumber, badColumn), IsRowFailure);
            EmitFinished(waitForAll: false);
        }

        protected override void EndProcessing()
        {
            StopCollectingRowFailures();
            EmitFinished(waitForAll: true);
            try
            {
                _batch!.Store.FlushToDisk();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                ThrowTerminatingError(ErrorRecords.Create(e, _batch!.Store.Root));
            }
            WriteProgress(new ProgressRecord(BatchActivityId, BatchActivity, $"{_batch.Made} made") { RecordType = ProgressRecordType.Completed });
            WriteInformation(_batch.Summary(), new[] { "Summary" });
        }

        protected override void Dispose(bool disposing)
        {
            // Stopped with images in flight: let them end (a cancelled one deletes its temporary file), and keep the
            // identities saved so far.
            while (disposing && _inFlight.Count > 0)
            {
                try
                {
                    _inFlight.Dequeue().Task.Wait();
                }
                catch (AggregateException)
                {
                    // Already failed or cancelled: the error was reported, or the pipeline is stopping.
                }
            }
            if (disposing)
            {
                StopCollectingRowFailures();
                _composer.Dispose();
                FlushIdentitiesQuietly(_batch);
            }
            base.Dispose(disposing);
        }

        /// <summary>
        /// Writes out, in input order, the images that are done (all of them when asked to wait), and meanwhile the
        /// progress of those still being written: only the pipeline thread may write either.
        /// </summary>
        private void EmitFinished(bool waitForAll)
        {
            while (_inFlight.Count > 0 && (waitForAll || _inFlight.Count >= MaxInFlight || _inFlight.Peek().Task.IsCompleted))
            {
                ImageInFlight image = _inFlight.Peek();
                // The wait handle, unlike Task.Wait, does not throw for a failed image; its error is written below.
                while (!((IAsyncResult)image.Task).AsyncWaitHandle.WaitOne(ImageProgress.Interval))
                {
                    foreach (ImageInFlight writing in _inFlight) writing.Progress.Publish();
                }
                _inFlight.Dequeue();
                image.Progress.PublishDone();
                RunRow(_batch!, image.Hostname, image.RowNumber, image.Row, () =>
                {
                    DisklessHostImage done = image.Task.GetAwaiter().GetResult();
                    foreach (string warning in image.Warnings) WriteWarning(warning);
                    _batch!.RecordMade();
                    WriteObject(done);
                }, IsRowFailure);
            }
        }

        private void MakeImage(string hostname, string row, int rowNumber, ArgumentException? badColumn)
        {
            if (badColumn != null) throw badColumn;
            ThrowRowFailure();
            _batch!.Claim(hostname);
            if (OutFile != null && rowNumber > 1)
            {
                throw new HostImageException(HostImageError.OutFileForOneHost, "-OutFile names one image, but more than one host came down the pipeline; use -OutputDirectory instead.");
            }

            string output = OutFile != null ? PathResolver.ResolveOutput(this, OutFile) : Path.Combine(_outputDirectory, hostname + ".iso");
            HostIdentity? identity = CloudConfig == null && AgentState == null ? _batch.Identify(hostname, output) : null;
            foreach (string warning in identity?.Warnings ?? new string[0]) WriteWarning(warning);
            HostImagePlan plan = Plan(hostname, identity?.AgentState ?? AgentState);
            if (!ShouldProcess(output, $"Create the disk-less host image of {hostname}")) return;

            if (identity != null)
            {
                HostIdentity kept = _batch.Keep(identity);
                foreach (string warning in kept.Warnings) WriteWarning($"{row}: {warning}");
                if (!ReferenceEquals(kept.AgentState, identity.AgentState)) plan = Plan(hostname, kept.AgentState);
                identity = kept;
            }

            string folder = Path.GetDirectoryName(output)!;
            Directory.CreateDirectory(folder);
            RemoveAbandonedFiles(folder);
            HostImageRequest request = new HostImageRequest(hostname, output, plan.UserData)
            {
                BaseIsoPath = _baseIso,
                AgentState = plan.AgentState,
                StatePath = identity?.StatePath,
                StateOnDrive = plan.StateOnDrive,
                DisableAutologin = DisableAutologin,
                RemoveLocalStateArguments = RemoveLocalStateArgument,
                Overwrite = Force,
            };
            foreach (string argument in KernelArgument ?? new string[0]) request.KernelArguments.Add(argument);

            WriteProgress(new ProgressRecord(BatchActivityId, BatchActivity, $"{hostname} ({_batch.Made} made so far)"));
            ImageProgress progress = new ImageProgress(this, hostname, BatchActivityId + rowNumber);
            // The copy of the base is the long part; made on another thread, it overlaps the next row's planning.
            List<string> warnings = new List<string>();
            _inFlight.Enqueue(new ImageInFlight(hostname, row, rowNumber, progress, warnings, System.Threading.Tasks.Task.Run(() =>
            {
                using (PendingHostImage pending = _composer.Write(request, progress, CancellationToken))
                {
                    warnings.AddRange(pending.Warnings);
                    return pending.Complete(CancellationToken);
                }
            })));
        }

        /// <summary>
        /// What this record's image will carry, with <paramref name="agentState"/> as the host's identity (a new one
        /// is saved only once the image is sure to be written, so -WhatIf saves nothing).
        /// </summary>
        private HostImagePlan Plan(string hostname, RancherAgentState? agentState)
        {
            if (CloudConfig != null)
            {
                RefuseSettings("-CloudConfig (New-RancherCloudConfig) carries the whole cloud-config", _commandLineSettings, hostname);
                if (CloudConfig.AgentState == null)
                {
                    WriteWarning($"The cloud-config of {hostname} carries no agent state: the host will join Rancher as a new host at every boot. " +
                        "Give New-RancherCloudConfig -AgentState, or give the settings to New-DisklessHostIso itself to keep the identity in the identity store.");
                }
                return new HostImagePlan(CloudConfig.GetUserData(), CloudConfig.AgentState,
                    CloudConfig.AgentState != null && CloudConfig.StateDelivery == Core.CloudConfig.StateDelivery.ConfigDrive);
            }

            if (UserDataPath != null)
            {
                RefuseSettings("-UserDataPath gives the whole user_data", GivenSettings().Where(name => name != nameof(AgentState)), hostname);
                string path = PathResolver.ResolveOutput(this, UserDataPath);
                UserDataFile file = UserDataFile.Read(path);
                if (!file.DeliversAgentState) WriteWarning(UserDataFile.IdentityWarning(hostname, path));
                return new HostImagePlan(file.Content, agentState, file.DeliversAgentState);
            }

            RancherCloudConfig config = RancherCloudConfig.Create(ToSpec(hostname, agentState));
            NoteDefaultAgentImage(config);
            return new HostImagePlan(config.GetUserData(), agentState, config.StateDelivery == Core.CloudConfig.StateDelivery.ConfigDrive);
        }

        private static void RefuseSettings(string reason, IEnumerable<string> given, string hostname)
        {
            List<string> names = given.ToList();
            if (names.Count == 0) return;
            throw new HostImageException(HostImageError.SettingsNotApplicable,
                $"{reason} of {hostname}, so {string.Join(", ", names.Select(name => "-" + name))} cannot apply to it: put the setting there, or leave it out.");
        }

        private string ResolveStateDirectory()
        {
            try
            {
                return StateRoot(StateDirectory);
            }
            catch (HostStateException e)
            {
                ThrowTerminatingError(ErrorRecords.Create(e, null));
                throw;
            }
        }

        /// <summary>Where older versions kept identities when no -StateDirectory was given: read while it exists.</summary>
        private HostStateStore? LegacyStore()
        {
            string legacy = Path.Combine(_outputDirectory, "state");
            return StateDirectory == null && Directory.Exists(legacy) ? new HostStateStore(legacy) : null;
        }

        /// <summary>Once per folder of this batch: the temporary files left by runs that were killed.</summary>
        private void RemoveAbandonedFiles(string folder)
        {
            if (!_cleanedFolders.Add(folder)) return;
            if (_cleanedFolders.Count == 1) _batch!.Store.RemoveAbandonedSaves();
            int removed = AbandonedTemporaries.Remove(folder);
            if (removed > 0) WriteVerbose($"Removed {removed} temporary image file(s) left in '{folder}' by a run that was stopped.");
        }

        /// <summary>Once per batch: the agent image should be the one the server names.</summary>
        private void NoteDefaultAgentImage(RancherCloudConfig config)
        {
            if (_defaultAgentImageNoted || !config.UsesDefaultAgentImage) return;
            _defaultAgentImageNoted = true;
            WriteVerbose(RancherCloudConfig.DefaultAgentImageNote);
        }

        private void WarnOfLocalDiskArguments(string baseIso)
        {
            try
            {
                ReportLocalDiskArguments(BootConfigFiles.LocalDiskArguments(baseIso), RemoveLocalStateArgument);
            }
            catch (Exception e) when (e is IsoFormatException || e is IOException || e is UnauthorizedAccessException)
            {
                // Each row reports an unreadable base.
            }
        }

        private static bool IsRowFailure(Exception e) =>
            e is HostSpecException || e is HostImageException || e is HostStateException || e is AgentStateException || e is IsoFormatException || e is IsoOutputException
            || e is IsoLabelException || e is IOException || e is UnauthorizedAccessException || e is ArgumentException
            || e is NotSupportedException || e is InvalidOperationException;

        private const int BatchActivityId = 1;
        private const string BatchActivity = "Making disk-less host images";

        private sealed class ImageInFlight
        {
            public ImageInFlight(string hostname, string row, int rowNumber, ImageProgress progress, List<string> warnings, System.Threading.Tasks.Task<DisklessHostImage> task)
            {
                Hostname = hostname;
                Row = row;
                RowNumber = rowNumber;
                Progress = progress;
                Warnings = warnings;
                Task = task;
            }

            /// <summary>Filled by the task before it completes; read on the pipeline thread after.</summary>
            public List<string> Warnings { get; }

            public string Hostname { get; }

            public string Row { get; }

            public int RowNumber { get; }

            public ImageProgress Progress { get; }

            public System.Threading.Tasks.Task<DisklessHostImage> Task { get; }
        }

        private readonly struct HostImagePlan
        {
            public HostImagePlan(byte[] userData, RancherAgentState? agentState, bool stateOnDrive)
            {
                UserData = userData;
                AgentState = agentState;
                StateOnDrive = stateOnDrive;
            }

            public byte[] UserData { get; }

            public RancherAgentState? AgentState { get; }

            public bool StateOnDrive { get; }
        }

        /// <summary>
        /// Takes the bytes written for one image from the thread that writes it, and shows them under the batch's
        /// activity when the pipeline thread publishes them.
        /// </summary>
        private sealed class ImageProgress : IProgress<IsoWriteProgress>
        {
            public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
            private readonly Cmdlet _cmdlet;
            private readonly string _hostname;
            private readonly int _activityId;
            private readonly object _gate = new object();
            private IsoWriteProgress? _latest;

            /// <param name="activityId">Its own, since two images are written at a time.</param>
            public ImageProgress(Cmdlet cmdlet, string hostname, int activityId)
            {
                _cmdlet = cmdlet;
                _hostname = hostname;
                _activityId = activityId;
            }

            public void Report(IsoWriteProgress value)
            {
                lock (_gate) _latest = value;
            }

            public void Publish()
            {
                IsoWriteProgress? latest;
                lock (_gate) latest = _latest;
                if (latest == null) return;
                IsoWriteProgress value = latest.Value;
                int percent = value.TotalBytes == 0 ? 100 : (int)(100 * value.BytesWritten / value.TotalBytes);
                _cmdlet.WriteProgress(Record($"{value.BytesWritten / (1 << 20)} of {value.TotalBytes / (1 << 20)} MiB", Math.Min(percent, 100), ProgressRecordType.Processing));
            }

            public void PublishDone() => _cmdlet.WriteProgress(Record("done", 100, ProgressRecordType.Completed));

            private ProgressRecord Record(string status, int percent, ProgressRecordType type) =>
                new ProgressRecord(_activityId, $"Writing the image of {_hostname}", status)
                {
                    ParentActivityId = BatchActivityId,
                    PercentComplete = percent,
                    RecordType = type,
                };
        }
    }
}
