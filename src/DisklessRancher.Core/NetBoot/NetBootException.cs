using DisklessRancher.Iso9660;

namespace DisklessRancher.Core.NetBoot
{
    /// <summary>Why a network boot tree, or one host in it, cannot be published; the cmdlets turn each into a stable error id.</summary>
    public enum NetBootError
    {
        /// <summary>A MAC address that is missing or not six bytes in a common notation.</summary>
        InvalidMacAddress,
        /// <summary>The same MAC address twice in one batch.</summary>
        DuplicateMacAddress,
        /// <summary>A SystemUuid that is not an SMBIOS UUID.</summary>
        InvalidSystemUuid,
        /// <summary>The same SystemUuid twice in one batch.</summary>
        DuplicateSystemUuid,
        /// <summary>A SerialNumber that cannot name a file of the tree.</summary>
        InvalidSerialNumber,
        /// <summary>The same SerialNumber twice in one batch (case aside: a Windows server's files ignore case).</summary>
        DuplicateSerialNumber,
        /// <summary>The URL the tree is served at is not an absolute http or https URL.</summary>
        InvalidBaseUrl,
        /// <summary>The base image lacks the kernel, the initrd or /boot/global.cfg.</summary>
        NoBootFiles,
        /// <summary>The identity store would be inside the folder the web server serves.</summary>
        StateDirectoryServed,
        /// <summary>A word of the kernel line that iPXE would read as something other than itself.</summary>
        InvalidKernelArgument,
        /// <summary>-Prune would remove every published host: the batch published none.</summary>
        PruneWouldEmpty,
        /// <summary>-Prune would remove more than half of the published hosts, without -Force.</summary>
        PruneNeedsForce,
    }

    /// <summary>A network boot tree or host cannot be published from the inputs given; the message says which and why.</summary>
    public sealed class NetBootException : DisklessRancherException
    {
        public NetBootException(NetBootError error, string message)
            : base(error.ToString(), KindOf(error), message)
        {
            Error = error;
        }

        public NetBootError Error { get; }

        private static ErrorKind KindOf(NetBootError error) => error switch
        {
            NetBootError.NoBootFiles => ErrorKind.InvalidData,
            NetBootError.StateDirectoryServed => ErrorKind.SecurityError,
            NetBootError.PruneWouldEmpty => ErrorKind.InvalidOperation,
            NetBootError.PruneNeedsForce => ErrorKind.InvalidOperation,
            _ => ErrorKind.InvalidArgument,
        };
    }
}
