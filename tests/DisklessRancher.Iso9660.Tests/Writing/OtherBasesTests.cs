using System.Text;
using System.Text.RegularExpressions;
using Xunit;
using DisklessRancher.Tests.Shared;

namespace DisklessRancher.Iso9660.Tests.Writing;

/// <summary>Remasters of bases made by other tools and options: a GPT hybrid, genisoimage's RRIP 1.09, no Joliet.</summary>
public sealed class OtherBasesTests : IDisposable
{
    private static readonly byte[] UserData = Encoding.UTF8.GetBytes("#cloud-config\n");
    private readonly TempDirectory temp = new();

    /// <summary>Checks both GPT headers and entry arrays (CRCs, positions) and prints the last usable and partition end sectors.</summary>
    private const string GptCheck = """
        import sys, struct, zlib
        d = open(sys.argv[1], 'rb').read()
        def check(lba):
            h = d[lba*512:lba*512+512]
            assert h[:8] == b'EFI PART', 'signature at %d' % lba
            size = struct.unpack_from('<I', h, 12)[0]
            crc = struct.unpack_from('<I', h, 16)[0]
            z = bytearray(h[:size]); z[16:20] = b'\0\0\0\0'
            assert zlib.crc32(bytes(z)) == crc, 'header crc at %d' % lba
            cur, alt, first, last = struct.unpack_from('<QQQQ', h, 24)
            elba, n, esz, ecrc = struct.unpack_from('<QIII', h, 72)
            e = d[elba*512:elba*512+n*esz]
            assert zlib.crc32(e) == ecrc, 'entries crc at %d' % lba
            return cur, alt, last, e
        cur, alt, last, e = check(1)
        bcur, balt, blast, be = check(len(d)//512 - 1)
        assert (cur, alt) == (1, len(d)//512 - 1) and (bcur, balt) == (alt, 1) and last == blast and e == be
        lasts = [struct.unpack_from('<Q', e, i*128+40)[0] for i in range(len(e)//128) if e[i*128:i*128+16] != b'\0'*16]
        print('gpt ok', last, lasts)
        """;

    public void Dispose() => temp.Dispose();

    private string Tree()
    {
        var tree = temp.Combine("tree");
        Directory.CreateDirectory(Path.Combine(tree, "boot", "isolinux"));
        File.Copy("/usr/lib/ISOLINUX/isolinux.bin", Path.Combine(tree, "boot", "isolinux", "isolinux.bin"));
        File.WriteAllBytes(Path.Combine(tree, "boot", "efi.img"), new byte[65536]);
        File.WriteAllText(Path.Combine(tree, "boot", "global.cfg"), "APPEND console=ttyS0\n");
        return tree;
    }

    private string Remaster(string baseIso)
    {
        var output = temp.Combine("out.iso");
        new IsoRemaster(baseIso).AddFile("/openstack/latest/user_data", UserData).AddFile("/state/.docker_uuid", new byte[36])
            .AddFile("/big.bin", new MemoryStream(new byte[3 << 20])).SetVolumeLabel("config-2").Write(output);
        return output;
    }

    [Fact]
    public void AGptHybridGetsItsBackupHeaderMovedAndItsPartitionsGrown()
    {
        var baseIso = temp.Combine("gpt.iso");
        ExternalTool.Check("xorriso", "-as", "mkisofs", "-quiet", "-R", "-J", "-V", "GPTBASE", "-no-emul-boot", "-boot-load-size", "4",
            "-boot-info-table", "-b", "boot/isolinux/isolinux.bin", "-c", "boot/isolinux/boot.cat", "-eltorito-alt-boot",
            "-e", "boot/efi.img", "-no-emul-boot", "-isohybrid-gpt-basdat", "-isohybrid-mbr", "/usr/lib/ISOLINUX/isohdpfx.bin",
            "-o", baseIso, Tree());
        var output = Remaster(baseIso);
        long sectors = new FileInfo(output).Length / 512;
        Assert.Equal(0, new FileInfo(output).Length % (1 << 20));
        var check = ExternalTool.Check("/usr/bin/python3", "-c", GptCheck, output).All;
        // The ISO partition reaches the new end of the usable space, with the one-sector gap xorriso leaves; the EFI one stays.
        Assert.Equal($"gpt ok {sectors - 64} [{sectors - 65}, 263]", check.Trim());
        var report = ExternalTool.Check("xorriso", "-indev", output, "-report_el_torito", "plain", "-report_system_area", "plain").All;
        Assert.Contains("boot-info-table isohybrid-suitable", report);
        Assert.Matches(new Regex($@"MBR partition\s*:\s*1\s+0x80\s+0x00\s+0\s+{sectors}\b"), report);
        Assert.Matches(new Regex(@"El Torito boot img :\s+2\s+UEFI"), report);
        Assert.Equal("config-2", ExternalTool.Check("blkid", "-p", "-o", "value", "-s", "LABEL", output).All.Trim());
    }

