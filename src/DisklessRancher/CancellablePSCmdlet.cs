using System;
using System.Management.Automation;
using System.Threading;

namespace DisklessRancher
{
    /// <summary>A cmdlet whose long work stops promptly on Ctrl+C: StopProcessing cancels <see cref="CancellationToken"/>.</summary>
    public abstract class CancellablePSCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

        protected CancellationToken CancellationToken => _stopping.Token;

        protected override void StopProcessing() => _stopping.Cancel();

        public void Dispose()
        {
            _stopping.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
