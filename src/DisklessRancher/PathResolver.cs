using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using DisklessRancher.Core.IO;
using Microsoft.PowerShell.Commands;

namespace DisklessRancher
{
    /// <summary>
    /// Turns -Path (wildcards) and -LiteralPath arguments into file-system paths the way PowerShell's own
    /// cmdlets do: relative to the runspace location, through the FileSystem provider only.
    /// Paths that cannot be resolved are reported as one non-terminating error each.
    /// </summary>
    internal static class PathResolver
    {
        /// <summary>Existing items named by the arguments; one error per argument that names none.</summary>
        public static IEnumerable<string> ResolveExisting(PSCmdlet cmdlet, IEnumerable<string> paths, bool expandWildcards)
        {
            foreach (string path in paths)
            {
                List<string> resolved = new List<string>();
                try
                {
                    if (expandWildcards)
                    {
                        foreach (string item in cmdlet.GetResolvedProviderPathFromPSPath(path, out ProviderInfo provider))
                        {
                            if (!IsFileSystem(cmdlet, provider, path)) break;
                            resolved.Add(item);
                        }
                    }
                    else
                    {
                        string item = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
                        if (IsFileSystem(cmdlet, provider, path))
                        {
                            if (File.Exists(item) || Directory.Exists(item)) resolved.Add(item);
                            else cmdlet.WriteError(NotFound(path));
                        }
                    }
                }
                catch (ItemNotFoundException)
                {
                    cmdlet.WriteError(NotFound(path));
                }
                catch (PSArgumentException e)
                {
                    cmdlet.WriteError(ErrorRecords.Create(e, path));
                }
                catch (System.Management.Automation.DriveNotFoundException e)
                {
                    cmdlet.WriteError(ErrorRecords.Create(e, path));
                }
                catch (ProviderNotFoundException e)
                {
                    cmdlet.WriteError(ErrorRecords.Create(e, path));
                }

                foreach (string item in resolved) yield return item;
            }
        }

        /// <summary>A file-system path for an output file, which need not exist yet (no wildcards).</summary>
        public static string ResolveOutput(PSCmdlet cmdlet, string path)
        {
            string item = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
            if (provider.ImplementingType != typeof(FileSystemProvider))
            {
                throw new InvalidPathException($"The path '{path}' is not a file-system path (provider {provider.Name}).");
            }
            return item;
        }

        private static bool IsFileSystem(PSCmdlet cmdlet, ProviderInfo provider, string path)
        {
            if (provider.ImplementingType == typeof(FileSystemProvider)) return true;
            cmdlet.WriteError(new ErrorRecord(
                new PSArgumentException($"The path '{path}' is not a file-system path (provider {provider.Name})."),
                ErrorIds.PathNotFileSystem, ErrorCategory.InvalidArgument, path));
            return false;
        }

        private static ErrorRecord NotFound(string path) => new ErrorRecord(
            new FileNotFoundException($"Cannot find path '{path}' because it does not exist.", path),
            ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, path);
    }
}
