using System.Text;
using System.Text.RegularExpressions;
using Xunit;
using DisklessRancher.Tests.Shared;

namespace DisklessRancher.Iso9660.Tests.Writing;

/// <summary>A RancherOS-shaped image remastered into a host image, checked by the tools that will read it.</summary>
public sealed class RemasterTests : IClassFixture<RancherOsBaseFixture>
{
    private readonly RancherOsBaseFixture f;

    public RemasterTests(RancherOsBaseFixture fixture)
    {
        f = fixture;
    }

    [Fact]
    public void PycdlibOpensTheHostImageAndReadsTheNewFiles()
    {
        var script = """
            import io
            iso = pycdlib.PyCdlib()
            iso.open(sys.argv[1])
            for p in ['/openstack/latest/user_data', '/state/.docker_uuid', '/state/.physical_host_uuid', '/state/.registration_token']:
                for kind in ['rr_path', 'joliet_path']:
                    out = io.BytesIO()
                    iso.get_file_from_iso_fp(out, **{kind: p})
                    print(kind, p, out.getvalue().hex())
            iso.close()
            """;
        var lines = ExternalTool.Pycdlib(f.HostIso, script).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(8, lines.Length);
        foreach (var (path, content) in RancherOsBaseFixture.Additions)
        {
            Assert.Contains($"rr_path {path} {Convert.ToHexStringLower(content)}", lines);
            Assert.Contains($"joliet_path {path} {Convert.ToHexStringLower(content)}", lines);
        }
    }

    [Theory]
    [InlineData("-R")]
    [InlineData("-J")]
    public void IsoinfoListsTheNewFilesByTheirRealNames(string tree)
    {
        var listing = ExternalTool.Check("isoinfo", tree, "-l", "-i", f.HostIso).All;
        foreach (var name in new[] { "user_data", ".docker_uuid", ".physical_host_uuid", ".registration_token" })
        {
            Assert.Matches(new Regex($@"\]\s+{Regex.Escape(name)}\s*$", RegexOptions.Multiline), listing);
        }
        if (tree == "-R") Assert.Matches(new Regex(@"^-rw-------\s.*\s\.docker_uuid\s*$", RegexOptions.Multiline), listing);
    }

    [Fact]
    public void ElToritoAndTheIsohybridMbrStillBoot()
    {
        var report = ExternalTool.Check("xorriso", "-indev", f.HostIso, "-report_el_torito", "plain", "-report_system_area", "plain").All;
        Assert.Contains("boot-info-table isohybrid-suitable", report);
        Assert.Contains("MBR isohybrid", report);
        var partition = Regex.Match(report, @"MBR partition\s*:\s*1\s+0x80\s+0x17\s+(\d+)\s+(\d+)");
        Assert.True(partition.Success, report);
        long length = new FileInfo(f.HostIso).Length;
        Assert.Equal("0", partition.Groups[1].Value);
        Assert.Equal(length / 512, long.Parse(partition.Groups[2].Value));
        Assert.Equal(0, length % (1 << 20));
        Assert.Contains($"ISO image size/512 : {length / 512}", report);
    }

    [Fact]
    public void IsovfyFindsNoErrors()
    {
        var report = ExternalTool.Check("isovfy", f.HostIso).All;
        Assert.Contains("No errors found", report);
        Assert.DoesNotContain("**", report);
    }

    [Fact]
    public void BlkidSeesTheLabelConfig2()
    {
        Assert.Equal("config-2", ExternalTool.Check("blkid", "-p", "-o", "value", "-s", "LABEL", f.HostIso).All.Trim());
        var d = ExternalTool.Check("isoinfo", "-d", "-i", f.HostIso).All;
        Assert.Contains("Volume id: config-2", d);
        Assert.Contains("Joliet with UCS level 3 found", d);
        Assert.Contains("Rock Ridge signatures version 1 found", d);
    }

    [Fact]
    public void EveryOriginalFileExtractsByteIdenticalAndTheNewOnesAreThere()
    {
        var before = Extract(f.BaseIso, "base");
        var after = Extract(f.HostIso, "host");
        Assert.Equal(before.Keys.Concat(RancherOsBaseFixture.Additions.Keys).Order(StringComparer.Ordinal), after.Keys);
        foreach (var (path, content) in before) Assert.True(content.AsSpan().SequenceEqual(after[path]), path);
        foreach (var (path, content) in RancherOsBaseFixture.Additions) Assert.True(content.AsSpan().SequenceEqual(after[path]), path);
    }

