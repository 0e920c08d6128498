<#
.SYNOPSIS
    Times Set-IsoVolumeLabel in place on a 160 MiB and a 1.6 GiB image, in-process, side by side.
.DESCRIPTION
    The images are a real RancherOS-shaped ISO (rancheros' xorriso flags, tests/fixtures/new-rancheros-iso.sh)
    extended with SetLength to 160 MiB and 1.6 GiB. The extension is a sparse hole, so the images cost no disk
    space or write time; relabelling reads and writes only the volume descriptors, so what lies after them
    does not matter, and the cost must not grow with the file. Each image is relabelled -Iterations times
    (alternating labels) after a warm-up; the median, 95th percentile and best times are printed, for the
    cmdlet and for the engine call it wraps. Target: under 5 ms for both sizes.
.EXAMPLE
    dotnet pwsh ./bench/Measure-Relabel.ps1
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/DisklessRancher'),
    [string] $WorkDirectory = (Join-Path ([System.IO.Path]::GetTempPath()) "relabel-bench-$PID"),
    [int] $Iterations = 200
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
$null = New-Item -ItemType Directory -Path $WorkDirectory -Force
try {
    $base = Join-Path $WorkDirectory 'base.iso'
    & bash (Join-Path $PSScriptRoot '../tests/fixtures/new-rancheros-iso.sh') $base 1 2>$null
    if ($LASTEXITCODE -ne 0) { throw 'Could not make the base image.' }

    $sizes = [ordered]@{ '160 MiB' = 160MB; '1.6 GiB' = [long] (1.6 * 1GB) }
    $images = foreach ($name in $sizes.Keys) {
        $path = Join-Path $WorkDirectory ("image-{0}.iso" -f ($name -replace '\W', ''))
        Copy-Item -LiteralPath $base -Destination $path
        $stream = [System.IO.File]::OpenWrite($path)
        try { $stream.SetLength($sizes[$name]) } finally { $stream.Dispose() }
        [pscustomobject]@{ Name = $name; Path = $path }
    }

    function Measure-Times([scriptblock] $Action) {
        $watch = [System.Diagnostics.Stopwatch]::new()
        $times = for ($i = 0; $i -lt $Iterations; $i++) {
            $label = if ($i % 2) { 'RancherOS' } else { 'config-2' }
            $watch.Restart()
            & $Action $label
            $watch.Stop()
            $watch.Elapsed.TotalMilliseconds
        }
        $sorted = $times | Sort-Object
        [pscustomobject]@{
            Median = $sorted[[int] ($sorted.Count / 2)]
            P95    = $sorted[[int] ($sorted.Count * 0.95) - 1]
            Best   = $sorted[0]
        }
    }

    $results = foreach ($image in $images) {
        $path = $image.Path
        Set-IsoVolumeLabel -LiteralPath $path -Label warm-up
        [DisklessRancher.Iso9660.IsoVolumeLabel]::Set($path, 'warm-up')
        $cmdlet = Measure-Times { param($label) Set-IsoVolumeLabel -LiteralPath $path -Label $label }
        $engine = Measure-Times { param($label) [DisklessRancher.Iso9660.IsoVolumeLabel]::Set($path, $label) }
        if ((Get-IsoVolume -LiteralPath $path).JolietLabel -ne 'RancherOS') { throw "The last relabel of $path did not take." }
        [pscustomobject]@{
            Image              = $image.Name
            'Bytes'            = (Get-Item -LiteralPath $path).Length
            'Cmdlet median ms' = [math]::Round($cmdlet.Median, 3)
            'Cmdlet p95 ms'    = [math]::Round($cmdlet.P95, 3)
            'Cmdlet best ms'   = [math]::Round($cmdlet.Best, 3)
            'Engine median ms' = [math]::Round($engine.Median, 3)
        }
    }
    $results | Format-Table -AutoSize | Out-Host
    $slow = @($results | Where-Object { $_.'Cmdlet median ms' -ge 5 })
    if ($slow) { Write-Warning "Above the 5 ms target: $($slow.Image -join ', ')" }
    else { Write-Host "Both sizes under the 5 ms target ($Iterations relabels each, in place)." }
}
finally {
    Remove-Item -LiteralPath $WorkDirectory -Recurse -Force -ErrorAction Ignore
}
