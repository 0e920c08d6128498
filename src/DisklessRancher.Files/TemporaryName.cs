using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;

namespace DisklessRancher.Files
{
    /// <summary>
    /// The one name of everything written beside its destination before it takes the destination's name:
    /// .&lt;name&gt;.&lt;process id&gt;-&lt;8 hex digits&gt;.tmp. The process id tells whether the run that made it is still running.
    /// </summary>
    public static class TemporaryName
    {
        private static readonly Regex Pattern = new Regex(@"^\.[^.].*\.(?<pid>[0-9]+)-[0-9a-f]{8}\.tmp$", RegexOptions.CultureInvariant);
        private static readonly int CurrentProcessId = GetCurrentProcessId();

        /// <summary>A new temporary path beside <paramref name="destination"/>, in the same folder (so on the same file system).</summary>
        public static string Beside(string destination)
        {
            string full = Path.GetFullPath(destination);
            string folder = Path.GetDirectoryName(full) ?? ".";
            return Path.Combine(folder, $".{Path.GetFileName(full)}.{CurrentProcessId}-{Guid.NewGuid().ToString("N").Substring(0, 8)}.tmp");
        }

        /// <summary>Whether the name is a temporary one whose run has ended (the process is gone).</summary>
        public static bool IsAbandoned(string name)
        {
            Match match = Pattern.Match(name);
            return match.Success && int.TryParse(match.Groups["pid"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int processId)
                && !IsRunning(processId);
        }

        private static int GetCurrentProcessId()
        {
            using (Process current = Process.GetCurrentProcess()) return current.Id;
        }

        private static bool IsRunning(int processId)
        {
            if (processId == CurrentProcessId) return true;
            try
            {
                using (Process process = Process.GetProcessById(processId)) return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
    }
}
