using System.Management.Automation;
using DisklessRancher.Core.AgentState;

namespace DisklessRancher.Commands
{
    /// <summary>Generates agent identities, one per host, before the hosts first boot.</summary>
    [Cmdlet(VerbsCommon.New, "RancherAgentState")]
    [OutputType(typeof(RancherAgentState))]
    public sealed class NewRancherAgentStateCommand : PSCmdlet
    {
        [Parameter(Position = 0)]
        [ValidateRange(1, 100000)]
        public int Count { get; set; } = 1;

        protected override void EndProcessing()
        {
            for (int i = 0; i < Count; i++) WriteObject(RancherAgentState.Generate());
        }
    }
}
