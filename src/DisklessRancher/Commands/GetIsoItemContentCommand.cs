using System;
using System.IO;
using System.Management.Automation;
using System.Text;
using DisklessRancher.Iso9660;

namespace DisklessRancher.Commands
{
    /// <summary>Reads one file inside ISO images: as UTF-8 text, or as byte chunks with -AsByteStream.</summary>
    [Cmdlet(VerbsCommon.Get, "IsoItemContent", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(string), typeof(byte[]))]
    public sealed class GetIsoItemContentCommand : IsoImageCmdlet
    {
        /// <summary>Files larger than this are not read as one string; -AsByteStream streams any size.</summary>
        public const long MaxTextBytes = 16 * 1024 * 1024;
        private const int ChunkBytes = 1024 * 1024;

        /// <summary>The file's path inside the image ('/' separated, case-sensitive).</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(IsoItemPathCompleter))]
        public string ItemPath { get; set; } = "";

        /// <summary>Write the content as byte arrays of up to 1 MiB each instead of text.</summary>
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
            if (!AsByteStream && entry.Length > MaxTextBytes)
            {
                WriteError(new ErrorRecord(
                    new IOException($"'{entry.FullName}' in '{path}' is {entry.Length} bytes, more than the {MaxTextBytes} read as text; use -AsByteStream."),
                    ErrorIds.IsoItemTooLargeForText, ErrorCategory.LimitsExceeded, ItemPath));
                return;
            }
            using Stream stream = image.OpenRead(entry);
            if (AsByteStream)
            {
                WriteChunks(stream);
            }
            else
            {
                using StreamReader reader = new StreamReader(stream, new UTF8Encoding(false), true);
                WriteObject(reader.ReadToEnd());
            }
        }

        private void WriteChunks(Stream stream)
        {
            for (long remaining = stream.Length; remaining > 0; remaining -= ChunkBytes)
            {
                CancellationToken.ThrowIfCancellationRequested();
                byte[] chunk = new byte[Math.Min(ChunkBytes, remaining)];
                for (int filled = 0, n; filled < chunk.Length; filled += n)
                {
                    n = stream.Read(chunk, filled, chunk.Length - filled);
                    if (n == 0) throw new EndOfStreamException($"The data of '{ItemPath}' ends early.");
                }
                WriteObject(chunk, false);
            }
        }
    }
}
