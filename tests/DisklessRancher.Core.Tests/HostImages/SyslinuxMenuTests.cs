using DisklessRancher.Core.HostImages;
using Xunit;

namespace DisklessRancher.Core.Tests.HostImages;

public class SyslinuxMenuTests
{
    // The shape of /boot/linux-current.cfg on the v1.5.8 ISO (rancher/os scripts/isolinux_label.cfg, LABEL=v1.5.8).
    private const string LinuxCurrentCfg =
        "DEFAULT rancheros-v1.5.8\n" +
        "LABEL rancheros-v1.5.8\n" +
        "    MENU LABEL RancherOS v1.5.8 4.14.138-rancher\n" +
        "    KERNEL ../vmlinuz-4.14.138-rancher\n" +
        "    INITRD ../initrd-v1.5.8\n" +
        "\n" +
        "LABEL rancheros-v1.5.8-autologin\n" +
        "    MENU LABEL Autologin on tty1 and ttyS0\n" +
        "    COM32 cmd.c32\n" +
        "    APPEND rancheros-v1.5.8 rancher.autologin=tty1 rancher.autologin=ttyS0\n" +
        "\n" +
        "LABEL rancheros-v1.5.8-debug\n" +
        "    COM32 cmd.c32\n" +
        "    APPEND rancheros-v1.5.8 rancher.debug=true\n" +
        "\n" +
        "label rancheros-v1.5.8-debug-autologin\n" +
        "    COM32 cmd.c32\n" +
        "    append rancheros-v1.5.8 rancher.autologin=tty1 rancher.autologin=ttyS0 rancher.debug=true\n" +
        "\n" +
        "LABEL rancheros-v1.5.8-recovery\n" +
        "    COM32 cmd.c32\n" +
        "    APPEND rancheros-v1.5.8 rancher.recovery=true\n" +
        "\n" +
        "MENU SEPARATOR\n";

    [Fact]
    public void Removes_the_autologin_and_recovery_entries_and_keeps_the_others()
    {
        string edited = SyslinuxMenu.RemoveEntries(LinuxCurrentCfg, KernelCommandLine.OpensPasswordlessConsole);

        Assert.DoesNotContain("rancher.autologin", edited);
        Assert.DoesNotContain("rancher.recovery", edited);
        Assert.DoesNotContain("Autologin", edited);
        Assert.StartsWith("DEFAULT rancheros-v1.5.8\nLABEL rancheros-v1.5.8\n", edited);
        Assert.Contains("    KERNEL ../vmlinuz-4.14.138-rancher\n", edited);
        Assert.Contains("LABEL rancheros-v1.5.8-debug\n    COM32 cmd.c32\n    APPEND rancheros-v1.5.8 rancher.debug=true\n", edited);
        Assert.EndsWith("MENU SEPARATOR\n", edited);
    }

    [Fact]
    public void Keeps_a_menu_without_such_entries_as_it_is_and_its_line_endings()
    {
        string crlf = "DEFAULT a\r\nLABEL a\r\n  KERNEL k\r\n  APPEND console=ttyS0\r\n";
        Assert.Equal(crlf, SyslinuxMenu.RemoveEntries(crlf, KernelCommandLine.OpensPasswordlessConsole));
    }

    [Fact]
    public void Locks_the_command_line_once_before_any_label()
    {
        string global = "APPEND console=ttyS0 panic=10\n";
        string locked = SyslinuxMenu.LockCommandLine(global);
        Assert.Equal("APPEND console=ttyS0 panic=10\nALLOWOPTIONS 0\nNOESCAPE 1\n", locked);
        Assert.Equal(locked, SyslinuxMenu.LockCommandLine(locked));
        Assert.Equal("ALLOWOPTIONS 0\nNOESCAPE 1\nLABEL a\n  KERNEL k\n", SyslinuxMenu.LockCommandLine("LABEL a\n  KERNEL k\n"));
    }
}
