using System;

namespace DisklessRancher.Core.Batches
{
    /// <summary>One input row of a batch, as its errors and its output name it.</summary>
    public sealed class HostRow
    {
        /// <param name="piped">Whether the row came down the pipeline: only then does it have a row number to show.</param>
        public HostRow(string hostname, int number, bool piped)
        {
            Hostname = hostname ?? string.Empty;
            Number = number;
            string name = Hostname.Length == 0 ? "(no hostname)" : Hostname;
            // The Nth object piped in: a CSV file's line is not known (blank lines and multi-line cells shift it).
            Description = piped ? $"{name} (input row {number})" : name;
        }

        /// <summary>May be empty when the row gave none.</summary>
        public string Hostname { get; }

        /// <summary>The first row is 1.</summary>
        public int Number { get; }

        /// <summary>How the row's errors and warnings name it: "web-01 (input row 3)".</summary>
        public string Description { get; }

        /// <summary>A failure found before the row reached the batch (a CSV cell that did not bind); it fails the row.</summary>
        public Exception? BindingFailure { get; set; }

        /// <summary>Whether the host's identity comes from the identity store (not given with the row).</summary>
        public bool UsesStore { get; set; }

        /// <summary>
        /// Where the host's output goes, asked once its hostname is claimed; an earlier image there may complete an
        /// identity folder that lacks a file. Null when the output has no single path.
        /// </summary>
        public Func<string>? OutputPath { get; set; }
    }
}
