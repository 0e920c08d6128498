using System;
using System.Globalization;
using System.Text;
using DisklessRancher.Iso9660;

namespace DisklessRancher.Core.CloudConfig
{
    /// <summary>A host setting that cannot go into a cloud-config: the field, the offending value and why.</summary>
    public sealed class HostSpecException : DisklessRancherException
    {
        public HostSpecException(HostField field, string? value, string reason)
            : base(IdOf(field), ErrorKind.InvalidArgument, value == null ? $"{field}: {reason}" : $"{field} '{Printable(value)}': {reason}")
        {
            Field = field;
            Value = value;
            Reason = reason;
        }

        public HostField Field { get; }

        /// <summary>The rejected value, or null when it is not repeated (a registration URL carries a secret).</summary>
        public string? Value { get; }

        public string Reason { get; }

        /// <summary>Invalid and the field's name: InvalidMtu, InvalidHostname...</summary>
        private static string IdOf(HostField field) => "Invalid" + field;

        /// <summary>The value with control characters escaped, so that an error message stays on one line.</summary>
        internal static string Printable(string value)
        {
            StringBuilder text = new StringBuilder(value.Length);
            foreach (char c in value)
            {
                if (char.IsControl(c) || c == '\u2028' || c == '\u2029')
                {
                    text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                }
                else
                {
                    text.Append(c);
                }
            }
            return text.ToString();
        }
    }
}
