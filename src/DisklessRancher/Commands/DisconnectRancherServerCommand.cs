using System.Management.Automation;
using DisklessRancher.Rancher;

namespace DisklessRancher.Commands
{
    /// <summary>Forgets the connection Connect-RancherServer kept.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "RancherServer")]
    [OutputType(typeof(void))]
    public sealed class DisconnectRancherServerCommand : PSCmdlet
    {
        protected override void EndProcessing()
        {
            if (RancherSession.Current != null) WriteVerbose($"Disconnected from {RancherSession.Current.Url}.");
            RancherSession.Set(null);
        }
    }
}
