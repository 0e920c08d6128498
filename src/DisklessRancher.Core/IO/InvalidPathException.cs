using DisklessRancher.Iso9660;

namespace DisklessRancher.Core.IO
{
    /// <summary>A path that cannot name a file: not in the file system, or not well formed.</summary>
    public sealed class InvalidPathException : DisklessRancherException
    {
        public InvalidPathException(string message)
            : base("InvalidPath", ErrorKind.InvalidArgument, message)
        {
        }
    }
}
