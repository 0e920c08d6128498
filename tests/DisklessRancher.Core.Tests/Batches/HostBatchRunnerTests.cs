using DisklessRancher.Core.AgentState;
using DisklessRancher.Core.Batches;
using DisklessRancher.Core.CloudConfig;
using DisklessRancher.Core.HostImages;

namespace DisklessRancher.Core.Tests.Batches;

public sealed class HostBatchRunnerTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("host-batch-runner-");
    private readonly Report _report = new();

    public void Dispose() => _folder.Delete(recursive: true);

    private HostBatchRunner<string> NewRunner(int maxInFlight) =>
        new(new HostBatch(new HostStateStore(Path.Combine(_folder.FullName, "store")), null), maxInFlight, _report, CancellationToken.None);

    private static HostRow Row(string hostname, int number) => new(hostname, number, piped: true);

    [Fact]
    public void OutputsAreReportedInInputOrderWhateverOrderTheyFinishIn()
    {
        using HostBatchRunner<string> runner = NewRunner(maxInFlight: 4);
        int[] delays = { 300, 10, 150, 0 };
        for (int i = 0; i < delays.Length; i++)
        {
            int delay = delays[i];
            string name = "h" + (i + 1);
            runner.Run(Row(name, i + 1), (_, _) => (_, _) => { Thread.Sleep(delay); return name; });
        }
        runner.Finish();

        Assert.Equal(new[] { "h1", "h2", "h3", "h4" }, _report.Made);
        Assert.Equal("4 made, none failed.", runner.Batch.Summary());
    }

    [Fact]
    public void NoMoreThanTheLimitAreMadeAtATime()
    {
        using HostBatchRunner<string> runner = NewRunner(maxInFlight: 3);
        int running = 0, most = 0;
        for (int i = 1; i <= 12; i++)
        {
            string name = "h" + i;
            runner.Run(Row(name, i), (_, _) => (_, _) =>
            {
                int now = Interlocked.Increment(ref running);
                InterlockedMax(ref most, now);
                Thread.Sleep(20);
                Interlocked.Decrement(ref running);
                return name;
            });
            Assert.True(runner.InFlight < 3, $"{runner.InFlight} rows in flight after row {i}");
        }
        runner.Finish();

        Assert.Equal(12, _report.Made.Count);
        Assert.InRange(most, 1, 3);
    }

    [Fact]
    public void AFailingStepFailsItsRowOnlyAndIsCountedInTheSummary()
    {
        using HostBatchRunner<string> runner = NewRunner(maxInFlight: 3);
        using ManualResetEventSlim diskFull = new();
        runner.Run(Row("good-1", 1), (_, _) => (_, _) => "good-1");
        runner.Run(Row("bad-2", 2), (_, _) => throw new HostSpecException(HostField.Mtu, "20", "below 68."));
        runner.Run(Row("late-3", 3), (_, _) => (_, _) => { diskFull.Wait(); throw new IOException("disk full"); });
        runner.Run(Row("bad_name", 4), (_, _) => (_, _) => "never");
        diskFull.Set();
        runner.Run(Row("good-5", 5), (_, _) => (_, _) => "good-5");
        runner.Finish();

        Assert.Equal(new[] { "good-1", "good-5" }, _report.Made);
        // A row that fails its checks is reported at once; one that fails while made, when its turn comes.
        Assert.Equal(new[] { "bad-2 (input row 2): InvalidMtu", "bad_name (input row 4): InvalidHostname", "late-3 (input row 3): IOException" },
            _report.Failed);
        Assert.Equal("2 made, 3 failed: bad-2 (input row 2), bad_name (input row 4), late-3 (input row 3).", runner.Batch.Summary());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AnExceptionThatIsNotOursIsABugThatLeavesTheBatch(bool onAnotherThread)
    {
        using HostBatchRunner<string> runner = NewRunner(maxInFlight: 2);
        runner.Run(Row("good-1", 1), (_, _) => (_, _) => "good-1");
        InvalidOperationException bug = Assert.Throws<InvalidOperationException>(() =>
        {
            runner.Run(Row("buggy-2", 2), onAnotherThread
                ? (_, _) => (_, _) => throw new InvalidOperationException("a bug")
                : (_, _) => throw new InvalidOperationException("a bug"));
            runner.Finish();
        });

        Assert.Equal("a bug", bug.Message);
        Assert.Contains(nameof(AnExceptionThatIsNotOursIsABugThatLeavesTheBatch), bug.StackTrace);
        Assert.Empty(_report.Failed);
        Assert.Equal(0, runner.Batch.Failed);
    }

    [Fact]
    public void ANewIdentityIsKeptBeforeTheOutputIsMadeAndItsWarningComesWithTheOutput()
    {
        using HostBatchRunner<string> runner = NewRunner(maxInFlight: 2);
        HostIdentity? planned = null;
        RancherAgentState? made = null;
        runner.Run(new HostRow("web-01", 1, piped: true) { UsesStore = true }, (identity, _) =>
        {
            planned = identity;
            return (kept, _) => { made = kept; return "web-01"; };
        });
        runner.Finish();

        Assert.True(planned!.IsNew);
        Assert.Same(planned.AgentState, made);
        Assert.Equal(planned.AgentState.DockerUuid, AgentStateDirectory.Read(Path.Combine(_folder.FullName, "store", "web-01")).DockerUuid);
        Assert.StartsWith("web-01 (input row 1): web-01 has no saved identity", Assert.Single(_report.Warnings));
    }

    [Fact]
    public void ADuplicateHostnameFailsTheSecondRow()
    {
        using HostBatchRunner<string> runner = NewRunner(maxInFlight: 2);
        runner.Run(Row("web-01", 1), (_, _) => (_, _) => "web-01");
        runner.Run(Row("WEB-01", 2), (_, _) => (_, _) => "WEB-01");
        runner.Finish();

        Assert.Equal(new[] { "web-01" }, _report.Made);
        Assert.Equal(new[] { "WEB-01 (input row 2): DuplicateHostname" }, _report.Failed);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private sealed class Report : IHostBatchReport<string>
    {
        private readonly int _thread = Environment.CurrentManagedThreadId;

        public List<string> Made { get; } = new();

        public List<string> Failed { get; } = new();

        public List<string> Warnings { get; } = new();

        public void Warning(string text) => Warnings.Add(OnBatchThread(text));

        void IHostBatchReport<string>.Made(HostRow row, string output) => Made.Add(OnBatchThread(output));

        void IHostBatchReport<string>.Failed(HostRow row, Exception error) =>
            Failed.Add(OnBatchThread($"{row.Description}: {(error is DisklessRancherException ours ? ours.ErrorId : error.GetType().Name)}"));

        public void Waiting() => OnBatchThread(string.Empty);

        private string OnBatchThread(string text)
        {
            Assert.Equal(_thread, Environment.CurrentManagedThreadId);
            return text;
        }
    }
}
