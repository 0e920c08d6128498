using DisklessRancher.Tests.Shared;

namespace DisklessRancher.Iso9660.Tests;

/// <summary>
/// Real images, made once per test run by the tools users meet (xorriso, genisoimage, pycdlib, Debian's ipxe.iso),
/// from a source tree with the awkward cases: dotfiles, lowercase and long names, symlinks, empty files,
/// directories deeper than 8 levels.
/// </summary>
public sealed class TestImages : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly Dictionary<string, string> _images = new();
    private readonly object _lock = new();

    public TestImages()
    {
        SourceTree = _temp.Combine("tree");
        ExternalTool.Bash($"""
            t='{SourceTree}'
            mkdir -p "$t/boot/isolinux" "$t/state" "$t/openstack/latest" "$t/empty dir" "$t/efi"
            mkdir -p "$t/deep/l2/l3/l4/l5/l6/l7/l8/l9/l10/l11"
            cp /usr/lib/ISOLINUX/isolinux.bin "$t/boot/isolinux/"
            printf 'default x\nlabel x\n kernel /boot/vmlinuz\n' > "$t/boot/isolinux/isolinux.cfg"
            head -c 300000 /dev/urandom > "$t/boot/vmlinuz-4.14.138-rancher"
            head -c 2048 /dev/urandom > "$t/boot/exactly-one-block"
            printf '#cloud-config\nhostname: h1\n' > "$t/openstack/latest/user_data"
            printf '0b8e3d6c-7c3f-4e0f-9a51-2c8e7b4f1d93' > "$t/state/.docker_uuid"
            : > "$t/state/.empty"
            printf 'x' > "$t/MixedCase.TXT"
            printf 'dots' > "$t/a.b.c.d"
            printf 'spaces' > "$t/name with spaces.txt"
            printf 'long' > "$t/a-rather-long-file-name-that-goes-beyond-thirty-one-characters.data"
            printf 'deep' > "$t/deep/l2/l3/l4/l5/l6/l7/l8/l9/l10/l11/bottom.txt"
            printf 'mid' > "$t/deep/l2/l3/l4/l5/l6/l7/l8/l9/nine.txt"
            head -c 1474560 /dev/urandom > "$t/efi/efiboot.img"
            ln -s ../openstack/latest/user_data "$t/state/link-to-user-data"
            ln -s /etc/hostname "$t/absolute-link"
            printf 'very long' > "$t/$(printf 'n%.0s' $(seq 1 200))-rock-ridge-name-continued.txt"
            ln -s "../$(printf 'd%.0s' $(seq 1 150))/$(printf 'e%.0s' $(seq 1 150))/./../target" "$t/long-symlink"
            """);
    }

    public string SourceTree { get; }

    public string Directory => _temp.Path;

    /// <summary>RancherOS-shaped: rancheros' exact xorriso flags (Rock Ridge, Joliet, ISOLINUX with boot-info-table, isohybrid MBR).</summary>
    public string RancherOs => Get("rancheros", path => ExternalTool.Check("bash", RepositoryPaths.Fixture("new-rancheros-iso.sh"), path, "1"));

    public string XorrisoRockRidgeJoliet => Get("xorriso-rj", path => Xorriso(path, "-R", "-J", "-V", "XorrisoRJ"));

    public string XorrisoLevel2NoJoliet => Get("xorriso-l", path => Xorriso(path, "-l", "-R", "-V", "NoJoliet"));

    /// <summary>BIOS ISOLINUX plus an EFI El Torito entry, isohybrid MBR with a GPT.</summary>
    public string XorrisoEfiHybrid => Get("xorriso-efi", path => Xorriso(path, "-R", "-J", "-V", "EfiHybrid",
        "-b", "boot/isolinux/isolinux.bin", "-c", "boot/isolinux/boot.cat", "-no-emul-boot", "-boot-load-size", "4", "-boot-info-table",
        "-isohybrid-mbr", "/usr/lib/ISOLINUX/isohdpfx.bin",
        "-eltorito-alt-boot", "-e", "efi/efiboot.img", "-no-emul-boot", "-isohybrid-gpt-basdat"));

    public string GenisoimageRockRidge => Get("geniso-R", path => Genisoimage(path, "-R", "-V", "GenR"));

    public string GenisoimageRationalRockRidge => Get("geniso-r", path => Genisoimage(path, "-r", "-V", "Genr"));

    public string GenisoimageJolietOnly => Get("geniso-J", path => Genisoimage(path, "-J", "-V", "GenJ"));

    public string GenisoimagePlain => Get("geniso-plain", path => Genisoimage(path, "-V", "GENPLAIN"));

    public string GenisoimageRockRidgeJolietLowercase => Get("geniso-RJ-lower", path => Genisoimage(path, "-R", "-J", "-l", "-allow-lowercase", "-V", "GenRJlower",
        "-b", "boot/isolinux/isolinux.bin", "-c", "boot/isolinux/boot.cat", "-no-emul-boot", "-boot-load-size", "4", "-boot-info-table"));

    public string Pycdlib => Get("pycdlib", path => ExternalTool.Check("/usr/bin/python3", "-c", $$"""
        import pycdlib, io
        iso = pycdlib.PyCdlib()
        iso.new(interchange_level=3, rock_ridge='1.09', joliet=3, vol_ident='PYCDLIB')
        iso.add_directory('/STATE', rr_name='state', joliet_path='/state')
        data = b'0b8e3d6c-7c3f-4e0f-9a51-2c8e7b4f1d93'
        iso.add_fp(io.BytesIO(data), len(data), '/STATE/DOCKER_U.;1', rr_name='.docker_uuid', joliet_path='/state/.docker_uuid')
        big = bytes(range(256)) * 40
        iso.add_fp(io.BytesIO(big), len(big), '/BIG.BIN;1', rr_name='big.bin', joliet_path='/big.bin')
        iso.add_symlink('/LINK.;1', 'link', 'big.bin', joliet_path='/link')
        iso.write('{{path}}')
        iso.close()
        """));

    public const string Ipxe = "/usr/lib/ipxe/ipxe.iso";

    /// <summary>An image by its property name (for theory data), "Ipxe" for Debian's ipxe.iso.</summary>
    public string ByName(string name) => name == nameof(Ipxe) ? Ipxe : (string)typeof(TestImages).GetProperty(name)!.GetValue(this)!;

    private string Xorriso(string path, params string[] options) =>
        Run(ExternalTool.Run("xorriso", ["-as", "mkisofs", "-quiet", .. options, "-o", path, SourceTree]));

    private string Genisoimage(string path, params string[] options) =>
        Run(ExternalTool.Run("genisoimage", ["-quiet", .. options, "-o", path, SourceTree]));

    private static string Run(ExternalTool.Result result) =>
        result.ExitCode == 0 ? result.StdOut : throw new InvalidOperationException(result.All);

    private string Get(string name, Action<string> make)
    {
        lock (_lock)
        {
            if (!_images.TryGetValue(name, out string? path))
            {
                path = _temp.Combine(name + ".iso");
                make(path);
                _images[name] = path;
            }
            return path;
        }
    }

    public void Dispose() => _temp.Dispose();
}

[CollectionDefinition(Name)]
public sealed class TestImagesCollection : ICollectionFixture<TestImages>
{
    public const string Name = "Test images";
}
