using System;

namespace DisklessRancher.Iso9660
{
    /// <summary>What kind of problem made an image unreadable; the cmdlets turn it into a stable error id.</summary>
    public enum IsoFormatError
    {
        /// <summary>No ISO 9660 volume descriptor where one must be.</summary>
        NotAnIso,
        /// <summary>The file ends before a structure it declares.</summary>
        Truncated,
        /// <summary>A structure is present but its fields are inconsistent.</summary>
        Corrupt,
        /// <summary>A well-formed feature this engine does not handle.</summary>
        Unsupported,
    }

    /// <summary>The image is not a readable ISO 9660 volume; the message says what and where.</summary>
    public sealed class IsoFormatException : IsoException
    {
        public IsoFormatException(IsoFormatError error, string message, long lba = -1, int offset = -1)
            : base(IdOf(error), error == IsoFormatError.Unsupported ? ErrorKind.NotImplemented : ErrorKind.InvalidData, Describe(message, lba, offset))
        {
            Error = error;
            Lba = lba;
            Offset = offset;
        }

        public IsoFormatError Error { get; }

        /// <summary>The logical block where the problem was found, or -1 when it has no single place.</summary>
        public long Lba { get; }

        /// <summary>The byte offset inside that block, or -1.</summary>
        public int Offset { get; }

        private static string IdOf(IsoFormatError error) => error switch
        {
            IsoFormatError.NotAnIso => "NotAnIso",
            IsoFormatError.Truncated => "IsoTruncated",
            IsoFormatError.Unsupported => "IsoUnsupported",
            _ => "IsoCorrupt",
        };

        private static string Describe(string message, long lba, int offset)
        {
            if (lba < 0) return message;
            return offset < 0 ? $"{message} (LBA {lba})" : $"{message} (LBA {lba}, offset {offset})";
        }
    }
}
