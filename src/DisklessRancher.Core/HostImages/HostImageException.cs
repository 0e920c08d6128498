using System;

namespace DisklessRancher.Core.HostImages
{
    /// <summary>A host image cannot be made from the inputs given; the message says which and why.</summary>
    public sealed class HostImageException : Exception
    {
        public HostImageException(string message) : base(message)
        {
        }
    }
}
