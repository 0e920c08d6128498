using System;
using System.Collections.Generic;
using System.Linq;

namespace DisklessRancher.Core.HostImages
{
    /// <summary>
    /// Edits the text of a syslinux menu file (isolinux.cfg and the files it includes). Keywords are matched in any
    /// case, as syslinux does (com32/menu/readconfig.c, looking_at).
    /// </summary>
    public static class SyslinuxMenu
    {
        // com32/menu/readconfig.c: "allowoptions" sets the menu's allowedit, without which menumain.c neither opens the
        // command line editor (Tab) nor leaves to the boot: prompt (Esc). com32/elflink/ldlinux/readconfig.c reads
        // both: ALLOWOPTIONS 0 refuses options typed at the prompt, NOESCAPE 1 ignores Shift/Alt held to force it.
        private static readonly string[] LockLines = { "ALLOWOPTIONS 0", "NOESCAPE 1" };

        /// <summary>
        /// Removes each LABEL entry whose own APPEND carries an argument <paramref name="remove"/> selects. An entry
        /// runs from its LABEL line to the next LABEL line or blank line, as in rancher/os v1.5.8
        /// scripts/isolinux_label.cfg, whose COM32 cmd.c32 entries boot the default entry plus their APPEND.
        /// </summary>
        public static string RemoveEntries(string cfg, Predicate<string> remove)
        {
            string newline = NewlineOf(cfg);
            List<string> lines = cfg.Split(new[] { newline }, StringSplitOptions.None).ToList();
            for (int start = lines.FindIndex(IsLabelLine); start >= 0; start = lines.FindIndex(start, IsLabelLine))
            {
                int end = start + 1;
                while (end < lines.Count && !IsLabelLine(lines[end]) && lines[end].Trim().Length > 0) end++;
                bool passwordless = lines.Skip(start).Take(end - start)
                    .Where(KernelCommandLine.IsAppendLine)
                    .Any(line => KernelCommandLine.ArgumentsOf(line).Any(a => remove(a)));
                if (passwordless)
                {
                    lines.RemoveRange(start, end - start);
                }
                else
                {
                    start = end;
                    if (start >= lines.Count) break;
                }
            }
            return string.Join(newline, lines);
        }

        /// <summary>Adds the global directives that keep the menu's kernel line from being edited at boot.</summary>
        public static string LockCommandLine(string cfg)
        {
            string newline = NewlineOf(cfg);
            List<string> lines = cfg.Split(new[] { newline }, StringSplitOptions.None).ToList();
            // Global directives go before the first LABEL: there they apply to the whole menu.
            int at = lines.FindIndex(IsLabelLine);
            if (at < 0) at = lines.Count > 0 && lines[lines.Count - 1].Length == 0 ? lines.Count - 1 : lines.Count;
            lines.InsertRange(at, LockLines.Where(l => !lines.Any(existing => Same(existing, l))));
            return string.Join(newline, lines);
        }

        private static bool IsLabelLine(string line)
        {
            string[] words = line.Trim().Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            return words.Length > 0 && string.Equals(words[0], "LABEL", StringComparison.OrdinalIgnoreCase);
        }

        private static bool Same(string line, string directive) =>
            string.Equals(string.Join(" ", line.Trim().Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries)), directive, StringComparison.OrdinalIgnoreCase);

        private static string NewlineOf(string text) => text.Contains("\r\n") ? "\r\n" : "\n";
    }
}
