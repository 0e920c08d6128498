using System.Diagnostics;
using DisklessRancher.Tests.Shared;

namespace DisklessRancher.Iso9660.Tests;

/// <summary>Not an ISO, truncated and corrupt input: always an IsoFormatException saying what and where, never a hang.</summary>
[Collection(TestImagesCollection.Name)]
public sealed class MalformedImageTests(TestImages images)
{
    [Fact]
    public void RandomBytesAreNotAnIso()
    {
        byte[] data = new byte[1 << 20];
        new Random(1).NextBytes(data);
        IsoFormatException e = Assert.Throws<IsoFormatException>(() => IsoImage.Open(new MemoryStream(data)));
        Assert.Equal(IsoFormatError.NotAnIso, e.Error);
        Assert.Equal(16, e.Lba);
    }

    [Fact]
    public void AFileTooShortForLba16IsNotAnIso()
    {
        IsoFormatException e = Assert.Throws<IsoFormatException>(() => IsoImage.Open(new MemoryStream(new byte[100])));
        Assert.Equal(IsoFormatError.NotAnIso, e.Error);
    }

    [Fact]
    public void AHalfImageIsTruncated()
    {
        byte[] data = File.ReadAllBytes(images.RancherOs);
        IsoFormatException e = Assert.Throws<IsoFormatException>(() => IsoImage.Open(new MemoryStream(data, 0, data.Length / 2)));
        Assert.Equal(IsoFormatError.Truncated, e.Error);
        Assert.Contains("blocks", e.Message);
    }

    [Fact]
    public void ADirectoryLoopIsCorruptNotAHang()
    {
        byte[] data = File.ReadAllBytes(images.XorrisoRockRidgeJoliet);
        using (IsoImage image = IsoImage.Open(new MemoryStream(data)))
        {
            // Point /boot's record at the root directory's extent: the root would contain itself.
            IsoDirectoryEntry boot = image.PrimaryRoot.GetChild("boot")!;
            long record = boot.RecordLba * 2048 + boot.RecordOffset;
            uint root = image.PrimaryVolume.RootRecord.ExtentLba;
            WriteBothEndian(data, record + 2, root);
            WriteBothEndian(data, record + 10, image.PrimaryVolume.RootRecord.DataLength);
        }
        using IsoImage looped = IsoImage.Open(new MemoryStream(data));
        IsoFormatException e = Assert.Throws<IsoFormatException>(() => looped.Root);
        Assert.Equal(IsoFormatError.Corrupt, e.Error);
        Assert.Contains("loop", e.Message);
    }

    [Fact]
    public void AContinuationAreaPointingAtItselfIsCorruptNotAHang()
    {
        byte[] data = File.ReadAllBytes(images.RancherOs);
        long ceLba, ceOffset;
        using (IsoImage image = IsoImage.Open(new MemoryStream(data)))
        {
            SuspEntry ce = image.Root.SystemUse.First(e => e.Signature == "CE");
            ceLba = Ecma119.ReadUInt32LE(ce.Raw, SuspLayout.CeLba);
            ceOffset = Ecma119.ReadUInt32LE(ce.Raw, SuspLayout.CeOffset);
            SuspEntry er = image.Root.SystemUse.First(e => e.Signature == "ER");
            // Append, in the continuation area, a CE naming that same area, and stretch the root's CE over it.
            int position = (int)(ceLba * 2048 + er.Offset + 4 + er.Data.Count);
            byte[] loop = [(byte)'C', (byte)'E', 28, 1];
            loop.CopyTo(data, position);
            uint length = (uint)(position + 28 - ceLba * 2048 - ceOffset);
            WriteBothEndian(data, position + 4, (uint)ceLba);
            WriteBothEndian(data, position + 12, (uint)ceOffset);
            WriteBothEndian(data, position + 20, length);
            WriteBothEndian(data, ce.Lba * 2048 + ce.Offset + 20, length);
        }
        IsoFormatException e = Assert.Throws<IsoFormatException>(() => IsoImage.Open(new MemoryStream(data)));
        Assert.Equal(IsoFormatError.Corrupt, e.Error);
        Assert.Contains("loop", e.Message);
    }

