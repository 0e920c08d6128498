using System.Management.Automation;
using DisklessRancher.Iso9660;

namespace DisklessRancher.Commands
{
    /// <summary>
    /// Lists files and directories inside ISO images with the names Linux shows (Rock Ridge, else Joliet, else
    /// ISO 9660): the item at -ItemPath, or the content of that directory.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "IsoItem", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(IsoItem))]
    public sealed class GetIsoItemCommand : IsoImageCmdlet
    {
        /// <summary>A path inside the image ('/' separated, case-sensitive); a directory lists its content. Default: the root.</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(IsoItemPathCompleter))]
        public string ItemPath { get; set; } = "/";

        /// <summary>List the content of subdirectories too.</summary>
        [Parameter]
        public SwitchParameter Recurse { get; set; }

        protected override void ProcessImage(string path)
        {
            using IsoImage image = IsoImage.Open(path);
            IsoDirectoryEntry? entry = FindItem(image, path, ItemPath);
            if (entry == null) return;
            if (!entry.IsDirectory)
            {
                WriteObject(new IsoItem(path, entry));
                return;
            }
            WriteChildren(path, entry);
        }

        private void WriteChildren(string path, IsoDirectoryEntry directory)
        {
            foreach (IsoDirectoryEntry child in directory.Children)
            {
                CancellationToken.ThrowIfCancellationRequested();
                WriteObject(new IsoItem(path, child));
                if (Recurse && child.IsDirectory) WriteChildren(path, child);
            }
        }
    }
}
