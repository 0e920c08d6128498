using System.Diagnostics;
using DisklessRancher.Files;
using DisklessRancher.Tests.Shared;

namespace DisklessRancher.Core.Tests.Files;

public sealed class AtomicFileTests
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public void UnixAnOwnerOnlyFileIsCreatedAs0600BesideItsDestinationAndTakesItsName()
    {
        using TempDirectory temp = new();
        string destination = temp.Combine("web-01.iso");

        using (AtomicFile file = AtomicFile.Create(destination, ownerOnly: true))
        {
            file.Stream.Write("secret"u8);
            // No folder is made (and removed) for it: on ext4 without a journal that slowed every later file.
            string temporary = Assert.Single(Directory.GetFileSystemEntries(temp.Path));
            Assert.Matches(@"^\.web-01\.iso\.[0-9]+-[0-9a-f]{8}\.tmp$", Path.GetFileName(temporary));
            Assert.True(File.Exists(temporary));
            Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(temporary));
            Assert.False(File.Exists(destination));
            file.Commit();
        }

        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(destination));
        Assert.Equal("secret", File.ReadAllText(destination));
        Assert.Equal([destination], Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void UnixAnOwnerOnlyCopyReplacesTheFileAndKeepsNoOtherAccess()
    {
        using TempDirectory temp = new();
        string source = temp.Combine("base.iso");
        string destination = temp.Combine("copy.iso");
        File.WriteAllText(source, "base");
        File.SetUnixFileMode(source, (UnixFileMode)0x1A4); // 0644
        File.WriteAllText(destination, "old");
        File.SetUnixFileMode(destination, (UnixFileMode)0x1B6); // 0666

        using (AtomicFile file = AtomicFile.CreateCopyOf(source, destination, ownerOnly: true))
        {
            // The copy is created 0600 and filled afterwards, beside its destination: no folder is made for it.
            string temporary = Assert.Single(Directory.GetFileSystemEntries(temp.Path), entry => entry != source && entry != destination);
            Assert.True(File.Exists(temporary));
            Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(temporary));
            file.Stream.Write("+token"u8);
            file.Commit();
        }

        Assert.Equal("base+token", File.ReadAllText(destination));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(destination));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ACopyHasEveryByteOfItsSourceAndIsPositionedAtItsEnd(bool ownerOnly)
    {
        using TempDirectory temp = new();
        string source = temp.Combine("base.iso");
        byte[] bytes = new byte[(3 << 20) + 4097];
        new Random(7).NextBytes(bytes);
        File.WriteAllBytes(source, bytes);

        using (AtomicFile file = AtomicFile.CreateCopyOf(source, temp.Combine("copy.iso"), ownerOnly))
        {
            Assert.Equal(bytes.Length, file.Stream.Position);
            Assert.Equal(bytes.Length, file.Stream.Length);
            file.Stream.Write("+"u8);
            file.Commit();
        }

        Assert.Equal([.. bytes, (byte)'+'], File.ReadAllBytes(temp.Combine("copy.iso")));
    }

    [Fact]
    public void UnixAnOwnerOnlyCopyFromAnotherFileSystemHasEveryByte()
    {
        // A base on tmpfs and the copy on the temporary folder's file system: the kernel declines to clone or to
        // copy across them (EXDEV since Linux 5.19), so the copy goes through a buffer.
        using TempDirectory temp = new();
        string source = Path.Combine("/dev/shm", $"disklessrancher-{Guid.NewGuid():n}.iso");
        byte[] bytes = new byte[(1 << 20) + 513];
        new Random(11).NextBytes(bytes);
        try
        {
            File.WriteAllBytes(source, bytes);
            using (AtomicFile file = AtomicFile.CreateCopyOf(source, temp.Combine("copy.iso"), ownerOnly: true))
            {
                Assert.Equal(bytes.Length, file.Stream.Position);
                file.Commit();
            }
            Assert.Equal(bytes, File.ReadAllBytes(temp.Combine("copy.iso")));
            Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(temp.Combine("copy.iso")));
        }
        finally
        {
            File.Delete(source);
        }
    }

    [Fact]
    public void AFileNotCommittedLeavesNothingBehind()
    {
        using TempDirectory temp = new();
        foreach (bool ownerOnly in new[] { true, false })
        {
            using (AtomicFile file = AtomicFile.Create(temp.Combine("out.yaml"), ownerOnly)) file.Stream.Write("half"u8);
        }

        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void WithoutReplaceAFileThereIsKept()
    {
        using TempDirectory temp = new();
        File.WriteAllText(temp.Combine("user_data"), "theirs");

        Assert.Throws<IOException>(() => AtomicFile.Write(temp.Combine("user_data"), stream => stream.Write("ours"u8), replace: false, ownerOnly: true, flushToDisk: false));

        Assert.Equal("theirs", File.ReadAllText(temp.Combine("user_data")));
        Assert.Equal([temp.Combine("user_data")], Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void TemporariesOfEndedRunsAreRemovedFilesAndFoldersAlikeAndThoseOfRunningOnesKept()
    {
        using TempDirectory temp = new();
        using Process sleeper = Process.Start("sleep", "30");
        try
        {
            string abandonedFolder = temp.Combine($".web-01.iso.{EndedProcessId()}-0123abcd.tmp");
            string abandonedFile = temp.Combine($".boot.ipxe.{EndedProcessId()}-89abcdef.tmp");
            string running = temp.Combine($".web-02.iso.{sleeper.Id}-0123abcd.tmp");
            string ours = TemporaryName.Beside(temp.Combine("web-03.iso"));
            string notATemporary = temp.Combine(".web-04.iso.tmp");
            foreach (string folder in new[] { abandonedFolder, running, ours }) Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(abandonedFolder, "web-01.iso"), "token");
            File.WriteAllText(abandonedFile, "x");
            File.WriteAllText(notATemporary, "x");

            Assert.Equal(2, AbandonedTemporaries.Remove(temp.Path));

            Assert.False(Directory.Exists(abandonedFolder));
            Assert.False(File.Exists(abandonedFile));
            Assert.True(Directory.Exists(running));
            Assert.True(Directory.Exists(ours));
            Assert.True(File.Exists(notATemporary));
        }
        finally
        {
            sleeper.Kill();
        }
    }

    private static int EndedProcessId()
    {
        using Process ended = Process.Start("true")!;
        ended.WaitForExit();
        return ended.Id;
    }
}
