using System.Management.Automation;
using DisklessRancher.Core.HostImages.Verification;

namespace DisklessRancher.Commands
{
    /// <summary>
    /// Checks per-host images: label config-2, user_data, agent state, boot-info-table, isohybrid MBR and names.
    /// A bad image is a result that did not pass, not an error; only a file that cannot be opened is an error.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "DisklessHostIso", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(HostImageTestResult), typeof(bool))]
    public sealed class TestDisklessHostIsoCommand : IsoImageCmdlet
    {
        /// <summary>Write only $true or $false per image.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override void ProcessImage(string path)
        {
            WriteVerbose($"Checking '{path}'.");
            HostImageTestResult result = HostImageChecker.Check(path);
            if (Quiet) WriteObject(result.Passed);
            else WriteObject(result);
        }
    }
}
