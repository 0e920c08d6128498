using DisklessRancher.Iso9660;

namespace DisklessRancher.Core.HostImages
{
    /// <summary>Why a host image cannot be made; the cmdlets turn each into a stable error id.</summary>
    public enum HostImageError
    {
        /// <summary>The same hostname twice in one batch.</summary>
        DuplicateHostname,
        /// <summary>-OutFile given while more than one host came.</summary>
        OutFileForOneHost,
        /// <summary>The output would replace the base image.</summary>
        OutputIsBase,
        /// <summary>The kernel command line cannot be edited: no /boot/global.cfg or no APPEND line in it, or no boot files at all.</summary>
        NoKernelCommandLine,
        /// <summary>A kernel argument that would break the command line.</summary>
        InvalidKernelArgument,
        /// <summary>A hand-written user_data RancherOS would not read.</summary>
        InvalidUserData,
        /// <summary>Host settings given beside a whole user_data or cloud-config, which they cannot change.</summary>
        SettingsNotApplicable,
    }

    /// <summary>A host image cannot be made from the inputs given; the message says which and why.</summary>
    public sealed class HostImageException : DisklessRancherException
    {
        public HostImageException(HostImageError error, string message)
            : base(error.ToString(), error == HostImageError.InvalidUserData || error == HostImageError.NoKernelCommandLine ? ErrorKind.InvalidData : ErrorKind.InvalidArgument, message)
        {
            Error = error;
        }

        public HostImageError Error { get; }
    }
}
