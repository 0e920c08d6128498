using System;

namespace DisklessRancher.Iso9660
{
    /// <summary>Why a writer refused to put an image in place; the cmdlets turn it into a stable error id.</summary>
    public enum IsoOutputError
    {
        /// <summary>The partition that maps the volume cannot grow to cover it without overlapping another partition.</summary>
        PartitionCannotGrow,
        /// <summary>Reading the written image back showed something a booting host would miss.</summary>
        SelfCheckFailed,
    }

    /// <summary>A written image would not be what was asked for; no file was put in place.</summary>
    public sealed class IsoOutputException : IsoException
    {
        public IsoOutputException(IsoOutputError error, string message)
            : base(error == IsoOutputError.PartitionCannotGrow ? "IsoPartitionCannotGrow" : "IsoSelfCheckFailed",
                error == IsoOutputError.PartitionCannotGrow ? ErrorKind.NotImplemented : ErrorKind.InvalidResult, message)
        {
            Error = error;
        }

        public IsoOutputError Error { get; }
    }
}
