using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using DisklessRancher.Core.Rancher;

namespace DisklessRancher.Rancher
{
    /// <summary>Completes -Environment with the names the connected server's key sees (nothing when not connected).</summary>
    public sealed class RancherEnvironmentCompleter : IArgumentCompleter
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            RancherSession? session = RancherSession.Current;
            if (session == null) return Enumerable.Empty<CompletionResult>();
            IReadOnlyList<RancherEnvironment> environments;
            try
            {
                RancherConnectionSettings settings = session.QuickLookupSettings(Patience);
                using RancherClient client = new RancherClient(settings);
                using CancellationTokenSource cancel = new CancellationTokenSource(Patience);
                environments = client.GetEnvironmentsAsync(cancel.Token).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is RancherApiException || e is OperationCanceledException)
            {
                return Enumerable.Empty<CompletionResult>();
            }
            string typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return environments
                .Select(e => e.Name ?? e.Id)
                .Where(name => name.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                .OrderBy(name => name, StringComparer.OrdinalIgnoreCase)
                .Select(name => new CompletionResult(Quote(name), name, CompletionResultType.ParameterValue, name))
                .ToList();
        }

        private static string Quote(string name) =>
            name.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', ';', '(', ')', '{', '}', '@', '#' }) >= 0 ? "'" + name.Replace("'", "''") + "'" : name;
    }
}
