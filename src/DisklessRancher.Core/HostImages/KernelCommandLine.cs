using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace DisklessRancher.Core.HostImages
{
    /// <summary>
    /// Edits the kernel command line of a RancherOS ISO, which lives in the APPEND line of /boot/global.cfg
    /// (isolinux.cfg includes it before every boot entry).
    /// </summary>
    public static class KernelCommandLine
    {
        private const string AppendKeyword = "APPEND";

        /// <summary>
        /// Returns global.cfg with every argument that <paramref name="remove"/> selects taken out of its APPEND line
        /// and <paramref name="addArguments"/> appended. Other lines are kept as they are; line endings follow the file's own.
        /// </summary>
        public static string Edit(string globalCfg, IEnumerable<string> addArguments, Predicate<string> remove)
        {
            if (globalCfg == null) throw new ArgumentNullException(nameof(globalCfg));
            List<string> additions = addArguments.Select(Validate).ToList();

            string newline = globalCfg.Contains("\r\n") ? "\r\n" : "\n";
            string[] lines = globalCfg.Split(new[] { newline }, StringSplitOptions.None);
            int appendLine = Array.FindIndex(lines, IsAppendLine);
            if (appendLine < 0)
            {
                throw new HostImageException(HostImageError.NoKernelCommandLine, "/boot/global.cfg has no APPEND line to carry kernel arguments.");
            }

            List<string> arguments = ArgumentsOf(lines[appendLine]).ToList();
            arguments.RemoveAll(remove);
            arguments.AddRange(additions.Where(a => !arguments.Contains(a)));
            lines[appendLine] = AppendKeyword + " " + string.Join(" ", arguments);
            return string.Join(newline, lines);
        }

        /// <summary>
        /// An argument that opens a root console without a password: rancher.autologin=&lt;tty&gt; logs in on that
        /// console (rancher/os v1.5.8 cmd/control/console_init.go), rancher.recovery=true boots the recovery console
        /// (pkg/init/recovery/recovery.go).
        /// </summary>
        public static bool OpensPasswordlessConsole(string argument)
        {
            string key = KeyOf(argument);
            return key == "rancher.autologin" || key == "rancher.recovery";
        }

        /// <summary>
        /// An argument that makes RancherOS keep its state on a local disk: rancher.state.dev, .autoformat, .wait …
        /// (rancher/os v1.5.8 scripts/package-installer writes them into OS_AUTOFORMAT builds' global.cfg;
        /// pkg/init/fsmount/fsmount.go mounts that device, the autoformat service formats an empty one).
        /// </summary>
        public static bool UsesLocalDisk(string argument) => argument.StartsWith("rancher.state.", StringComparison.Ordinal);

        /// <summary>The arguments of global.cfg's APPEND line that make RancherOS use a local disk.</summary>
        public static IReadOnlyList<string> LocalDiskArguments(string globalCfg) => Arguments(globalCfg).Where(UsesLocalDisk).ToList();

        /// <summary>What -DisableAutologin and -RemoveLocalStateArgument take out of the kernel line.</summary>
        public static Predicate<string> Removal(bool passwordlessConsoles, bool localState) =>
            argument => (passwordlessConsoles && OpensPasswordlessConsole(argument)) || (localState && UsesLocalDisk(argument));

        /// <summary>Whether <paramref name="line"/> is an APPEND line (any case, as syslinux reads keywords).</summary>
        internal static bool IsAppendLine(string line)
        {
            string trimmed = line.TrimStart();
            return trimmed.StartsWith(AppendKeyword, StringComparison.OrdinalIgnoreCase)
                && (trimmed.Length == AppendKeyword.Length || char.IsWhiteSpace(trimmed[AppendKeyword.Length]));
        }

        internal static string[] ArgumentsOf(string appendLine) =>
            appendLine.Trim().Substring(AppendKeyword.Length).Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);

        private static string KeyOf(string argument)
        {
            int equals = argument.IndexOf('=');
            return equals < 0 ? argument : argument.Substring(0, equals);
        }

        /// <summary>The arguments of the APPEND line, in order.</summary>
        public static IReadOnlyList<string> Arguments(string globalCfg)
        {
            string? line = globalCfg.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(IsAppendLine);
            if (line == null) return Array.Empty<string>();
            return ArgumentsOf(line);
        }

        private static string Validate(string argument)
        {
            if (string.IsNullOrWhiteSpace(argument) || argument.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                throw new HostImageException(HostImageError.InvalidKernelArgument,
                    $"The kernel argument '{Printable(argument)}' is not valid: give one argument per value, without spaces or line breaks.");
            }
            return argument;
        }

        private static string Printable(string? value)
        {
            if (value == null) return string.Empty;
            StringBuilder text = new StringBuilder();
            foreach (char c in value) text.Append(char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString());
            return text.ToString();
        }
    }
}
