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

        // Images written but still being put in place and hashed, oldest first; at most this many at a time.
        private const int MaxFinishing = 2;
        private readonly Queue<FinishingImage> _finishing = new Queue<FinishingImage>();
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
            // Stopped with images still finishing: let them end, then delete those not yet in place, and keep the
            // identities saved so far.
            while (disposing && _finishing.Count > 0)
            {
                FinishingImage image = _finishing.Dequeue();
                try
                {
                    image.Task.Wait();
                }
                catch (AggregateException)
                {
                    // Already failed or cancelled: the error was reported, or the pipeline is stopping.
                }
                image.Pending.Dispose();
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

        /// <summary>Writes out, in input order, the images whose finishing has ended (all of them when asked to wait).</summary>
        private void EmitFinished(bool waitForAll)
        {
            while (_finishing.Count > 0 && (waitForAll || _finishing.Count >= MaxFinishing || _finishing.Peek().Task.IsCompleted))
            {
                FinishingImage image = _finishing.Dequeue();
                Guard(image.Hostname, image.Row, () =>
                {
                    try
                    {
                        DisklessHostImage done = image.Task.GetAwaiter().GetResult();
                        _made++;
                        WriteObject(done);
                    }
                    finally
                    {
                        image.Pending.Dispose();
                    }
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

            ImageProgress progress = new ImageProgress(this, hostname, _made);
            PendingHostImage pending = _composer.Write(request, progress, CancellationToken);
            // Putting it in place and hashing it overlaps the next image's copy.
            _finishing.Enqueue(new FinishingImage(hostname, row, pending,
                System.Threading.Tasks.Task.Run(() => pending.Complete(CancellationToken))));
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
            e is HostSpecException || e is HostImageException || e is AgentStateException || e is IsoFormatException
            || e is IsoLabelException || e is IOException || e is UnauthorizedAccessException || e is ArgumentException
            || e is NotSupportedException || e is InvalidOperationException;

        private const int BatchActivityId = 1;
        private const string BatchActivity = "Making disk-less host images";

        private sealed class FinishingImage
        {
            public FinishingImage(string hostname, string row, PendingHostImage pending, System.Threading.Tasks.Task<DisklessHostImage> task)
            {
                Hostname = hostname;
                Row = row;
                Pending = pending;
                Task = task;
            }

            public string Hostname { get; }

            public string Row { get; }

            public PendingHostImage Pending { get; }

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

        /// <summary>Reports the bytes written for one image, under the batch's activity; called on the pipeline thread.</summary>
        private sealed class ImageProgress : IProgress<IsoWriteProgress>
        {
            private const int ImageActivityId = 2;
            private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
            private readonly Cmdlet _cmdlet;
            private readonly string _hostname;
            private DateTime _last = DateTime.MinValue;

            public ImageProgress(Cmdlet cmdlet, string hostname, int made)
            {
                _cmdlet = cmdlet;
                _hostname = hostname;
                _cmdlet.WriteProgress(new ProgressRecord(BatchActivityId, BatchActivity, $"{hostname} ({made} made so far)"));
            }

            public void Report(IsoWriteProgress value)
            {
                DateTime now = DateTime.UtcNow;
                bool done = value.BytesWritten >= value.TotalBytes;
                if (!done && now - _last < Interval) return;
                _last = now;
                int percent = value.TotalBytes == 0 ? 100 : (int)(100 * value.BytesWritten / value.TotalBytes);
                _cmdlet.WriteProgress(new ProgressRecord(ImageActivityId, $"Writing the image of {_hostname}", $"{value.BytesWritten / (1 << 20)} of {value.TotalBytes / (1 << 20)} MiB")
                {
                    ParentActivityId = BatchActivityId,
                    PercentComplete = Math.Min(percent, 100),
                    RecordType = done ? ProgressRecordType.Completed : ProgressRecordType.Processing,
                });
            }
        }
    }
}
