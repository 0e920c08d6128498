<#
.SYNOPSIS
    Benchmarks New-DisklessHostNetBoot: publishes 1,000 hosts (each with a MAC address, an SMBIOS UUID and a serial
    number, every tenth with NetBoot false) from a CSV against a 160 MiB RancherOS-shaped base
    (most of it the initrd, as in the real ISO) in one pwsh run, module import and identity creation included; then
    publishes the same rows again. Prints the time of each run, the bytes per host in the tree (file sizes and disk
    blocks), the boot files written, and how many files the second run changed (every file's size, write time and
    inode are compared). Last, the tree is published afresh with the identities already saved, to show apart the cost
    of saving 1,000 new identities (each flushed to disk) and that of the tree.
    Then Get-DisklessNetBootMachine reads an nginx access log of that tree of 1,000,000 lines (-LogLines), and one of a
    tenth the length, each in a fresh pwsh: the time of each read and the process's peak working set (memory stays
    flat when both peaks are about the same).
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
    [int] $LogLines = 1000000,
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
# Every host is found by its UUID, MAC and serial number (three scripts each); every tenth is kept off the network.
@('Hostname,MacAddress,SystemUuid,SerialNumber,NetBoot,Address,Gateway,Dns') + (1..$Hosts | ForEach-Object {
        'bench-host-{0:d4},52:54:00:00:{1:x2}:{2:x2},6b1c2a2e-0d55-4b8e-9a51-3f7c5b{0:x6},BENCH-{0:d6},{3},10.0.{1}.{2}/16,10.0.255.254,10.0.255.253' -f $_, [int][math]::Floor($_ / 256), ($_ % 256), ($_ % 10 -ne 0)
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

function New-AccessLog {
    # Cycles through ten kinds of line: a host's boot (boot.ipxe, its UUID's 404, its script, kernel, initrd, user_data),
    # an unknown machine's boot.ipxe, 404s and report, and another site's page.
    param([string] $Path, [int] $Count)
    & awk -v n=$Count -v hosts=$Hosts 'BEGIN {
        ua = "\"-\" \"iPXE/1.0.0+git-20190125.36a4c85-5.1\"";
        for (i = 0; i < n; i++) {
            h = int(i / 10) % hosts + 1; m = sprintf("52-54-00-00-%02x-%02x", int(h / 256), h % 256);
            u = sprintf("52-54-00-01-%02x-%02x", int(h / 256), h % 256);
            t = sprintf("[06/Dec/2026:%02d:%02d:%02d +0000]", int(i / 3600000) % 24, int(i / 60000) % 60, int(i / 1000) % 60);
            k = i % 10; ip = sprintf("10.0.%d.%d", int(h / 256), h % 256);
            if (k == 0) r = "\"GET /rancher/boot.ipxe HTTP/1.1\" 200 534";
            else if (k == 1) r = "\"GET /rancher/hosts/uuid-00000000-0000-0000-0000-000000000000.ipxe HTTP/1.1\" 404 153";
            else if (k == 2) r = "\"GET /rancher/hosts/" m ".ipxe HTTP/1.1\" 200 595";
            else if (k == 3) r = "\"GET /rancher/boot/vmlinuz-85667e6c72245133.bin HTTP/1.1\" 200 8247232";
            else if (k == 4) r = "\"GET /rancher/boot/initrd-287197b62ca8adef.bin HTTP/1.1\" 200 1640331";
            else if (k == 5) r = "\"GET /rancher/hosts/" m ".yaml HTTP/1.1\" 200 568";
            else if (k == 6) r = "\"GET /rancher/boot.ipxe HTTP/1.1\" 200 534";
            else if (k == 7) r = "\"GET /rancher/hosts/" u ".ipxe HTTP/1.1\" 404 153";
            else if (k == 8) r = "\"GET /rancher/boot.ipxe?mac=" u "&uuid=7c2d3b3f-1e66-4c9f-8b62-4a8d6c" sprintf("%06x", h) "&serial=SN" h "&manufacturer=DR%20Labs&product=DR%20Box&ip=" ip " HTTP/1.1\" 200 534";
            else r = "\"GET /index.html HTTP/1.1\" 200 612";
            print ip " - - " t " " r " " ua;
        }
    }' > $Path
    if ($LASTEXITCODE -ne 0) { throw 'Could not write the access log.' }
}

function Measure-Read {
    param([string] $Log)
    $result = & $pwsh -NoProfile -NonInteractive -Command @"
Import-Module '$ModulePath'
`$watch = [Diagnostics.Stopwatch]::StartNew()
`$machines = @(Get-DisklessNetBootMachine -LiteralPath '$Log' -NetBootDirectory '$www')
`$seconds = `$watch.Elapsed.TotalSeconds
'{0} {1} {2} {3}' -f `$seconds, `$machines.Count, @(`$machines | Where-Object Hostname).Count, [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64
"@
    if ($LASTEXITCODE -ne 0) { throw 'The read failed.' }
    $seconds, $machines, $known, $peak = ($result | Select-Object -Last 1) -split ' '
    [pscustomobject]@{ Lines = [int]((& wc -l $Log) -split ' ')[0]; Seconds = [math]::Round([double]$seconds, 2); Machines = [int]$machines; KnownHosts = [int]$known; PeakWorkingSetMiB = [math]::Round([double]$peak / 1MB, 1) }
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

$smallLog = Join-Path $WorkFolder 'small.log'
$largeLog = Join-Path $WorkFolder 'access.log'
New-AccessLog $smallLog ($LogLines / 10)
New-AccessLog $largeLog $LogLines
@((Measure-Read $smallLog), (Measure-Read $largeLog)) | Format-Table -AutoSize

Remove-Item -LiteralPath $WorkFolder -Recurse -Force
