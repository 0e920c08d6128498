using System.Security.Cryptography;
using DisklessRancher.Tests.Shared;

namespace DisklessRancher.Iso9660.Tests;

/// <summary>Relabelling writes the PVD and every Joliet SVD label field and nothing else.</summary>
[Collection(TestImagesCollection.Name)]
public sealed class VolumeLabelTests(TestImages images)
{
    [Theory]
    [InlineData("")]
    [InlineData("123456789012345678901234567890123")]
    [InlineData("café")]
    [InlineData("tab\there")]
    [InlineData("trailing ")]
    public void InvalidLabelsAreRefused(string label)
    {
        IsoLabelException e = Assert.Throws<IsoLabelException>(() => IsoVolumeLabel.Validate(label));
        Assert.Equal(IsoLabelError.Invalid, e.Error);
    }

    [Fact]
    public void InPlaceRelabelChangesOnlyTheLabelFieldsAndToolsSeeIt()
    {
        using TempDirectory temp = new();
        string iso = temp.Combine("r.iso");
        File.Copy(images.RancherOs, iso);
        string reportBefore = DescriptorTests.XorrisoReport(iso);

        IsoVolumeLabel.Set(iso, "config-2");

        Assert.Equal("config-2", ExternalTool.Check("blkid", "-p", "-o", "value", "-s", "LABEL", iso).StdOut.Trim());
        Assert.Contains("Volume id: config-2\n", ExternalTool.Check("isoinfo", "-d", "-i", iso).StdOut);
        Assert.Equal(reportBefore, DescriptorTests.XorrisoReport(iso));
        using IsoImage image = IsoImage.Open(iso);
        long[] labelBytes = image.Descriptors.OfType<IsoVolumeDescriptor>()
            .SelectMany(d => Enumerable.Range(40, 32).Select(i => d.Lba * 2048 + i)).ToArray();
        Assert.All(ChangedOffsets(images.RancherOs, iso), offset => Assert.Contains(offset, labelBytes));
        Assert.Equal("config-2", image.PrimaryVolume.VolumeId);
        Assert.Equal("config-2", image.JolietVolumes[0].VolumeId);
        byte[] joliet = image.JolietVolumes[0].GetBytes();
        Assert.Equal(new byte[] { 0, (byte)'c', 0, (byte)'o' }, joliet[40..44]);
        Assert.Equal(new byte[] { 0, 0x20 }, joliet[70..72]);
    }

    [Fact]
    public void ALabelTooLongForJolietIsRefusedAndTheImageIsUntouched()
    {
        using TempDirectory temp = new();
        string iso = temp.Combine("r.iso");
        File.Copy(images.RancherOs, iso);
        IsoLabelException e = Assert.Throws<IsoLabelException>(() => IsoVolumeLabel.Set(iso, "seventeen-chars-x"));
        Assert.Equal(IsoLabelError.TooLongForJoliet, e.Error);
        Assert.Empty(ChangedOffsets(images.RancherOs, iso));
    }

    [Fact]
    public void WithoutJolietA32CharacterLabelIsKeptExactly()
    {
        using TempDirectory temp = new();
        string iso = temp.Combine("n.iso");
        File.Copy(images.XorrisoLevel2NoJoliet, iso);
        const string label = "Config-2 with 32 characters_#!x.";
        IsoVolumeLabel.Set(iso, label);
        Assert.Contains($"Volume id: {label}\n", ExternalTool.Check("isoinfo", "-d", "-i", iso).StdOut);
    }

    [Fact]
    public void CopyLeavesTheSourceUntouchedAndNoTemporaryFile()
    {
        using TempDirectory temp = new();
        string source = temp.Combine("source.iso"), destination = temp.Combine("out.iso");
        File.Copy(images.RancherOs, source);
        byte[] before = SHA256.HashData(File.ReadAllBytes(source));
        File.SetAttributes(source, FileAttributes.ReadOnly);

        IsoVolumeLabel.Copy(source, destination, "config-2", overwrite: false, CancellationToken.None);

        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(source)));
        Assert.Equal("config-2", ExternalTool.Check("blkid", "-p", "-o", "value", "-s", "LABEL", destination).StdOut.Trim());
        Assert.Equal(["out.iso", "source.iso"], Directory.GetFiles(temp.Path).Select(Path.GetFileName).Order());
        Assert.Throws<IOException>(() => IsoVolumeLabel.Copy(source, destination, "other", overwrite: false, CancellationToken.None));
        IsoVolumeLabel.Copy(source, destination, "other", overwrite: true, CancellationToken.None);
        using (IsoImage image = IsoImage.Open(destination)) Assert.Equal("other", image.PrimaryVolume.VolumeId);
        Assert.Throws<UnauthorizedAccessException>(() => IsoVolumeLabel.Set(source, "config-2"));
    }

    [Fact]
    public void ACancelledCopyLeavesNothingBehind()
    {
        using TempDirectory temp = new();
        using CancellationTokenSource cancelled = new();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            IsoVolumeLabel.Copy(images.RancherOs, temp.Combine("out.iso"), "config-2", false, cancelled.Token));
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    private static List<long> ChangedOffsets(string a, string b)
    {
        byte[] x = File.ReadAllBytes(a), y = File.ReadAllBytes(b);
        Assert.Equal(x.Length, y.Length);
        List<long> changed = [];
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] != y[i]) changed.Add(i);
        }
        return changed;
    }
}
