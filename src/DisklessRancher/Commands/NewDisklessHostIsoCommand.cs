using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using DisklessRancher.Core.AgentState;
using DisklessRancher.Core.CloudConfig;
using DisklessRancher.Core.HostImages;
using DisklessRancher.Iso9660;

namespace DisklessRancher.Commands
{
    /// <summary>
    /// Makes one bootable image per host: the base RancherOS ISO with the host's user_data and agent identity
    /// appended and the volume labelled config-2. Rows fail one by one; the others are still made.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "DisklessHostIso", DefaultParameterSetName = SettingsSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(DisklessHostImage))]
    public sealed class NewDisklessHostIsoCommand : HostSettingsCmdlet
    {
        private const string SettingsSet = "Settings";
        private const string CloudConfigSet = "CloudConfig";
        private const string UserDataSet = "UserData";

        // Images being written, put in place and hashed on other threads, oldest first; at most this many at a time.
        private const int MaxInFlight = 2;
        private readonly Queue<ImageInFlight> _inFlight = new Queue<ImageInFlight>();
        private readonly HashSet<string> _hostnames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly HostImageComposer _composer = new HostImageComposer();
        private string? _baseIso;
        private string _outputDirectory = string.Empty;
        private HostStateStore? _stateStore;
        private int _row;
        private int _made;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = SettingsSet)]
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = UserDataSet)]
        public string Hostname { get; set; } = string.Empty;

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
            if (BaseIso != null) _baseIso = ResolveBaseIso(BaseIso);

            _outputDirectory = PathResolver.ResolveOutput(this, OutputDirectory ?? ".");
            _stateStore = new HostStateStore(StateDirectory == null
                ? Path.Combine(_outputDirectory, "state")
                : PathResolver.ResolveOutput(this, StateDirectory));
        }

        protected override void ProcessRecord()
        {
            _row++;
            string hostname = CloudConfig?.Hostname ?? Hostname;
            string row = DescribeRow(hostname);
            Guard(hostname, row, () => MakeImage(hostname, row));
            EmitFinished(waitForAll: false);
        }

        protected override void EndProcessing()
        {
            EmitFinished(waitForAll: true);
            try
            {
                _stateStore!.FlushToDisk();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                ThrowTerminatingError(ErrorRecords.Create(e, _stateStore!.Root));
            }
            WriteProgress(new ProgressRecord(BatchActivityId, BatchActivity, $"{_made} made") { RecordType = ProgressRecordType.Completed });
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
                _composer.Dispose();
                FlushIdentitiesQuietly();
            }
            base.Dispose(disposing);
        }

        private void FlushIdentitiesQuietly()
        {
            try
            {
                _stateStore?.FlushToDisk();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // The pipeline is already stopping; the files are in place and the write-back will carry them.
            }
        }

        /// <summary>Runs one row's work; a failure of that row becomes one error naming it, and the pipeline goes on.</summary>
        private void Guard(string hostname, string row, Action work)
        {
            try
            {
                work();
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception e) when (IsRowFailure(e))
            {
                ErrorRecord error = ErrorRecords.Create(e, hostname);
                error.ErrorDetails = new ErrorDetails($"{row}: {error.ErrorDetails?.Message ?? e.Message}");
                WriteError(error);
            }
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
                Guard(image.Hostname, image.Row, () =>
                {
                    DisklessHostImage done = image.Task.GetAwaiter().GetResult();
                    foreach (string warning in image.Warnings) WriteWarning(warning);
                    _made++;
                    WriteObject(done);
                });
            }
        }

        private void MakeImage(string hostname, string row)
        {
            if (!_hostnames.Add(hostname))
            {
                throw new HostImageException(HostImageError.DuplicateHostname, $"The hostname {hostname} appears more than once in this batch; each host needs its own image and identity.");
            }
            if (OutFile != null && _row > 1)
            {
                throw new HostImageException(HostImageError.OutFileForOneHost, "-OutFile names one image, but more than one host came down the pipeline; use -OutputDirectory instead.");
            }

            HostImagePlan plan = Plan(hostname);
            string output = OutFile != null ? PathResolver.ResolveOutput(this, OutFile) : Path.Combine(_outputDirectory, hostname + ".iso");
            if (!ShouldProcess(output, $"Create the disk-less host image of {hostname}")) return;

            if (plan.NewIdentity)
            {
                _stateStore!.Save(hostname, plan.AgentState!);
                WriteVerbose($"{row}: a new agent identity (docker uuid {plan.AgentState!.DockerUuid}) saved in {_stateStore.FolderOf(hostname)}.");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            HostImageRequest request = new HostImageRequest(hostname, output, plan.UserData)
            {
                BaseIsoPath = _baseIso,
                AgentState = plan.AgentState,
                StateOnDrive = plan.StateOnDrive,
                DisableAutologin = DisableAutologin,
                Overwrite = Force,
            };
            foreach (string argument in KernelArgument ?? new string[0]) request.KernelArguments.Add(argument);

            WriteProgress(new ProgressRecord(BatchActivityId, BatchActivity, $"{hostname} ({_made} made so far)"));
            ImageProgress progress = new ImageProgress(this, hostname, BatchActivityId + _row);
            // The copy of the base is the long part; made on another thread, it overlaps the next row's planning.
            List<string> warnings = new List<string>();
            _inFlight.Enqueue(new ImageInFlight(hostname, row, progress, warnings, System.Threading.Tasks.Task.Run(() =>
            {
                using (PendingHostImage pending = _composer.Write(request, progress, CancellationToken))
                {
                    warnings.AddRange(pending.Warnings);
                    return pending.Complete(CancellationToken);
                }
            })));
        }

        /// <summary>
        /// What this record's image will carry. A host without a given identity takes the one saved in the state
        /// folder, or a new one, which is saved only once the image is sure to be written (so -WhatIf saves nothing).
        /// </summary>
        private HostImagePlan Plan(string hostname)
        {
            if (CloudConfig != null)
            {
                if (CloudConfig.AgentState == null)
                {
                    WriteWarning($"The cloud-config of {hostname} carries no agent state: the host will join Rancher as a new host at every boot. " +
                        "Give New-RancherCloudConfig -AgentState, or give the settings to New-DisklessHostIso itself to keep the identity in -StateDirectory.");
                }
                return new HostImagePlan(CloudConfig.GetUserData(), CloudConfig.AgentState, false,
                    CloudConfig.AgentState != null && CloudConfig.StateDelivery == Core.CloudConfig.StateDelivery.ConfigDrive);
            }

            RancherAgentState? saved = AgentState ?? (_stateStore!.Has(hostname) ? _stateStore.Read(hostname) : null);
            bool newIdentity = saved == null;
            RancherAgentState state = saved ?? RancherAgentState.Generate();

            if (UserDataPath != null)
            {
                UserDataFile.CheckHostname(hostname);
                string path = PathResolver.ResolveOutput(this, UserDataPath);
                return new HostImagePlan(UserDataFile.Read(path), state, newIdentity, true);
            }

            RancherCloudConfig config = RancherCloudConfig.Create(ToSpec(hostname, state));
            return new HostImagePlan(config.GetUserData(), state, newIdentity, config.StateDelivery == Core.CloudConfig.StateDelivery.ConfigDrive);
        }

        private string ResolveBaseIso(string path)
        {
            string resolved = PathResolver.ResolveOutput(this, path);
            if (File.Exists(resolved)) return resolved;
            ThrowTerminatingError(new ErrorRecord(
                Directory.Exists(resolved)
                    ? new IOException($"The base image '{path}' is a directory, not an ISO file.")
                    : new FileNotFoundException($"The base image '{path}' does not exist.", path),
                Directory.Exists(resolved) ? ErrorIds.PathIsDirectory : ErrorIds.PathNotFound,
                Directory.Exists(resolved) ? ErrorCategory.InvalidArgument : ErrorCategory.ObjectNotFound, path));
            return resolved;
        }

        private string DescribeRow(string hostname)
        {
            string name = string.IsNullOrEmpty(hostname) ? "(no hostname)" : hostname;
            // Import-Csv rows are numbered from the line after the header.
            return MyInvocation.ExpectingInput ? $"{name} (row {_row}, CSV line {_row + 1})" : name;
        }

        private static bool IsRowFailure(Exception e) =>
            e is HostSpecException || e is HostImageException || e is AgentStateException || e is IsoFormatException || e is IsoOutputException
            || e is IsoLabelException || e is IOException || e is UnauthorizedAccessException || e is ArgumentException
            || e is NotSupportedException || e is InvalidOperationException;

        private const int BatchActivityId = 1;
        private const string BatchActivity = "Making disk-less host images";

        private sealed class ImageInFlight
        {
            public ImageInFlight(string hostname, string row, ImageProgress progress, List<string> warnings, System.Threading.Tasks.Task<DisklessHostImage> task)
            {
                Hostname = hostname;
                Row = row;
                Progress = progress;
                Warnings = warnings;
                Task = task;
            }

            /// <summary>Filled by the task before it completes; read on the pipeline thread after.</summary>
            public List<string> Warnings { get; }

            public string Hostname { get; }

            public string Row { get; }

            public ImageProgress Progress { get; }

            public System.Threading.Tasks.Task<DisklessHostImage> Task { get; }
        }

        private readonly struct HostImagePlan
        {
            public HostImagePlan(byte[] userData, RancherAgentState? agentState, bool newIdentity, bool stateOnDrive)
            {
                UserData = userData;
                AgentState = agentState;
                NewIdentity = newIdentity;
                StateOnDrive = stateOnDrive;
            }

            public byte[] UserData { get; }

            public RancherAgentState? AgentState { get; }

            public bool NewIdentity { get; }

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
