using System.Management.Automation;
using System.Runtime.CompilerServices;
using DisklessRancher.Core.CloudConfig;

namespace DisklessRancher.Transformations
{
    /// <summary>
    /// Holds the conversion failure of a CSV cell bound from the pipeline until the cmdlet's ProcessRecord reports
    /// it, so that a bad cell fails its row with an error naming the host, the field, the value and the row, and
    /// the rows after it keep their numbers. A failure that PowerShell's binder reported would skip the row unseen.
    /// </summary>
    /// <remarks>
    /// PowerShell binds a pipeline object to a command and then calls that command's ProcessRecord, in one runspace
    /// with nothing between. While a batch collects (from its BeginProcessing, after the command line is bound),
    /// a cell that fails binds as not given and its failure waits here, with the runspace (its engine intrinsics);
    /// <see cref="HostSettingsCmdlet"/> reports it first thing in the row. Outside a batch, a bad value fails binding
    /// as usual.
    /// </remarks>
    internal sealed class RowConversionFailures
    {
        private static readonly ConditionalWeakTable<EngineIntrinsics, RowConversionFailures> OfRunspace =
            new ConditionalWeakTable<EngineIntrinsics, RowConversionFailures>();

        private int collectors;
        private HostSpecException? pending;

        public static RowConversionFailures Of(EngineIntrinsics engine) => OfRunspace.GetValue(engine, _ => new RowConversionFailures());

        public void StartCollecting() => collectors++;

        public void StopCollecting() => collectors--;

        /// <summary>
        /// What a transformation returns for a bad cell: null while collecting (the first failure of the row waits),
        /// or it throws.
        /// </summary>
        /// <param name="reason">What is wrong, following "'value' is ...".</param>
        public static object? Reject(EngineIntrinsics? engine, HostField field, string value, string reason)
        {
            HostSpecException failure = new HostSpecException(field, value, reason);
            RowConversionFailures? failures = engine == null ? null : Of(engine);
            if (failures == null || failures.collectors == 0) throw new ArgumentTransformationMetadataException($"'{value}' is {reason}", failure);
            if (failures.pending == null) failures.pending = failure;
            return null;
        }

        /// <summary>The failure waiting for this row, if any; taking it clears it.</summary>
        public HostSpecException? Take()
        {
            HostSpecException? failure = pending;
            pending = null;
            return failure;
        }
    }
}
