using System;
using System.IO;
using System.Management.Automation;
using DisklessRancher.Core.AgentState;
using DisklessRancher.Core.CloudConfig;
using DisklessRancher.Core.HostImages;
using DisklessRancher.Core.IO;
using DisklessRancher.Core.NetBoot;
using DisklessRancher.Core.Rancher;
using DisklessRancher.Iso9660;

namespace DisklessRancher
{
    /// <summary>The one place where engine and core exceptions become error records with stable ids.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord Create(Exception exception, object? target)
        {
            (string id, ErrorCategory category) = Classify(exception);
            ErrorRecord record = new ErrorRecord(exception, id, category, target);
            if (exception is RancherApiException rancher) record.ErrorDetails = RancherDetails(rancher);
            return record;
        }

        /// <summary>The message shown for a Rancher failure, in the words of the cmdlet parameters that fix it.</summary>
        private static ErrorDetails RancherDetails(RancherApiException e) => new ErrorDetails(e.Kind switch
        {
            RancherErrorKind.Tls => e.Message + " If you trust this server, use -SkipCertificateCheck (it skips the check for this connection only).",
            RancherErrorKind.UnencryptedAuthentication => e.Message + " To send them anyway, use -AllowUnencryptedAuthentication.",
            RancherErrorKind.AmbiguousEnvironment => e.Message + " Use -Environment.",
            RancherErrorKind.HostStuck => e.Message + " To delete it in that state, use -Force.",
            _ => e.Message,
        });

