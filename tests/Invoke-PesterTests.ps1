<#
.SYNOPSIS
    Runs the Pester tests under tests/pester (or those given) against a built module and writes the totals as JSON.
.PARAMETER TestPath
    The test files or folders to run (default: tests/pester). Several: a list, or joined with the path separator
    (':' on Linux, ';' on Windows), as pwsh -File passes them.
.PARAMETER Tag
    Runs only the tests with one of these tags (for example Boot: the QEMU boots). Several: a list or Boot,Other.
.PARAMETER ExcludeTag
    Leaves out the tests with one of these tags (-ExcludeTag Boot: everything but the QEMU boots).
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $SummaryPath,
    [string[]] $TestPath = (Join-Path $PSScriptRoot 'pester'),
    [string[]] $Tag,
    [string[]] $ExcludeTag
)

$ErrorActionPreference = 'Stop'
$pester = & (Join-Path $PSScriptRoot 'Get-PesterPath.ps1')
Import-Module $pester -RequiredVersion 5.7.1

$env:DISKLESSRANCHER_MODULE = (Resolve-Path $ModulePath).Path
$configuration = New-PesterConfiguration
$configuration.Run.Path = @($TestPath -split [IO.Path]::PathSeparator | Where-Object { $_ })
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
# pwsh -File passes a list as one string: Boot,Other.
if ($Tag) { $configuration.Filter.Tag = $Tag -split ',' }
if ($ExcludeTag) { $configuration.Filter.ExcludeTag = $ExcludeTag -split ',' }
$result = Invoke-Pester -Configuration $configuration

& (Join-Path $PSScriptRoot 'Write-PesterSummary.ps1') -Result $result -SummaryPath $SummaryPath
