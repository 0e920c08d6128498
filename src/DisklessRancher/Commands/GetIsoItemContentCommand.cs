using System.IO;
using System.Management.Automation;
using System.Text;
using DisklessRancher.Iso9660;

namespace DisklessRancher.Commands
{
    /// <summary>Reads one file inside ISO images: as UTF-8 text, or as bytes with -AsByteStream.</summary>
    [Cmdlet(VerbsCommon.Get, "IsoItemContent", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(string), typeof(byte[]))]
    public sealed class GetIsoItemContentCommand : IsoImageCmdlet
    {
        /// <summary>The file's path inside the image ('/' separated, case-sensitive).</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(IsoItemPathCompleter))]
        public string ItemPath { get; set; } = "";

        /// <summary>Write the content as one byte array instead of text.</summary>
        [Parameter]
        public SwitchParameter AsByteStream { get; set; }

        protected override void ProcessImage(string path)
        {
            using IsoImage image = IsoImage.Open(path);
            IsoDirectoryEntry? entry = FindItem(image, path, ItemPath);
            if (entry == null) return;
            if (entry.IsDirectory)
            {
                WriteError(new ErrorRecord(new IOException($"'{entry.FullName}' in '{path}' is a directory."),
                    ErrorIds.IsoItemIsDirectory, ErrorCategory.InvalidArgument, ItemPath));
                return;
            }
            using Stream stream = image.OpenRead(entry);
            if (AsByteStream)
            {
                using MemoryStream bytes = new MemoryStream();
                stream.CopyTo(bytes);
                WriteObject(bytes.ToArray(), false);
            }
            else
            {
                using StreamReader reader = new StreamReader(stream, new UTF8Encoding(false), true);
                WriteObject(reader.ReadToEnd());
            }
        }
    }
}
