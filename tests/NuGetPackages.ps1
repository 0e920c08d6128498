# Dot-sourced by the Pester runner and the tests: where NuGet keeps the packages restored by tests/tools/tools.csproj.

function Get-NuGetPackageFolder {
    # dotnet says where its package folder is (NUGET_PACKAGES, a nuget.config, or the default under the user's profile);
    # NUGET_PACKAGES comes first, so it needs no asking.
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    $packages = & dotnet nuget locals global-packages --list
    if ($LASTEXITCODE -ne 0 -or "$packages" -notmatch '^global-packages:\s*(.+?)\s*$') {
        throw "dotnet did not tell where its package folder is: $packages"
    }
    $Matches[1]
}
