using System.Management.Automation;
using DisklessRancher.Core.Rancher;
using DisklessRancher.Rancher;

namespace DisklessRancher.Commands
{
    /// <summary>
    /// Gets what a host needs to join a Rancher 1.6 environment: the registration URL and agent image of an active
    /// registration token, creating one (ShouldProcess) when the environment has none.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "RancherRegistration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(RancherRegistration))]
    public sealed class InvokeRancherRegistrationCommand : RancherCmdlet
    {
        protected override void EndProcessing()
        {
            RancherConnectionSettings settings = ResolveSettings();
            using RancherClient client = CreateClient(settings);
            RancherEnvironment environment = RunOrTerminate(ct => client.ResolveEnvironmentAsync(RequestedEnvironment, ct), settings.ServerUrl);
            RancherRegistration? registration = RunOrTerminate(ct => client.FindActiveRegistrationAsync(environment, ct), environment);
            if (registration == null)
            {
                if (!ShouldProcess($"environment {environment} on {settings.ServerUrl}", "Create a registration token")) return;
                registration = RunOrTerminate(ct => client.CreateRegistrationAsync(environment, ct), environment);
            }
            WriteVerbose($"Registration token {registration.TokenId} of {environment}: {registration.RedactedRegistrationUrl} with {registration.Image}.");
            WriteObject(registration);
        }
    }
}
