using System;
using System.Management.Automation;
using DisklessRancher.Core.Rancher;
using DisklessRancher.Rancher;

namespace DisklessRancher.Commands
{
    /// <summary>
    /// Waits until a host of each given hostname is active in Rancher with its agent connected, and outputs it.
    /// Here -TimeoutSec bounds the whole wait for one host (default 600); each request keeps the session's timeout.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "RancherHost")]
    [OutputType(typeof(RancherHost))]
    public sealed class WaitRancherHostCommand : RancherCmdlet
    {
        internal const int DefaultWaitSec = 600;
        private const int ProgressId = 0x52414e48;
        private RancherClient? _client;
        private RancherEnvironment? _environment;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] Hostname { get; set; } = Array.Empty<string>();

        protected override bool TimeoutSecBoundsRequests => false;

        protected override void BeginProcessing()
        {
            RancherConnectionSettings settings = ResolveSettings();
            _client = CreateClient(settings);
            RancherClient client = _client;
            _environment = RunOrTerminate(ct => client.ResolveEnvironmentAsync(RequestedEnvironment, ct), settings.ServerUrl);
        }

        protected override void ProcessRecord()
        {
            TimeSpan timeout = TimeSpan.FromSeconds(IsBound(nameof(TimeoutSec)) ? TimeoutSec : DefaultWaitSec);
            RancherClient client = _client!;
            string environmentId = _environment!.Id;
            foreach (string hostname in Hostname)
            {
                string activity = $"Waiting for host '{hostname}' to become active";
                IProgress<RancherHostWaitStatus> report = Progress<RancherHostWaitStatus>(status => WriteProgress(new ProgressRecord(ProgressId, activity,
                    $"{status.StateText} ({status.Elapsed.TotalSeconds:0} s of {status.Timeout.TotalSeconds:0} s)")
                {
                    PercentComplete = (int)Math.Min(99, 100 * status.Elapsed.Ticks / Math.Max(1, status.Timeout.Ticks)),
                }));
                try
                {
                    RancherHost host = Run(ct => client.WaitForActiveHostAsync(environmentId, hostname, timeout, report, ct));
                    WriteObject(host);
                }
                catch (RancherApiException e) when (e.Kind == RancherErrorKind.Timeout || e.Kind == RancherErrorKind.NotFound)
                {
                    WriteError(ErrorRecords.Create(e, hostname));
                }
                catch (RancherApiException e)
                {
                    ThrowTerminatingError(ErrorRecords.Create(e, hostname));
                }
                finally
                {
                    WriteProgress(new ProgressRecord(ProgressId, activity, "Done") { RecordType = ProgressRecordType.Completed });
                }
            }
        }

        protected override void EndProcessing() => _client?.Dispose();
    }
}
