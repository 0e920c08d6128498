<#
.SYNOPSIS
    Benchmarks New-DisklessHostIso: 20 hosts from a CSV against a 160 MiB RancherOS-shaped base, side by side with
    20 plain copies of the base and with 20 rounds of cp + xorriso adding the same files; then 100 config-drive-only
    images. Prints medians over -Rounds and the ratios, and the peak memory of the process that made the images.
    Writing gigabytes makes the disk's write-back the larger cost on most machines and lets one variant pay for the
    dirty pages of the one before; so every variant starts after a sync and is timed until its data is on disk
    (a sync at the end), and each round runs the variants in another order.
    With -CloneFolder (a folder on a block-cloning file system: XFS with reflink, Btrfs), the benchmark compares file
    systems instead: the hosts are made there and in -WorkFolder against as many `cp --reflink=auto` clones of the
    base, and the two file systems are printed side by side: per host, the module against the cheapest copy each
    file system offers. -BaselineModulePath (the module built from an earlier commit) is run beside it in the same
    rounds. The identities are made before the first round, so every run measured reuses them.
.EXAMPLE
    ./build.sh -Task Package; dotnet pwsh ./bench/Measure-HostImages.ps1
.EXAMPLE
    truncate -s 8G /var/tmp/xfs.img; mkfs.xfs -m reflink=1 /var/tmp/xfs.img; mkdir -p /mnt/xfs; mount -o loop /var/tmp/xfs.img /mnt/xfs
    git worktree add /var/tmp/before <commit>; (cd /var/tmp/before && ./build.sh -Task Package)
    dotnet pwsh ./bench/Measure-HostImages.ps1 -Hosts 200 -Rounds 2 -CloneFolder /mnt/xfs/bench -BaselineModulePath /var/tmp/before/out/DisklessRancher
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/DisklessRancher'),
    [string] $BaselineModulePath,
    [int] $BaseMiB = 160,
    [int] $Hosts = 20,
    [int] $Rounds = 3,
    [string] $WorkFolder = (Join-Path ([IO.Path]::GetTempPath()) "diskless-bench-$PID"),
    [string] $CloneFolder
)

$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
if ($BaselineModulePath) { $BaselineModulePath = (Resolve-Path $BaselineModulePath).Path }
$null = New-Item -ItemType Directory -Path $WorkFolder -Force
$base = Join-Path $WorkFolder 'rancheros.iso'
& bash (Join-Path $PSScriptRoot '../tests/fixtures/new-rancheros-iso.sh') $base ($BaseMiB - 12)
if ($LASTEXITCODE -ne 0) { throw 'Could not make the base image.' }
$csv = Join-Path $WorkFolder 'hosts.csv'
@('Hostname,Address,Gateway,Dns') + (1..$Hosts | ForEach-Object { 'bench-host-{0:d2},10.0.0.{0}/24,10.0.0.254,10.0.0.253' -f $_ }) |
    Set-Content -LiteralPath $csv
$url = 'http://rancher.example.org:8080/v1/scripts/0123456789ABCDEF0123:1514678400000:YmVuY2g'
$pwsh = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })

function Clear-Output {
    param([string] $Folder)
    Remove-Item $Folder -Recurse -Force -ErrorAction Ignore
    $null = New-Item -ItemType Directory -Path $Folder
    & sync
}

function Measure-Copies {
    $out = Join-Path $WorkFolder 'copies'
    Clear-Output $out
    $watch = [Diagnostics.Stopwatch]::StartNew()
    & bash -c "for i in `$(seq 1 $Hosts); do cp '$base' '$out/copy-`$i.iso'; done; sync"
    $watch.Elapsed.TotalSeconds
}

function Measure-Xorriso {
    # The guide's steps done by xorriso: copy the base, append /openstack and /state, relabel, keep the boot image.
    $out = Join-Path $WorkFolder 'xorriso'
    Clear-Output $out
    $files = Join-Path $WorkFolder 'xorriso-files'
    if (-not (Test-Path $files)) {
        $state = Join-Path $files 'state'
        $null = New-Item -ItemType Directory -Path (Join-Path $files 'openstack/latest'), $state -Force
        & $pwsh -NoProfile -Command "Import-Module '$ModulePath'; New-RancherCloudConfig -Hostname bench -Address 10.0.0.1/24 -RegistrationUrl '$url' -AgentState (New-RancherAgentState) -Path '$files/openstack/latest/user_data'; New-RancherAgentState | Export-RancherAgentState -Path '$state'"
    }
    $watch = [Diagnostics.Stopwatch]::StartNew()
    & bash -c "for i in `$(seq 1 $Hosts); do cp '$base' '$out/h`$i.iso' && xorriso -dev '$out/h`$i.iso' -joliet on -boot_image any replay -volid config-2 -map '$files/openstack' /openstack -map '$files/state' /state -commit >/dev/null 2>&1 || exit 1; done; sync"
    if ($LASTEXITCODE -ne 0) { throw 'The xorriso loop failed.' }
    $watch.Elapsed.TotalSeconds
}

