using DisklessRancher.Core.NetBoot;
using DisklessRancher.Tests.Shared;

namespace DisklessRancher.Core.Tests.NetBoot;

/// <summary>The kernel and initrd taken from bases made by xorriso: named by their hash, copied out byte for byte.</summary>
public sealed class NetBootBaseTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("netboot-base-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string MakeBase(string name, int initrdSeed, bool withInitrd = true)
    {
        string tree = Path.Combine(_folder.FullName, name + "-tree");
        Directory.CreateDirectory(Path.Combine(tree, "boot"));
        File.WriteAllBytes(Path.Combine(tree, "boot", "vmlinuz-4.14.138-rancher"), RandomBytes(1, 700_000));
        // Over 3 MiB, so that it is read and copied in several pieces.
        if (withInitrd) File.WriteAllBytes(Path.Combine(tree, "boot", "initrd-v1.5.8"), RandomBytes(initrdSeed, 3_300_000));
        File.WriteAllText(Path.Combine(tree, "boot", "global.cfg"), "APPEND rancher.autologin=tty1 console=tty1\n");
        string iso = Path.Combine(_folder.FullName, name + ".iso");
        ExternalTool.Check("xorriso", "-as", "mkisofs", "-quiet", "-R", "-J", "-V", "RancherOS", "-o", iso, tree);
        return iso;
    }

    private static byte[] RandomBytes(int seed, int length)
    {
        byte[] bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private string Sha256Prefix(string file) => ExternalTool.Check("sha256sum", file).StdOut[..16];

    [Fact]
    public void Names_the_kernel_and_initrd_by_their_SHA256_and_copies_them_out_whole()
    {
        string iso = MakeBase("one", 2);
        NetBootBase bootBase = NetBootBase.Read(iso);

        Assert.Equal(Sha256Prefix(Path.Combine(_folder.FullName, "one-tree", "boot", "initrd-v1.5.8")), bootBase.Initrd.ContentHash);
        Assert.Equal(Sha256Prefix(Path.Combine(_folder.FullName, "one-tree", "boot", "vmlinuz-4.14.138-rancher")), bootBase.Kernel.ContentHash);
        Assert.Equal($"boot/initrd-{bootBase.Initrd.ContentHash}.bin", NetBootLayout.BootFile("initrd", bootBase.Initrd));
        Assert.Contains("APPEND rancher.autologin=tty1", bootBase.GlobalCfg);

        using MemoryStream copy = new();
        bootBase.Initrd.CopyTo(copy);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_folder.FullName, "one-tree", "boot", "initrd-v1.5.8")), copy.ToArray());
        Assert.Equal(bootBase.Initrd.Length, copy.Length);
    }

    [Fact]
    public void Gives_another_initrd_another_name_and_the_same_kernel_the_same_name()
    {
        NetBootBase one = NetBootBase.Read(MakeBase("one", 2));
        NetBootBase two = NetBootBase.Read(MakeBase("two", 3));

        Assert.NotEqual(NetBootLayout.BootFile("initrd", one.Initrd), NetBootLayout.BootFile("initrd", two.Initrd));
        Assert.Equal(NetBootLayout.BootFile("vmlinuz", one.Kernel), NetBootLayout.BootFile("vmlinuz", two.Kernel));
    }

    [Fact]
    public void Refuses_a_base_without_an_initrd()
    {
        NetBootException error = Assert.Throws<NetBootException>(() => NetBootBase.Read(MakeBase("bare", 2, withInitrd: false)));
        Assert.Equal(NetBootError.NoBootFiles, error.Error);
    }

    [Fact]
    public void Refuses_to_copy_out_a_file_the_base_no_longer_holds()
    {
        string iso = MakeBase("one", 2);
        NetBootBase bootBase = NetBootBase.Read(iso);
        File.Copy(MakeBase("bare", 2, withInitrd: false), iso, overwrite: true);

        Assert.Throws<IOException>(() => bootBase.Initrd.CopyTo(Stream.Null));
    }
}