    [Fact]
    public void TheBaseBytesAreUnchangedOutsideTheDescriptorsAndThePartitionTable()
    {
        var base_ = File.ReadAllBytes(f.BaseIso);
        var host = File.ReadAllBytes(f.HostIso);
        Assert.True(base_.AsSpan(0, 432).SequenceEqual(host.AsSpan(0, 432)), "MBR code and boot pointer");
        // The partition entries (446-509) and the PVD and Joliet SVD (blocks 16 and 18) may change; nothing else.
        var changed = new List<string>();
        for (int block = 0; block < base_.Length / 2048; block++)
        {
            if (block is 16 or 18) continue;
            var a = base_.AsSpan(block * 2048, 2048);
            var b = host.AsSpan(block * 2048, 2048);
            if (block == 0) { a = a[..446]; b = b[..446]; }
            if (!a.SequenceEqual(b)) changed.Add(block.ToString());
        }
        Assert.Empty(changed);
        Assert.Equal(1, base_[16 * 2048]);
        Assert.Equal(2, base_[18 * 2048]);
    }

    [Fact]
    public void EveryOriginalExtentStaysWhereItWas()
    {
        // pycdlib lists where each file of each image lives; the remaster must not move any of them.
        var script = """
            iso = pycdlib.PyCdlib()
            iso.open(sys.argv[1])
            for path, dirs, files in iso.walk(rr_path='/'):
                for name in files:
                    rec = iso.get_record(rr_path=path.rstrip('/') + '/' + name)
                    print(path.rstrip('/') + '/' + name, rec.extent_location(), rec.get_data_length())
            print('catalog', iso.eltorito_boot_catalog.dirrecords[0].extent_location() if iso.eltorito_boot_catalog.dirrecords else -1)
            iso.close()
            """;
        var before = ExternalTool.Pycdlib(f.BaseIso, script).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var after = ExternalTool.Pycdlib(f.HostIso, script).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        Assert.Contains(before, l => l.StartsWith("/boot/isolinux/isolinux.bin ", StringComparison.Ordinal));
        foreach (var line in before) Assert.Contains(line, after);
    }

    [Fact]
    public void TheResultMatchesXorrisosReferenceRemaster()
    {
        var ours = Extract(f.HostIso, "ours");
        var reference = Extract(f.ReferenceIso, "reference");
        Assert.Equal(reference.Keys, ours.Keys);
        foreach (var (path, content) in reference)
        {
            // xorriso moves the boot image, so its catalog and boot-info-table (bytes 8-63) differ from ours.
            if (path == "/boot/isolinux/boot.cat") continue;
            int from = path == "/boot/isolinux/isolinux.bin" ? 64 : 0;
            Assert.True(content.AsSpan(from).SequenceEqual(ours[path].AsSpan(from)), path);
        }
        var joliet = ExternalTool.Check("isoinfo", "-J", "-f", "-i", f.HostIso).All.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order();
        var jolietReference = ExternalTool.Check("isoinfo", "-J", "-f", "-i", f.ReferenceIso).All.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order();
        Assert.Equal(jolietReference, joliet);
        Assert.Equal(
            ExternalTool.Check("blkid", "-p", "-o", "value", "-s", "LABEL", f.ReferenceIso).All,
            ExternalTool.Check("blkid", "-p", "-o", "value", "-s", "LABEL", f.HostIso).All);
    }

    [Fact]
    public void RemasteringAHostImageReplacesItsUserDataInsteadOfAddingASecond()
    {
        using var temp = new TempDirectory();
        var again = temp.Combine("again.iso");
        var userData = Encoding.UTF8.GetBytes("#cloud-config\nhostname: host-2\n");
        RancherOsBaseFixture.Remaster(f.HostIso, again, new Dictionary<string, byte[]> { ["/openstack/latest/user_data"] = userData });
        foreach (var tree in new[] { "-R", "-J" })
        {
            var names = ExternalTool.Check("isoinfo", tree, "-f", "-i", again).All.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(names, n => n == "/openstack/latest/user_data");
            Assert.Single(names, n => n == "/state/.docker_uuid");
        }
        Assert.Equal(Encoding.UTF8.GetString(userData), ExternalTool.Check("isoinfo", "-R", "-x", "/openstack/latest/user_data", "-i", again).All);
        Assert.Equal(Encoding.UTF8.GetString(userData), ExternalTool.Check("isoinfo", "-J", "-x", "/openstack/latest/user_data", "-i", again).All);
        Assert.Contains("boot-info-table isohybrid-suitable", ExternalTool.Check("xorriso", "-indev", again, "-report_el_torito", "plain").All);
    }

