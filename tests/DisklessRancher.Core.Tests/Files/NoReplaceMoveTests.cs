using DisklessRancher.Files;
using DisklessRancher.Tests.Shared;

namespace DisklessRancher.Core.Tests.Files;

public sealed class NoReplaceMoveTests
{
    [Fact]
    public void OfTwoFilesMovedToOneFreeNameAtTheSameMomentExactlyOneTakesItAndIsKept()
    {
        using TempDirectory temp = new();
        int doubleWins = 0;
        for (int round = 0; round < 400; round++)
        {
            string destination = temp.Combine($"host-{round}.iso");
            string[] sources = [temp.Combine($".a-{round}.tmp"), temp.Combine($".b-{round}.tmp")];
            for (int i = 0; i < 2; i++) File.WriteAllText(sources[i], $"{i}");
            using Barrier start = new(2);
            bool[] won = new bool[2];
            Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
            {
                start.SignalAndWait();
                try
                {
                    NoReplaceMove.Move(sources[i], destination);
                    won[i] = true;
                }
                catch (IOException)
                {
                    Assert.True(File.Exists(sources[i]), "the file that lost keeps its own name");
                }
            });
            if (won[0] && won[1]) doubleWins++;
            int winner = Assert.Single(Enumerable.Range(0, 2), i => won[i]);
            Assert.Equal($"{winner}", File.ReadAllText(destination));
        }
        Assert.Equal(0, doubleWins);
    }

    [Fact]
    public void AFileAlreadyThereIsNeitherReplacedNorTouched()
    {
        using TempDirectory temp = new();
        string destination = temp.Combine("host.iso");
        string source = temp.Combine(".host.tmp");
        File.WriteAllText(destination, "kept");
        File.WriteAllText(source, "new");

        Assert.Throws<IOException>(() => NoReplaceMove.Move(source, destination));

        Assert.Equal("kept", File.ReadAllText(destination));
        Assert.Equal("new", File.ReadAllText(source));
    }

    [Fact]
    public void AFreeNameIsTakenAndTheSourceNameIsGone()
    {
        using TempDirectory temp = new();
        string source = temp.Combine(".host.tmp");
        File.WriteAllText(source, "image");

        NoReplaceMove.Move(source, temp.Combine("host.iso"));

        Assert.Equal(["host.iso"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName));
        Assert.Equal("image", File.ReadAllText(temp.Combine("host.iso")));
    }
}
