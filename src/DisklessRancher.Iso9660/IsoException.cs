using System;

namespace DisklessRancher.Iso9660
{
    /// <summary>What kind of failure an error is, for the one place that turns it into a PowerShell error category.</summary>
    public enum ErrorKind
    {
        InvalidArgument,
        InvalidData,
        InvalidResult,
        InvalidOperation,
        NotImplemented,
        ObjectNotFound,
        ResourceExists,
        SecurityError,
        AuthenticationError,
        PermissionDenied,
        OperationTimeout,
        ProtocolError,
        ConnectionError,
        ResourceUnavailable,
    }

    /// <summary>
    /// The base of the engine's own exceptions: each carries its stable error id (scripts match on it) and its kind.
    /// Anything else the engine throws is a bug.
    /// </summary>
    public abstract class IsoException : Exception
    {
        protected IsoException(string errorId, ErrorKind kind, string message, Exception? innerException = null)
            : base(message, innerException)
        {
            ErrorId = errorId;
            Category = kind;
        }

        public string ErrorId { get; }

        public ErrorKind Category { get; }
    }
}
