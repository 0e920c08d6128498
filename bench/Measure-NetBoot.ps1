<#
.SYNOPSIS
    Benchmarks New-DisklessHostNetBoot: publishes 1,000 hosts (each with a MAC address, an SMBIOS UUID and a serial
    number, every tenth with NetBoot false) from a CSV against a 160 MiB RancherOS-shaped base
    (most of it the initrd, as in the real ISO) in one pwsh run, module import and identity creation included; then
    publishes the same rows again. Prints the time of each run (elapsed, and the processor time of its process, which a
    shared machine's load changes less), the bytes per host in the tree (file sizes and disk
    blocks), the boot files written, and how many files the second run changed (every file's size, write time and
    inode are compared). Last, the tree is published afresh with the identities already saved, to show apart the cost
    of saving 1,000 new identities (each flushed to disk) and that of the tree.
    Then Get-DisklessNetBootMachine reads an nginx access log of that tree of 1,000,000 lines (-LogLines), and one of a
    tenth the length, each in a fresh pwsh: the time of each read, the process's peak working set (memory stays
    flat when both peaks are about the same) and the bytes the read allocated. Last, each figure against its target
    (a publish and a read of the long log under 5 s each, a flat peak), with the load average of the machine.
    -WorkFolder chooses where all of this happens, and so on which file system. -BaselineModulePath names another
    build of the module (an earlier one, say) that is measured in the same run, each of its runs just before the same run
    of this build, in a tree of its own; the two are then printed side by side, with their ratio.
.EXAMPLE
    ./build.sh; dotnet pwsh ./bench/Measure-NetBoot.ps1
.EXAMPLE
    dotnet pwsh ./bench/Measure-NetBoot.ps1 -WorkFolder /mnt/fresh-ext4/bench
.EXAMPLE
    git worktree add /tmp/before main; (cd /tmp/before && ./build.sh); dotnet pwsh ./bench/Measure-NetBoot.ps1 -BaselineModulePath /tmp/before/out/DisklessRancher
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/DisklessRancher'),
    [int] $BaseMiB = 160,
    [int] $Hosts = 1000,
    [int] $LogLines = 1000000,
    [string] $WorkFolder = (Join-Path ([IO.Path]::GetTempPath()) "diskless-netboot-bench-$PID"),
    [string] $BaselineModulePath
)

$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
if ($BaselineModulePath) { $BaselineModulePath = (Resolve-Path $BaselineModulePath).Path }
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
$baselineWww = Join-Path $WorkFolder 'baseline-www'
$baselineState = Join-Path $WorkFolder 'baseline-state'
$pwsh = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })

