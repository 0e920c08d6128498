namespace DisklessRancher.Iso9660.Tests.Writing;

/// <summary>Small bootable bases made by xorriso, genisoimage and isohybrid, with the partition layouts live ISOs have.</summary>
internal static class BaseImages
{
    /// <summary>A tree with ISOLINUX, a FAT EFI image and a Mac image (both 1.44 MB), and a boot menu file.</summary>
    public static string Tree(TempDir temp)
    {
        var tree = temp["tree"];
        if (Directory.Exists(tree)) return tree;
        Directory.CreateDirectory(Path.Combine(tree, "boot", "isolinux"));
        File.Copy("/usr/lib/ISOLINUX/isolinux.bin", Path.Combine(tree, "boot", "isolinux", "isolinux.bin"));
        File.WriteAllText(Path.Combine(tree, "boot", "global.cfg"), "APPEND console=ttyS0\n");
        Directory.CreateDirectory(Path.Combine(tree, "openstack", "latest"));
        File.WriteAllText(Path.Combine(tree, "openstack", "latest", "user_data"), "#cloud-config\nhostname: old\n");
        foreach (var image in new[] { "efi.img", "mac.img" })
        {
            var path = Path.Combine(tree, image);
            File.WriteAllBytes(path, new byte[1440 * 1024]);
            ExternalTool.Run("mformat", "-i", path, "::");
        }
        return tree;
    }

    /// <summary>A base made by xorriso's mkisofs emulation with ISOLINUX as BIOS boot image and the extra options given.</summary>
    public static string Make(TempDir temp, string name, params string[] options)
    {
        var iso = temp[name];
        var tree = Tree(temp);
        ExternalTool.Run("xorriso", new[] { "-as", "mkisofs", "-quiet", "-R", "-J", "-V", "BASE", "-no-emul-boot", "-boot-load-size", "4",
            "-boot-info-table", "-b", "boot/isolinux/isolinux.bin", "-c", "boot/isolinux/boot.cat" }.Concat(options).Concat(new[] { "-o", iso, tree }).ToArray());
        return iso;
    }

    /// <summary>An EFI system partition appended after the volume, in a GPT, and named by the El Torito UEFI entry.</summary>
    public static string GptAppendedEfi(TempDir temp) =>
        Make(temp, "gpt-appended.iso", "-isohybrid-mbr", "/usr/lib/ISOLINUX/isohdpfx.bin", "-eltorito-alt-boot", "-e", "--interval:appended_partition_2:all::",
            "-no-emul-boot", "-append_partition", "2", "0xef", Path.Combine(Tree(temp), "efi.img"), "-appended_part_as_gpt");

    /// <summary>An EFI system partition appended after the volume, in the MBR only.</summary>
    public static string MbrAppendedEfi(TempDir temp) =>
        Make(temp, "mbr-appended.iso", "-isohybrid-mbr", "/usr/lib/ISOLINUX/isohdpfx.bin", "-append_partition", "2", "0xef", Path.Combine(Tree(temp), "efi.img"));

    /// <summary>genisoimage with BIOS, EFI and Mac boot images, made hybrid by <c>isohybrid -u -m</c> (MBR, GPT and APM).</summary>
    public static string IsohybridUefiMac(TempDir temp)
    {
        var iso = temp["isohybrid-um.iso"];
        ExternalTool.Run("genisoimage", "-quiet", "-R", "-J", "-V", "BASE", "-no-emul-boot", "-boot-load-size", "4", "-boot-info-table",
            "-b", "boot/isolinux/isolinux.bin", "-c", "boot/isolinux/boot.cat", "-eltorito-alt-boot", "-e", "efi.img", "-no-emul-boot",
            "-eltorito-alt-boot", "-e", "mac.img", "-no-emul-boot", "-o", iso, Tree(temp));
        ExternalTool.Run("isohybrid", "-u", "-m", iso);
        return iso;
    }

    /// <summary>An isohybrid base grown by <c>xorriso -dev ... -boot_image any keep -commit</c>: its partition ends before the volume.</summary>
    public static string GrownWithKeep(TempDir temp)
    {
        var iso = Make(temp, "grown-keep.iso", "-isohybrid-mbr", "/usr/lib/ISOLINUX/isohdpfx.bin");
        var add = Directory.CreateDirectory(temp["keep-add"]).FullName;
        File.WriteAllBytes(Path.Combine(add, "big.bin"), new byte[3 << 20]);
        ExternalTool.Run("xorriso", "-dev", iso, "-boot_image", "any", "keep", "-map", add, "/add", "-commit");
        return iso;
    }
}
