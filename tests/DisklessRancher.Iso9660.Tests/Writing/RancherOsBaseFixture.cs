using System.Text;
using DisklessRancher.Tests.Shared;

namespace DisklessRancher.Iso9660.Tests.Writing;

/// <summary>
/// A RancherOS-shaped base made by tests/fixtures/new-rancheros-iso.sh (rancheros' own xorriso command), the
/// host image our remaster makes of it, and xorriso's reference remaster with the same additions.
/// </summary>
public sealed class RancherOsBaseFixture : IDisposable
{
    public static readonly DateTimeOffset Time = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    public RancherOsBaseFixture()
    {
        ExternalTool.Check("bash", RepositoryPaths.Fixture("new-rancheros-iso.sh"), BaseIso, "1");
        foreach (var (path, content) in Additions)
        {
            var file = Temp.Combine("add" + path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, content);
        }
        Remaster(BaseIso, HostIso, Additions);
        File.Copy(BaseIso, ReferenceIso);
        ExternalTool.Check("xorriso", "-dev", ReferenceIso, "-joliet", "on", "-boot_image", "any", "replay", "-volid", "config-2",
            "-map", Temp.Combine("add/openstack"), "/openstack", "-map", Temp.Combine("add/state"), "/state", "-commit");
    }

    public TempDirectory Temp { get; } = new();

    public string BaseIso => Temp.Combine("base.iso");

    public string HostIso => Temp.Combine("host.iso");

    public string ReferenceIso => Temp.Combine("ref.iso");

    public static SortedDictionary<string, byte[]> Additions { get; } = new(StringComparer.Ordinal)
    {
        ["/openstack/latest/user_data"] = Encoding.UTF8.GetBytes("#cloud-config\nhostname: host-1\n"),
        ["/state/.docker_uuid"] = Encoding.ASCII.GetBytes("6f1f6c2e-3a4b-4c5d-9e8f-0a1b2c3d4e5f"),
        ["/state/.physical_host_uuid"] = Encoding.ASCII.GetBytes("0b6d7e8f-1a2b-4c3d-8e9f-5a6b7c8d9e0f"),
        ["/state/.registration_token"] = Encoding.ASCII.GetBytes(new string('c', 128) + "\n"),
    };

    public static void Remaster(string from, string to, IDictionary<string, byte[]> additions)
    {
        var remaster = new IsoRemaster(from, Time);
        foreach (var (path, content) in additions) remaster.AddFile(path, content, Convert.ToInt32("600", 8));
        remaster.SetVolumeLabel("config-2").Write(to);
    }

    public void Dispose() => Temp.Dispose();
}
