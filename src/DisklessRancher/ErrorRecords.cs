using System;
using System.IO;
using System.Management.Automation;
using DisklessRancher.Core;
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

        /// <summary>
        /// An exception that is not ours, nor a file the machine could not read or write: a bug. It stops the batch, with
        /// its stack in the record, so that it is reported as a bug and not taken for a bad input.
        /// </summary>
        public static ErrorRecord Bug(Exception exception, object? target)
        {
            ErrorRecord record = new ErrorRecord(exception, ErrorIds.UnexpectedError, ErrorCategory.NotSpecified, target);
            record.ErrorDetails = new ErrorDetails(
                $"An unexpected error stopped the batch; this is a bug in DisklessRancher, not a problem of the input. {exception.GetType().FullName}: {exception.Message}{Environment.NewLine}{exception.StackTrace}");
            return record;
        }

        private static (string Id, ErrorCategory Category) Classify(Exception exception) => exception switch
        {
            DisklessRancherException ours => (ours.ErrorId, CategoryOf(ours.Category)),
            IsoException engine => (engine.ErrorId, CategoryOf(engine.Category)),
            FileNotFoundException _ => (ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound),
            DirectoryNotFoundException _ => (ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound),
            UnauthorizedAccessException _ => (ErrorIds.AccessDenied, ErrorCategory.PermissionDenied),
            OperationCanceledException _ => (ErrorIds.OperationStopped, ErrorCategory.OperationStopped),
            IOException _ => (ErrorIds.IOError, ErrorCategory.WriteError),
            PSArgumentException _ => (ErrorIds.InvalidPath, ErrorCategory.InvalidArgument),
            ArgumentException _ => (ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument),
            _ => (ErrorIds.UnexpectedError, ErrorCategory.NotSpecified),
        };

        private static ErrorCategory CategoryOf(ErrorKind kind) => kind switch
        {
            ErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
            ErrorKind.InvalidData => ErrorCategory.InvalidData,
            ErrorKind.InvalidResult => ErrorCategory.InvalidResult,
            ErrorKind.InvalidOperation => ErrorCategory.InvalidOperation,
            ErrorKind.NotImplemented => ErrorCategory.NotImplemented,
            ErrorKind.ObjectNotFound => ErrorCategory.ObjectNotFound,
            ErrorKind.ResourceExists => ErrorCategory.ResourceExists,
            ErrorKind.SecurityError => ErrorCategory.SecurityError,
            ErrorKind.AuthenticationError => ErrorCategory.AuthenticationError,
            ErrorKind.PermissionDenied => ErrorCategory.PermissionDenied,
            ErrorKind.OperationTimeout => ErrorCategory.OperationTimeout,
            ErrorKind.ProtocolError => ErrorCategory.ProtocolError,
            ErrorKind.ConnectionError => ErrorCategory.ConnectionError,
            ErrorKind.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
            _ => ErrorCategory.NotSpecified,
        };
    }
}
