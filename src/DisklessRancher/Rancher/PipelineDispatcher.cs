using System;
using System.Collections.Concurrent;
using System.Threading.Tasks;
using DisklessRancher.Core.Rancher;

namespace DisklessRancher.Rancher
{
    /// <summary>
    /// Runs asynchronous core work from a cmdlet: the pipeline thread waits for it while carrying out what the work
    /// posts (Verbose, Debug, progress), since a cmdlet may write to its streams only from that thread.
    /// </summary>
    internal sealed class PipelineDispatcher : IRancherClientLog
    {
        private readonly BlockingCollection<Action> _queue = new BlockingCollection<Action>();
        private readonly Action<string> _verbose;
        private readonly Action<string> _debug;

        public PipelineDispatcher(Action<string> verbose, Action<string> debug)
        {
            _verbose = verbose;
            _debug = debug;
        }

        public void Post(Action action) => _queue.Add(action);

        public T Run<T>(Func<Task<T>> start)
        {
            // A marker of this run's own: one left by an earlier run that stopped early is just a no-op.
            Action completed = () => { };
            Task<T> task = start();
            task.ContinueWith(_ => _queue.Add(completed), TaskScheduler.Default);
            foreach (Action action in _queue.GetConsumingEnumerable())
            {
                if (ReferenceEquals(action, completed)) break;
                action();
            }
            return task.GetAwaiter().GetResult();
        }

        /// <summary>A progress sink whose reports run on the pipeline thread.</summary>
        public IProgress<T> Progress<T>(Action<T> report) => new PostingProgress<T>(this, report);

        public void Verbose(string message) => Post(() => _verbose(message));

        public void Debug(string message) => Post(() => _debug(message));

        private sealed class PostingProgress<T> : IProgress<T>
        {
            private readonly PipelineDispatcher _dispatcher;
            private readonly Action<T> _report;

            public PostingProgress(PipelineDispatcher dispatcher, Action<T> report)
            {
                _dispatcher = dispatcher;
                _report = report;
            }

            public void Report(T value) => _dispatcher.Post(() => _report(value));
        }
    }
}
