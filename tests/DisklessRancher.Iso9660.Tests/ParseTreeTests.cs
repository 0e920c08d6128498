namespace DisklessRancher.Iso9660.Tests;

/// <summary>Every name, size and sha256 our reader gives equals what osirrox or isoinfo give for the same image.</summary>
[Collection(TestImagesCollection.Name)]
public sealed class ParseTreeTests(TestImages images)
{
    public static TheoryData<string> RockRidgeImages => new()
    {
        nameof(TestImages.RancherOs),
        nameof(TestImages.XorrisoRockRidgeJoliet),
        nameof(TestImages.XorrisoLevel2NoJoliet),
        nameof(TestImages.XorrisoEfiHybrid),
        nameof(TestImages.GenisoimageRockRidge),
        nameof(TestImages.GenisoimageRationalRockRidge),
        nameof(TestImages.GenisoimageRockRidgeJolietLowercase),
        nameof(TestImages.Pycdlib),
        nameof(TestImages.Ipxe),
    };

    [Theory]
    [MemberData(nameof(RockRidgeImages))]
    public void RockRidgeTreeMatchesOsirrox(string imageName)
    {
        string iso = images.ByName(imageName);
        using IsoImage image = IsoImage.Open(iso);
        Assert.True(image.HasRockRidge);
        AssertSameTree(TreeSnapshot.FromOsirrox(iso), TreeSnapshot.FromImage(image));
    }

    [Fact]
    public void JolietTreeMatchesIsoinfoWhenThereIsNoRockRidge()
    {
        string iso = images.GenisoimageJolietOnly;
        using IsoImage image = IsoImage.Open(iso);
        Assert.False(image.HasRockRidge);
        Assert.True(image.HasJoliet);
        Assert.Same(image.JolietRoot, image.Root);
        AssertSameTree(TreeSnapshot.FromIsoinfo(iso, joliet: true), TreeSnapshot.FromImage(image));
        Assert.NotNull(image.GetEntry("/state/.docker_uuid"));
    }

    [Fact]
    public void PlainTreeShowsLowercasedIso9660NamesWithoutVersion()
    {
        string iso = images.GenisoimagePlain;
        using IsoImage image = IsoImage.Open(iso);
        Assert.False(image.HasRockRidge);
        Assert.False(image.HasJoliet);
        AssertSameTree(TreeSnapshot.FromIsoinfo(iso, joliet: false), TreeSnapshot.FromImage(image));
        Assert.NotNull(image.GetEntry("/boot/isolinux/isolinux.bin"));
    }

    [Fact]
    public void GenisoimageRelocatesDeepDirectoriesAndTheReaderPutsThemBack()
    {
        using IsoImage image = IsoImage.Open(images.GenisoimageRockRidge);
        IsoDirectoryEntry? bottom = image.GetEntry("/deep/l2/l3/l4/l5/l6/l7/l8/l9/l10/l11/bottom.txt");
        Assert.NotNull(bottom);
        Assert.Equal(4, bottom!.Length);
        // l8, the first directory beyond 8 levels, was moved under rr_moved and linked back with CL.
        IsoDirectoryEntry? relocated = image.GetEntry("/deep/l2/l3/l4/l5/l6/l7/l8");
        Assert.True(relocated!.IsRelocated);
        Assert.Contains(relocated.SystemUse, e => e.Signature == "CL");
        Assert.Contains(image.PrimaryRoot.Children, e => e.Name == "rr_moved");
        // mkisofs writes the obsolete RRIP 1.09 RR entry.
        Assert.Contains(bottom.SystemUse, e => e.Signature == "RR");
    }

    [Fact]
    public void XorrisoKeepsTheRootErInAContinuationAreaAndTheReaderFollowsIt()
    {
        using IsoImage image = IsoImage.Open(images.RancherOs);
        IReadOnlyList<SuspEntry> root = image.Root.SystemUse;
        Assert.Equal("SP", root[0].Signature);
        Assert.Contains(root, e => e.Signature == "CE");
        SuspEntry er = Assert.Single(root, e => e.Signature == "ER");
        Assert.True(er.IsInContinuationArea);
        Assert.Equal("RRIP_1991A", image.RockRidgeExtension);
    }

    [Fact]
    public void EntriesCarryRockRidgeAttributesAndTheirJolietTwin()
    {
        using IsoImage image = IsoImage.Open(images.XorrisoRockRidgeJoliet);
        FileInfo source = new(System.IO.Path.Combine(images.SourceTree, "state/.docker_uuid"));
        IsoDirectoryEntry uuid = image.GetEntry("/state/.docker_uuid")!;
        Assert.Equal((uint)source.UnixFileMode | 0x8000u, uuid.Mode);
        Assert.Equal(0u, uuid.Uid);
        Assert.Equal(source.LastWriteTimeUtc.AddTicks(-(source.LastWriteTimeUtc.Ticks % TimeSpan.TicksPerSecond)), uuid.LastWriteTime!.Value.UtcDateTime);
        Assert.Equal(".docker_uuid", uuid.Joliet!.Name);
        Assert.Equal(uuid.Lba, uuid.Joliet.Lba);
        Assert.Equal("/state/.docker_uuid", uuid.FullName);
        IsoDirectoryEntry link = image.GetEntry("/state/link-to-user-data")!;
        Assert.Equal("../openstack/latest/user_data", link.SymlinkTarget);
        Assert.Equal("/etc/hostname", image.GetEntry("/absolute-link")!.SymlinkTarget);
        Assert.True(image.GetEntry("/empty dir")!.IsDirectory);
        Assert.Empty(image.GetEntry("/empty dir")!.Children);
        Assert.Null(image.GetEntry("/no/such/file"));
    }

    [Fact]
    public void OpenReadStreamsAFileAndSeeks()
    {
        using IsoImage image = IsoImage.Open(images.XorrisoRockRidgeJoliet);
        byte[] expected = File.ReadAllBytes(System.IO.Path.Combine(images.SourceTree, "boot/vmlinuz-4.14.138-rancher"));
        using Stream stream = image.OpenRead(image.GetEntry("/boot/vmlinuz-4.14.138-rancher")!);
        Assert.Equal(expected.Length, stream.Length);
        stream.Seek(100_000, SeekOrigin.Begin);
        byte[] part = new byte[10];
        Assert.Equal(10, stream.Read(part, 0, 10));
        Assert.Equal(expected.AsSpan(100_000, 10).ToArray(), part);
        Assert.Throws<ArgumentException>(() => image.OpenRead(image.Root));
    }

    private static void AssertSameTree(SortedDictionary<string, TreeItem> expected, SortedDictionary<string, TreeItem> actual)
    {
        Assert.NotEmpty(expected);
        Assert.Equal(string.Join("\n", expected.Keys), string.Join("\n", actual.Keys));
        foreach ((string path, TreeItem item) in expected) Assert.Equal((path, item), (path, actual[path]));
    }
}
