using DisklessRancher.Core.NetBoot;

namespace DisklessRancher.Core.Tests.NetBoot;

public class MacAddressTests
{
    [Theory]
    [InlineData("52:54:00:AB:CD:EF")]
    [InlineData("52-54-00-ab-cd-ef")]
    [InlineData("5254.00ab.cdef")]
    [InlineData("525400ABCDEF")]
    [InlineData("  52:54:00:ab:cd:ef ")]
    public void Reads_every_common_notation_as_one_address(string text)
    {
        MacAddress mac = MacAddress.Parse(text);

        Assert.Equal("52:54:00:ab:cd:ef", mac.ToString());
        Assert.Equal("52-54-00-ab-cd-ef", mac.ToHyphenated());
        Assert.Equal(MacAddress.Parse("52:54:00:ab:cd:ef"), mac);
        Assert.Equal(MacAddress.Parse("52:54:00:ab:cd:ef").GetHashCode(), mac.GetHashCode());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("52:54:00:ab:cd")]
    [InlineData("52:54:00:ab:cd:ef:01")]
    [InlineData("52:54:00:ab:cd:eg")]
    [InlineData("52:54-00:ab:cd:ef")]
    [InlineData("525:400:abc:def")]
    [InlineData("52.54.00.ab.cd.ef")]
    public void Refuses_anything_that_is_not_six_bytes_in_one_notation(string? text)
    {
        NetBootException error = Assert.Throws<NetBootException>(() => MacAddress.Parse(text));
        Assert.Equal(NetBootError.InvalidMacAddress, error.Error);
    }

    [Fact]
    public void Tells_two_cards_apart()
    {
        Assert.NotEqual(MacAddress.Parse("52:54:00:ab:cd:ef"), MacAddress.Parse("52:54:00:ab:cd:e0"));
    }
}
