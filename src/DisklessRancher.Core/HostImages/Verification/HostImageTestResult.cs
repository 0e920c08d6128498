using System.Collections.Generic;
using System.Linq;

namespace DisklessRancher.Core.HostImages.Verification
{
    /// <summary>What the checks found in one host image.</summary>
    public sealed class HostImageTestResult
    {
        public HostImageTestResult(string path, string? hostname, IReadOnlyList<HostImageCheck> checks)
        {
            Path = path;
            Hostname = hostname;
            Checks = checks;
            FailedChecks = checks.Where(c => !c.Passed).Select(c => c.Name).ToArray();
        }

        public string Path { get; }

        /// <summary>True when every check passed.</summary>
        public bool Passed => FailedChecks.Count == 0;

        /// <summary>The hostname the user_data sets, or null.</summary>
        public string? Hostname { get; }

        /// <summary>Every check, in the order of <see cref="HostImageCheckNames"/>.</summary>
        public IReadOnlyList<HostImageCheck> Checks { get; }

        /// <summary>The names of the checks that failed.</summary>
        public IReadOnlyList<string> FailedChecks { get; }

        public override string ToString() => Passed ? $"{Path}: passed" : $"{Path}: failed {string.Join(", ", FailedChecks)}";
    }
}
