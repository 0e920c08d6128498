using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using DisklessRancher.Core.AgentState;
using DisklessRancher.Core.Batches;
using DisklessRancher.Core.CloudConfig;
using DisklessRancher.Core.HostImages;
using DisklessRancher.Files;
using DisklessRancher.Transformations;

namespace DisklessRancher
{
    /// <summary>
    /// The host settings a cloud-config is made from, shared by every cmdlet that makes one. Each binds from
    /// pipeline properties, so Import-Csv rows work; the transformations turn CSV strings into values or fail
    /// the row with a clear message. The hostname is declared by each cmdlet, since its parameter sets differ.
    /// </summary>
    public abstract class HostSettingsCmdlet : CancellablePSCmdlet
    {
        private bool _collecting;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Address { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Gateway { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Nameserver")]
        [CsvList(";", ",")]
        public string[]? Dns { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Search")]
        [CsvList(";", ",")]
        public string[]? DnsSearch { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [CsvInteger(HostField.Mtu)]
        public int? Mtu { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Interface { get; set; } = "eth0";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [CsvBoolean(HostField.Dhcp)]
        public bool? Dhcp { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? RegistrationUrl { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Image")]
        public string? AgentImage { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [HostLabel]
        public IDictionary? HostLabel { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AgentState]
        public RancherAgentState? AgentState { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [StateDelivery]
        [ArgumentCompleter(typeof(StateDeliveryCompleter))]
        public StateDelivery? StateDelivery { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [CsvList]
        public string[]? SshAuthorizedKey { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string[]? RunCommand { get; set; }

        /// <summary>Settings merged into the cloud-config: a YAML file's path, YAML text or a hashtable.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public object? CloudConfigAddition { get; set; }

        /// <summary>
        /// From here to <see cref="StopCollectingRowFailures"/> (call it from EndProcessing and Dispose), a CSV cell
        /// that cannot be converted binds as not given and fails its row through <see cref="ThrowRowFailure"/>,
        /// so the batch goes on with the right row numbers. Call it last in BeginProcessing.
        /// </summary>
        protected void CollectRowFailures()
        {
            if (_collecting) return;
            RowConversionFailures.StartCollecting();
            _collecting = true;
        }

        protected void StopCollectingRowFailures()
        {
            if (!_collecting) return;
            RowConversionFailures.StopCollecting();
            _collecting = false;
        }

        /// <summary>Throws the conversion failure of this record's cells (a <see cref="HostSpecException"/>), if one waits.</summary>
        protected static void ThrowRowFailure()
        {
            HostSpecException? failure = RowConversionFailures.Take();
            if (failure != null) throw failure;
        }

        /// <summary>The settings of this record as given, for <see cref="RancherCloudConfig.Create"/>.</summary>
        protected HostSpec ToSpec(string hostname, RancherAgentState? agentState)
        {
            ThrowRowFailure();
            HostSpec spec = new HostSpec
            {
                Hostname = hostname,
                Address = Given(Address),
                Gateway = Given(Gateway),
                Mtu = Mtu,
                Interface = Given(Interface),
                Dhcp = Dhcp,
                RegistrationUrl = Given(RegistrationUrl),
                AgentImage = Given(AgentImage),
                AgentState = agentState,
                StateDelivery = StateDelivery ?? Core.CloudConfig.StateDelivery.ConfigDrive,
                CloudConfigAddition = CloudConfigAdditionInput.From(this, CloudConfigAddition),
            };
            foreach (string server in Dns ?? new string[0]) spec.Dns.Add(server);
            foreach (string domain in DnsSearch ?? new string[0]) spec.DnsSearch.Add(domain);
            foreach (DictionaryEntry label in HostLabel ?? new Hashtable())
            {
                spec.HostLabels.Add(new KeyValuePair<string, string>((string)label.Key, (string)(label.Value ?? string.Empty)));
            }
            foreach (string key in SshAuthorizedKey ?? new string[0]) spec.SshAuthorizedKeys.Add(key);
            foreach (string line in RunCommand ?? new string[0])
            {
                if (!string.IsNullOrWhiteSpace(line)) spec.RunCommands.Add(line);
            }
            return spec;
        }

        /// <summary>The names of the settings this record gives a value (an empty CSV cell gives none).</summary>
        protected IEnumerable<string> GivenSettings()
        {
            if (Given(Address) != null) yield return nameof(Address);
            if (Given(Gateway) != null) yield return nameof(Gateway);
            if (Dns != null) yield return nameof(Dns);
            if (DnsSearch != null) yield return nameof(DnsSearch);
            if (Mtu != null) yield return nameof(Mtu);
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Interface)) && Given(Interface) != null) yield return nameof(Interface);
            if (Dhcp != null) yield return nameof(Dhcp);
            if (Given(RegistrationUrl) != null) yield return nameof(RegistrationUrl);
            if (Given(AgentImage) != null) yield return nameof(AgentImage);
            if (HostLabel != null && HostLabel.Count > 0) yield return nameof(HostLabel);
            if (AgentState != null) yield return nameof(AgentState);
            if (StateDelivery != null) yield return nameof(StateDelivery);
            if (SshAuthorizedKey != null) yield return nameof(SshAuthorizedKey);
            if (RunCommand != null && RunCommand.Any(line => !string.IsNullOrWhiteSpace(line))) yield return nameof(RunCommand);
            if (CloudConfigAddition != null && !string.IsNullOrWhiteSpace(CloudConfigAddition.ToString())) yield return nameof(CloudConfigAddition);
        }

        /// <summary>A base whose kernel line keeps RancherOS's state on a local disk makes hosts that are not disk-less.</summary>
        protected void ReportLocalDiskArguments(IReadOnlyList<string> arguments, bool removed)
        {
            if (arguments.Count == 0) return;
            string list = string.Join(" ", arguments);
            if (removed)
            {
                WriteVerbose($"The base image's kernel line has {list}; the hosts boot without them, so they keep no state on a local disk.");
                return;
            }
            WriteWarning($"The base image's kernel line has {list}: RancherOS will use (and may format) a local disk for its state, so the hosts are not disk-less. Use -RemoveLocalStateArgument to leave them out.");
        }

        /// <summary>The base ISO's full path; terminating when it is missing or a directory.</summary>
        protected string ResolveBaseIso(string path)
        {
            string resolved = PathResolver.ResolveOutput(this, path);
            if (File.Exists(resolved))
            {
                try
                {
                    InputFile.CheckRegular(resolved);
                }
                catch (InputFileException e)
                {
                    ThrowTerminatingError(new ErrorRecord(new IOException($"The base image -BaseIso '{path}' {e.Problem}", e),
                        ErrorIds.NotARegularFile, ErrorCategory.InvalidArgument, path));
                }
                return resolved;
            }
            ThrowTerminatingError(new ErrorRecord(
                Directory.Exists(resolved)
                    ? new IOException($"The base image '{path}' is a directory, not an ISO file.")
                    : new FileNotFoundException($"The base image '{path}' does not exist.", path),
                Directory.Exists(resolved) ? ErrorIds.PathIsDirectory : ErrorIds.PathNotFound,
                Directory.Exists(resolved) ? ErrorCategory.InvalidArgument : ErrorCategory.ObjectNotFound, path));
            return resolved;
        }

        /// <summary>The identity store: -StateDirectory, or the current user's store.</summary>
        protected string StateRoot(string? stateDirectory) =>
            stateDirectory == null ? HostStateStore.DefaultRoot() : HostStateStore.CheckRoot(PathResolver.ResolveOutput(this, stateDirectory));

        /// <summary>
        /// Runs one row's work. A failure of that row (one that <paramref name="isRowFailure"/> accepts) becomes one
        /// error that names the row, and is counted in the batch; the pipeline goes on.
        /// </summary>
        protected void RunRow(HostBatch batch, string hostname, int rowNumber, string row, Action work, Func<Exception, bool> isRowFailure)
        {
            try
            {
                work();
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception e) when (isRowFailure(e))
            {
                batch.RecordFailed(hostname, rowNumber);
                ErrorRecord error = ErrorRecords.Create(e, hostname);
                error.ErrorDetails = new ErrorDetails($"{row}: {error.ErrorDetails?.Message ?? e.Message}");
                WriteError(error);
            }
        }

        /// <summary>Puts on disk the identities a stopped pipeline saved; the pipeline is stopping, so a failure is not reported.</summary>
        protected static void FlushIdentitiesQuietly(HostBatch? batch)
        {
            try
            {
                batch?.Store.FlushToDisk();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // The files are in place, and the write-back will carry them.
            }
        }

        /// <summary>How a row's errors name it.</summary>
        protected string DescribeRow(string hostname, int rowNumber)
        {
            string name = string.IsNullOrEmpty(hostname) ? "(no hostname)" : hostname;
            // The Nth object piped in: a CSV file's line is not known here (blank lines and multi-line cells shift it).
            return MyInvocation.ExpectingInput ? $"{name} (input row {rowNumber})" : name;
        }

        protected static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
    }
}