function Measure-Module {
    # One pwsh run, as a user runs it: the time of the pipeline itself, and of the whole process.
    param([string] $Script, [string] $Folder, [string] $Module = $ModulePath)
    Clear-Output $Folder
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $report = & $pwsh -NoProfile -NonInteractive -Command @"
Import-Module '$Module'
`$elapsed = Measure-Command { $Script; & sync }
'{0}|{1}' -f `$elapsed.TotalSeconds, ((Get-Content /proc/`$PID/status | Where-Object { `$_ -like 'VmHWM:*' }) -replace '\D', '')
"@
    $process = $watch.Elapsed.TotalSeconds
    $inside, $peakKiB = ($report | Select-Object -Last 1) -split '\|'
    [pscustomobject]@{ Pipeline = [double] $inside; Process = $process; PeakMiB = [math]::Round([double] $peakKiB / 1024, 1) }
}

function Measure-Clones {
    param([string] $Base, [string] $Folder)
    Clear-Output $Folder
    $watch = [Diagnostics.Stopwatch]::StartNew()
    & bash -c "for i in `$(seq 1 $Hosts); do cp --reflink=auto '$Base' '$Folder/clone-`$i.iso'; done; sync"
    $watch.Elapsed.TotalSeconds
}

function Measure-OnFileSystem {
    # The hosts against as many cp --reflink=auto clones, in a folder of the file system measured, by each module
    # (the order turns with the round). Each output is removed once timed: on a file system that copies, the
    # variants of one round would not fit side by side.
    param([string] $Folder, [int] $Round)
    $null = New-Item -ItemType Directory -Path $Folder -Force
    $localBase = Join-Path $Folder 'rancheros.iso'
    if (-not (Test-Path $localBase)) { Copy-Item -LiteralPath $base -Destination $localBase }
    $make = "Import-Csv '$csv' | New-DisklessHostIso -BaseIso '$localBase' -RegistrationUrl '$url' -OutputDirectory '$Folder/made' -StateDirectory '$WorkFolder/state' -Force | Out-Null"
    $result = [ordered]@{ FileSystem = (& stat -f -c %T $Folder); Clones = 0.0; Ours = 0.0; Before = 0.0 }
    $variants = @('Clones', 'Ours') + @(if ($BaselineModulePath) { 'Before' })
    foreach ($i in 0..($variants.Count - 1)) {
        $variant = $variants[($i + $Round) % $variants.Count]
        $result[$variant] = switch ($variant) {
            'Clones' { Measure-Clones $localBase (Join-Path $Folder 'made') }
            'Ours' { (Measure-Module $make (Join-Path $Folder 'made')).Pipeline }
            'Before' { (Measure-Module $make (Join-Path $Folder 'made') $BaselineModulePath).Pipeline }
        }
        Clear-Output (Join-Path $Folder 'made')
    }
    [pscustomobject]$result
}

function Get-Median {
    # Of an even count, the mean of the two middle values.
    param([double[]] $Values)
    $sorted = @($Values | Sort-Object)
    ($sorted[[math]::Floor(($sorted.Count - 1) / 2)] + $sorted[[math]::Ceiling(($sorted.Count - 1) / 2)]) / 2
}

