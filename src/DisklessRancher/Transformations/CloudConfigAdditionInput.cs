using System;
using System.Collections;
using System.IO;
using System.Management.Automation;
using DisklessRancher.Core.CloudConfig;

namespace DisklessRancher.Transformations
{
    /// <summary>
    /// Turns what -CloudConfigAddition was given into a <see cref="CloudConfigAddition"/>: the path of a YAML file
    /// (relative to the current location; what a CSV column holds), YAML text, or a hashtable.
    /// </summary>
    internal static class CloudConfigAdditionInput
    {
        public static CloudConfigAddition? From(PSCmdlet cmdlet, object? value)
        {
            switch (Unwrap(value))
            {
                case null:
                    return null;
                case CloudConfigAddition addition:
                    return addition;
                case string text when string.IsNullOrWhiteSpace(text):
                    return null;
                case string text:
                    string? file = ExistingFile(cmdlet, text);
                    return file != null ? CloudConfigAddition.FromFile(file) : CloudConfigAddition.FromYaml(text);
                case IDictionary dictionary:
                    return CloudConfigAddition.FromDictionary(dictionary, Unwrap);
                default:
                    throw new HostSpecException(HostField.CloudConfigAddition, value!.GetType().Name,
                        "give the path of a YAML file, YAML text, or a hashtable of cloud-config keys.");
            }
        }

        private static string? ExistingFile(PSCmdlet cmdlet, string text)
        {
            if (text.IndexOf('\n') >= 0) return null;
            try
            {
                string path = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(text);
                return File.Exists(path) ? path : null;
            }
            catch (Exception e) when (e is ItemNotFoundException || e is System.Management.Automation.DriveNotFoundException || e is ProviderNotFoundException
                || e is NotSupportedException || e is ArgumentException || e is PSInvalidOperationException)
            {
                return null;
            }
        }

        private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
    }
}
