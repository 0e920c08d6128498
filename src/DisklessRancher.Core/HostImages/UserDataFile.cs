using DisklessRancher.Core.CloudConfig;
using DisklessRancher.Core.HostImages.Verification;

namespace DisklessRancher.Core.HostImages
{
    /// <summary>
    /// A hand-written user_data file, taken as it is once RancherOS's own rules say it will be read: UTF-8 without
    /// a byte order mark, a first line '#cloud-config' (trailing white space aside), '#!' or '#compose', YAML that
    /// parses within bounds, and values RancherOS's Go types take.
    /// </summary>
    public sealed class UserDataFile
    {
        private UserDataFile(byte[] content, bool deliversAgentState)
        {
            Content = content;
            DeliversAgentState = deliversAgentState;
        }

        public byte[] Content { get; }

        /// <summary>Whether the file copies the image's /state or writes /var/lib/rancher/state itself.</summary>
        public bool DeliversAgentState { get; }

        /// <summary>Reads the file and checks it as Test-DisklessHostIso checks an image's user_data.</summary>
        public static UserDataFile Read(string path)
        {
            UserDataDocument document = UserDataDocument.FromBytes(System.IO.File.ReadAllBytes(path));
            if (document.EncodingProblem != null)
            {
                throw Invalid($"The user_data file '{path}' {document.EncodingProblem} {UserDataDocument.SaveAdvice}");
            }
            if (document.Kind == UserDataKind.Unrecognised)
            {
                throw Invalid($"The user_data file '{path}' starts with '{document.FirstLine}'; RancherOS reads it only when its first line is {UserDataDocument.CloudConfigHeader}, a #! script line or #compose.");
            }
            if (document.Kind != UserDataKind.Script && document.YamlError != null)
            {
                throw Invalid($"The user_data file '{path}' does not parse: {document.YamlError} RancherOS discards such a file.");
            }
            if (document.LoadFailure is SchemaCheck.Violation violation)
            {
                throw Invalid($"The user_data file '{path}' would not load in RancherOS: {violation.Path}: {violation.Reason}");
            }
            return new UserDataFile(document.Bytes, StateFilesCheck.DeliversAgentState(document));
        }

        /// <summary>What to say when a file does not deliver the identity the image carries under /state.</summary>
        public static string IdentityWarning(string hostname, string path) =>
            $"The user_data file '{path}' of {hostname} neither copies /{ConfigDriveLayout.StateFolder} from the config drive in runcmd nor writes {ConfigDriveLayout.HostStateDirectory} with write_files: " +
            "the host will register as a new Rancher host at every boot. Give the settings (and -CloudConfigAddition) to New-DisklessHostIso instead, or add the copy that New-RancherCloudConfig writes.";

        /// <summary>Checks a hostname that names an image and a state folder but comes with no cloud-config.</summary>
        public static string CheckHostname(string hostname) => HostSpecValidator.Hostname(hostname);

        private static HostImageException Invalid(string message) => new HostImageException(HostImageError.InvalidUserData, message);
    }
}