        private static (string Id, ErrorCategory Category) Classify(Exception exception) => exception switch
        {
            IsoFormatException iso => iso.Error switch
            {
                IsoFormatError.NotAnIso => (ErrorIds.NotAnIso, ErrorCategory.InvalidData),
                IsoFormatError.Truncated => (ErrorIds.IsoTruncated, ErrorCategory.InvalidData),
                IsoFormatError.Unsupported => (ErrorIds.IsoUnsupported, ErrorCategory.NotImplemented),
                _ => (ErrorIds.IsoCorrupt, ErrorCategory.InvalidData),
            },
            IsoOutputException output => output.Error == IsoOutputError.PartitionCannotGrow
                ? (ErrorIds.IsoPartitionCannotGrow, ErrorCategory.NotImplemented)
                : (ErrorIds.IsoSelfCheckFailed, ErrorCategory.InvalidResult),
            HostSpecException spec => (HostFieldId(spec.Field), ErrorCategory.InvalidArgument),
            AgentStateException state => state.Error == AgentStateError.MissingFile
                ? (ErrorIds.AgentStateFileMissing, ErrorCategory.ObjectNotFound)
                : (ErrorIds.InvalidAgentState, ErrorCategory.InvalidData),
            OutputExistsException _ => (ErrorIds.OutputExists, ErrorCategory.ResourceExists),
            HostImageException image => image.Error switch
            {
                HostImageError.DuplicateHostname => (ErrorIds.DuplicateHostname, ErrorCategory.InvalidArgument),
                HostImageError.OutFileForOneHost => (ErrorIds.OutFileForOneHost, ErrorCategory.InvalidArgument),
                HostImageError.OutputIsBase => (ErrorIds.OutputIsBase, ErrorCategory.InvalidArgument),
                HostImageError.NoKernelCommandLine => (ErrorIds.NoKernelCommandLine, ErrorCategory.InvalidData),
                HostImageError.InvalidKernelArgument => (ErrorIds.InvalidKernelArgument, ErrorCategory.InvalidArgument),
                HostImageError.SettingsNotApplicable => (ErrorIds.SettingsNotApplicable, ErrorCategory.InvalidArgument),
                HostImageError.BaseWithoutRockRidge => (ErrorIds.BaseWithoutRockRidge, ErrorCategory.InvalidData),
                HostImageError.HostImageCheckFailed => (ErrorIds.HostImageCheckFailed, ErrorCategory.InvalidResult),
                _ => (ErrorIds.InvalidUserData, ErrorCategory.InvalidData),
            },
            HostStateException state => state.Error switch
            {
                HostStateError.FoldersDifferOnlyByCase => (ErrorIds.StateFolderAmbiguous, ErrorCategory.InvalidData),
                HostStateError.IncompleteIdentity => (ErrorIds.IncompleteIdentity, ErrorCategory.InvalidData),
                _ => (ErrorIds.NoStateDirectory, ErrorCategory.ObjectNotFound),
            },
            NetBootException netBoot => netBoot.Error switch
            {
                NetBootError.InvalidMacAddress => (ErrorIds.InvalidMacAddress, ErrorCategory.InvalidArgument),
                NetBootError.DuplicateMacAddress => (ErrorIds.DuplicateMacAddress, ErrorCategory.InvalidArgument),
                NetBootError.InvalidSystemUuid => (ErrorIds.InvalidSystemUuid, ErrorCategory.InvalidArgument),
                NetBootError.DuplicateSystemUuid => (ErrorIds.DuplicateSystemUuid, ErrorCategory.InvalidArgument),
                NetBootError.InvalidSerialNumber => (ErrorIds.InvalidSerialNumber, ErrorCategory.InvalidArgument),
                NetBootError.DuplicateSerialNumber => (ErrorIds.DuplicateSerialNumber, ErrorCategory.InvalidArgument),
                NetBootError.InvalidBaseUrl => (ErrorIds.InvalidBaseUrl, ErrorCategory.InvalidArgument),
                NetBootError.StateDirectoryServed => (ErrorIds.StateDirectoryServed, ErrorCategory.SecurityError),
                NetBootError.InvalidKernelArgument => (ErrorIds.InvalidKernelArgument, ErrorCategory.InvalidArgument),
                _ => (ErrorIds.NoBootFiles, ErrorCategory.InvalidData),
            },
            IsoLabelException label => label.Error == IsoLabelError.TooLongForJoliet
                ? (ErrorIds.LabelTooLongForJoliet, ErrorCategory.InvalidArgument)
                : (ErrorIds.InvalidVolumeLabel, ErrorCategory.InvalidArgument),
            RancherApiException rancher => rancher.Kind switch
            {
                RancherErrorKind.Authentication => (ErrorIds.RancherAuthenticationFailed, ErrorCategory.AuthenticationError),
                RancherErrorKind.Permission => (ErrorIds.RancherPermissionDenied, ErrorCategory.PermissionDenied),
                RancherErrorKind.NotFound => (ErrorIds.RancherNotFound, ErrorCategory.ObjectNotFound),
                RancherErrorKind.Validation => (ErrorIds.RancherInvalidArgument, ErrorCategory.InvalidArgument),
                RancherErrorKind.Tls => (ErrorIds.RancherTlsFailure, ErrorCategory.SecurityError),
                RancherErrorKind.Timeout => (ErrorIds.RancherTimeout, ErrorCategory.OperationTimeout),
                RancherErrorKind.Protocol => (ErrorIds.RancherProtocolError, ErrorCategory.ProtocolError),
                RancherErrorKind.Transport => (ErrorIds.RancherConnectionFailed, ErrorCategory.ConnectionError),
                RancherErrorKind.Unavailable => (ErrorIds.RancherUnavailable, ErrorCategory.ResourceUnavailable),
                RancherErrorKind.UnencryptedAuthentication => (ErrorIds.RancherUnencryptedAuthentication, ErrorCategory.SecurityError),
                RancherErrorKind.AmbiguousEnvironment => (ErrorIds.RancherEnvironmentAmbiguous, ErrorCategory.InvalidArgument),
                RancherErrorKind.Refused => (ErrorIds.RancherRemovalRefused, ErrorCategory.InvalidOperation),
                RancherErrorKind.HostStuck => (ErrorIds.RancherHostStuck, ErrorCategory.InvalidOperation),
                _ => (ErrorIds.RancherServerError, ErrorCategory.InvalidResult),
            },
            FileNotFoundException _ => (ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound),
            DirectoryNotFoundException _ => (ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound),
            UnauthorizedAccessException _ => (ErrorIds.AccessDenied, ErrorCategory.PermissionDenied),
            OperationCanceledException _ => (ErrorIds.OperationStopped, ErrorCategory.OperationStopped),
            IOException _ => (ErrorIds.IOError, ErrorCategory.WriteError),
            PSArgumentException _ => (ErrorIds.InvalidPath, ErrorCategory.InvalidArgument),
            ArgumentException _ => (ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument),
            _ => (ErrorIds.UnexpectedError, ErrorCategory.NotSpecified),
        };

        private static string HostFieldId(HostField field) => field switch
        {
            HostField.Hostname => ErrorIds.InvalidHostname,
            HostField.Address => ErrorIds.InvalidAddress,
            HostField.Gateway => ErrorIds.InvalidGateway,
            HostField.Dns => ErrorIds.InvalidDns,
            HostField.DnsSearch => ErrorIds.InvalidDnsSearch,
            HostField.Mtu => ErrorIds.InvalidMtu,
            HostField.Interface => ErrorIds.InvalidInterface,
            HostField.Dhcp => ErrorIds.InvalidDhcp,
            HostField.RegistrationUrl => ErrorIds.InvalidRegistrationUrl,
            HostField.AgentImage => ErrorIds.InvalidAgentImage,
            HostField.HostLabel => ErrorIds.InvalidHostLabel,
            HostField.SshAuthorizedKey => ErrorIds.InvalidSshAuthorizedKey,
            HostField.RunCommand => ErrorIds.InvalidRunCommand,
            HostField.CloudConfigAddition => ErrorIds.InvalidCloudConfigAddition,
            HostField.AgentState => ErrorIds.InvalidAgentState,
            HostField.StateDelivery => ErrorIds.InvalidStateDelivery,
            HostField.NetBoot => ErrorIds.InvalidNetBoot,
            _ => ErrorIds.InvalidArgument,
        };
    }
}
