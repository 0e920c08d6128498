namespace DisklessRancher.Core.HostImages.Verification
{
    /// <summary>The names of the checks, in the order they are reported. Scripts match on them: never rename one.</summary>
    public static class HostImageCheckNames
    {
        /// <summary>Only when the image cannot be read at all; it is then the one check reported.</summary>
        public const string ImageReadable = "ImageReadable";
        public const string VolumeLabel = "VolumeLabel";
        public const string UserDataPresent = "UserDataPresent";
        public const string UserDataFormat = "UserDataFormat";
        public const string UserDataParses = "UserDataParses";
        public const string StateFiles = "StateFiles";
        public const string BootInfoTable = "BootInfoTable";
        public const string IsohybridMbr = "IsohybridMbr";
        public const string Partitions = "Partitions";
        public const string NamesVisible = "NamesVisible";
    }
}
