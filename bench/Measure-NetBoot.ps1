<#
.SYNOPSIS
    Benchmarks New-DisklessHostNetBoot: publishes 1,000 hosts from a CSV against a 160 MiB RancherOS-shaped base
    (most of it the initrd, as in the real ISO) in one pwsh run, module import and identity creation included; then
    publishes the same rows again. Prints the time of each run, the bytes per host in the tree (file sizes and disk
    blocks), the boot files written, and how many files the second run changed (every file's size, write time and
    inode are compared). Last, the tree is published afresh with the identities already saved, to show apart the cost
    of saving 1,000 new identities (each flushed to disk) and that of the tree.
    -WorkFolder chooses where all of this happens, and so on which file system.
.EXAMPLE
    ./build.sh; dotnet pwsh ./bench/Measure-NetBoot.ps1
.EXAMPLE
    dotnet pwsh ./bench/Measure-NetBoot.ps1 -WorkFolder /mnt/fresh-ext4/bench
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/DisklessRancher'),
    [int] $BaseMiB = 160,
    [int] $Hosts = 1000,
    [string] $WorkFolder = (Join-Path ([IO.Path]::GetTempPath()) "diskless-netboot-bench-$PID")
)

$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
$null = New-Item -ItemType Directory -Path $WorkFolder -Force
$base = Join-Path $WorkFolder 'rancheros.iso'
$kernel = Join-Path $WorkFolder 'vmlinuz'
$initrd = Join-Path $WorkFolder 'initrd'
& bash -c "head -c $(8MB) /dev/urandom > '$kernel' && head -c $(($BaseMiB - 12) * 1MB) /dev/urandom > '$initrd'"
& bash (Join-Path $PSScriptRoot '../tests/fixtures/new-rancheros-iso.sh') $base 1 $kernel $initrd
if ($LASTEXITCODE -ne 0) { throw 'Could not make the base image.' }
$csv = Join-Path $WorkFolder 'hosts.csv'
@('Hostname,MacAddress,Address,Gateway,Dns') + (1..$Hosts | ForEach-Object {
        'bench-host-{0:d4},52:54:00:00:{1:x2}:{2:x2},10.0.{1}.{2}/16,10.0.255.254,10.0.255.253' -f $_, [int][math]::Floor($_ / 256), ($_ % 256)
    }) | Set-Content -LiteralPath $csv
$www = Join-Path $WorkFolder 'www'
$state = Join-Path $WorkFolder 'state'
$pwsh = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })

function Measure-Publish {
    # One pwsh run as a user runs it, timed from process start to exit.
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $count = & $pwsh -NoProfile -NonInteractive -Command @"
Import-Module '$ModulePath'
@(Import-Csv '$csv' | New-DisklessHostNetBoot -BaseIso '$base' -OutputDirectory '$www' -BaseUrl http://boot.example.org/rancher -StateDirectory '$state' -RegistrationUrl 'http://rancher.example.org:8080/v1/scripts/0123456789ABCDEF0123:1514678400000:YmVuY2g' | Where-Object Updated).Count
"@
    if ($LASTEXITCODE -ne 0) { throw 'The publish failed.' }
    [pscustomobject]@{ Seconds = [math]::Round($watch.Elapsed.TotalSeconds, 2); HostsUpdated = [int] ($count | Select-Object -Last 1) }
}

function Get-Snapshot {
    # Every file of the tree by path: size, last write time and inode (a replaced file gets a new inode).
    Get-ChildItem -LiteralPath $www -Recurse -File -Force | Sort-Object FullName | ForEach-Object {
        '{0} {1} {2} {3}' -f $_.FullName, $_.Length, $_.LastWriteTimeUtc.Ticks, (& stat -c %i $_.FullName)
    }
}

& sync
$first = Measure-Publish
$hostsFolder = Join-Path $www 'hosts'
$hostFiles = @(Get-ChildItem -LiteralPath $hostsFolder -File)
$bytesPerHost = ($hostFiles | Measure-Object Length -Sum).Sum / $Hosts
$diskPerHost = [double] ((& du -s -B1 $hostsFolder) -split '\s+')[0] / $Hosts
$statePerHost = [double] ((& du -s -B1 $state) -split '\s+')[0] / $Hosts
$bootFiles = @(Get-ChildItem -LiteralPath (Join-Path $www 'boot') -File)

$before = Get-Snapshot
$second = Measure-Publish
$after = Get-Snapshot
$changed = @(Compare-Object $before $after).Count
Remove-Item -LiteralPath $www -Recurse -Force
& sync
$known = Measure-Publish

[pscustomobject]@{
    Hosts                  = $Hosts
    # Creating files is most of a first publish, and its cost depends on the file system (and on its recent deletions).
    WorkFolderFileSystem   = ((& df --output=fstype $WorkFolder) | Select-Object -Last 1).Trim()
    BaseMiB                = [math]::Round((Get-Item $base).Length / 1MB, 1)
    FirstPublishSeconds    = $first.Seconds
    FirstHostsUpdated      = $first.HostsUpdated
    TreeBytesPerHost       = [math]::Round($bytesPerHost)
    TreeDiskKiBPerHost     = [math]::Round($diskPerHost / 1KB, 1)
    StateDiskKiBPerHost    = [math]::Round($statePerHost / 1KB, 1)
    BootFilesWritten       = ($bootFiles | ForEach-Object { '{0} ({1:N1} MiB)' -f $_.Name, ($_.Length / 1MB) }) -join ', '
    RepublishSeconds       = $second.Seconds
    RepublishHostsUpdated  = $second.HostsUpdated
    RepublishFilesChanged  = $changed
    KnownIdentitiesSeconds = $known.Seconds
} | Format-List

Remove-Item -LiteralPath $WorkFolder -Recurse -Force
