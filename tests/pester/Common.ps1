# Dot-sourced by every Pester test file: imports the built module and offers the shared fixtures.
$ErrorActionPreference = 'Stop'
if (-not $env:DISKLESSRANCHER_MODULE) {
    $env:DISKLESSRANCHER_MODULE = Join-Path $PSScriptRoot '../../out/DisklessRancher'
}
Import-Module $env:DISKLESSRANCHER_MODULE -Force
. (Join-Path $PSScriptRoot '../NuGetPackages.ps1')

# Host identities go to a store of this test file (the per-user data folder), never to the user's own
# (there is no TestDrive yet while Pester discovers the tests).
if ($TestDrive) {
    $env:XDG_DATA_HOME = Join-Path $TestDrive 'user-data'
    $script:IdentityStore = Join-Path $env:XDG_DATA_HOME 'DisklessRancher/state'
}

$script:FixtureScript = Join-Path $PSScriptRoot '../fixtures/new-rancheros-iso.sh'

function New-RancherOsTestIso {
    # A RancherOS-shaped ISO made by xorriso with rancheros' own flags, in the given folder.
    param([Parameter(Mandatory)] [string] $Path, [int] $PadMiB = 1)
    if ($IsWindows) {
        # As Windows (the Wine lane) there is no xorriso: the lane made the base before starting.
        Copy-Item -LiteralPath $env:DISKLESSRANCHER_BASE_ISO -Destination $Path
        return Get-Item -LiteralPath $Path
    }
    & bash $script:FixtureScript $Path $PadMiB
    if ($LASTEXITCODE -ne 0) { throw "The fixture script failed for $Path." }
    Get-Item -LiteralPath $Path
}

$script:FixtureCache = if ($env:DISKLESSRANCHER_FIXTURES) { $env:DISKLESSRANCHER_FIXTURES } else { Join-Path $PSScriptRoot '../../out/fixtures' }
$script:BootFixtures = Join-Path $PSScriptRoot '../fixtures/boot'

function Get-BootKit {
    # A Debian kernel and a busybox initramfs that reports what it finds on the config drive (cached).
    $kit = Join-Path $script:FixtureCache 'bootkit'
    & bash (Join-Path $script:BootFixtures 'new-boot-kit.sh') $kit
    if ($LASTEXITCODE -ne 0) { throw 'Could not make the boot kit (kernel and initramfs).' }
    [pscustomobject]@{ Kernel = Join-Path $kit 'vmlinuz'; Initrd = Join-Path $kit 'initrd.gz' }
}

function Get-BootableBaseIso {
    # The cached RancherOS-shaped ISO (rancheros' xorriso flags) whose kernel and initramfs really boot: read it, never change it.
    # As Windows (the Wine lane), the base the lane made.
    if ($IsWindows) { return $env:DISKLESSRANCHER_BASE_ISO }
    $kit = Join-Path $script:FixtureCache 'bootkit'
    & bash (Join-Path $script:BootFixtures 'new-bootable-base.sh') $kit
    if ($LASTEXITCODE -ne 0) { throw 'Could not make the bootable base ISO.' }
    Join-Path $kit 'rancheros.iso'
}

function New-BootableRancherOsTestIso {
    # A copy of the bootable base ISO at the given path, for a test file to use as it likes.
    param([Parameter(Mandatory)] [string] $Path)
    Copy-Item -LiteralPath (Get-BootableBaseIso) -Destination $Path
    Get-Item -LiteralPath $Path
}

function Get-BootBases {
    # The bootable bases of every partition layout (fixtures/boot/new-boot-bases.sh), made from the cached bootable
    # RancherOS-shaped ISO, in one cached folder; returns the folder.
    $bases = Join-Path $script:FixtureCache 'bootbases'
    $null = New-Item -ItemType Directory -Force -Path $bases
    & bash (Join-Path $script:BootFixtures 'new-boot-bases.sh') $bases (Get-BootableBaseIso)
    if ($LASTEXITCODE -ne 0) { throw 'Could not make the bootable bases.' }
    $bases
}

# QEMU boots run side by side, one per processor at most, across every test process of this fixture cache. A test
# file starts its boots together (Start-IsoBoot, Start-NetBoot) and reads each report when it needs it (Receive-Boot);
# a Describe that starts boots calls Stop-Boot in its AfterAll, for the boots no test read (a filtered run).
# Boot tests carry the tag 'Boot', so that a run can leave them out (-ExcludeTag Boot).
$script:BootSlots = Join-Path $script:FixtureCache 'boot-slots'
$script:StartedBoots = [System.Collections.Generic.List[object]]::new()

