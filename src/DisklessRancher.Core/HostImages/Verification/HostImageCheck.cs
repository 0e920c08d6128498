namespace DisklessRancher.Core.HostImages.Verification
{
    /// <summary>One named check of a host image: whether it passed and, either way, what was found.</summary>
    public sealed class HostImageCheck
    {
        public HostImageCheck(string name, bool passed, string detail)
        {
            Name = name;
            Passed = passed;
            Detail = detail;
        }

        /// <summary>One of the <see cref="HostImageCheckNames"/>.</summary>
        public string Name { get; }

        public bool Passed { get; }

        /// <summary>What was found: the evidence for a pass, the defect and its consequence for a failure.</summary>
        public string Detail { get; }

        internal static HostImageCheck Pass(string name, string detail) => new HostImageCheck(name, true, detail);

        internal static HostImageCheck Fail(string name, string detail) => new HostImageCheck(name, false, detail);

        public override string ToString() => $"{Name}: {(Passed ? "passed" : "FAILED")}: {Detail}";
    }
}
