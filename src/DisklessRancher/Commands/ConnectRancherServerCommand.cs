using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using DisklessRancher.Core.Rancher;
using DisklessRancher.Rancher;

namespace DisklessRancher.Commands
{
    /// <summary>Checks a Rancher server and key, then keeps the connection parameters for the session's later Rancher cmdlets.</summary>
    [Cmdlet(VerbsCommunications.Connect, "RancherServer")]
    [OutputType(typeof(RancherEnvironment))]
    public sealed class ConnectRancherServerCommand : RancherCmdlet
    {
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            RancherConnectionSettings settings = ResolveSettings();
            using RancherClient client = CreateClient(settings);
            IReadOnlyList<RancherEnvironment> environments;
            string? environmentId = null;
            if (Environment != null)
            {
                RancherEnvironment environment = RunOrTerminate(ct => client.ResolveEnvironmentAsync(Environment, ct), settings.ServerUrl);
                environments = new[] { environment };
                environmentId = environment.Id;
            }
            else
            {
                environments = RunOrTerminate(ct => client.GetEnvironmentsAsync(ct), settings.ServerUrl);
                if (environments.Count == 1) environmentId = environments[0].Id;
            }

            RancherSession? previous = Session;
            PSCredential? credential = Credential != null && Credential != PSCredential.Empty ? Credential : previous?.Credential;
            RancherSession.Set(new RancherSession(settings.ServerUrl.AbsoluteUri.TrimEnd('/'), credential, environmentId,
                settings.SkipCertificateCheck, settings.AllowUnencryptedAuthentication,
                IsBound(nameof(TimeoutSec)) ? TimeoutSec : previous?.TimeoutSec,
                IsBound(nameof(MaximumRetryCount)) ? MaximumRetryCount : previous?.MaximumRetryCount,
                IsBound(nameof(RetryIntervalSec)) ? RetryIntervalSec : previous?.RetryIntervalSec));
            WriteVerbose($"Connected to {settings}; environments: {string.Join(", ", environments.Select(e => e.ToString()))}.");
            if (PassThru) WriteObject(environments, true);
        }
    }
}
