using DisklessRancher.Core.NetBoot;

namespace DisklessRancher.Core.Tests.NetBoot;

public class NetBootLayoutTests
{
    [Theory]
    [InlineData("http://boot.lab/rancher", "http://boot.lab/rancher")]
    [InlineData("https://boot.lab/rancher/", "https://boot.lab/rancher")]
    [InlineData("HTTP://Boot.Lab:8080", "http://boot.lab:8080")]
    public void Names_every_file_under_the_base_url(string baseUrl, string expected)
    {
        NetBootLayout layout = new NetBootLayout("/srv/www", baseUrl);

        Assert.Equal(expected, layout.BaseUrl);
        Assert.Equal(expected + "/hosts/52-54-00-ab-cd-ef.ipxe", layout.UrlOf(NetBootLayout.HostScript(MacAddress.Parse("52:54:00:ab:cd:ef").ToHyphenated())));
        Assert.Equal(expected + "/hosts/52-54-00-ab-cd-ef.yaml", layout.UrlOf(NetBootLayout.HostUserData(MacAddress.Parse("52:54:00:ab:cd:ef").ToHyphenated())));
        Assert.Equal(expected + "/hosts/serial-DR%20SERIAL-01.yaml", layout.UrlOf(NetBootLayout.HostUserData("serial-DR SERIAL-01")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("boot.lab/rancher")]
    [InlineData("/rancher")]
    [InlineData("ftp://boot.lab/rancher")]
    [InlineData("file:///srv/www")]
    [InlineData("http://boot.lab/rancher?x=1")]
    [InlineData("http://boot.lab/rancher#top")]
    [InlineData("http://boot.lab/a,b")]
    [InlineData("http://boot.lab/${net0/mac}")]
    [InlineData("http://boot.lab/ rancher")]
    public void Refuses_a_base_url_that_iPXE_or_RancherOS_cannot_use(string baseUrl)
    {
        NetBootException error = Assert.Throws<NetBootException>(() => new NetBootLayout("/srv/www", baseUrl));
        Assert.Equal(NetBootError.InvalidBaseUrl, error.Error);
    }

    [Theory]
    [InlineData("/srv/www", true)]
    [InlineData("/srv/www/", true)]
    [InlineData("/srv/www/state", true)]
    [InlineData("/srv/www-state", false)]
    [InlineData("/srv", false)]
    public void Knows_which_folders_it_serves(string path, bool served)
    {
        Assert.Equal(served, new NetBootLayout("/srv/www", "http://boot.lab").Serves(path));
    }
}
