<#
.SYNOPSIS
    Runs as Windows (under Wine, in the win-x64 PowerShell host): the Pester files given, less the tests tagged
    LinuxOnly (they need a Linux tool or Unix behaviour) or Slow, against the built module; writes the totals as JSON.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $SummaryPath,
    [Parameter(Mandatory)] [string[]] $TestPath
)

$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -RequiredVersion 5.7.1
$env:DISKLESSRANCHER_MODULE = $ModulePath
$configuration = New-PesterConfiguration
# The host passes each argument as one string: several test files come comma-separated.
$configuration.Run.Path = @($TestPath -split ',')
$configuration.Run.PassThru = $true
# Slow: minutes under Wine, and what it shows runs on Linux.
$configuration.Filter.ExcludeTag = 'LinuxOnly', 'Slow'
$configuration.Output.Verbosity = 'Detailed'
$configuration.Output.RenderMode = 'Plaintext'
$result = Invoke-Pester -Configuration $configuration

& (Join-Path $PSScriptRoot '../Write-PesterSummary.ps1') -Result $result -SummaryPath $SummaryPath