    /// <summary>
    /// Mutates metadata bytes of real images (descriptors, directories, continuation areas, boot catalog, MBR) and
    /// reads everything back: only IsoFormatException, each case well under a second. DISKLESSRANCHER_FUZZ_COUNT raises the count.
    /// </summary>
    [Fact]
    public void MutatedImagesRaiseOnlyIsoFormatException()
    {
        int count = int.TryParse(Environment.GetEnvironmentVariable("DISKLESSRANCHER_FUZZ_COUNT"), out int n) ? n : 2000;
        string[] sources = [images.RancherOs, images.GenisoimageRockRidge, images.XorrisoEfiHybrid, images.Pycdlib];
        int seed = Environment.TickCount;
        Random random = new(seed);
        int failures = 0, index = 0;
        TimeSpan slowest = TimeSpan.Zero;
        foreach (string source in sources)
        {
            byte[] data = File.ReadAllBytes(source);
            long[] targets = MetadataBlocks(data);
            for (int i = 0; i < count / sources.Length; i++, index++)
            {
                byte[] mutated = (byte[])data.Clone();
                int edits = random.Next(1, 6);
                for (int k = 0; k < edits; k++)
                {
                    long block = targets[random.Next(targets.Length)];
                    int offset = random.Next(2048);
                    mutated[block * 2048 + offset] = random.Next(4) switch
                    {
                        0 => 0,
                        1 => 0xFF,
                        2 => (byte)random.Next(1, 40),
                        _ => (byte)random.Next(256),
                    };
                }
                Stopwatch watch = Stopwatch.StartNew();
                try
                {
                    ReadEverything(mutated);
                }
                catch (IsoFormatException)
                {
                }
                catch (Exception e)
                {
                    failures++;
                    Assert.Fail($"Seed {seed}, case {index} ({Path.GetFileName(source)}): {e}");
                }
                slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;
            }
        }
        Assert.Equal(0, failures);
        Assert.True(slowest < TimeSpan.FromSeconds(1), $"Slowest case took {slowest} (seed {seed}).");
    }

    private static void ReadEverything(byte[] data)
    {
        using IsoImage image = IsoImage.Open(new MemoryStream(data, false));
        _ = image.SystemArea.Summary;
        Walk(image, image.PrimaryRoot);
        if (image.JolietRoot != null) Walk(image, image.JolietRoot);
    }

    private static void Walk(IsoImage image, IsoDirectoryEntry directory)
    {
        byte[] buffer = new byte[4096];
        foreach (IsoDirectoryEntry entry in directory.Children)
        {
            if (entry.IsDirectory)
            {
                Walk(image, entry);
                continue;
            }
            using Stream stream = image.OpenRead(entry);
            while (stream.Position < Math.Min(stream.Length, 64 * 1024) && stream.Read(buffer, 0, buffer.Length) > 0)
            {
            }
        }
    }

    /// <summary>System area, descriptors, both trees' directory blocks, continuation areas and the boot catalog.</summary>
    private static long[] MetadataBlocks(byte[] data)
    {
        using IsoImage image = IsoImage.Open(new MemoryStream(data, false));
        HashSet<long> blocks = [0];
        for (long lba = 16; lba <= image.Descriptors[^1].Lba + 1; lba++) blocks.Add(lba);
        if (image.BootCatalog != null) blocks.Add(image.BootCatalog.Lba);
        void Add(IsoDirectoryEntry entry)
        {
            foreach (DirectoryRecord record in entry.Records) blocks.Add(record.Lba);
            foreach (SuspEntry susp in entry.SystemUse) blocks.Add(susp.Lba);
            if (entry.IsDirectory) blocks.Add(entry.Lba);
            foreach (IsoDirectoryEntry child in entry.Children) Add(child);
        }
        Add(image.PrimaryRoot);
        if (image.JolietRoot != null) Add(image.JolietRoot);
        return blocks.Order().ToArray();
    }

    private static void WriteBothEndian(byte[] data, long offset, uint value)
    {
        BitConverter.TryWriteBytes(data.AsSpan((int)offset, 4), value);
        data[offset + 4] = (byte)(value >> 24);
        data[offset + 5] = (byte)(value >> 16);
        data[offset + 6] = (byte)(value >> 8);
        data[offset + 7] = (byte)value;
    }
}
