using DisklessRancher.Core.NetBoot;

namespace DisklessRancher.Core.Tests.NetBoot;

public class BootSelectorsTests
{
    [Fact]
    public void Names_a_script_per_selector_in_the_order_boot_ipxe_tries_them()
    {
        BootSelectors selectors = BootSelectors.Parse("52:54:00:AB:CD:EF", " 6B1C2A2E-0D55-4B8E-9A51-3F7C5B2D0A01 ", "DR SERIAL-01");

        Assert.Equal(new[] { "uuid-6b1c2a2e-0d55-4b8e-9a51-3f7c5b2d0a01", "52-54-00-ab-cd-ef", "serial-DR SERIAL-01" }, selectors.Names);
        Assert.Equal("52-54-00-ab-cd-ef", selectors.PrimaryName);
    }

    [Theory]
    [InlineData(null, "6b1c2a2e-0d55-4b8e-9a51-3f7c5b2d0a01", "S1", "uuid-6b1c2a2e-0d55-4b8e-9a51-3f7c5b2d0a01")]
    [InlineData("", "", "S1", "serial-S1")]
    public void Names_the_user_data_after_the_MAC_else_the_UUID_else_the_serial(string? mac, string? uuid, string? serial, string primary)
    {
        Assert.Equal(primary, BootSelectors.Parse(mac, uuid, serial).PrimaryName);
    }

    [Fact]
    public void Needs_at_least_one_selector()
    {
        NetBootException e = Assert.Throws<NetBootException>(() => BootSelectors.Parse(" ", null, ""));
        Assert.Equal(NetBootError.InvalidMacAddress, e.Error);
        Assert.Contains("SystemUuid or SerialNumber", e.Message);
    }

    [Theory]
    [InlineData("6b1c2a2e0d554b8e9a513f7c5b2d0a01")]
    [InlineData("{6b1c2a2e-0d55-4b8e-9a51-3f7c5b2d0a01}")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("not-a-uuid")]
    public void Refuses_a_UUID_iPXE_would_not_print_so(string uuid)
    {
        Assert.Equal(NetBootError.InvalidSystemUuid, Assert.Throws<NetBootException>(() => BootSelectors.Parse(null, uuid, null)).Error);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData(".hidden")]
    [InlineData("trailing.")]
    [InlineData("x%20y")]
    [InlineData("über")]
    public void Refuses_a_serial_number_that_cannot_name_a_file_of_the_tree(string serial)
    {
        Assert.Equal(NetBootError.InvalidSerialNumber, Assert.Throws<NetBootException>(() => BootSelectors.Parse(null, null, serial)).Error);
    }
}
