namespace DisklessRancher
{
    /// <summary>
    /// The error ids scripts see in FullyQualifiedErrorId ("Id,DisklessRancher.Commands.XxxCommand").
    /// They are part of the module's interface: never rename one.
    /// </summary>
    public static class ErrorIds
    {
        public const string PathNotFound = "PathNotFound";
        public const string PathNotFileSystem = "PathNotFileSystem";
        public const string PathIsDirectory = "PathIsDirectory";
        public const string InvalidPath = "InvalidPath";
        public const string AccessDenied = "AccessDenied";
        public const string OutputExists = "OutputExists";
        public const string IOError = "IOError";
        public const string NotAnIso = "NotAnIso";
        public const string IsoTruncated = "IsoTruncated";
        public const string IsoCorrupt = "IsoCorrupt";
        public const string IsoUnsupported = "IsoUnsupported";
        public const string InvalidArgument = "InvalidArgument";
        public const string OperationStopped = "OperationStopped";
        public const string UnexpectedError = "UnexpectedError";
        public const string InvalidVolumeLabel = "InvalidVolumeLabel";
        public const string LabelTooLongForJoliet = "LabelTooLongForJoliet";
        public const string IsoItemNotFound = "IsoItemNotFound";
        public const string IsoItemIsDirectory = "IsoItemIsDirectory";
    }
}
