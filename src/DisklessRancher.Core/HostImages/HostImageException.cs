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
        /// <summary>A base image without Rock Ridge: Linux would not see the host's files by their names.</summary>
        BaseWithoutRockRidge,
        /// <summary>The image written would fail one of Test-DisklessHostIso's checks; it was not put in place.</summary>
        HostImageCheckFailed,
    }

    /// <summary>A host image cannot be made from the inputs given; the message says which and why.</summary>
    public sealed class HostImageException : DisklessRancherException
    {
        public HostImageException(HostImageError error, string message)
            : base(error.ToString(), KindOf(error), message)
        {
            Error = error;
        }

        public HostImageError Error { get; }

        private static ErrorKind KindOf(HostImageError error) => error switch
        {
            HostImageError.InvalidUserData => ErrorKind.InvalidData,
            HostImageError.NoKernelCommandLine => ErrorKind.InvalidData,
            HostImageError.BaseWithoutRockRidge => ErrorKind.InvalidData,
            HostImageError.HostImageCheckFailed => ErrorKind.InvalidResult,
            _ => ErrorKind.InvalidArgument,
        };
    }
}
