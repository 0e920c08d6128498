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
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        /// <summary>Releases what the cmdlet still holds; PowerShell disposes a cmdlet also when the pipeline stops.</summary>
        protected virtual void Dispose(bool disposing)
        {
            if (disposing) _stopping.Dispose();
        }
    }
}
