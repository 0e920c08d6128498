using System;
using System.Collections.Generic;
using System.Linq;

namespace DisklessRancher.Core.Batches
{
    /// <summary>
    /// How the columns of input rows meet the names a cmdlet reads from rows (its parameters and their aliases):
    /// names match in any case and after trimming spaces; a column that matches none is reported once per batch
    /// with the nearest name; a header that was not split is recognised.
    /// </summary>
    public sealed class CsvColumns
    {
        // Names users give an address that no edit distance leads from.
        private static readonly string[] AddressSynonyms = { "IP", "IPAddress", "IPv4", "IPv4Address" };
        private readonly Dictionary<string, string> parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <param name="names">Each name a row may use (a parameter or an alias) and the parameter it binds.</param>
        public CsvColumns(IEnumerable<KeyValuePair<string, string>> names)
        {
            foreach (KeyValuePair<string, string> name in names) parameters[name.Key] = name.Value;
        }

        /// <summary>The parameter a column binds, matched in any case after trimming spaces; null for none.</summary>
        public string? ParameterOf(string column) => parameters.TryGetValue(column.Trim(), out string? parameter) ? parameter : null;

        /// <summary>
        /// The message for a row whose columns are one header that was not split (its name holds ';' or a tab: a
        /// file saved with another delimiter); null when the row is fine.
        /// </summary>
        public static string? DelimiterProblem(IReadOnlyList<string> columns)
        {
            if (columns.Count != 1) return null;
            string column = columns[0];
            string? delimiter = column.Contains(";") ? ";" : column.Contains("\t") ? "`t" : null;
            return delimiter == null ? null
                : $"The input rows have a single column named '{column.Replace("\t", "`t")}': the file uses '{delimiter}' between columns, not ','. " +
                  $"Read it with Import-Csv -Delimiter \"{delimiter}\" (or Import-Csv -UseCulture for a file saved by Excel).";
        }

        /// <summary>
        /// The columns of this row that match no name and were not reported before, each with the nearest name
        /// when one is near ("'Adress' (did you mean Address?)"); empty when there is nothing new to report.
        /// </summary>
        public IReadOnlyList<string> NewUnknownColumns(IEnumerable<string> columns)
        {
            List<string> unknown = new List<string>();
            foreach (string column in columns)
            {
                if (ParameterOf(column) != null || !reported.Add(column)) continue;
                string? nearest = Nearest(column.Trim());
                unknown.Add(nearest == null ? $"'{column}'" : $"'{column}' (did you mean {nearest}?)");
            }
            return unknown;
        }

        private string? Nearest(string column)
        {
            if (AddressSynonyms.Contains(column, StringComparer.OrdinalIgnoreCase) && parameters.TryGetValue("Address", out string? address)) return address;
            int allowed = Math.Max(1, column.Length / 3);
            string? best = null;
            int bestDistance = int.MaxValue;
            foreach (string name in parameters.Keys)
            {
                int distance = EditDistance(column.ToLowerInvariant(), name.ToLowerInvariant());
                if (distance <= allowed && distance < bestDistance)
                {
                    best = parameters[name];
                    bestDistance = distance;
                }
            }
            return best;
        }

        /// <summary>Levenshtein distance, with a swap of two neighbouring letters counted as one edit.</summary>
        private static int EditDistance(string a, string b)
        {
            int[,] d = new int[a.Length + 1, b.Length + 1];
            for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
            for (int j = 0; j <= b.Length; j++) d[0, j] = j;
            for (int i = 1; i <= a.Length; i++)
            {
                for (int j = 1; j <= b.Length; j++)
                {
                    int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
            return d[a.Length, b.Length];
        }
    }
}