    [Fact]
    public void AGenisoimageBaseGetsRrip109EntriesThatLinuxAndPycdlibAccept()
    {
        var baseIso = temp.Combine("genisoimage.iso");
        ExternalTool.Check("genisoimage", "-quiet", "-R", "-J", "-V", "GENISO", "-o", baseIso, Tree());
        var output = Remaster(baseIso);
        var names = ExternalTool.Check("isoinfo", "-R", "-f", "-i", output).All.Split('\n');
        Assert.Contains("/state/.docker_uuid", names);
        Assert.Contains("/boot/global.cfg", names);
        var script = """
            iso = pycdlib.PyCdlib()
            iso.open(sys.argv[1])
            print(iso.get_record(rr_path='/state/.docker_uuid').rock_ridge.rr_version, iso.get_record(rr_path='/boot/global.cfg').rock_ridge.rr_version)
            iso.close()
            """;
        Assert.Equal("1.09 1.09", ExternalTool.Pycdlib(output, script).Trim());
        Assert.DoesNotContain("**", ExternalTool.Check("isovfy", output).All);
    }

    [Fact]
    public void ABaseWithoutJolietStaysWithoutJoliet()
    {
        var baseIso = temp.Combine("plain.iso");
        ExternalTool.Check("xorriso", "-as", "mkisofs", "-quiet", "-R", "-V", "PLAIN", "-o", baseIso, Tree());
        var output = Remaster(baseIso);
        var d = ExternalTool.Check("isoinfo", "-d", "-i", output).All;
        Assert.Contains("NO Joliet present", d);
        Assert.Contains("Volume id: config-2", d);
        var extracted = Directory.CreateDirectory(temp.Combine("x")).FullName;
        ExternalTool.Check("osirrox", "-indev", output, "-extract", "/", extracted);
        Assert.Equal(UserData, File.ReadAllBytes(Path.Combine(extracted, "openstack/latest/user_data")));
        Assert.Equal(3 << 20, new FileInfo(Path.Combine(extracted, "big.bin")).Length);
    }

    [Fact]
    public void ARockRidge112ImageGetsNewEntriesInTheSameVersionWithFreshSerialNumbers()
    {
        var baseIso = temp.Combine("fresh.iso");
        new IsoBuilder("config-2").AddFile("/openstack/latest/user_data", UserData).AddFile("/state/.docker_uuid", new byte[36]).Write(baseIso);
        var output = temp.Combine("again.iso");
        new IsoRemaster(baseIso).AddFile("/state/.registration_token", new byte[129]).Write(output);
        var script = """
            iso = pycdlib.PyCdlib()
            iso.open(sys.argv[1])
            recs = [iso.get_record(rr_path=p) for p in ['/openstack/latest/user_data', '/state/.docker_uuid', '/state/.registration_token']]
            serials = [r.rock_ridge.dr_entries.px_record.posix_serial_number for r in recs]
            print(' '.join(r.rock_ridge.rr_version for r in recs), len(set(serials)) == len(serials))
            iso.close()
            """;
        Assert.Equal("1.12 1.12 1.12 True", ExternalTool.Pycdlib(output, script).Trim());
        Assert.DoesNotContain("**", ExternalTool.Check("isovfy", output).All);
    }

    [Fact]
    public void ACorruptBaseIsReportedAsSuchAndNothingIsWritten()
    {
        var baseIso = temp.Combine("base.iso");
        ExternalTool.Check("xorriso", "-as", "mkisofs", "-quiet", "-R", "-J", "-o", baseIso, Tree());
        var truncated = temp.Combine("truncated.iso");
        File.WriteAllBytes(truncated, File.ReadAllBytes(baseIso)[..(17 * 2048)]);
        Assert.Throws<IsoFormatException>(() => new IsoRemaster(truncated));
        var bytes = File.ReadAllBytes(baseIso);
        var rootLba = BitConverter.ToInt32(bytes, 16 * 2048 + 158);
        bytes[rootLba * 2048] = 20; // the root's "." record shorter than a record can be
        var corrupt = temp.Combine("corrupt.iso");
        File.WriteAllBytes(corrupt, bytes);
        Assert.Throws<IsoFormatException>(() => new IsoRemaster(corrupt).Write(temp.Combine("never.iso")));
        Assert.False(File.Exists(temp.Combine("never.iso")));
    }
}
