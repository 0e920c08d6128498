using System.Linq;

namespace DisklessRancher.Core.NetBoot
{
    /// <summary>
    /// Whether a word written into an iPXE script line reaches the command as it is. iPXE reads a script line by
    /// line (src/image/script.c), splits it into words at whitespace, ends the command at a whole word "&amp;&amp;",
    /// "||" or ";" and at any word starting with "#" (src/core/exec.c, command_terminator), and expands "${…}" in
    /// every word (src/core/settings.c, expand_settings). Words after the kernel's URL are never read as options:
    /// iPXE's getopt stops at the first word that does not start with "-" (src/core/getopt.c). iPXE's EFI build hands
    /// the kernel its command line with each byte widened to a character of its own (src/interface/efi/efi_image.c,
    /// efi_image_cmdline), so a UTF-8 character other than ASCII arrives as several other characters.
    /// </summary>
    public static class IpxeWord
    {
        /// <summary>Why iPXE would not read <paramref name="word"/> as the literal word it is, or null when it would.</summary>
        public static string? Problem(string word)
        {
            if (word.Length == 0) return "it is empty";
            if (word.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))) return "iPXE splits words at whitespace and line breaks, and takes no control characters";
            if (word == "&&" || word == "||" || word == ";") return $"iPXE reads a whole word '{word}' as a command separator";
            if (word[0] == '#') return "iPXE reads a word starting with '#' as the start of a comment, and drops the rest of the line";
            if (word.Contains("${")) return "iPXE replaces '${…}' with the value of one of its settings";
            if (word.Any(c => c > '\u007e')) return "iPXE's EFI build passes each byte of a non-ASCII character to the kernel as a character of its own";
            return null;
        }
    }
}
