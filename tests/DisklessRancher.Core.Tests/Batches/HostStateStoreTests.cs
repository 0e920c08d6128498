using System.Diagnostics;
using DisklessRancher.Core.AgentState;
using DisklessRancher.Core.Batches;
using DisklessRancher.Core.HostImages;
using DisklessRancher.Files;
using DisklessRancher.Core.IO;

namespace DisklessRancher.Core.Tests.Batches;

public sealed class HostStateStoreTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("host-state-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void TheDefaultStoreIsInTheUsersDataFolderWhateverTheCurrentFolder()
    {
        string data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        string before = HostStateStore.DefaultRoot();
        string current = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(_folder.FullName);
            Assert.Equal(before, HostStateStore.DefaultRoot());
        }
        finally
        {
            Directory.SetCurrentDirectory(current);
        }
        Assert.Equal(Path.Combine(data, "DisklessRancher", "state"), before);
        Assert.True(Path.IsPathRooted(before));
    }

    [Fact]
    public void AnIdentitySavedFirstIsFoundOnceAfterwards()
    {
        HostStateStore store = new(Path.Combine(_folder.FullName, "store"));
        RancherAgentState state = RancherAgentState.Generate();
        store.Save("web-01", state, out string saved);

        Assert.Equal(state.DockerUuid, store.Find("WEB-01", out string found)?.DockerUuid);
        Assert.Equal(saved, found);
    }

    [Fact]
    public void ASaveLeavesOnlyTheCompleteFolderKeptToItsOwner()
    {
        string root = Path.Combine(_folder.FullName, "store");
        HostStateStore store = new(root);
        RancherAgentState state = RancherAgentState.Generate();
        store.Save("Web-01", state, out string folder);
        store.FlushToDisk();

        Assert.Equal(new[] { "web-01" }, Directory.GetFileSystemEntries(root).Select(Path.GetFileName));
        Assert.Equal(3, Directory.GetFiles(folder).Length);
        Assert.Equal(state.RegistrationToken, AgentStateDirectory.Read(folder).RegistrationToken);
        if (OperatingSystem.IsWindows()) return;
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(root));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        Assert.All(Directory.GetFiles(folder), file => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file)));
    }

    [Fact]
    public void HostsFoundAndSavedOnManyThreadsAtOnceEachKeepTheirOwnIdentity()
    {
        string root = Path.Combine(_folder.FullName, "store");
        HostStateStore store = new(root);
        store.Save("known", RancherAgentState.Generate(), out _);
        // Looking up hosts that have no folder touches no disk, so the lookups truly overlap.
        Parallel.For(0, 50_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => Assert.Null(store.Find($"absent-{i}", out _)));

        string[] hosts = Enumerable.Range(0, 300).Select(i => $"host-{i:d3}").ToArray();
        RancherAgentState[] states = hosts.Select(_ => RancherAgentState.Generate()).ToArray();
        Parallel.For(0, hosts.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            Assert.Same(states[i], store.Save(hosts[i], states[i], out _));
            Assert.Equal(states[i].DockerUuid, store.Find(hosts[i].ToUpperInvariant(), out _)?.DockerUuid);
        });
        store.FlushToDisk();

        Assert.Equal(hosts.Append("known").Order(), Directory.GetFileSystemEntries(root).Select(Path.GetFileName).Order());
        HostStateStore reopened = new(root);
        for (int i = 0; i < hosts.Length; i++) Assert.Equal(states[i].RegistrationToken, reopened.Find(hosts[i], out _)?.RegistrationToken);
    }

    [Fact]
    public void ASaveThatFailsLeavesNothing()
    {
        HostStateStore store = new(_folder.FullName);
        // A file where the identity folder would go: the rename fails after the files are written.
        File.WriteAllText(Path.Combine(_folder.FullName, "web-01"), "in the way");
        Assert.ThrowsAny<IOException>(() => store.Save("web-01", RancherAgentState.Generate(), out _));
        Assert.Equal(new[] { "web-01" }, Directory.GetFileSystemEntries(_folder.FullName).Select(Path.GetFileName));
    }

    [Fact]
    public void TemporaryFoldersOfEndedRunsAreRemovedAndThoseOfRunningOnesKept()
    {
        using Process sleeper = Process.Start("sleep", "30");
        try
        {
            int ended = EndedProcessId();
            string abandoned = Path.Combine(_folder.FullName, $".web-01.{ended}-0123abcd.tmp");
            string running = Path.Combine(_folder.FullName, $".web-02.{sleeper.Id}-0123abcd.tmp");
            string notOurs = Path.Combine(_folder.FullName, ".cache");
            foreach (string path in new[] { abandoned, running, notOurs }) Directory.CreateDirectory(path);
            File.WriteAllText(Path.Combine(abandoned, AgentStateFile.DockerUuidName), "x");

            new HostStateStore(_folder.FullName).RemoveAbandonedSaves();

            Assert.False(Directory.Exists(abandoned));
            Assert.True(Directory.Exists(running));
            Assert.True(Directory.Exists(notOurs));
        }
        finally
        {
            sleeper.Kill();
        }
    }

    [Fact]
    public void SameFileSeesHardLinksAndNotFilesOfOtherTimes()
    {
        string base1 = Path.Combine(_folder.FullName, "base.iso");
        string link = Path.Combine(_folder.FullName, "link.iso");
        string copy = Path.Combine(_folder.FullName, "copy.iso");
        File.WriteAllText(base1, "base");
        Process.Start("ln", new[] { base1, link }).WaitForExit();
        File.WriteAllText(copy, "base");
        File.SetLastWriteTimeUtc(copy, File.GetLastWriteTimeUtc(base1).AddMinutes(-1));

        Assert.True(SameFile.Check(base1, Path.Combine(_folder.FullName, ".", "base.iso")));
        Assert.True(SameFile.Check(base1, link));
        Assert.False(SameFile.Check(base1, copy));
        Assert.False(SameFile.Check(base1, Path.Combine(_folder.FullName, "missing.iso")));
    }

    private static int EndedProcessId()
    {
        using Process process = Process.Start("true")!;
        process.WaitForExit();
        return process.Id;
    }
}
