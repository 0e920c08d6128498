using System;
using System.Collections.Generic;
using System.Globalization;

namespace DisklessRancher.Core.NetBoot
{
    /// <summary>One request of a web server's access log: when, from where, which path and query, and the status.</summary>
    public readonly struct AccessLogLine
    {
        public AccessLogLine(DateTimeOffset time, string clientAddress, string path, string query, int status)
        {
            Time = time;
            ClientAddress = clientAddress;
            Path = path;
            Query = query;
            Status = status;
        }

        public DateTimeOffset Time { get; }

        public string ClientAddress { get; }

        /// <summary>The path as requested (percent-escapes kept), without the query.</summary>
        public string Path { get; }

        /// <summary>The query without its '?', or empty.</summary>
        public string Query { get; }

        public int Status { get; }

        /// <summary>
        /// Reads a line of nginx's (and Apache's) combined format:
        /// <c>$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"</c>.
        /// </summary>
        public static bool TryParseCombined(string line, out AccessLogLine request)
        {
            request = default;
            int space = line.IndexOf(' ');
            int open = line.IndexOf('[');
            int close = open < 0 ? -1 : line.IndexOf(']', open);
            int quote = close < 0 ? -1 : line.IndexOf('"', close);
            int endQuote = quote < 0 ? -1 : line.IndexOf('"', quote + 1);
            if (space <= 0 || endQuote < 0 || !TryParseLocalTime(line.Substring(open + 1, close - open - 1), out DateTimeOffset time)) return false;
            string[] words = line.Substring(quote + 1, endQuote - quote - 1).Split(' ');
            int statusEnd = line.IndexOf(' ', endQuote + 2);
            if (words.Length < 2 || statusEnd < 0 || !int.TryParse(line.Substring(endQuote + 2, statusEnd - endQuote - 2), NumberStyles.None, CultureInfo.InvariantCulture, out int status)) return false;
            string target = words[1];
            int mark = target.IndexOf('?');
            request = new AccessLogLine(time, line.Substring(0, space), mark < 0 ? target : target.Substring(0, mark), mark < 0 ? string.Empty : target.Substring(mark + 1), status);
            return true;
        }

        /// <summary>
        /// Reads a line of the W3C extended format (IIS's default), whose fields the last <c>#Fields:</c> directive
        /// named; times are UTC.
        /// </summary>
        public static bool TryParseW3c(string line, W3cFields fields, out AccessLogLine request)
        {
            request = default;
            string[] values = line.Split(' ');
            if (values.Length != fields.Count
                || !DateTimeOffset.TryParseExact(values[fields.Date] + " " + values[fields.Time], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal, out DateTimeOffset time)
                || !int.TryParse(values[fields.Status], NumberStyles.None, CultureInfo.InvariantCulture, out int status))
            {
                return false;
            }
            string query = values[fields.Query];
            request = new AccessLogLine(time, values[fields.ClientAddress], values[fields.Path], query == "-" ? string.Empty : query, status);
            return true;
        }

        // [06/Dec/2026:23:19:21 +0000]
        private static bool TryParseLocalTime(string text, out DateTimeOffset time)
        {
            time = default;
            // .NET reads an offset only with a colon (+00:00); nginx writes +0000.
            return text.Length == 26
                && DateTimeOffset.TryParseExact(text.Insert(24, ":"), "dd/MMM/yyyy:HH:mm:ss zzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
        }
    }

    /// <summary>Where the fields this reader needs are in a W3C extended log's lines, from its <c>#Fields:</c> directive.</summary>
    public sealed class W3cFields
    {
        private W3cFields(IReadOnlyList<string> names)
        {
            Count = names.Count;
            Date = IndexOf(names, "date");
            Time = IndexOf(names, "time");
            ClientAddress = IndexOf(names, "c-ip");
            Path = IndexOf(names, "cs-uri-stem");
            Query = IndexOf(names, "cs-uri-query");
            Status = IndexOf(names, "sc-status");
        }

        public int Count { get; }

        public int Date { get; }

        public int Time { get; }

        public int ClientAddress { get; }

        public int Path { get; }

        public int Query { get; }

        public int Status { get; }

        /// <summary>The fields a <c>#Fields:</c> line names, or null when it lacks one this reader needs.</summary>
        public static W3cFields? Parse(string directive)
        {
            string[] names = directive.Substring(directive.IndexOf(':') + 1).Trim().Split(' ');
            W3cFields fields = new W3cFields(names);
            return fields.Date < 0 || fields.Time < 0 || fields.ClientAddress < 0 || fields.Path < 0 || fields.Query < 0 || fields.Status < 0 ? null : fields;
        }

        private static int IndexOf(IReadOnlyList<string> names, string name)
        {
            for (int i = 0; i < names.Count; i++)
            {
                if (string.Equals(names[i], name, StringComparison.OrdinalIgnoreCase)) return i;
            }
            return -1;
        }
    }
}
