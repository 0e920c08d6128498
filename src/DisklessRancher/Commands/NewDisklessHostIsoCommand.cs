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
    public sealed class NewDisklessHostIsoCommand : HostBatchCmdlet<DisklessHostImage>
    {
        private const string SettingsSet = "Settings";
        private const string CloudConfigSet = "CloudConfig";
        private const string UserDataSet = "UserData";

        private readonly HostImageComposer _composer = new HostImageComposer();
        private readonly HashSet<string> _cleanedFolders = new HashSet<string>(StringComparer.Ordinal);
        // Images being written, each with its own progress, shown by the pipeline thread.
        private readonly Dictionary<int, ImageProgress> _writing = new Dictionary<int, ImageProgress>();
        private string? _baseIso;
        private string _outputDirectory = string.Empty;
        private string? _outFile;
        private string[] _commandLineSettings = new string[0];
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
        public string? OutputDirectory { get; set; }

        [Parameter]
        public string? OutFile { get; set; }

        [Parameter]
        public SwitchParameter ConfigDriveOnly { get; set; }

        // Images being written, put in place and hashed on other threads; at most this many at a time.
        protected override int MaxInFlight => 2;

        protected override string Activity => "Making disk-less host images";

        protected override PSObject? InputRow => InputObject;

        protected override string RowHostname => CloudConfig?.Hostname ?? Hostname;

        protected override HostBatch BeginBatch()
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
            _outFile = OutFile == null ? null : PathResolver.ResolveOutput(this, OutFile);
            return new HostBatch(new HostStateStore(StateRoot()), LegacyStore());
        }

        protected override void DescribeRow(HostRow row)
        {
            row.UsesStore = CloudConfig == null && AgentState == null;
            row.OutputPath = () =>
            {
                if (_outFile != null && row.Number > 1)
                {
                    throw new HostImageException(HostImageError.OutFileForOneHost, "-OutFile names one image, but more than one host came down the pipeline; use -OutputDirectory instead.");
                }
                return _outFile ?? Path.Combine(_outputDirectory, row.Hostname + ".iso");
            };
        }

        protected override HostOutputWork<DisklessHostImage>? Step(HostRow row, HostIdentity? identity, string? outputPath)
        {
            string hostname = row.Hostname;
            string output = outputPath!;
            Func<RancherAgentState?, HostImagePlan> plan = Plan(hostname);
            HostImagePlan planned = plan(identity?.AgentState ?? AgentState);
            if (!ShouldProcess(output, $"Create the disk-less host image of {hostname}")) return null;

            string folder = Path.GetDirectoryName(output)!;
            Directory.CreateDirectory(folder);
            RemoveAbandonedFiles(folder);
            string[] kernelArguments = KernelArgument ?? new string[0];
            bool disableAutologin = DisableAutologin, removeLocalState = RemoveLocalStateArgument, overwrite = Force;

            WriteProgress(new ProgressRecord(ActivityId, Activity, $"{hostname} ({Batch.Made} made so far)"));
            ImageProgress progress = new ImageProgress(this, hostname, ActivityId + row.Number);
            _writing.Add(row.Number, progress);
            // The copy of the base is the long part; made on another thread, it overlaps the next row's planning.
            return (keptState, warnings) =>
            {
                HostImagePlan kept = identity == null || ReferenceEquals(keptState, planned.AgentState) ? planned : plan(keptState);
                HostImageRequest request = new HostImageRequest(hostname, output, kept.UserData)
                {
                    BaseIsoPath = _baseIso,
                    AgentState = kept.AgentState,
                    StatePath = identity?.StatePath,
                    StateOnDrive = kept.StateOnDrive,
                    DisableAutologin = disableAutologin,
                    RemoveLocalStateArguments = removeLocalState,
                    Overwrite = overwrite,
                };
                foreach (string argument in kernelArguments) request.KernelArguments.Add(argument);
                using (PendingHostImage pending = _composer.Write(request, progress, CancellationToken))
                {
                    foreach (string warning in pending.Warnings) warnings.Add(warning);
                    return pending.Complete(CancellationToken);
                }
            };
        }

        protected override void Waiting()
        {
            foreach (ImageProgress writing in _writing.Values) writing.Publish();
        }

        protected override void RowDone(HostRow row)
        {
            if (!_writing.TryGetValue(row.Number, out ImageProgress? progress)) return;
            _writing.Remove(row.Number);
            progress.PublishDone();
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing) _composer.Dispose();
        }

        /// <summary>
        /// Checks what this record's image will carry and returns how to make it with a given identity: the host's
        /// identity is saved on another thread, and another run may have saved one for it meanwhile.
        /// </summary>
        private Func<RancherAgentState?, HostImagePlan> Plan(string hostname)
        {
            if (CloudConfig != null)
            {
                RefuseSettings("-CloudConfig (New-RancherCloudConfig) carries the whole cloud-config", _commandLineSettings, hostname);
                if (CloudConfig.AgentState == null)
                {
                    WriteWarning($"The cloud-config of {hostname} carries no agent state: the host will join Rancher as a new host at every boot. " +
                        "Give New-RancherCloudConfig -AgentState, or give the settings to New-DisklessHostIso itself to keep the identity in the identity store.");
                }
                HostImagePlan whole = new HostImagePlan(CloudConfig.GetUserData(), CloudConfig.AgentState,
                    CloudConfig.AgentState != null && CloudConfig.StateDelivery == Core.CloudConfig.StateDelivery.ConfigDrive);
                return _ => whole;
            }

            if (UserDataPath != null)
            {
                RefuseSettings("-UserDataPath gives the whole user_data", GivenSettings().Where(name => name != nameof(AgentState)), hostname);
                string path = PathResolver.ResolveOutput(this, UserDataPath);
                UserDataFile file = UserDataFile.Read(path);
                if (!file.DeliversAgentState) WriteWarning(UserDataFile.IdentityWarning(hostname, path));
                return agentState => new HostImagePlan(file.Content, agentState, file.DeliversAgentState);
            }

            HostSpec spec = ToSpec(hostname, null);
            NoteDefaultAgentImage(RancherCloudConfig.Create(spec));
            return agentState =>
            {
                spec.AgentState = agentState;
                RancherCloudConfig config = RancherCloudConfig.Create(spec);
                return new HostImagePlan(config.GetUserData(), agentState, config.StateDelivery == Core.CloudConfig.StateDelivery.ConfigDrive);
            };
        }

        private static void RefuseSettings(string reason, IEnumerable<string> given, string hostname)
        {
            List<string> names = given.ToList();
            if (names.Count == 0) return;
            throw new HostImageException(HostImageError.SettingsNotApplicable,
                $"{reason} of {hostname}, so {string.Join(", ", names.Select(name => "-" + name))} cannot apply to it: put the setting there, or leave it out.");
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
                ReportLocalDiskArguments(BootConfigFiles.LocalDiskArguments(baseIso));
            }
            catch (Exception e) when (e is IsoFormatException || e is IOException || e is UnauthorizedAccessException)
            {
                // Each row reports an unreadable base.
            }
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
                    ParentActivityId = ActivityId,
                    PercentComplete = percent,
                    RecordType = type,
                };
        }
    }
}
