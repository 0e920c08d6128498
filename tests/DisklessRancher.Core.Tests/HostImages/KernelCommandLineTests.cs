using DisklessRancher.Core.HostImages;
using Xunit;

namespace DisklessRancher.Core.Tests.HostImages;

public class KernelCommandLineTests
{
    // /boot/global.cfg of the stock rancheros.iso (rancher/os scripts/global.cfg with an empty ${APPEND}).
    private const string StockGlobalCfg =
        "APPEND rancher.autologin=tty1 rancher.autologin=ttyS0 rancher.autologin=ttyS1 console=tty1 console=ttyS0 console=ttyS1 printk.devkmsg=on panic=10 \n";

    [Fact]
    public void Appends_arguments_after_the_stock_ones()
    {
        string edited = KernelCommandLine.Edit(StockGlobalCfg,
            new[] { "rancher.cloud_init.datasources=[configdrive:/media/config-2,cmdline]" }, _ => false);

        Assert.Equal(
            "APPEND rancher.autologin=tty1 rancher.autologin=ttyS0 rancher.autologin=ttyS1 console=tty1 console=ttyS0 console=ttyS1 printk.devkmsg=on panic=10 rancher.cloud_init.datasources=[configdrive:/media/config-2,cmdline]\n",
            edited);
    }

    [Fact]
    public void Removes_every_autologin_argument_and_keeps_the_rest()
    {
        string edited = KernelCommandLine.Edit(StockGlobalCfg, new string[0], KernelCommandLine.OpensPasswordlessConsole);

        Assert.Equal(
            new[] { "console=tty1", "console=ttyS0", "console=ttyS1", "printk.devkmsg=on", "panic=10" },
            KernelCommandLine.Arguments(edited));
    }

    [Fact]
    public void Does_not_add_an_argument_twice_when_an_image_is_rebuilt()
    {
        string once = KernelCommandLine.Edit(StockGlobalCfg, new[] { "rancher.debug=true" }, _ => false);
        string twice = KernelCommandLine.Edit(once, new[] { "rancher.debug=true" }, _ => false);

        Assert.Equal(once, twice);
    }

    [Fact]
    public void Keeps_other_lines_and_crlf_line_endings()
    {
        string cfg = "# kernel line\r\nAPPEND console=tty1\r\nSAY hello\r\n";

        string edited = KernelCommandLine.Edit(cfg, new[] { "panic=10" }, _ => false);

        Assert.Equal("# kernel line\r\nAPPEND console=tty1 panic=10\r\nSAY hello\r\n", edited);
    }

    [Theory]
    [InlineData("two words")]
    [InlineData("line\nbreak")]
    [InlineData("")]
    public void Rejects_an_argument_that_would_break_the_line(string argument)
    {
        HostImageException error = Assert.Throws<HostImageException>(
            () => KernelCommandLine.Edit(StockGlobalCfg, new[] { argument }, _ => false));
        Assert.Contains("kernel argument", error.Message);
    }

    [Fact]
    public void Says_so_when_the_file_has_no_append_line()
    {
        HostImageException error = Assert.Throws<HostImageException>(
            () => KernelCommandLine.Edit("DEFAULT linux\n", new[] { "panic=10" }, _ => false));
        Assert.Contains("no APPEND line", error.Message);
    }

    [Fact]
    public void Finds_the_local_disk_arguments_of_an_autoformat_build()
    {
        // rancher/os v1.5.8 scripts/package-installer, OS_AUTOFORMAT=true.
        string cfg = StockGlobalCfg.Replace("panic=10 ", "panic=10 rancher.state.autoformat=[/dev/sda,/dev/vda] rancher.state.dev=LABEL=RANCHER_STATE rancher.state.wait=true");
        Assert.Equal(
            new[] { "rancher.state.autoformat=[/dev/sda,/dev/vda]", "rancher.state.dev=LABEL=RANCHER_STATE", "rancher.state.wait=true" },
            KernelCommandLine.Arguments(cfg).Where(KernelCommandLine.UsesLocalDisk));
        string edited = KernelCommandLine.Edit(cfg, new string[0], KernelCommandLine.UsesLocalDisk);
        Assert.DoesNotContain("rancher.state", edited);
        Assert.Contains("rancher.autologin=tty1", edited);
    }

    [Theory]
    [InlineData("rancher.autologin=tty1", true)]
    [InlineData("rancher.recovery=true", true)]
    [InlineData("rancher.recovery", true)]
    [InlineData("rancher.debug=true", false)]
    [InlineData("rancher.autologinx=1", false)]
    public void Knows_the_arguments_that_open_a_passwordless_console(string argument, bool opens) =>
        Assert.Equal(opens, KernelCommandLine.OpensPasswordlessConsole(argument));
}
