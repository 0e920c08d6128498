<#
.SYNOPSIS
    The module's main job on the bundled example: makes (or takes) a RancherOS base ISO and runs the cmdlets on it.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $OutputDirectory,
    [string] $BaseIso
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
$null = New-Item -ItemType Directory -Path $OutputDirectory -Force

if (-not $BaseIso) {
    $BaseIso = Join-Path $OutputDirectory 'rancheros.iso'
    Write-Host "Making a RancherOS-shaped base ISO from Debian packages: $BaseIso"
    & bash (Join-Path $PSScriptRoot '../tests/fixtures/new-rancheros-iso.sh') $BaseIso 1
    if ($LASTEXITCODE -ne 0) { throw 'Could not make the example base ISO (are xorriso and isolinux installed?).' }
}

Write-Host "`nThe base image:"
Get-IsoVolume -LiteralPath $BaseIso | Format-List | Out-Host

$configDrive = Join-Path $OutputDirectory 'config-drive.iso'
Write-Host "Relabelling a copy to config-2: $configDrive"
Set-IsoVolumeLabel -LiteralPath $BaseIso -Label 'config-2' -Destination $configDrive -Force -PassThru | Format-List | Out-Host
