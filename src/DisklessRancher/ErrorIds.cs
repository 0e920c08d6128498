namespace DisklessRancher
{
    /// <summary>
    /// The error ids scripts see in FullyQualifiedErrorId ("Id,DisklessRancher.Commands.XxxCommand").
    /// They are part of the module's interface: never rename one. The engine's and the core's exceptions carry their
    /// own (IsoException.ErrorId, DisklessRancherException.ErrorId); this is the list of all of them.
    /// </summary>
    public static class ErrorIds
    {
        public const string PathNotFound = "PathNotFound";
        public const string PathNotFileSystem = "PathNotFileSystem";
        public const string PathIsDirectory = "PathIsDirectory";
        public const string NotARegularFile = "NotARegularFile";
        public const string InvalidPath = "InvalidPath";
        public const string AccessDenied = "AccessDenied";
        public const string OutputExists = "OutputExists";
        public const string IOError = "IOError";
        public const string NotAnIso = "NotAnIso";
        public const string IsoTruncated = "IsoTruncated";
        public const string IsoCorrupt = "IsoCorrupt";
        public const string IsoUnsupported = "IsoUnsupported";
        public const string IsoPartitionCannotGrow = "IsoPartitionCannotGrow";
        public const string IsoSelfCheckFailed = "IsoSelfCheckFailed";
        public const string BaseWithoutRockRidge = "BaseWithoutRockRidge";
        public const string HostImageCheckFailed = "HostImageCheckFailed";
        public const string InvalidArgument = "InvalidArgument";
        public const string OperationStopped = "OperationStopped";
        public const string UnexpectedError = "UnexpectedError";
        public const string PathNotDirectory = "PathNotDirectory";
        public const string InvalidHostname = "InvalidHostname";
        public const string InvalidAddress = "InvalidAddress";
        public const string InvalidGateway = "InvalidGateway";
        public const string InvalidDns = "InvalidDns";
        public const string InvalidDnsSearch = "InvalidDnsSearch";
        public const string InvalidMtu = "InvalidMtu";
        public const string InvalidInterface = "InvalidInterface";
        public const string InvalidDhcp = "InvalidDhcp";
        public const string InvalidRegistrationUrl = "InvalidRegistrationUrl";
        public const string InvalidAgentImage = "InvalidAgentImage";
        public const string InvalidHostLabel = "InvalidHostLabel";
        public const string InvalidSshAuthorizedKey = "InvalidSshAuthorizedKey";
        public const string InvalidRunCommand = "InvalidRunCommand";
        public const string InvalidCloudConfigAddition = "InvalidCloudConfigAddition";
        public const string AgentStateFileMissing = "AgentStateFileMissing";
        public const string InvalidAgentState = "InvalidAgentState";
        public const string InvalidStateDelivery = "InvalidStateDelivery";
        public const string InvalidVolumeLabel = "InvalidVolumeLabel";
        public const string LabelTooLongForJoliet = "LabelTooLongForJoliet";
        public const string IsoItemNotFound = "IsoItemNotFound";
        public const string IsoItemIsDirectory = "IsoItemIsDirectory";
        public const string IsoItemTooLargeForText = "IsoItemTooLargeForText";
        public const string IsoItemTooLargeForRaw = "IsoItemTooLargeForRaw";
        public const string RancherConnectionMissing = "RancherConnectionMissing";
        public const string RancherUnencryptedAuthentication = "RancherUnencryptedAuthentication";
        public const string RancherAuthenticationFailed = "RancherAuthenticationFailed";
        public const string RancherPermissionDenied = "RancherPermissionDenied";
        public const string RancherNotFound = "RancherNotFound";
        public const string RancherInvalidArgument = "RancherInvalidArgument";
        public const string RancherTlsFailure = "RancherTlsFailure";
        public const string RancherTimeout = "RancherTimeout";
        public const string RancherProtocolError = "RancherProtocolError";
        public const string RancherConnectionFailed = "RancherConnectionFailed";
        public const string RancherUnavailable = "RancherUnavailable";
        public const string RancherServerError = "RancherServerError";
        public const string RancherEnvironmentAmbiguous = "RancherEnvironmentAmbiguous";
        public const string RancherInvalidLabel = "RancherInvalidLabel";
        public const string RancherRemovalRefused = "RancherRemovalRefused";
        public const string RancherHostStuck = "RancherHostStuck";
    
        public const string BaseIsoRequired = "BaseIsoRequired";
        public const string DuplicateHostname = "DuplicateHostname";
        public const string OutFileForOneHost = "OutFileForOneHost";
        public const string OutputIsBase = "OutputIsBase";
        public const string NoKernelCommandLine = "NoKernelCommandLine";
        public const string InvalidKernelArgument = "InvalidKernelArgument";
        public const string InvalidUserData = "InvalidUserData";
        public const string SettingsNotApplicable = "SettingsNotApplicable";
        public const string StateFolderAmbiguous = "StateFolderAmbiguous";
        public const string IncompleteIdentity = "IncompleteIdentity";
        public const string NoStateDirectory = "NoStateDirectory";
        public const string CsvDelimiter = "CsvDelimiter";
        public const string InvalidMacAddress = "InvalidMacAddress";
        public const string DuplicateMacAddress = "DuplicateMacAddress";
        public const string InvalidNetBoot = "InvalidNetBoot";
        public const string InvalidSystemUuid = "InvalidSystemUuid";
        public const string DuplicateSystemUuid = "DuplicateSystemUuid";
        public const string InvalidSerialNumber = "InvalidSerialNumber";
        public const string DuplicateSerialNumber = "DuplicateSerialNumber";
        public const string InvalidBaseUrl = "InvalidBaseUrl";
        public const string NoBootFiles = "NoBootFiles";
        public const string StateDirectoryServed = "StateDirectoryServed";
        public const string PruneWouldEmpty = "PruneWouldEmpty";
        public const string PruneNeedsForce = "PruneNeedsForce";
    }
}