function Measure-Publish {
    # One pwsh run as a user runs it, timed from process start to exit.
    param([string] $Module = $ModulePath, [string] $Tree = $www, [string] $States = $state)
    # Its processor time (all threads, start-up included) varies less than the elapsed time on a shared machine.
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $result = & $pwsh -NoProfile -NonInteractive -Command @"
Import-Module '$Module'
`$updated = @(Import-Csv '$csv' | New-DisklessHostNetBoot -BaseIso '$base' -OutputDirectory '$Tree' -BaseUrl http://boot.example.org/rancher -StateDirectory '$States' -RegistrationUrl 'http://rancher.example.org:8080/v1/scripts/0123456789ABCDEF0123:1514678400000:YmVuY2g' | Where-Object Updated).Count
'{0} {1}' -f `$updated, [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime.TotalSeconds
"@
    if ($LASTEXITCODE -ne 0) { throw 'The publish failed.' }
    $updated, $cpu = ($result | Select-Object -Last 1) -split ' '
    [pscustomobject]@{ Seconds = [math]::Round($watch.Elapsed.TotalSeconds, 2); CpuSeconds = [math]::Round([double]$cpu, 2); HostsUpdated = [int]$updated }
}

function Get-Load {
    # The 1-minute load average: this machine may be shared, and elapsed times grow with its load.
    ((Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' ')[0]
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
    param([string] $Log, [string] $Module = $ModulePath, [string] $Tree = $www)
    $result = & $pwsh -NoProfile -NonInteractive -Command @"
Import-Module '$Module'
`$allocated = [GC]::GetTotalAllocatedBytes(`$true)
`$cpu = [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime
`$watch = [Diagnostics.Stopwatch]::StartNew()
`$machines = @(Get-DisklessNetBootMachine -LiteralPath '$Log' -NetBootDirectory '$Tree')
`$seconds = `$watch.Elapsed.TotalSeconds
`$cpu = ([Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime - `$cpu).TotalSeconds
`$allocated = [GC]::GetTotalAllocatedBytes(`$true) - `$allocated
'{0} {1} {2} {3} {4} {5}' -f `$seconds, `$cpu, `$machines.Count, @(`$machines | Where-Object Hostname).Count, [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64, `$allocated
"@
    if ($LASTEXITCODE -ne 0) { throw 'The read failed.' }
    $seconds, $cpu, $machines, $known, $peak, $allocated = ($result | Select-Object -Last 1) -split ' '
    [pscustomobject]@{
        Lines             = [int]((& wc -l $Log) -split ' ')[0]
        Seconds           = [math]::Round([double]$seconds, 2)
        CpuSeconds        = [math]::Round([double]$cpu, 2)
        Machines          = [int]$machines
        KnownHosts        = [int]$known
        PeakWorkingSetMiB = [math]::Round([double]$peak / 1MB, 1)
        # Garbage that the collector takes back as it goes: it grows with the log, the working set must not.
        AllocatedMiB      = [math]::Round([double]$allocated / 1MB, 1)
    }
}

$loadBefore = Get-Load
& sync
if ($BaselineModulePath) { $baselineFirst = Measure-Publish $BaselineModulePath $baselineWww $baselineState }
$first = Measure-Publish
$hostsFolder = Join-Path $www 'hosts'
$hostFiles = @(Get-ChildItem -LiteralPath $hostsFolder -File)
$bytesPerHost = ($hostFiles | Measure-Object Length -Sum).Sum / $Hosts
$diskPerHost = [double] ((& du -s -B1 $hostsFolder) -split '\s+')[0] / $Hosts
$statePerHost = [double] ((& du -s -B1 $state) -split '\s+')[0] / $Hosts
$bootFiles = @(Get-ChildItem -LiteralPath (Join-Path $www 'boot') -File)

$before = Get-Snapshot
if ($BaselineModulePath) { $baselineSecond = Measure-Publish $BaselineModulePath $baselineWww $baselineState }
$second = Measure-Publish
$after = Get-Snapshot
$changed = @(Compare-Object $before $after).Count
Remove-Item -LiteralPath $www -Recurse -Force
if ($BaselineModulePath) { Remove-Item -LiteralPath $baselineWww -Recurse -Force }
& sync
if ($BaselineModulePath) { $baselineKnown = Measure-Publish $BaselineModulePath $baselineWww $baselineState }
$known = Measure-Publish

[pscustomobject]@{
    Hosts                  = $Hosts
    # Creating files is most of a first publish, and its cost depends on the file system (and on its recent deletions).
    WorkFolderFileSystem   = ((& df --output=fstype $WorkFolder) | Select-Object -Last 1).Trim()
    BaseMiB                = [math]::Round((Get-Item $base).Length / 1MB, 1)
    FirstPublishSeconds    = $first.Seconds
    FirstPublishCpuSeconds = $first.CpuSeconds
    FirstHostsUpdated      = $first.HostsUpdated
    TreeBytesPerHost       = [math]::Round($bytesPerHost)
    TreeDiskKiBPerHost     = [math]::Round($diskPerHost / 1KB, 1)
    StateDiskKiBPerHost    = [math]::Round($statePerHost / 1KB, 1)
    BootFilesWritten       = ($bootFiles | ForEach-Object { '{0} ({1:N1} MiB)' -f $_.Name, ($_.Length / 1MB) }) -join ', '
    RepublishSeconds       = $second.Seconds
    RepublishCpuSeconds    = $second.CpuSeconds
    RepublishHostsUpdated  = $second.HostsUpdated
    RepublishFilesChanged  = $changed
    KnownIdentitiesSeconds = $known.Seconds
    KnownIdentitiesCpuSeconds = $known.CpuSeconds
} | Format-List

$smallLog = Join-Path $WorkFolder 'small.log'
$largeLog = Join-Path $WorkFolder 'access.log'
New-AccessLog $smallLog ($LogLines / 10)
New-AccessLog $largeLog $LogLines
if ($BaselineModulePath) { $baselineSmall = Measure-Read $smallLog $BaselineModulePath $baselineWww }
$small = Measure-Read $smallLog
if ($BaselineModulePath) { $baselineLarge = Measure-Read $largeLog $BaselineModulePath $baselineWww }
$large = Measure-Read $largeLog
@($small, $large) | Format-Table -AutoSize

if ($BaselineModulePath) {
    "Side by side with $BaselineModulePath (each of its runs just before the same run of this build):"
    @(
        @('First publish, s', $baselineFirst.Seconds, $first.Seconds), @('First publish, processor s', $baselineFirst.CpuSeconds, $first.CpuSeconds),
        @('Republish, s', $baselineSecond.Seconds, $second.Seconds), @('Republish, processor s', $baselineSecond.CpuSeconds, $second.CpuSeconds),
        @('Known identities, s', $baselineKnown.Seconds, $known.Seconds), @('Known identities, processor s', $baselineKnown.CpuSeconds, $known.CpuSeconds),
        @("Read of $($small.Lines) lines, s", $baselineSmall.Seconds, $small.Seconds), @("Read of $($large.Lines) lines, s", $baselineLarge.Seconds, $large.Seconds),
        @("Read of $($large.Lines) lines, processor s", $baselineLarge.CpuSeconds, $large.CpuSeconds),
        @("Read of $($small.Lines) lines, peak MiB", $baselineSmall.PeakWorkingSetMiB, $small.PeakWorkingSetMiB),
        @("Read of $($large.Lines) lines, peak MiB", $baselineLarge.PeakWorkingSetMiB, $large.PeakWorkingSetMiB),
        @("Read of $($large.Lines) lines, allocated MiB", $baselineLarge.AllocatedMiB, $large.AllocatedMiB)
    ) | ForEach-Object {
        [pscustomobject]@{ Measure = $_[0]; Baseline = $_[1]; ThisBuild = $_[2]; Ratio = if ($_[1]) { [math]::Round($_[2] / $_[1], 2) } else { $null } }
    } | Format-Table -AutoSize | Out-String -Width 200
}

# The targets: each time from one run, with the machine's load then (a time over its target on a loaded machine is
# to be measured again on a quiet one).
$targetSeconds = 5
$memoryRatio = [math]::Round($large.PeakWorkingSetMiB / $small.PeakWorkingSetMiB, 2)
@(
    [pscustomobject]@{ Measure = "Publish of $Hosts hosts, new identities"; Value = "$($first.Seconds) s ($($first.CpuSeconds) s of processor)"; Target = "under $targetSeconds s"; Met = $first.Seconds -lt $targetSeconds }
    [pscustomobject]@{ Measure = "Read of a $($large.Lines)-line access log"; Value = "$($large.Seconds) s ($($large.CpuSeconds) s of processor)"; Target = "under $targetSeconds s"; Met = $large.Seconds -lt $targetSeconds }
    [pscustomobject]@{ Measure = "Peak working set, $($large.Lines) lines against $($small.Lines)"; Value = "$($large.PeakWorkingSetMiB) / $($small.PeakWorkingSetMiB) MiB = $memoryRatio"; Target = 'flat (under 1.25)'; Met = $memoryRatio -lt 1.25 }
) | Format-Table -AutoSize | Out-String -Width 200
"Load average (1 min): $loadBefore before the publishes, $(Get-Load) after the reads; $([Environment]::ProcessorCount) processors."

Remove-Item -LiteralPath $WorkFolder -Recurse -Force
