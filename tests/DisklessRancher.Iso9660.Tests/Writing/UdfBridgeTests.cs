using System.Text;
using Xunit;

namespace DisklessRancher.Iso9660.Tests.Writing;

/// <summary>A UDF bridge base (genisoimage -udf): the host image is read through its ISO 9660 trees by every reader.</summary>
public sealed class UdfBridgeTests : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void TheOutputHasNoUdfRecognitionSoLibblkidAndPycdlibReadItsIso9660VolumeAndTheUserIsWarned()
    {
        var baseIso = temp["udf.iso"];
        ExternalTool.Run("genisoimage", "-quiet", "-udf", "-R", "-J", "-V", "CDROM", "-no-emul-boot", "-boot-load-size", "4", "-boot-info-table",
            "-b", "boot/isolinux/isolinux.bin", "-c", "boot/isolinux/boot.cat", "-o", baseIso, BaseImages.Tree(temp));
        Assert.Contains("TYPE=udf", ExternalTool.Run("blkid", "-p", "-o", "export", baseIso));

        var output = temp["out.iso"];
        var remaster = new IsoRemaster(baseIso).AddFile("/openstack/latest/user_data", Encoding.UTF8.GetBytes("#cloud-config\n"))
            .AddFile("/state/.docker_uuid", new byte[36]).SetVolumeLabel("config-2");
        var pending = remaster.WritePending(output);
        pending.Commit();

        var warning = Assert.Single(pending.Warnings);
        Assert.Contains(baseIso, warning);
        Assert.Contains("UDF", warning);
        RemasterChecks.AssertClean(baseIso, output, "config-2", new[] { "/openstack/latest/user_data" }, temp);
        Assert.Contains("rr_path /state/.docker_uuid 36", ExternalTool.Pycdlib(output, """
            iso = pycdlib.PyCdlib()
            iso.open(sys.argv[1])
            print('rr_path /state/.docker_uuid', iso.get_record(rr_path='/state/.docker_uuid').get_data_length())
            iso.close()
            """));
    }

    [Fact]
    public void APlainBaseGivesNoWarning()
    {
        var baseIso = BaseImages.Make(temp, "plain.iso");
        var pending = new IsoRemaster(baseIso).AddFile("/a", new byte[1]).WritePending(temp["out.iso"]);
        pending.Commit();
        Assert.Empty(pending.Warnings);
    }
}
