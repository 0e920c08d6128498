# Dot-sourced by every Pester test file: imports the built module and offers the shared fixtures.
$ErrorActionPreference = 'Stop'
if (-not $env:DISKLESSRANCHER_MODULE) {
    $env:DISKLESSRANCHER_MODULE = Join-Path $PSScriptRoot '../../out/DisklessRancher'
}
Import-Module $env:DISKLESSRANCHER_MODULE -Force

$script:FixtureScript = Join-Path $PSScriptRoot '../fixtures/new-rancheros-iso.sh'

function New-RancherOsTestIso {
    # A RancherOS-shaped ISO made by xorriso with rancheros' own flags, in the given folder.
    param([Parameter(Mandatory)] [string] $Path, [int] $PadMiB = 1)
    & bash $script:FixtureScript $Path $PadMiB
    if ($LASTEXITCODE -ne 0) { throw "The fixture script failed for $Path." }
    Get-Item -LiteralPath $Path
}
