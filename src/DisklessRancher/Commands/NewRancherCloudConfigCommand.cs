using System.Collections;
using System.Management.Automation;
using DisklessRancher.Core.AgentState;
using DisklessRancher.Core.CloudConfig;
using DisklessRancher.Core.IO;
using DisklessRancher.Transformations;

namespace DisklessRancher.Commands
{
    /// <summary>Builds one host's #cloud-config; every parameter binds from pipeline properties, so CSV rows work.</summary>
    [Cmdlet(VerbsCommon.New, "RancherCloudConfig", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(RancherCloudConfig))]
    public sealed class NewRancherCloudConfigCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public string Hostname { get; set; } = string.Empty;

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
        [CsvInteger]
        public int? Mtu { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Interface { get; set; } = "eth0";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [CsvBoolean]
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

        /// <summary>Where to write the user_data file; nothing is written without it.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Path { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            RancherCloudConfig config;
            try
            {
                config = RancherCloudConfig.Create(ToSpec());
            }
            catch (HostSpecException e)
            {
                WriteError(ErrorRecords.Create(e, Hostname));
                return;
            }

            string? path = Given(Path);
            if (path != null && !TryWrite(config, path)) return;
            if (path == null || PassThru) WriteObject(config);
        }

        private HostSpec ToSpec()
        {
            HostSpec spec = new HostSpec
            {
                Hostname = Hostname,
                Address = Given(Address),
                Gateway = Given(Gateway),
                Mtu = Mtu,
                Interface = Given(Interface),
                Dhcp = Dhcp,
                RegistrationUrl = Given(RegistrationUrl),
                AgentImage = Given(AgentImage),
                AgentState = AgentState,
                StateDelivery = StateDelivery ?? Core.CloudConfig.StateDelivery.ConfigDrive,
            };
            foreach (string server in Dns ?? new string[0]) spec.Dns.Add(server);
            foreach (string domain in DnsSearch ?? new string[0]) spec.DnsSearch.Add(domain);
            foreach (DictionaryEntry label in HostLabel ?? new Hashtable())
            {
                spec.HostLabels.Add(new System.Collections.Generic.KeyValuePair<string, string>((string)label.Key, (string)(label.Value ?? string.Empty)));
            }
            foreach (string key in SshAuthorizedKey ?? new string[0]) spec.SshAuthorizedKeys.Add(key);
            foreach (string line in RunCommand ?? new string[0])
            {
                if (!string.IsNullOrWhiteSpace(line)) spec.RunCommands.Add(line);
            }
            return spec;
        }

        /// <summary>Writes user_data unless -WhatIf says not to; false after reporting an error.</summary>
        private bool TryWrite(RancherCloudConfig config, string path)
        {
            try
            {
                string target = PathResolver.ResolveOutput(this, path);
                if (!ShouldProcess(target, "Write the cloud-config user_data")) return true;
                // With write_files the token is inside user_data: keep the file to its owner.
                bool holdsToken = config.AgentState != null && config.StateDelivery == Core.CloudConfig.StateDelivery.WriteFiles;
                AtomicFile.Write(target, config.GetUserData(), overwrite: Force, ownerOnly: holdsToken);
                WriteVerbose($"Wrote the cloud-config of {config.Hostname} to {target}.");
                return true;
            }
            catch (System.Exception e) when (e is System.IO.IOException || e is System.UnauthorizedAccessException
                || e is System.NotSupportedException || e is PSArgumentException || e is System.ArgumentException)
            {
                WriteError(ErrorRecords.Create(e, path));
                return false;
            }
        }

        private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
    }
}
