using System;
using System.IO;
using System.Management.Automation;
using DisklessRancher.Iso9660;

namespace DisklessRancher
{
    /// <summary>The one place where engine and core exceptions become error records with stable ids.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord Create(Exception exception, object? target)
        {
            (string id, ErrorCategory category) = Classify(exception);
            return new ErrorRecord(exception, id, category, target);
        }

        private static (string Id, ErrorCategory Category) Classify(Exception exception) => exception switch
        {
            IsoFormatException iso => iso.Error switch
            {
                IsoFormatError.NotAnIso => (ErrorIds.NotAnIso, ErrorCategory.InvalidData),
                IsoFormatError.Truncated => (ErrorIds.IsoTruncated, ErrorCategory.InvalidData),
                IsoFormatError.Unsupported => (ErrorIds.IsoUnsupported, ErrorCategory.NotImplemented),
                _ => (ErrorIds.IsoCorrupt, ErrorCategory.InvalidData),
            },
            IsoLabelException label => label.Error == IsoLabelError.TooLongForJoliet
                ? (ErrorIds.LabelTooLongForJoliet, ErrorCategory.InvalidArgument)
                : (ErrorIds.InvalidVolumeLabel, ErrorCategory.InvalidArgument),
            FileNotFoundException _ => (ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound),
            DirectoryNotFoundException _ => (ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound),
            UnauthorizedAccessException _ => (ErrorIds.AccessDenied, ErrorCategory.PermissionDenied),
            OperationCanceledException _ => (ErrorIds.OperationStopped, ErrorCategory.OperationStopped),
            IOException _ => (ErrorIds.IOError, ErrorCategory.WriteError),
            PSArgumentException _ => (ErrorIds.InvalidPath, ErrorCategory.InvalidArgument),
            ArgumentException _ => (ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument),
            _ => (ErrorIds.UnexpectedError, ErrorCategory.NotSpecified),
        };
    }
}
