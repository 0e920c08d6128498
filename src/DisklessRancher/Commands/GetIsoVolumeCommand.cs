using System.Management.Automation;

namespace DisklessRancher.Commands
{
    /// <summary>Reads the volume descriptors, El Torito catalog and system area of ISO images.</summary>
    [Cmdlet(VerbsCommon.Get, "IsoVolume", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(IsoVolume))]
    public sealed class GetIsoVolumeCommand : IsoImageCmdlet
    {
        protected override void ProcessImage(string path) => WriteObject(IsoVolume.Read(path));
    }
}
