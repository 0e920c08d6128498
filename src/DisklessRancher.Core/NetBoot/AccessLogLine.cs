using System;
using System.Collections.Generic;
using System.Globalization;

namespace DisklessRancher.Core.NetBoot
{
    /// <summary>One request of a web server's access log: when, from where, which path and query, and the status.</summary>
    public readonly struct AccessLogLine
    {
        private const int LocalTimeLength = 26;
        private static readonly string[] Months = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
        private static readonly TimeSpan MaxOffset = TimeSpan.FromHours(14);

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
            if (space <= 0 || endQuote < 0 || close - open - 1 != LocalTimeLength || !TryParseLocalTime(line, open + 1, out DateTimeOffset time)) return false;
            // "$request" is "<method> <target> <protocol>": the target is its second word.
            int targetStart = line.IndexOf(' ', quote + 1, endQuote - quote - 1) + 1;
            if (targetStart <= 0) return false;
            int targetEnd = line.IndexOf(' ', targetStart, endQuote - targetStart);
            if (targetEnd < 0) targetEnd = endQuote;
            int statusEnd = endQuote + 2 > line.Length ? -1 : line.IndexOf(' ', endQuote + 2);
            if (statusEnd < 0 || !TryParseDigits(line, endQuote + 2, statusEnd - endQuote - 2, out int status)) return false;
            int mark = line.IndexOf('?', targetStart, targetEnd - targetStart);
            string path = line.Substring(targetStart, (mark < 0 ? targetEnd : mark) - targetStart);
            string query = mark < 0 ? string.Empty : line.Substring(mark + 1, targetEnd - mark - 1);
            request = new AccessLogLine(time, line.Substring(0, space), path, query, status);
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

        // 06/Dec/2026:23:19:21 +0000, at a fixed place in every line: read in place, since a log has millions of lines.
        private static bool TryParseLocalTime(string line, int at, out DateTimeOffset time)
        {
            time = default;
            int month = MonthOf(line, at + 3);
            if (month == 0 || line[at + 2] != '/' || line[at + 6] != '/' || line[at + 11] != ':' || line[at + 14] != ':' || line[at + 17] != ':' || line[at + 20] != ' '
                || (line[at + 21] != '+' && line[at + 21] != '-')
                || !TryParseDigits(line, at, 2, out int day) || !TryParseDigits(line, at + 7, 4, out int year)
                || !TryParseDigits(line, at + 12, 2, out int hour) || !TryParseDigits(line, at + 15, 2, out int minute) || !TryParseDigits(line, at + 18, 2, out int second)
                || !TryParseDigits(line, at + 22, 2, out int offsetHours) || !TryParseDigits(line, at + 24, 2, out int offsetMinutes))
            {
                return false;
            }
            TimeSpan offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            if (year < 2 || year > 9998 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59 || offsetMinutes > 59 || offset > MaxOffset) return false;
            time = new DateTimeOffset(year, month, day, hour, minute, second, line[at + 21] == '-' ? -offset : offset);
            return true;
        }

        /// <returns>1 to 12, or 0 when the three letters at <paramref name="at"/> name no month.</returns>
        private static int MonthOf(string text, int at)
        {
            for (int i = 0; i < Months.Length; i++)
            {
                if (string.Compare(text, at, Months[i], 0, 3, StringComparison.OrdinalIgnoreCase) == 0) return i + 1;
            }
            return 0;
        }

        private static bool TryParseDigits(string text, int start, int length, out int value)
        {
            value = 0;
            if (length < 1 || length > 9) return false;
            for (int i = start; i < start + length; i++)
            {
                char c = text[i];
                if (c < '0' || c > '9') return false;
                value = value * 10 + (c - '0');
            }
            return true;
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
