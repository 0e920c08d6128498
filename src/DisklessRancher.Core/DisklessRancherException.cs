using System;
using DisklessRancher.Iso9660;

namespace DisklessRancher.Core
{
    /// <summary>
    /// The base of the core's own exceptions: each carries its stable error id (scripts match on it) and its kind.
    /// Anything else the core throws is a bug.
    /// </summary>
    public abstract class DisklessRancherException : Exception
    {
        protected DisklessRancherException(string errorId, ErrorKind kind, string message, Exception? innerException = null)
            : base(message, innerException)
        {
            ErrorId = errorId;
            Category = kind;
        }

        public string ErrorId { get; }

        public ErrorKind Category { get; }
    }
}
