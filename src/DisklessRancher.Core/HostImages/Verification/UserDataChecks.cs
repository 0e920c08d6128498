using System;
using DisklessRancher.Core.CloudConfig;

namespace DisklessRancher.Core.HostImages.Verification
{
    /// <summary>Whether RancherOS finds, recognises and loads the user_data.</summary>
    internal static class UserDataChecks
    {
        public const string ItemPath = "/" + ConfigDriveLayout.UserDataPath;
        private const string NoUserData = "Not checked: there is no user_data.";

        public static HostImageCheck Present(UserDataDocument? userData, string? problem) => userData != null
            ? HostImageCheck.Pass(HostImageCheckNames.UserDataPresent, $"{ItemPath} ({userData.Bytes.Length} bytes).")
            : HostImageCheck.Fail(HostImageCheckNames.UserDataPresent, $"{ItemPath} {problem}; the config drive gives RancherOS nothing to configure.");

        public static HostImageCheck Format(UserDataDocument? userData)
        {
            const string name = HostImageCheckNames.UserDataFormat;
            if (userData == null) return HostImageCheck.Pass(name, NoUserData);
            if (userData.EncodingProblem != null) return HostImageCheck.Fail(name, $"The file {userData.EncodingProblem} {UserDataDocument.SaveAdvice}");
            switch (userData.Kind)
            {
                case UserDataKind.CloudConfig:
                    return HostImageCheck.Pass(name, "A cloud-config: first line '#cloud-config', UTF-8 without BOM.");
                case UserDataKind.Compose:
                    return HostImageCheck.Pass(name, "A docker-compose file ('#compose'): RancherOS runs its services as rancher.services.");
                case UserDataKind.Script:
                    return HostImageCheck.Pass(name, $"A script ('{Shorten(userData.FirstLine)}'), not a cloud-config: RancherOS runs it at boot.");
                default:
                    return HostImageCheck.Fail(name, $"The first line is '{Shorten(userData.FirstLine)}': RancherOS ignores a user_data that starts with none of '#cloud-config' (trailing white space aside), '#!' (a script) and '#compose'.");
            }
        }

        public static HostImageCheck Parses(UserDataDocument? userData)
        {
            const string name = HostImageCheckNames.UserDataParses;
            if (userData == null) return HostImageCheck.Pass(name, NoUserData);
            if (userData.Kind == UserDataKind.Script) return HostImageCheck.Pass(name, "Not checked: a script is not YAML.");
            if (userData.YamlError != null)
            {
                return HostImageCheck.Fail(name, $"{userData.YamlError} RancherOS discards a cloud-config that does not parse.");
            }
            if (userData.Kind == UserDataKind.Compose) return HostImageCheck.Pass(name, "The YAML parses (docker-compose services; a compose file sets no hostname).");
            if (userData.LoadFailure is SchemaCheck.Violation violation)
            {
                return HostImageCheck.Fail(name, $"The YAML parses, but RancherOS would refuse it: {violation.Path}: {violation.Reason}");
            }
            string? hostname = userData.Hostname;
            return hostname == null
                ? HostImageCheck.Fail(name, "The YAML parses but sets no hostname: every host would keep RancherOS's default name.")
                : HostImageCheck.Pass(name, $"The YAML parses; hostname '{hostname}'.");
        }

        private static string Shorten(string line) => line.Length <= 60 ? line : line.Substring(0, 60) + "…";
    }
}
