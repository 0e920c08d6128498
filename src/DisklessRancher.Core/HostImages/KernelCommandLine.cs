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
        private const string AutologinPrefix = "rancher.autologin=";

        /// <summary>
        /// Returns global.cfg with <paramref name="addArguments"/> appended to its APPEND line and, when
        /// <paramref name="removeAutologin"/> is set, every rancher.autologin=… argument removed.
        /// Other lines are kept as they are; line endings follow the file's own.
        /// </summary>
        public static string Edit(string globalCfg, IEnumerable<string> addArguments, bool removeAutologin)
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
            if (removeAutologin)
            {
                arguments.RemoveAll(a => a.StartsWith(AutologinPrefix, StringComparison.Ordinal));
            }
            arguments.AddRange(additions.Where(a => !arguments.Contains(a)));
            lines[appendLine] = AppendKeyword + " " + string.Join(" ", arguments);
            return string.Join(newline, lines);
        }

        /// <summary>The arguments of the APPEND line, in order.</summary>
        public static IReadOnlyList<string> Arguments(string globalCfg)
        {
            string? line = globalCfg.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(IsAppendLine);
            if (line == null) return Array.Empty<string>();
            return ArgumentsOf(line);
        }

        private static string[] ArgumentsOf(string appendLine) =>
            appendLine.Trim().Substring(AppendKeyword.Length).Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);

        private static bool IsAppendLine(string line)
        {
            string trimmed = line.TrimStart();
            return trimmed.StartsWith(AppendKeyword, StringComparison.OrdinalIgnoreCase)
                && (trimmed.Length == AppendKeyword.Length || char.IsWhiteSpace(trimmed[AppendKeyword.Length]));
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
