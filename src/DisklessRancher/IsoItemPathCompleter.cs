using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using DisklessRancher.Iso9660;

namespace DisklessRancher
{
    /// <summary>
    /// Completes -ItemPath with the files and directories inside the image named by the command's -Path or
    /// -LiteralPath; a directory completes with a trailing '/' so the next Tab goes inside it.
    /// </summary>
    public sealed class IsoItemPathCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string? imagePath = ResolveImage(fakeBoundParameters);
            if (imagePath == null) return Enumerable.Empty<CompletionResult>();

            string typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
            int slash = typed.LastIndexOf('/');
            string folder = slash < 0 ? string.Empty : typed.Substring(0, slash + 1);
            string prefix = typed.Substring(slash + 1);
            try
            {
                using IsoImage image = IsoImage.Open(imagePath);
                IsoDirectoryEntry? directory = image.GetEntry(folder.Length == 0 ? "/" : folder);
                if (directory == null || !directory.IsDirectory) return Enumerable.Empty<CompletionResult>();
                return directory.Children
                    .Where(c => c.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                    .OrderBy(c => c.Name, StringComparer.Ordinal)
                    .Select(c => Result(folder + c.Name + (c.IsDirectory ? "/" : string.Empty), c))
                    .ToList();
            }
            catch (Exception e) when (e is IsoFormatException || e is IOException || e is UnauthorizedAccessException)
            {
                return Enumerable.Empty<CompletionResult>();
            }
        }

        private static CompletionResult Result(string text, IsoDirectoryEntry entry)
        {
            string quoted = text.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', ';', '(', ')', '{', '}', '@', '#', ',', '&', '|', '<', '>' }) >= 0
                ? "'" + text.Replace("'", "''") + "'"
                : text;
            return new CompletionResult(quoted, entry.Name + (entry.IsDirectory ? "/" : string.Empty), CompletionResultType.ParameterValue,
                entry.IsDirectory ? entry.FullName + "/" : $"{entry.FullName} ({entry.Length} bytes)");
        }

        /// <summary>The first file named by -LiteralPath or -Path (wildcards expanded), relative to the current location.</summary>
        private static string? ResolveImage(IDictionary fakeBoundParameters)
        {
            bool literal = fakeBoundParameters.Contains("LiteralPath");
            object? value = literal ? fakeBoundParameters["LiteralPath"] : fakeBoundParameters.Contains("Path") ? fakeBoundParameters["Path"] : null;
            string? path = (LanguagePrimitives.GetEnumerable(value)?.Cast<object>().FirstOrDefault() ?? value)?.ToString();
            if (string.IsNullOrEmpty(path)) return null;
            // A completer has no session state of its own: ask the runspace that is completing, as a nested pipeline.
            using PowerShell shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
            shell.AddCommand(@"Microsoft.PowerShell.Management\Resolve-Path")
                .AddParameter(literal ? "LiteralPath" : "Path", path)
                .AddParameter("ErrorAction", ActionPreference.Ignore);
            try
            {
                return shell.Invoke<PathInfo>()
                    .Where(p => p.Provider.ImplementingType == typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
                    .Select(p => p.ProviderPath)
                    .FirstOrDefault(File.Exists);
            }
            catch (Exception e) when (e is RuntimeException || e is PSInvalidOperationException)
            {
                return null;
            }
        }
    }
}
