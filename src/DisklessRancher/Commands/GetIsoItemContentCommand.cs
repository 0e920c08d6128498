using System;
using System.IO;
using System.Management.Automation;
using System.Text;
using DisklessRancher.Iso9660;

namespace DisklessRancher.Commands
{
    /// <summary>Reads one file inside ISO images: as UTF-8 text, as byte chunks with -AsByteStream, or as one byte array with -AsByteStream -Raw.</summary>
    [Cmdlet(VerbsCommon.Get, "IsoItemContent", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(string), typeof(byte[]))]
    public sealed class GetIsoItemContentCommand : IsoImageCmdlet
    {
        /// <summary>Files larger than this are not read as one string; -AsByteStream streams any size.</summary>
        public const long MaxTextBytes = 16 * 1024 * 1024;
        /// <summary>Files larger than this are not read as one byte array; without -Raw, -AsByteStream streams any size.</summary>
        public const long MaxRawBytes = 256 * 1024 * 1024;
        private const int ChunkBytes = 1024 * 1024;

        /// <summary>The file's path inside the image ('/' separated, case-sensitive).</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(IsoItemPathCompleter))]
        public string ItemPath { get; set; } = "";

        /// <summary>Write the content as byte arrays of up to 1 MiB each instead of text.</summary>
        [Parameter]
        public SwitchParameter AsByteStream { get; set; }

        /// <summary>With -AsByteStream, write the whole file as one byte array (up to 256 MiB); the text is always one string.</summary>
        [Parameter]
        public SwitchParameter Raw { get; set; }

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
            if (AsByteStream && Raw && entry.Length > MaxRawBytes)
            {
                WriteError(new ErrorRecord(
                    new IOException($"'{entry.FullName}' in '{path}' is {entry.Length} bytes, more than the {MaxRawBytes} (256 MiB) read as one byte array with -Raw; leave out -Raw to read it in 1 MiB chunks."),
                    ErrorIds.IsoItemTooLargeForRaw, ErrorCategory.LimitsExceeded, ItemPath));
                return;
            }
            using Stream stream = image.OpenRead(entry);
            if (AsByteStream && Raw)
            {
                WriteObject(ReadExactly(stream, (int)stream.Length), false);
            }
            else if (AsByteStream)
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
                WriteObject(ReadExactly(stream, (int)Math.Min(ChunkBytes, remaining)), false);
            }
        }

        private byte[] ReadExactly(Stream stream, int count)
        {
            byte[] bytes = new byte[count];
            for (int filled = 0, n; filled < count; filled += n)
            {
                CancellationToken.ThrowIfCancellationRequested();
                n = stream.Read(bytes, filled, Math.Min(ChunkBytes, count - filled));
                if (n == 0) throw new EndOfStreamException($"The data of '{ItemPath}' ends early.");
            }
            return bytes;
        }
    }
}
