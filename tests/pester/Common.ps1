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
    & bash $script:FixtureScript $Path $PadMiB
    if ($LASTEXITCODE -ne 0) { throw "The fixture script failed for $Path." }
    Get-Item -LiteralPath $Path
}

$script:FixtureCache = if ($env:DISKLESSRANCHER_FIXTURES) { $env:DISKLESSRANCHER_FIXTURES } else { Join-Path $PSScriptRoot '../../out/fixtures' }

function Get-BootKit {
    # A Debian kernel and a busybox initramfs that reports what it finds on the config drive (cached).
    $kit = Join-Path $script:FixtureCache 'bootkit'
    & bash (Join-Path $PSScriptRoot '../fixtures/boot/new-boot-kit.sh') $kit
    if ($LASTEXITCODE -ne 0) { throw 'Could not make the boot kit (kernel and initramfs).' }
    [pscustomobject]@{ Kernel = Join-Path $kit 'vmlinuz'; Initrd = Join-Path $kit 'initrd.gz' }
}

function New-BootableRancherOsTestIso {
    # A RancherOS-shaped ISO (rancheros' xorriso flags) whose kernel and initramfs really boot.
    param([Parameter(Mandatory)] [string] $Path)
    $kit = Get-BootKit
    & bash $script:FixtureScript $Path 1 $kit.Kernel $kit.Initrd
    if ($LASTEXITCODE -ne 0) { throw "The fixture script failed for $Path." }
    Get-Item -LiteralPath $Path
}

function Invoke-IsoBoot {
    # Boots an image in QEMU as a CD or as a raw disk (a USB stick), under SeaBIOS or OVMF, and returns what the guest reported.
    param([Parameter(Mandatory)] [string] $Path, [ValidateSet('cdrom', 'disk')] [string] $As = 'cdrom', [int] $TimeoutSec = 300,
        [ValidateSet('bios', 'uefi')] [string] $Firmware = 'bios')
    $console = & bash (Join-Path $PSScriptRoot '../fixtures/boot/boot-iso.sh') $Path $As $TimeoutSec $Firmware 2>&1
    $report = [ordered]@{ Console = ($console -join "`n"); RunCommands = [System.Collections.Generic.List[string]]::new(); State = @{} }
    foreach ($line in $console) {
        switch -Regex ($line) {
            '^DR-CMDLINE: (.*)$' { $report.CommandLine = $Matches[1].Trim() }
            '^DR-CONFIG-DRIVE: (.*)$' { $report.ConfigDrive = $Matches[1].Trim() }
            '^DR-USER-DATA-SHA256: (.*)$' { $report.UserDataSha256 = $Matches[1].Trim() }
            '^DR-RUNCMD: (.*)$' { $report.RunCommands.Add($Matches[1]) }
            '^DR-RUNCMD-FAILED: (.*)$' { $report.FailedCommand = $Matches[1] }
            '^DR-STATE (\S+): (.*)$' { $report.State[$Matches[1]] = $Matches[2].Trim() }
            '^DR-DONE' { $report.Done = $true }
        }
    }
    [pscustomobject]$report
}

function ConvertTo-HexString {
    param([byte[]] $Bytes)
    -join ($Bytes | ForEach-Object { $_.ToString('x2') })
}
