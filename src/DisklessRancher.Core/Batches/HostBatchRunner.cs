using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DisklessRancher.Core.AgentState;
using DisklessRancher.Iso9660;

namespace DisklessRancher.Core.Batches
{
    /// <summary>
    /// Checks a row on the calling thread, given its identity (null when the row gives its own) and its output path
    /// (<see cref="HostRow.OutputPath"/>), and returns the work
    /// that makes the host's output, or null when the output is not to be made (-WhatIf).
    /// </summary>
    public delegate HostOutputWork<T>? HostOutputStep<T>(HostIdentity? identity, string? outputPath);

    /// <summary>
    /// Makes one host's output on another thread, from the agent state the host keeps (null when it has none); its
    /// warnings go to <paramref name="warnings"/>, shown with the output.
    /// </summary>
    public delegate T HostOutputWork<T>(RancherAgentState? keptState, ICollection<string> warnings);

    /// <summary>What a batch tells its user; called on the thread that runs the batch only.</summary>
    public interface IHostBatchReport<in T>
    {
        void Warning(string text);

        void Made(HostRow row, T output);

        /// <summary>A row failed; the others go on.</summary>
        void Failed(HostRow row, Exception error);

        /// <summary>Called now and then while the oldest output is still being made.</summary>
        void Waiting();
    }

    /// <summary>
    /// Runs the rows of one batch: each row is claimed, identified and checked on the calling thread; its identity is
    /// kept and its output made on other threads, at most a given number at a time; outputs, warnings and failures are
    /// reported in input order, on the calling thread. A row failure fails that row only; any other exception is a
    /// bug and leaves the batch.
    /// </summary>
    public sealed class HostBatchRunner<T> : IDisposable
    {
        public static readonly TimeSpan WaitingInterval = TimeSpan.FromMilliseconds(200);
        private readonly Queue<RowInFlight> inFlight = new Queue<RowInFlight>();
        private readonly int maxInFlight;
        private readonly IHostBatchReport<T> report;
        private readonly CancellationToken cancellation;
        private bool savesCleaned;

        public HostBatchRunner(HostBatch batch, int maxInFlight, IHostBatchReport<T> report, CancellationToken cancellation)
        {
            if (maxInFlight < 1) throw new ArgumentOutOfRangeException(nameof(maxInFlight));
            Batch = batch;
            this.maxInFlight = maxInFlight;
            this.report = report;
            this.cancellation = cancellation;
        }

        public HostBatch Batch { get; }

        /// <summary>Outputs being made now; never more than the limit.</summary>
        public int InFlight => inFlight.Count;

        /// <summary>
        /// A failure that is the input's or the machine's, not a bug: one of our own exceptions (the error id is
        /// theirs), or a file that cannot be read or written.
        /// </summary>
        public static bool IsRowFailure(Exception e) =>
            e is DisklessRancherException || e is IsoException || e is IOException || e is UnauthorizedAccessException;

        /// <summary>Runs one row; then reports the rows before it that are done.</summary>
        public void Run(HostRow row, HostOutputStep<T> step)
        {
            try
            {
                if (row.BindingFailure != null) throw row.BindingFailure;
                Batch.Claim(row.Hostname);
                string? outputPath = row.OutputPath?.Invoke();
                HostIdentity? identity = row.UsesStore ? Batch.Identify(row.Hostname, outputPath) : null;
                foreach (string warning in identity?.Warnings ?? new string[0]) report.Warning(warning);
                HostOutputWork<T>? work = step(identity, outputPath);
                if (work != null) Start(row, identity, work);
            }
            catch (Exception e) when (IsRowFailure(e))
            {
                Fail(row, e);
            }
            ReportDone(waitForAll: false);
        }

        /// <summary>Waits for every row, and reports them.</summary>
        public void Finish() => ReportDone(waitForAll: true);

        /// <summary>A stopped batch: lets the outputs in flight end (a cancelled one removes its temporary file), unreported.</summary>
        public void Dispose()
        {
            while (inFlight.Count > 0) ((IAsyncResult)inFlight.Dequeue().Task).AsyncWaitHandle.WaitOne();
        }

        private void Start(HostRow row, HostIdentity? identity, HostOutputWork<T> work)
        {
            if (identity != null && !savesCleaned)
            {
                Batch.Store.RemoveAbandonedSaves();
                savesCleaned = true;
            }
            List<string> warnings = new List<string>();
            Task<T> task = Task.Run(() =>
            {
                HostIdentity? kept = identity == null ? null : Batch.Keep(identity);
                foreach (string warning in kept?.Warnings ?? new string[0]) warnings.Add($"{row.Description}: {warning}");
                return work(kept?.AgentState, warnings);
            }, cancellation);
            inFlight.Enqueue(new RowInFlight(row, warnings, task));
        }

        private void ReportDone(bool waitForAll)
        {
            while (inFlight.Count > 0 && (waitForAll || inFlight.Count >= maxInFlight || inFlight.Peek().Task.IsCompleted))
            {
                RowInFlight oldest = inFlight.Peek();
                // The wait handle, unlike Task.Wait, does not throw for a failed row; its failure is reported below.
                while (!((IAsyncResult)oldest.Task).AsyncWaitHandle.WaitOne(WaitingInterval)) report.Waiting();
                inFlight.Dequeue();
                try
                {
                    T output = oldest.Task.GetAwaiter().GetResult();
                    foreach (string warning in oldest.Warnings) report.Warning(warning);
                    Batch.RecordMade();
                    report.Made(oldest.Row, output);
                }
                catch (Exception e) when (IsRowFailure(e))
                {
                    Fail(oldest.Row, e);
                }
            }
        }

        private void Fail(HostRow row, Exception e)
        {
            Batch.RecordFailed(row.Hostname, row.Number);
            report.Failed(row, e);
        }

        private sealed class RowInFlight
        {
            public RowInFlight(HostRow row, List<string> warnings, Task<T> task)
            {
                Row = row;
                Warnings = warnings;
                Task = task;
            }

            public HostRow Row { get; }

            /// <summary>Filled by the task before it completes; read on the batch's thread after.</summary>
            public List<string> Warnings { get; }

            public Task<T> Task { get; }
        }
    }
}