function Start-Boot {
    # Starts a boot script of tests/fixtures/boot in the background, once a boot slot is free.
    param([Parameter(Mandatory)] [string] $Script, [Parameter(Mandatory)] [string[]] $Arguments)
    $log = Join-Path ([IO.Path]::GetTempPath()) "disklessrancher-boot-$([guid]::NewGuid().ToString('n')).log"
    $start = [Diagnostics.ProcessStartInfo]::new('/usr/bin/python3')
    $start.UseShellExecute = $false
    foreach ($argument in @((Join-Path $script:BootFixtures 'boot-slot.py'), $script:BootSlots, $log,
            'bash', (Join-Path $script:BootFixtures $Script)) + $Arguments) {
        $start.ArgumentList.Add($argument)
    }
    $boot = [pscustomobject]@{ Process = [Diagnostics.Process]::Start($start); Log = $log }
    $script:StartedBoots.Add($boot)
    $boot
}

function Start-IsoBoot {
    # Boots an image in QEMU as a CD, as a raw IDE disk or as a USB stick, under SeaBIOS or OVMF.
    param([Parameter(Mandatory)] [string] $Path, [ValidateSet('cdrom', 'disk', 'usb')] [string] $As = 'cdrom', [int] $TimeoutSec = 300,
        [ValidateSet('bios', 'uefi')] [string] $Firmware = 'bios')
    Start-Boot 'boot-iso.sh' @($Path, $As, $TimeoutSec, $Firmware)
}

function Start-NetBoot {
    # Boots a machine with this MAC from the network (its NIC's iPXE ROM), starting from the iPXE script at BootFile (a URL):
    # under OVMF with -Uefi, with SMBIOS type 1 fields (-Smbios 'type=1,uuid=…'), and with another NIC before it (-FirstNic).
    param([Parameter(Mandatory)] [string] $BootFile, [Parameter(Mandatory)] [string] $Mac, [int] $TimeoutSec = 600,
        [switch] $Uefi, [string] $Smbios, [string] $FirstNic)
    $options = @()
    if ($Uefi) { $options += '--uefi' }
    if ($Smbios) { $options += @('--smbios', $Smbios) }
    if ($FirstNic) { $options += @('--first-nic', $FirstNic) }
    Start-Boot 'boot-net.sh' ($options + @($BootFile, $Mac, $TimeoutSec))
}

function Receive-Boot {
    # Waits for a started boot and returns what the guest reported on its console (the DR- lines of tests/fixtures/boot/init).
    param([Parameter(Mandatory, ValueFromPipeline)] [object] $Boot)
    process {
        $Boot.Process.WaitForExit()
        $console = @(Get-Content -LiteralPath $Boot.Log)
        Remove-Item -LiteralPath $Boot.Log
        $null = $script:StartedBoots.Remove($Boot)
        $report = [ordered]@{ Console = ($console -join "`n"); RunCommands = [System.Collections.Generic.List[string]]::new(); State = @{} }
        foreach ($line in $console) {
            switch -Regex ($line) {
                '^DR-CMDLINE: (.*)$' { $report.CommandLine = $Matches[1].Trim() }
                '^DR-CONFIG-DRIVE: (.*)$' { $report.ConfigDrive = $Matches[1].Trim() }
                '^DR-ONE-LOOK: (.*)$' { $report.OneLook = $Matches[1].Trim() }
                '^DR-USB-DELAY: (.*)$' { $report.UsbDelay = $Matches[1].Trim() }
                '^DR-USER-DATA-SHA256: (.*)$' { $report.UserDataSha256 = $Matches[1].Trim() }
                '^DR-HOSTNAME: (.*)$' { $report.Hostname = $Matches[1].Trim() }
                '^DR-RUNCMD: (.*)$' { $report.RunCommands.Add($Matches[1]) }
                '^DR-RUNCMD-FAILED: (.*)$' { $report.FailedCommand = $Matches[1] }
                '^DR-STATE (\S+): (.*)$' { $report.State[$Matches[1]] = $Matches[2].Trim() }
                '^DR-DONE' { $report.Done = $true }
            }
        }
        [pscustomobject]$report
    }
}

function Stop-Boot {
    # Ends every boot this test file started and did not read, with its QEMU.
    foreach ($boot in @($script:StartedBoots)) {
        if (-not $boot.Process.HasExited) { $boot.Process.Kill($true) }
        $boot.Process.WaitForExit()
        Remove-Item -LiteralPath $boot.Log -ErrorAction Ignore
        $null = $script:StartedBoots.Remove($boot)
    }
}

function Invoke-IsoBoot {
    # Boots an image and waits for what the guest reported (Start-IsoBoot and Receive-Boot).
    param([Parameter(Mandatory)] [string] $Path, [ValidateSet('cdrom', 'disk', 'usb')] [string] $As = 'cdrom', [int] $TimeoutSec = 300,
        [ValidateSet('bios', 'uefi')] [string] $Firmware = 'bios')
    Start-IsoBoot @PSBoundParameters | Receive-Boot
}

function ConvertTo-HexString {
    param([byte[]] $Bytes)
    -join ($Bytes | ForEach-Object { $_.ToString('x2') })
}
