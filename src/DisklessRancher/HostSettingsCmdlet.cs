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
        private RowConversionFailures? _failures;
        private int _rows;

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
        /// that cannot be converted binds as not given and fails its row through <see cref="TakeRowFailure"/>,
        /// so the batch goes on with the right row numbers. Call it last in BeginProcessing.
        /// </summary>
        protected void CollectRowFailures()
        {
            if (_failures != null) return;
            _failures = RowConversionFailures.Of((EngineIntrinsics)GetVariableValue("ExecutionContext"));
            _failures.StartCollecting();
        }

        protected void StopCollectingRowFailures()
        {
            _failures?.StopCollecting();
            _failures = null;
        }

        /// <summary>The conversion failure of this record's cells, if one waits.</summary>
        protected HostSpecException? TakeRowFailure() => _failures?.Take();

        /// <summary>The next input row, named by <paramref name="hostname"/>, with the failure of its cells if one waits.</summary>
        protected HostRow NextRow(string hostname) =>
            new HostRow(hostname, ++_rows, MyInvocation.ExpectingInput) { BindingFailure = TakeRowFailure() };

        /// <summary>One error for a failed row, naming the row; the pipeline goes on.</summary>
        protected void WriteRowError(HostRow row, Exception failure)
        {
            ErrorRecord error = ErrorRecords.Create(failure, row.Hostname);
            error.ErrorDetails = new ErrorDetails($"{row.Description}: {error.ErrorDetails?.Message ?? failure.Message}");
            WriteError(error);
        }

        /// <summary>The settings of this record as given, for <see cref="RancherCloudConfig.Create"/>.</summary>
        protected HostSpec ToSpec(string hostname, RancherAgentState? agentState)
        {
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

        protected static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
    }
}
