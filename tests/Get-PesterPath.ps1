<#
.SYNOPSIS
    The path of Pester 5.7.1's module manifest in the NuGet package folder (restored by tests/tools/tools.csproj).
#>
$ErrorActionPreference = 'Stop'
# dotnet says where its package folder is (NUGET_PACKAGES, a nuget.config, or the default under the user's profile).
$packages = & dotnet nuget locals global-packages --list
if ($LASTEXITCODE -ne 0 -or "$packages" -notmatch '^global-packages:\s*(.+?)\s*$') {
    throw "dotnet did not tell where its package folder is: $packages"
}
$pester = Join-Path $Matches[1] 'pester/5.7.1/tools/Pester.psd1'
if (-not (Test-Path -LiteralPath $pester)) {
    throw "Pester 5.7.1 is not at $pester; restore it with: dotnet restore tests/tools/tools.csproj"
}
$pester
