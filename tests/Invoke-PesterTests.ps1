<#
.SYNOPSIS
    Runs every Pester test under tests/pester against a built module and writes the totals as JSON.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $SummaryPath,
    [string[]] $TestPath = (Join-Path $PSScriptRoot 'pester')
)

$ErrorActionPreference = 'Stop'
$pester = & (Join-Path $PSScriptRoot 'Get-PesterPath.ps1')
Import-Module $pester -RequiredVersion 5.7.1

$env:DISKLESSRANCHER_MODULE = (Resolve-Path $ModulePath).Path
$configuration = New-PesterConfiguration
$configuration.Run.Path = $TestPath
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$result = Invoke-Pester -Configuration $configuration

[pscustomobject]@{
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount
} | ConvertTo-Json | Set-Content -LiteralPath $SummaryPath
