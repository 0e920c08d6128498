using Xunit;
using DisklessRancher.Tests.Shared;

namespace DisklessRancher.Iso9660.Tests.Writing;

/// <summary>An output file is complete or absent; the base is never written to.</summary>
public sealed class WriteSafetyTests : IClassFixture<RancherOsBaseFixture>
{
    private readonly RancherOsBaseFixture f;

    public WriteSafetyTests(RancherOsBaseFixture fixture)
    {
        f = fixture;
    }

    private sealed class FailingStream(long length) : MemoryStream(new byte[length])
    {
        public override int Read(byte[] buffer, int offset, int count) =>
            Position >= 4096 ? throw new IOException("disk gone") : base.Read(buffer, offset, Math.Min(count, 4096));
    }

    /// <summary>Content that, when the writer reads it, notes the modes of the temporary files beside the output.</summary>
    private sealed class ModeWitness(string folder, List<UnixFileMode> modes) : MemoryStream(new byte[4096])
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            // An image kept to its owner is created 0600 under a temporary name, before any byte is written to it.
            foreach (var temporary in Directory.GetFileSystemEntries(folder, "*.tmp", new EnumerationOptions { AttributesToSkip = 0 })) modes.Add(File.GetUnixFileMode(temporary));
            return base.Read(buffer, offset, count);
        }
    }

    /// <summary>Reports synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class CancelAfter(CancellationTokenSource source, long bytes) : IProgress<IsoWriteProgress>
    {
        public List<IsoWriteProgress> Reports { get; } = new();

        public void Report(IsoWriteProgress value)
        {
            Reports.Add(value);
            if (value.BytesWritten >= bytes) source.Cancel();
        }
    }

    [Fact]
    public void AFailingContentStreamLeavesNoOutput()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("out.iso");
        var remaster = new IsoRemaster(f.BaseIso).AddFile("/big.bin", new FailingStream(1 << 20));
        Assert.Throws<IOException>(() => remaster.Write(output));
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
        var builder = new IsoBuilder("X").AddFile("/big.bin", new FailingStream(1 << 20));
        Assert.Throws<IOException>(() => builder.Write(output));
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void CancellationStopsTheCopyAndLeavesNoOutputNorTouchesAnExistingFile()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("out.iso");
        File.WriteAllText(output, "previous");
        using var cancel = new CancellationTokenSource();
        var progress = new CancelAfter(cancel, 1);
        Assert.ThrowsAny<OperationCanceledException>(() =>
            new IsoRemaster(f.BaseIso).AddFile("/a", new byte[10]).Write(output, progress, cancel.Token));
        Assert.Equal(new[] { output }, Directory.GetFileSystemEntries(temp.Path));
        Assert.Equal("previous", File.ReadAllText(output));
        Assert.True(progress.Reports[^1].BytesWritten < progress.Reports[^1].TotalBytes);
    }

    [Fact]
    public void ProgressCountsUpToTheImageSizeAndAnExistingOutputIsReplaced()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("out.iso");
        File.WriteAllText(output, "previous");
        var progress = new CancelAfter(new CancellationTokenSource(), long.MaxValue);
        new IsoRemaster(f.BaseIso).AddFile("/a", new byte[10]).Write(output, progress);
        long length = new FileInfo(output).Length;
        Assert.Equal(length, progress.Reports[^1].BytesWritten);
        Assert.All(progress.Reports, r => Assert.Equal(length, r.TotalBytes));
        Assert.Equal(new[] { output }, Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void TheBaseIsOpenedReadOnly()
    {
        using var temp = new TempDirectory();
        var readOnlyBase = temp.Combine("ro.iso");
        File.Copy(f.BaseIso, readOnlyBase);
        var before = File.ReadAllBytes(readOnlyBase);
        File.SetUnixFileMode(readOnlyBase, UnixFileMode.UserRead);
        new IsoRemaster(readOnlyBase).AddFile("/a", new byte[10]).SetVolumeLabel("config-2").Write(temp.Combine("out.iso"));
        Assert.Equal(before, File.ReadAllBytes(readOnlyBase));
    }

    [Fact]
    public void AnOutputRestrictedToItsOwnerIsSoBeforeTheAddedBytesAreWritten()
    {
        using var temp = new TempDirectory();
        var modes = new List<UnixFileMode>();
        new IsoRemaster(f.BaseIso).RestrictToOwner().AddFile("/secret", new ModeWitness(temp.Path, modes)).Write(temp.Combine("remaster.iso"));
        new IsoBuilder("X").RestrictToOwner().AddFile("/secret", new ModeWitness(temp.Path, modes)).Write(temp.Combine("fresh.iso"));
        new IsoBuilder("X").AddFile("/public", new byte[1]).Write(temp.Combine("public.iso"));

        var ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.NotEmpty(modes);
        Assert.Equal(2, modes.Count);
        Assert.All(modes, mode => Assert.Equal(ownerOnly, mode));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(temp.Combine("remaster.iso")));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(temp.Combine("fresh.iso")));
        Assert.NotEqual(ownerOnly, File.GetUnixFileMode(temp.Combine("public.iso")));
    }

    [Fact]
    public void AnImageCanBeRemasteredOntoItself()
    {
        using var temp = new TempDirectory();
        var image = temp.Combine("self.iso");
        File.Copy(f.BaseIso, image);
        new IsoRemaster(image).AddFile("/state/.docker_uuid", new byte[36]).Write(image);
        Assert.Contains("/state/.docker_uuid", ExternalTool.Check("isoinfo", "-R", "-f", "-i", image).All.Split('\n'));
        Assert.Contains("/boot/isolinux/isolinux.bin", ExternalTool.Check("isoinfo", "-R", "-f", "-i", image).All.Split('\n'));
        Assert.Equal(new[] { image }, Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void ABaseChangedAfterItWasReadIsRefused()
    {
        using var temp = new TempDirectory();
        var changing = temp.Combine("changing.iso");
        File.Copy(f.BaseIso, changing);
        var remaster = new IsoRemaster(changing).AddFile("/a", new byte[10]);
        IsoVolumeLabel.Set(changing, "OTHER");
        Assert.Throws<InvalidOperationException>(() => remaster.Write(temp.Combine("out.iso")));
        Assert.False(File.Exists(temp.Combine("out.iso")));
    }

    [Fact]
    public void BadArgumentsAreRefusedWhenGiven()
    {
        var remaster = new IsoRemaster(f.BaseIso);
        Assert.Throws<ArgumentException>(() => remaster.AddFile("/", new byte[1]));
        Assert.Throws<ArgumentException>(() => remaster.AddFile("/a/../b", new byte[1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => remaster.AddFile("/a", new byte[1], 0x10000));
        Assert.Throws<InvalidOperationException>(() => remaster.AddFile("/boot", new byte[1]));
        Assert.Throws<InvalidOperationException>(() => remaster.AddFile("/boot/global.cfg/x", new byte[1]));
        Assert.Throws<IsoLabelException>(() => remaster.SetVolumeLabel("a-label-of-17-chr"));
        Assert.Throws<IsoLabelException>(() => new IsoBuilder("bad\u00e9"));
        Assert.Throws<ArgumentException>(() => remaster.AddFile("/a", new NonSeekable()));
    }

    private sealed class NonSeekable : MemoryStream
    {
        public override bool CanSeek => false;
    }
}
