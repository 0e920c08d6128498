using DisklessRancher.Core.CloudConfig;

namespace DisklessRancher.Transformations
{
    /// <summary>
    /// Holds the conversion failure of a CSV cell bound from the pipeline until the cmdlet's ProcessRecord reports
    /// it, so that a bad cell fails its row with an error naming the host, the field, the value and the row, and
    /// the rows after it keep their numbers. A failure that PowerShell's binder reported would skip the row unseen.
    /// </summary>
    /// <remarks>
    /// PowerShell binds a pipeline object to a command and then calls that command's ProcessRecord, on one thread
    /// with nothing between. While a batch collects (from its BeginProcessing, after the command line is bound),
    /// a cell that fails binds as not given and its failure waits here; <see cref="HostSettingsCmdlet"/> reports
    /// it first thing in the row. Outside a batch, a bad value fails binding as usual.
    /// </remarks>
    internal static class RowConversionFailures
    {
        [System.ThreadStatic] private static int collectors;
        [System.ThreadStatic] private static HostSpecException? pending;

        public static void StartCollecting() => collectors++;

        public static void StopCollecting() => collectors--;

        /// <summary>
        /// What a transformation returns for a bad cell: null while collecting (the first failure of the row waits),
        /// or it throws.
        /// </summary>
        /// <param name="reason">What is wrong, following "'value' is ...".</param>
        public static object? Reject(HostField field, string value, string reason)
        {
            HostSpecException failure = new HostSpecException(field, value, reason);
            if (collectors == 0) throw new System.Management.Automation.ArgumentTransformationMetadataException($"'{value}' is {reason}", failure);
            if (pending == null) pending = failure;
            return null;
        }

        /// <summary>The failure waiting for this row, if any; taking it clears it.</summary>
        public static HostSpecException? Take()
        {
            HostSpecException? failure = pending;
            pending = null;
            return failure;
        }
    }
}
