<#
.SYNOPSIS
    The path of Pester 5.7.1's module manifest in the NuGet package folder (restored by tests/tools/tools.csproj).
#>
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'NuGetPackages.ps1')
$pester = Join-Path (Get-NuGetPackageFolder) 'pester/5.7.1/tools/Pester.psd1'
if (-not (Test-Path -LiteralPath $pester)) {
    throw "Pester 5.7.1 is not at $pester; restore it with: dotnet restore tests/tools/tools.csproj"
}
$pester
