using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using DisklessRancher.Core.Batches;
using DisklessRancher.Core.CloudConfig;
using DisklessRancher.Core.HostImages;
using DisklessRancher.Files;

namespace DisklessRancher
{
    /// <summary>
    /// A cmdlet that makes one output per host row (an image, a network boot entry): the parameters every such cmdlet
    /// has, and the pipeline around a <see cref="HostBatchRunner{T}"/>. A cmdlet says how to begin its batch, how to
    /// check a row and what work makes a host's output; the runner runs the rows and this class writes what it reports.
    /// </summary>
    public abstract class HostBatchCmdlet<T> : HostSettingsCmdlet
    {
        private HostBatchRunner<T>? _runner;
        private PipelineRowColumns? _columns;

        [Parameter]
        public string? StateDirectory { get; set; }

        [Parameter]
        public string[]? KernelArgument { get; set; }

        [Parameter]
        public SwitchParameter DisableAutologin { get; set; }

        [Parameter]
        public SwitchParameter RemoveLocalStateArgument { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected HostBatch Batch => _runner!.Batch;

        /// <summary>How many hosts' outputs may be made at a time.</summary>
        protected abstract int MaxInFlight { get; }

        /// <summary>The batch's progress activity.</summary>
        protected abstract string Activity { get; }

        /// <summary>The row piped in (an Import-Csv row), for the checks of its columns; null when none was.</summary>
        protected abstract PSObject? InputRow { get; }

        /// <summary>The hostname this record gives.</summary>
        protected abstract string RowHostname { get; }

        /// <summary>Checks the parameters of the whole batch and returns the batch; an exception stops it.</summary>
        protected abstract HostBatch BeginBatch();

        /// <summary>Says where the row's identity comes from and where its output goes.</summary>
        protected abstract void DescribeRow(HostRow row);

        /// <summary>Checks the row on the pipeline thread (under -WhatIf too) and returns the work that makes its output.</summary>
        protected abstract HostOutputWork<T>? Step(HostRow row, HostIdentity? identity, string? outputPath);

        /// <summary>After every row is made and every identity is on disk; an exception stops the batch.</summary>
        protected virtual void EndBatch()
        {
        }

        /// <summary>Called now and then while the oldest output is still being made.</summary>
        protected virtual void Waiting()
        {
        }

        /// <summary>A row is done, made or failed.</summary>
        protected virtual void RowDone(HostRow row)
        {
        }

        /// <summary>The identity store: -StateDirectory, or the current user's store.</summary>
        protected string StateRoot() => StateDirectory == null ? HostStateStore.DefaultRoot() : HostStateStore.CheckRoot(PathResolver.ResolveOutput(this, StateDirectory));

        protected sealed override void BeginProcessing()
        {
            Guard(StateDirectory, () => _runner = new HostBatchRunner<T>(BeginBatch(), MaxInFlight, new Report(this), CancellationToken));
            _columns = new PipelineRowColumns(this);
            CollectRowFailures();
        }

        protected sealed override void ProcessRecord()
        {
            HostSpecException? badColumn = null;
            string? unknownColumns = InputRow == null ? null : _columns!.Check(InputRow, out badColumn);
            if (unknownColumns != null) WriteWarning(unknownColumns);
            HostRow row = NextRow(RowHostname);
            row.BindingFailure = badColumn ?? row.BindingFailure;
            DescribeRow(row);
            Guard(row.Hostname, () => _runner!.Run(row, (identity, outputPath) => Step(row, identity, outputPath)));
        }

        protected sealed override void EndProcessing()
        {
            StopCollectingRowFailures();
            Guard(Batch.Store.Root, () =>
            {
                _runner!.Finish();
                Batch.Store.FlushToDisk();
                EndBatch();
            });
            WriteProgress(new ProgressRecord(ActivityId, Activity, $"{Batch.Made} made") { RecordType = ProgressRecordType.Completed });
            WriteInformation(Batch.Summary(), new[] { "Summary" });
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                StopCollectingRowFailures();
                // Stopped with outputs in flight: let them end, and keep the identities saved so far.
                _runner?.Dispose();
                try
                {
                    _runner?.Batch.Store.FlushToDisk();
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    // The pipeline is stopping: the files are in place, and the write-back will carry them.
                }
            }
            base.Dispose(disposing);
        }

        protected const int ActivityId = 1;

        /// <summary>
        /// Runs work of the batch: a row failure there stops the batch with one error; a stop request stops the pipeline;
        /// anything else is a bug, reported with its stack.
        /// </summary>
        protected void Guard(object? target, Action work)
        {
            try
            {
                work();
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception e) when (HostBatchRunner<T>.IsRowFailure(e))
            {
                ThrowTerminatingError(ErrorRecords.Create(e, target));
            }
            catch (Exception e) when (!(e is PipelineStoppedException || e is PipelineClosedException || e is RuntimeException))
            {
                ThrowTerminatingError(ErrorRecords.Bug(e, target));
            }
        }

        /// <summary>A base whose kernel line keeps RancherOS's state on a local disk makes hosts that are not disk-less.</summary>
        protected void ReportLocalDiskArguments(IReadOnlyList<string> arguments)
        {
            if (arguments.Count == 0) return;
            string list = string.Join(" ", arguments);
            if (RemoveLocalStateArgument)
            {
                WriteVerbose($"The base image's kernel line has {list}; the hosts boot without them, so they keep no state on a local disk.");
                return;
            }
            WriteWarning($"The base image's kernel line has {list}: RancherOS will use (and may format) a local disk for its state, so the hosts are not disk-less. Use -RemoveLocalStateArgument to leave them out.");
        }

        /// <summary>The base ISO's full path; terminating when it is missing or a directory.</summary>
        protected string ResolveBaseIso(string path)
        {
            string resolved = PathResolver.ResolveOutput(this, path);
            if (File.Exists(resolved))
            {
                try
                {
                    InputFile.CheckRegular(resolved);
                }
                catch (InputFileException e)
                {
                    ThrowTerminatingError(new ErrorRecord(new IOException($"The base image -BaseIso '{path}' {e.Problem}", e),
                        ErrorIds.NotARegularFile, ErrorCategory.InvalidArgument, path));
                }
                return resolved;
            }
            ThrowTerminatingError(new ErrorRecord(
                Directory.Exists(resolved)
                    ? new IOException($"The base image '{path}' is a directory, not an ISO file.")
                    : new FileNotFoundException($"The base image '{path}' does not exist.", path),
                Directory.Exists(resolved) ? ErrorIds.PathIsDirectory : ErrorIds.PathNotFound,
                Directory.Exists(resolved) ? ErrorCategory.InvalidArgument : ErrorCategory.ObjectNotFound, path));
            return resolved;
        }

        /// <summary>Writes what the runner reports, on the pipeline thread.</summary>
        private sealed class Report : IHostBatchReport<T>
        {
            private readonly HostBatchCmdlet<T> _cmdlet;

            public Report(HostBatchCmdlet<T> cmdlet)
            {
                _cmdlet = cmdlet;
            }

            public void Warning(string text) => _cmdlet.WriteWarning(text);

            public void Made(HostRow row, T output)
            {
                _cmdlet.RowDone(row);
                _cmdlet.WriteObject(output);
            }

            public void Failed(HostRow row, Exception error)
            {
                _cmdlet.RowDone(row);
                _cmdlet.WriteRowError(row, error);
            }

            public void Waiting() => _cmdlet.Waiting();
        }
    }
}
