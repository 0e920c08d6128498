using System.Text;
using DisklessRancher.Tests.Shared;

namespace DisklessRancher.Iso9660.Tests;

/// <summary>
/// The "." and ".." records a remaster writes for a kept directory: an RRIP 1.09 RR entry that claims only the
/// entries present (no NM), and no hidden flag copied from the directory's own record. isovfy checks both.
/// </summary>
public sealed class CopiedRecordsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public void IsovfyFindsNothingInARemasterOfARrip109BaseWithAHiddenDirectory()
    {
        string tree = _temp.Combine("tree"), iso = _temp.Combine("base.iso"), output = _temp.Combine("out.iso");
        ExternalTool.Bash($"mkdir -p '{tree}/hidden/sub' '{tree}/state' && printf a > '{tree}/hidden/sub/x' && printf u > '{tree}/state/.docker_uuid'");
        ExternalTool.Check("genisoimage", "-quiet", "-R", "-J", "-hidden", "hidden", "-o", iso, tree);
        new IsoRemaster(iso).AddFile("/state/.added", Encoding.ASCII.GetBytes("added")).SetVolumeLabel("config-2").Write(output);

        string[] report = ExternalTool.Check("isovfy", output).StdOut.Split('\n');
        Assert.DoesNotContain(report, line => line.Contains("Flag ") || line.Contains("**"));
        // Only the hidden directory's own record carries flags beyond "directory".
        Assert.Single(report, line => line.Contains("Flags=(3)"));
    }

    public void Dispose() => _temp.Dispose();
}