if ($CloneFolder) {
    # Every identity is made and saved before the first round, so that no run measured pays for making them.
    $null = & $pwsh -NoProfile -NonInteractive -Command "Import-Module '$ModulePath'; Import-Csv '$csv' | New-DisklessHostIso -ConfigDriveOnly -RegistrationUrl '$url' -OutputDirectory '$WorkFolder/identities' -StateDirectory '$WorkFolder/state' -WarningAction Ignore | Out-Null"
    $sides = @{ work = @(); clone = @() }
    foreach ($round in 1..$Rounds) {
        $sides.work += Measure-OnFileSystem (Join-Path $WorkFolder 'side') $round
        $sides.clone += Measure-OnFileSystem $CloneFolder $round
        Write-Host ("round {0}: {1}" -f $round, (($sides.work[-1], $sides.clone[-1] | ForEach-Object {
            '{0} clones {1:N2} s, New-DisklessHostIso {2:N2} s{3}' -f $_.FileSystem, $_.Clones, $_.Ours, $(if ($BaselineModulePath) { ', before {0:N2} s' -f $_.Before })
        }) -join '; '))
    }
    Write-Host ''
    Write-Host ("{0} hosts, {1} MiB base, against {0} cp --reflink=auto copies, side by side, median of {2} rounds" -f $Hosts, $BaseMiB, $Rounds)
    foreach ($side in $sides.work, $sides.clone) {
        $clones = Get-Median $side.Clones
        $made = Get-Median $side.Ours
        $ratio = Get-Median (0..($Rounds - 1) | ForEach-Object { $side[$_].Ours / $side[$_].Clones })
        Write-Host ("  {0,-10} copies {1,6:N2} s ({2,5:N1} ms a host)   New-DisklessHostIso {3,6:N2} s ({4,5:N1} ms a host)   {5:N2}x the copies" -f
            $side[0].FileSystem, $clones, (1000 * $clones / $Hosts), $made, (1000 * $made / $Hosts), $ratio)
        if ($BaselineModulePath) {
            $before = Get-Median $side.Before
            $toBefore = Get-Median (0..($Rounds - 1) | ForEach-Object { $side[$_].Ours / $side[$_].Before })
            Write-Host ("  {0,-10} before: New-DisklessHostIso {1,6:N2} s ({2,5:N1} ms a host), {3:N2}x the copies; now {4:N2}x before" -f
                $side[0].FileSystem, $before, (1000 * $before / $Hosts), (Get-Median (0..($Rounds - 1) | ForEach-Object { $side[$_].Before / $side[$_].Clones })), $toBefore)
        }
    }
    Write-Host ("  load average at the end: {0}" -f (((Get-Content /proc/loadavg) -split ' ')[0..2] -join ' '))
    Remove-Item $CloneFolder -Recurse -Force
}
else {
    $copies = @(); $xorriso = @(); $ours = @(); $drives = @()
    $variants = @('copies', 'ours', 'xorriso')
    foreach ($round in 1..$Rounds) {
        # The disk is slower right after a variant wrote gigabytes; rotating the order spreads that over all three.
        $order = 0..2 | ForEach-Object { $variants[($_ + $round - 1) % 3] }
        foreach ($variant in $order) {
            switch ($variant) {
                'copies' { $copies += Measure-Copies }
                'ours' { $ours += Measure-Module "Import-Csv '$csv' | New-DisklessHostIso -BaseIso '$base' -RegistrationUrl '$url' -OutputDirectory '$WorkFolder/ours' -StateDirectory '$WorkFolder/state' -Force | Out-Null" (Join-Path $WorkFolder 'ours') }
                'xorriso' { $xorriso += Measure-Xorriso }
            }
        }
        $drives += Measure-Module "1..100 | ForEach-Object { [pscustomobject]@{ Hostname = 'vm{0:d3}' -f `$_ } } | New-DisklessHostIso -ConfigDriveOnly -RegistrationUrl '$url' -OutputDirectory '$WorkFolder/drives' -StateDirectory '$WorkFolder/state' | Out-Null" (Join-Path $WorkFolder 'drives')
        Write-Host ("round {0} ({6}): copies {1:N2} s, New-DisklessHostIso {2:N2} s (process {3:N2} s), cp + xorriso {4:N2} s, 100 config drives {5:N2} s" -f
            $round, $copies[-1], $ours[-1].Pipeline, $ours[-1].Process, $xorriso[-1], $drives[-1].Pipeline, ($order -join ', '))
    }

    $copy = Get-Median $copies
    $pipeline = Get-Median $ours.Pipeline
    $process = Get-Median $ours.Process
    $loop = Get-Median $xorriso
    Write-Host ''
    Write-Host ("{0} hosts, {1} MiB base, median of {2} rounds" -f $Hosts, $BaseMiB, $Rounds)
    Write-Host ("  {0} copies (cp)                     {1,7:N2} s" -f $Hosts, $copy)
    Write-Host ("  New-DisklessHostIso (pipeline)      {0,7:N2} s   {1:N2}x the copies   {2:N2}x the xorriso loop" -f $pipeline, ($pipeline / $copy), ($pipeline / $loop))
    Write-Host ("  New-DisklessHostIso (whole pwsh)    {0,7:N2} s   {1:N2}x the copies   {2:N2}x the xorriso loop" -f $process, ($process / $copy), ($process / $loop))
    Write-Host ("  cp + xorriso, {0} rounds            {1,7:N2} s" -f $Hosts, $loop)
    # Paired within each round, so that a round where the disk was slow for everyone counts once, not three times.
    $toCopies = Get-Median (0..($Rounds - 1) | ForEach-Object { $ours[$_].Pipeline / $copies[$_] })
    $toLoop = Get-Median (0..($Rounds - 1) | ForEach-Object { $ours[$_].Pipeline / $xorriso[$_] })
    Write-Host ("  median of the per-round ratios (pipeline): {0:N2}x the copies, {1:N2}x the xorriso loop" -f $toCopies, $toLoop)
    Write-Host ("  peak memory of the pwsh that made them: {0} MiB" -f ($ours.PeakMiB | Measure-Object -Maximum).Maximum)
    Write-Host ("  100 config-drive-only images        {0,7:N2} s (pipeline), peak {1} MiB" -f (Get-Median $drives.Pipeline), ($drives.PeakMiB | Measure-Object -Maximum).Maximum)
}
Remove-Item $WorkFolder -Recurse -Force
