using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using DisklessRancher.Core.Rancher;
using DisklessRancher.Rancher;

namespace DisklessRancher.Commands
{
    /// <summary>Lists the hosts of a Rancher 1.6 environment, by hostname (wildcards), labels, or only the duplicates.</summary>
    [Cmdlet(VerbsCommon.Get, "RancherHost")]
    [OutputType(typeof(RancherHost))]
    public sealed class GetRancherHostCommand : RancherCmdlet
    {
        private readonly List<string> _hostnames = new List<string>();

        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Hostname { get; set; }

        /// <summary>key=value (that value) or key (any value); a host must carry every label given.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[]? Label { get; set; }

        /// <summary>Only hosts whose hostname more than one host carries.</summary>
        [Parameter]
        public SwitchParameter Duplicate { get; set; }

        protected override void ProcessRecord()
        {
            if (Hostname != null) _hostnames.AddRange(Hostname);
        }

        protected override void EndProcessing()
        {
            List<KeyValuePair<string, string?>> labels = ParseLabels();
            RancherConnectionSettings settings = ResolveSettings();
            using RancherClient client = CreateClient(settings);
            RancherEnvironment environment = RunOrTerminate(ct => client.ResolveEnvironmentAsync(RequestedEnvironment, ct), settings.ServerUrl);

            // Cattle cannot select by hostname: every name and pattern is matched here, against one read of the hosts.
            IReadOnlyList<RancherHost> hosts = RunOrTerminate(ct => client.GetHostsAsync(environment.Id, null, ct), environment);
            List<WildcardPattern> patterns = _hostnames.Select(h => new WildcardPattern(h, WildcardOptions.IgnoreCase)).ToList();
            IEnumerable<RancherHost> selected = hosts.Where(h => patterns.Count == 0 || patterns.Any(p => p.IsMatch(h.Hostname ?? string.Empty)));
            if (Duplicate) selected = RancherClient.FindDuplicates(selected);
            selected = selected.Where(h => labels.All(l => h.Labels.TryGetValue(l.Key, out string? value) && (l.Value == null || value == l.Value)));

            List<RancherHost> result = selected.ToList();
            WriteVerbose($"{result.Count} of {hosts.Count} hosts of {environment} selected.");
            WriteObject(result, true);
            foreach (string name in _hostnames.Where(n => !WildcardPattern.ContainsWildcardCharacters(n)))
            {
                if (!Duplicate && labels.Count == 0 && !result.Any(h => string.Equals(h.Hostname, name, StringComparison.OrdinalIgnoreCase)))
                {
                    WriteError(ErrorRecords.Create(new RancherApiException(RancherErrorKind.NotFound,
                        $"No host named '{name}' in {environment}."), name));
                }
            }
        }

        private List<KeyValuePair<string, string?>> ParseLabels()
        {
            List<KeyValuePair<string, string?>> labels = new List<KeyValuePair<string, string?>>();
            foreach (string label in Label ?? Array.Empty<string>())
            {
                int equals = label.IndexOf('=');
                string key = (equals < 0 ? label : label.Substring(0, equals)).Trim();
                if (key.Length == 0)
                {
                    ThrowTerminatingError(new ErrorRecord(new PSArgumentException($"The label '{label}' has no key: write key=value or key."),
                        ErrorIds.RancherInvalidLabel, ErrorCategory.InvalidArgument, label));
                }
                labels.Add(new KeyValuePair<string, string?>(key, equals < 0 ? null : label.Substring(equals + 1).Trim()));
            }
            return labels;
        }
    }
}
