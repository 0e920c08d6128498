using System.IO;
using System.Text;
using DisklessRancher.Core.CloudConfig;

namespace DisklessRancher.Core.HostImages
{
    /// <summary>
    /// A hand-written user_data file taken as it is. RancherOS reads it only when its first line is exactly
    /// #cloud-config or a #! script line, and a UTF-8 byte order mark hides that line: such a file is refused.
    /// </summary>
    public static class UserDataFile
    {
        private const string CloudConfigHeader = "#cloud-config";
        private const string ScriptHeader = "#!";

        /// <summary>The file's bytes, after checking that RancherOS will recognise them.</summary>
        public static byte[] Read(string path)
        {
            byte[] content = File.ReadAllBytes(path);
            if (content.Length >= 3 && content[0] == 0xEF && content[1] == 0xBB && content[2] == 0xBF)
            {
                throw new HostImageException(HostImageError.InvalidUserData,
                    $"The user_data file '{path}' starts with a UTF-8 byte order mark, which hides its first line from RancherOS. Save it as UTF-8 without BOM.");
            }
            string firstLine = FirstLine(content);
            if (firstLine != CloudConfigHeader && !firstLine.StartsWith(ScriptHeader, System.StringComparison.Ordinal))
            {
                throw new HostImageException(HostImageError.InvalidUserData,
                    $"The user_data file '{path}' starts with '{firstLine}'; RancherOS reads it only when its first line is exactly {CloudConfigHeader} or a {ScriptHeader} script line.");
            }
            return content;
        }

        /// <summary>Checks a hostname that names an image and a state folder but comes with no cloud-config.</summary>
        public static string CheckHostname(string hostname) => HostSpecValidator.Hostname(hostname);

        private static string FirstLine(byte[] content)
        {
            int end = System.Array.IndexOf(content, (byte)'\n');
            string line = Encoding.UTF8.GetString(content, 0, end < 0 ? System.Math.Min(content.Length, 80) : System.Math.Min(end, 80));
            return line.TrimEnd('\r');
        }
    }
}
