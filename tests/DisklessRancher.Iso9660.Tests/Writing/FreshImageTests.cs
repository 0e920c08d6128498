using System.Text;
using Xunit;
using DisklessRancher.Tests.Shared;

namespace DisklessRancher.Iso9660.Tests.Writing;

/// <summary>Images written from scratch by <see cref="IsoBuilder"/>, read back by other tools.</summary>
public sealed class FreshImageTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly SortedDictionary<string, byte[]> expected = new(StringComparer.Ordinal);

    public void Dispose() => temp.Dispose();

    private string BuildSample()
    {
        var random = new Random(42);
        byte[] Bytes(int n) { var b = new byte[n]; random.NextBytes(b); return b; }
        expected["/openstack/latest/user_data"] = Encoding.UTF8.GetBytes("#cloud-config\nhostname: h1\n");
        expected["/state/.docker_uuid"] = Encoding.ASCII.GetBytes("0f8e4c1a-2b3d-4e5f-8a9b-0c1d2e3f4a5b");
        expected["/state/.registration_token"] = Encoding.ASCII.GetBytes(new string('a', 128) + "\n");
        expected["/state/empty"] = Array.Empty<byte>();
        expected["/data/" + new string('n', 100) + ".long-extension-name"] = Bytes(3000);
        expected["/data/Mixed Case.TXT"] = Bytes(5000);
        expected["/data/mixed case.txt"] = Bytes(7);
        expected["/data/ünïcödé ☃.bin"] = Bytes(2048);
        expected["/a/b/c/d/e/f/g/deep.txt"] = Bytes(10);
        for (int i = 0; i < 150; i++) expected[$"/many/file-{i:D3}.dat"] = Bytes(i * 37);
        var builder = new IsoBuilder("config-2", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        foreach (var (path, content) in expected)
        {
            if (path == "/data/Mixed Case.TXT") builder.AddFile(path, new MemoryStream(content), Convert.ToInt32("600", 8));
            else builder.AddFile(path, content);
        }
        builder.AddDirectory("/empty-dir");
        var iso = temp.Combine("fresh.iso");
        builder.Write(iso);
        return iso;
    }

    private void AssertExtracted(string directory, bool joliet = false)
    {
        var actual = TreeSnapshot.FileBytes(directory);
        // Joliet holds 64 characters of a name; Rock Ridge holds it whole.
        var wanted = expected.ToDictionary(e => joliet ? JolietPath(e.Key) : e.Key, e => e.Value);
        Assert.Equal(wanted.Keys.Order(StringComparer.Ordinal), actual.Keys);
        foreach (var (path, content) in wanted) Assert.True(content.AsSpan().SequenceEqual(actual[path]), path);
    }

    private static string JolietPath(string path)
    {
        var name = Path.GetFileName(path);
        return name.Length <= 64 ? path : path[..^name.Length] + name[..64];
    }

    [Fact]
    public void RockRidgeReadersSeeEveryNameAndByte()
    {
        var iso = SortedIso();
        var osirrox = Directory.CreateDirectory(temp.Combine("osirrox")).FullName;
        ExternalTool.Check("osirrox", "-indev", iso, "-extract", "/", osirrox);
        AssertExtracted(osirrox);
        var bsdtar = Directory.CreateDirectory(temp.Combine("bsdtar")).FullName;
        ExternalTool.Check("bsdtar", "-x", "-f", iso, "-C", bsdtar);
        AssertExtracted(bsdtar);
        Assert.True(Directory.Exists(Path.Combine(osirrox, "empty-dir")));
    }

    [Fact]
    public void JolietReadersSeeEveryNameAndByte()
    {
        var iso = SortedIso();
        var sevenZip = Directory.CreateDirectory(temp.Combine("7z")).FullName;
        ExternalTool.Check("7z", "x", "-y", "-o" + sevenZip, iso);
        AssertExtracted(sevenZip, joliet: true);
    }

    [Fact]
    public void IsoinfoListsTheRealNamesInBothTrees()
    {
        var iso = SortedIso();
        var rr = ExternalTool.Check("isoinfo", "-R", "-f", "-i", iso).All.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var joliet = ExternalTool.Check("isoinfo", "-J", "-f", "-i", iso).All.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        foreach (var path in expected.Keys)
        {
            Assert.Contains(path, rr);
            // isoinfo prints no name it cannot convert to the local character set; 7z checks those.
            if (path.All(char.IsAscii)) Assert.Contains(JolietPath(path), joliet);
        }
        foreach (var path in new[] { "/openstack/latest/user_data", "/state/.docker_uuid", "/state/.registration_token" })
        {
            Assert.Equal(Encoding.UTF8.GetString(expected[path]), ExternalTool.Check("isoinfo", "-R", "-x", path, "-i", iso).All);
            Assert.Equal(Encoding.UTF8.GetString(expected[path]), ExternalTool.Check("isoinfo", "-J", "-x", path, "-i", iso).All);
        }
        var d = ExternalTool.Check("isoinfo", "-d", "-i", iso).All;
        Assert.Contains("Volume id: config-2", d);
        Assert.Contains("Joliet with UCS level 3 found", d);
        Assert.Contains("Rock Ridge signatures version 1 found", d);
        Assert.Equal("config-2", ExternalTool.Check("blkid", "-p", "-o", "value", "-s", "LABEL", iso).All.Trim());
    }

    [Fact]
    public void ModesAndNamesComeFromRockRidge()
    {
        var iso = SortedIso();
        var listing = ExternalTool.Check("isoinfo", "-R", "-l", "-i", iso).All;
        Assert.Matches(@"-rw-------\s.*\sMixed Case\.TXT", listing);
        Assert.Matches(@"-rw-r--r--\s.*\s\.docker_uuid", listing);
    }

    [Fact]
    public void StrictValidatorsAcceptTheImage()
    {
        var iso = SortedIso();
        var isovfy = ExternalTool.Check("isovfy", iso).All;
        Assert.DoesNotContain("**", isovfy);
        var script = """
            iso = pycdlib.PyCdlib()
            iso.open(sys.argv[1])
            names = []
            for path, dirs, files in iso.walk(rr_path='/'):
                names += [path.rstrip('/') + '/' + f for f in files]
            jnames = []
            for path, dirs, files in iso.walk(joliet_path='/'):
                jnames += [path.rstrip('/') + '/' + f for f in files]
            print(len(names), len(jnames), iso.has_rock_ridge(), iso.has_joliet(), iso.get_record(rr_path='/state/.docker_uuid').rock_ridge.rr_version)
            iso.close()
            """;
        var output = ExternalTool.Pycdlib(iso, script).Trim();
        Assert.Equal($"{expected.Count} {expected.Count} True True 1.12", output);
    }

    private string? iso;

    private string SortedIso() => iso ??= BuildSample();
}
