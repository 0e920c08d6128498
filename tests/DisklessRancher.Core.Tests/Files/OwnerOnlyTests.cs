using System.Text.Json;
using DisklessRancher.Tests.Shared;

using DisklessRancher.Files;

namespace DisklessRancher.Core.Tests.Files;

/// <summary>
/// The Windows access lists cannot be applied here, so the SDDL they are made from is parsed by another
/// implementation (Samba's, through python3-samba) and checked ACE by ACE; the Unix modes are applied for real
/// (these tests run on Linux).
/// </summary>
public sealed class OwnerOnlyTests
{
    private const string UserSid = "S-1-5-21-3623811015-3361044348-30300820-1013";
    private const int AccessAllowed = 0;
    private const int FileAllAccess = 0x1F01FF;
    private const int DaclPresent = 0x0004;
    private const int DaclProtected = 0x1000;
    private const int ObjectInherit = 0x01;
    private const int ContainerInherit = 0x02;

    private const string ParseWithSamba = """
        import sys, json
        from samba.dcerpc import security
        sd = security.descriptor.from_sddl(sys.argv[1], security.dom_sid('S-1-5-21-1-2-3'))
        print(json.dumps({'control': sd.type, 'owner': sd.owner_sid is not None, 'group': sd.group_sid is not None,
                          'sacl': sd.sacl is not None,
                          'aces': [[a.type, a.flags, a.access_mask, str(a.trustee)] for a in sd.dacl.aces]}))
        """;

    [Fact]
    public void AFileGetsAProtectedDaclOfFullControlForTheUserSystemAndAdministratorsOnly()
    {
        ParsedDescriptor parsed = Parse(OwnerOnlySddl.ForFile(UserSid));

        AssertProtectedDaclOnly(parsed);
        Assert.Equal<(int, int, int, string)>(
            [(AccessAllowed, 0, FileAllAccess, UserSid), (AccessAllowed, 0, FileAllAccess, "S-1-5-18"), (AccessAllowed, 0, FileAllAccess, "S-1-5-32-544")],
            parsed.Aces);
    }

    [Fact]
    public void AFolderGetsTheSameThreeAcesInheritedByTheFilesAndFoldersMadeInIt()
    {
        ParsedDescriptor parsed = Parse(OwnerOnlySddl.ForDirectory(UserSid));

        AssertProtectedDaclOnly(parsed);
        const int inherit = ObjectInherit | ContainerInherit;
        Assert.Equal<(int, int, int, string)>(
            [(AccessAllowed, inherit, FileAllAccess, UserSid), (AccessAllowed, inherit, FileAllAccess, "S-1-5-18"), (AccessAllowed, inherit, FileAllAccess, "S-1-5-32-544")],
            parsed.Aces);
    }

    [Theory]
    [InlineData("")]
    [InlineData("BA")]
    [InlineData("S-1-5-18)(A;;0x1f01ff;;;WD")]
    public void ATrusteeThatIsNotASidIsRefused(string notASid)
    {
        Assert.Throws<ArgumentException>(() => OwnerOnlySddl.ForFile(notASid));
    }

    [Fact]
    public void UnixAFileIsReadableAndWritableByItsOwnerOnly()
    {
        using TempDirectory temp = new();
        string path = temp.Combine("secret");
        File.WriteAllBytes(path, []);
        File.SetUnixFileMode(path, (UnixFileMode)0x1B6); // 0666

        OwnerOnly.RestrictFile(path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void UnixAFolderIsCreatedOpenToItsOwnerOnlyWhateverTheUmask()
    {
        using TempDirectory temp = new();
        string path = temp.Combine("parent", "state");

        OwnerOnly.CreateDirectory(path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(path));
    }

    [Fact]
    public void UnixAFileAboutToBeReplacedKeepsItsMode()
    {
        using TempDirectory temp = new();
        string path = temp.Combine("image.iso");
        File.WriteAllBytes(path, []);
        File.SetUnixFileMode(path, (UnixFileMode)0x1A4); // 0644

        OwnerOnly.RestrictFileToBeReplaced(path);

        Assert.Equal((UnixFileMode)0x1A4, File.GetUnixFileMode(path));
    }

    private static void AssertProtectedDaclOnly(ParsedDescriptor parsed)
    {
        Assert.Equal(DaclPresent | DaclProtected, parsed.Control & (DaclPresent | DaclProtected));
        Assert.False(parsed.HasOwner, "the descriptor must leave the owner as it is");
        Assert.False(parsed.HasGroup, "the descriptor must leave the group as it is");
        Assert.False(parsed.HasSacl, "the descriptor must leave the audit list as it is");
    }

    private static ParsedDescriptor Parse(string sddl)
    {
        string json = ExternalTool.Check("/usr/bin/python3", "-c", ParseWithSamba, sddl).StdOut;
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        return new ParsedDescriptor(
            root.GetProperty("control").GetInt32(),
            root.GetProperty("owner").GetBoolean(),
            root.GetProperty("group").GetBoolean(),
            root.GetProperty("sacl").GetBoolean(),
            [.. root.GetProperty("aces").EnumerateArray().Select(ace => (ace[0].GetInt32(), ace[1].GetInt32(), ace[2].GetInt32(), ace[3].GetString()!))]);
    }

    private sealed record ParsedDescriptor(int Control, bool HasOwner, bool HasGroup, bool HasSacl, (int Type, int Flags, int Mask, string Trustee)[] Aces);
}
