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
# Pester comes from the NuGet package restored by tests/tools/tools.csproj; dotnet says where its package
# folder is (NUGET_PACKAGES, a nuget.config, or the default under the user's profile).
$packages = & dotnet nuget locals global-packages --list
if ($LASTEXITCODE -ne 0 -or "$packages" -notmatch '^global-packages:\s*(.+?)\s*$') {
    throw "dotnet did not tell where its package folder is: $packages"
}
$pester = Join-Path $Matches[1] 'pester/5.7.1/tools/Pester.psd1'
if (-not (Test-Path -LiteralPath $pester)) {
    throw "Pester 5.7.1 is not at $pester; restore it with: dotnet restore tests/tools/tools.csproj"
}
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