    [Fact]
    public void AnImageGrownByXorrisoGetsItsSessionDescriptorsPointedAtTheNewTreeToo()
    {
        // xorriso's growing wrote a second session whose descriptor copy the boot-info-table names: ISOLINUX reads
        // /boot/global.cfg through that copy, so a replaced kernel command line must be visible there too. The
        // copy counts the volume size from its session's start, which xorriso needs to recognise the boot image.
        using var temp = new TempDirectory();
        var output = temp.Combine("regrown.iso");
        var cfg = Encoding.ASCII.GetBytes("APPEND console=ttyS0 rancher.cloud_init.datasources=[configdrive:/media/config-2,cmdline]\n");
        new IsoRemaster(f.ReferenceIso).AddFile("/boot/global.cfg", cfg).SetVolumeLabel("config-2").Write(output);
        var script = """
            import struct
            d = open(sys.argv[1], 'rb').read()
            cat = struct.unpack_from('<L', d, 17*2048+71)[0]
            rba = struct.unpack_from('<L', d, cat*2048+32+8)[0]
            bi_pvd = struct.unpack_from('<L', d, rba*2048+8)[0]
            same_tree = d[16*2048+132:16*2048+190] == d[bi_pvd*2048+132:bi_pvd*2048+190]
            sizes = struct.unpack_from('<L', d, 16*2048+80)[0] - struct.unpack_from('<L', d, bi_pvd*2048+80)[0] == bi_pvd - 16
            print(bi_pvd, same_tree and sizes, d[bi_pvd*2048+40:bi_pvd*2048+48].decode())
            """;
        var check = ExternalTool.Check("/usr/bin/python3", "-c", "import sys\n" + script, output).All.Trim().Split(' ');
        Assert.NotEqual("16", check[0]);
        Assert.Equal(new[] { "True", "config-2" }, check[1..]);
        Assert.Equal(Encoding.ASCII.GetString(cfg), ExternalTool.Check("isoinfo", "-R", "-x", "/boot/global.cfg", "-i", output).All);
        var report = ExternalTool.Check("xorriso", "-indev", output, "-report_el_torito", "plain", "-report_system_area", "plain").All;
        Assert.Contains("boot-info-table isohybrid-suitable", report);
        Assert.Contains("MBR isohybrid", report);
    }

    [Fact]
    public void RemoveTakesAnEntryOutOfBothTrees()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("removed.iso");
        var remaster = new IsoRemaster(f.HostIso).Remove("/rancheros/Dockerfile.amd64").Remove("/state");
        Assert.Throws<FileNotFoundException>(() => remaster.Remove("/no/such/file"));
        Assert.False(remaster.Contains("/state/.docker_uuid"));
        remaster.Write(output);
        foreach (var tree in new[] { "-R", "-J" })
        {
            var names = ExternalTool.Check("isoinfo", tree, "-f", "-i", output).All.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.DoesNotContain("/rancheros/Dockerfile.amd64", names);
            Assert.DoesNotContain(names, n => n.StartsWith("/state", StringComparison.Ordinal));
            Assert.Contains("/rancheros/installer.tar.gz", names);
            Assert.Contains("/openstack/latest/user_data", names);
        }
        Assert.DoesNotContain("**", ExternalTool.Check("isovfy", output).All);
    }

    [Fact]
    public void AddDirectoryMakesAnEmptyDirectoryInBothTrees()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("dir.iso");
        new IsoRemaster(f.BaseIso).AddDirectory("/var/lib/rancher").Write(output);
        var extracted = Directory.CreateDirectory(temp.Combine("x")).FullName;
        ExternalTool.Check("osirrox", "-indev", output, "-extract", "/", extracted);
        Assert.True(Directory.Exists(Path.Combine(extracted, "var/lib/rancher")));
        Assert.Contains("/var/lib/rancher", ExternalTool.Check("isoinfo", "-J", "-f", "-i", output).All.Split('\n'));
    }

    private SortedDictionary<string, byte[]> Extract(string iso, string name)
    {
        var dir = f.Temp.Combine("extract-" + name + "-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        ExternalTool.Check("osirrox", "-indev", iso, "-extract", "/", dir);
        return TreeSnapshot.FileBytes(dir);
    }
}
