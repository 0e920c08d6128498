<#
.SYNOPSIS
    Builds the DisklessRancher module into out/DisklessRancher and runs its main job, its tests or its packaging.
.DESCRIPTION
    Installs what is missing first: on Debian, the packages the task needs through apt-get when running as root (or
    it stops with the exact command to run). Started from Windows PowerShell 5.1, it runs itself again in the
    PowerShell pinned in .config/dotnet-tools.json.
.PARAMETER Task
    Build (default): restore, build, assemble the module, then run the main job on the bundled example.
    Test: build, then run every xunit and Pester test against out/DisklessRancher.
    Package: build, then make a .nupkg of the module in out/.
.PARAMETER Configuration
    The dotnet build configuration.
.PARAMETER BaseIso
    For the Build task: a real rancheros.iso to use as the example's base instead of the one made from Debian packages.
.PARAMETER ExcludeTag
    For the Test task: leaves out the tests with these tags (Pester tags, xunit Category traits). -ExcludeTag Boot runs
    everything but the QEMU boots; -ExcludeTag Windows leaves out the Windows lane (the tests run as Windows under Wine).
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    [string] $BaseIso,

    [string[]] $ExcludeTag
)

$ErrorActionPreference = 'Stop'
$clock = [Diagnostics.Stopwatch]::StartNew()
if ($PSVersionTable.PSVersion.Major -lt 7) {
    # Windows PowerShell 5.1 can load the module but not build it: hand over to the pinned PowerShell 7.
    $arguments = @('-NoProfile', '-File', $PSCommandPath)
    foreach ($parameter in $PSBoundParameters.GetEnumerator()) { $arguments += @("-$($parameter.Key)", "$($parameter.Value)") }
    Push-Location $PSScriptRoot
    try {
        & dotnet tool restore
        if ($LASTEXITCODE -ne 0) { throw 'dotnet tool restore failed: is the .NET SDK installed?' }
        & dotnet pwsh @arguments
    }
    finally {
        Pop-Location
    }
    exit $LASTEXITCODE
}
Set-StrictMode -Version Latest
# What the command sets in the environment is for its own builds and child processes: put back as it was when the
# command ends, for whoever runs it from a PowerShell session of their own.
$environmentBefore = [Environment]::GetEnvironmentVariables()

$root = $PSScriptRoot
. (Join-Path $root 'tests/NuGetPackages.ps1')
$out = Join-Path $root 'out'
$moduleDir = Join-Path $out 'DisklessRancher'
$ourAssemblies = 'DisklessRancher.dll', 'DisklessRancher.Core.dll', 'DisklessRancher.Files.dll', 'DisklessRancher.Iso9660.dll'
$hostAssemblies = 'System.Management.Automation.dll', 'Microsoft.PowerShell.*.dll', 'Microsoft.Management.Infrastructure.dll'
# Child PowerShell processes run this same pwsh; as a dotnet global tool the process itself is 'dotnet'.
$pwsh = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
# Tests that start `pwsh` by name get this same one, also when it is the pinned local tool (not on PATH).
$env:PATH = $PSHOME + [IO.Path]::PathSeparator + $env:PATH

# The PowerShell assemblies the tests' pwsh processes spend most of their start-up in.
$precompiledAssemblies = 'System.Management.Automation.dll', 'Microsoft.PowerShell.Commands.Utility.dll',
    'Microsoft.PowerShell.Commands.Management.dll', 'Microsoft.PowerShell.ConsoleHost.dll', 'Microsoft.PowerShell.Security.dll',
    'Newtonsoft.Json.dll', 'pwsh.dll'

# Debian packages: the main job makes its example base ISO from some; the tests compare with real tools and boot QEMU.
$mainJobPackages = 'xorriso', 'isolinux', 'syslinux-common', 'busybox-static', 'cpio', 'xz-utils', 'zstd'
$testPackages = 'genisoimage', 'python3-pycdlib', 'python3-yaml', 'python3-jsonschema', 'python3-samba', 'qemu-system-x86',
    'ovmf', 'ipxe', 'ipxe-qemu', 'nginx-light', 'p7zip-full', 'libarchive-tools', 'dumpet', 'util-linux', 'strace', 'gdisk',
    'mtools', 'syslinux-utils', 'grub-common', 'grub-pc-bin', 'grub-efi-amd64-bin', 'wine64',
    'inotify-tools', 'dnsmasq-base', 'iproute2', 'openssl', 'curl'

function Invoke-Native {
    param([string] $FilePath, [string[]] $Arguments)
    & $FilePath @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$FilePath $($Arguments -join ' ') failed with exit code $LASTEXITCODE." }
}

function Restore-Environment {
    param([Parameter(Mandatory)] [Collections.IDictionary] $Saved)
    foreach ($name in @([Environment]::GetEnvironmentVariables().Keys)) {
        if (-not $Saved.Contains($name)) { [Environment]::SetEnvironmentVariable($name, $null) }
    }
    foreach ($variable in $Saved.GetEnumerator()) { [Environment]::SetEnvironmentVariable($variable.Key, $variable.Value) }
}

function Install-DebianPackages {
    param([string[]] $Names)
    if ($IsWindows -or $IsMacOS -or $Names.Count -eq 0) { return }
    if (-not (Get-Command dpkg-query -ErrorAction Ignore)) {
        Write-Warning "Not a Debian system: make sure these tools are installed (Debian package names): $($Names -join ' ')"
        return
    }
    $missing = @($Names | Where-Object { (& dpkg-query -W -f='${Status}' $_ 2>$null) -ne 'install ok installed' })
    if ($missing.Count -eq 0) { return }
    $install = "apt-get install -y --no-install-recommends $($missing -join ' ')"
    if ((& id -u) -ne '0') {
        throw "These Debian packages are missing: $($missing -join ' '). Install them, then run this command again:`n  sudo sh -c 'apt-get update && $install'"
    }
    Write-Host "Installing Debian packages: $($missing -join ' ')"
    $env:DEBIAN_FRONTEND = 'noninteractive'
    Invoke-Native apt-get @('update', '-qq')
    Invoke-Native apt-get (@('install', '-y', '-qq', '--no-install-recommends') + $missing)
}

function Get-ModuleVersion {
    (Import-PowerShellDataFile (Join-Path $root 'module/DisklessRancher.psd1')).ModuleVersion
}

function Build-Module {
    $version = Get-ModuleVersion
    $publish = Join-Path $out 'publish'
    Remove-Item $publish, $moduleDir -Recurse -Force -ErrorAction Ignore

    Write-Host "Building DisklessRancher $version ($Configuration)"
    Invoke-Native dotnet @('publish', (Join-Path $root 'src/DisklessRancher/DisklessRancher.csproj'),
        '--configuration', $Configuration, '--output', $publish, '-nologo', '-v:q')
    # The module assemblies must load in Windows PowerShell 5.1: compiling them against .NET Framework 4.7.2
    # fails on any API that 5.1 lacks.
    Invoke-Native dotnet @('build', (Join-Path $root 'src/DisklessRancher/DisklessRancher.csproj'),
        '--configuration', $Configuration, '-p:Net472Check=true', '-nologo', '-v:q')

    $dependencies = New-Item -ItemType Directory -Path (Join-Path $moduleDir 'Dependencies') -Force
    foreach ($dll in Get-ChildItem $publish -Filter *.dll) {
        if ($ourAssemblies -contains $dll.Name) {
            Copy-Item $dll.FullName $moduleDir
        }
        elseif (-not ($hostAssemblies | Where-Object { $dll.Name -like $_ })) {
            Copy-Item $dll.FullName $dependencies
        }
    }
    Copy-Item (Join-Path $root 'module/*') $moduleDir -Recurse -Force

    $helpOut = New-Item -ItemType Directory -Path (Join-Path $moduleDir 'en-US') -Force
    & (Join-Path $root 'build/New-MamlHelp.ps1') -MarkdownFolder (Join-Path $root 'docs/en-US') -OutputFolder $helpOut.FullName
    Write-Host "Module assembled at $moduleDir"
}

function Invoke-MainJob {
    if ($IsWindows -and -not $BaseIso) {
        throw 'On Windows, give the RancherOS ISO to start from: .\build.ps1 -BaseIso .\rancheros.iso (the example base is made with Debian tools).'
    }
    $arguments = @('-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'examples/Invoke-Example.ps1'),
        '-ModulePath', $moduleDir, '-OutputDirectory', (Join-Path $out 'example'))
    if ($BaseIso) { $arguments += @('-BaseIso', (Resolve-Path $BaseIso).Path) }
    Invoke-Native $pwsh $arguments
}

function Initialize-PrecompiledPowerShell {
    # The pinned PowerShell's assemblies are IL only: each of the many pwsh processes the tests start compiles the
    # engine again, about half of its start-up time. The tests run a copy of it whose busiest assemblies crossgen2
    # (restored by tests/tools/tools.csproj) has compiled ahead of time (ReadyToRun): the same code, made once in out/.
    $copy = Join-Path $out "pwsh-$($PSVersionTable.PSVersion)"
    [xml] $tools = Get-Content -LiteralPath (Join-Path $root 'tests/tools/tools.csproj') -Raw
    $crossgenVersion = $tools.SelectSingleNode("//PackageDownload[@Include='Microsoft.NETCore.App.Crossgen2.linux-x64']").Version.Trim('[]')
    # What the copy was made with: another crossgen2 or another list of assemblies makes it again.
    $made = Join-Path $copy '.precompiled'
    $recipe = "crossgen2 ${crossgenVersion}: $($precompiledAssemblies -join ' ')"
    if ((Get-Content -LiteralPath $made -ErrorAction Ignore) -ne $recipe) {
        $crossgen = Join-Path (Get-NuGetPackageFolder) "microsoft.netcore.app.crossgen2.linux-x64/$crossgenVersion/tools/crossgen2"
        $framework = [Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory()
        Remove-Item $copy -Recurse -Force -ErrorAction Ignore
        Copy-Item $PSHOME $copy -Recurse
        # In a response file: pwsh would expand the references' wildcards into input files.
        $arguments = Join-Path $copy 'crossgen.rsp'
        foreach ($assembly in $precompiledAssemblies) {
            $compiled = Join-Path $copy "$assembly.r2r"
            Set-Content -LiteralPath $arguments -Value @((Join-Path $PSHOME $assembly), "--out:$compiled", '--targetos:linux', '--targetarch:x64',
                '-O', "--reference:$(Join-Path $framework '*.dll')", "--reference:$(Join-Path $copy '*.dll')")
            Invoke-Native $crossgen @("@$arguments")
            Move-Item $compiled (Join-Path $copy $assembly) -Force
        }
        Remove-Item -LiteralPath $arguments
        Set-Content -LiteralPath $made -Value $recipe
    }
    $script:pwsh = Join-Path $copy 'pwsh'
    $env:PATH = $copy + [IO.Path]::PathSeparator + $env:PATH
}

function Get-TrxCounts {
    param([string] $TrxPath)
    [xml] $trx = Get-Content -LiteralPath $TrxPath -Raw
    $counters = $trx.TestRun.ResultSummary.Counters
    # By XPath: under strict mode a result without an error message, or a run without results, has no such property.
    $failures = @(foreach ($result in $trx.SelectNodes("//*[local-name()='UnitTestResult'][@outcome!='Passed' and @outcome!='NotExecuted']")) {
            $message = $result.SelectSingleNode(".//*[local-name()='ErrorInfo']/*[local-name()='Message']")
            "$($result.GetAttribute('testName')): $(if ($message) { ($message.InnerText -split "`n")[0] })"
        })
    [pscustomobject]@{
        Passed      = [int] $counters.passed
        Failed      = [int] $counters.failed + [int] $counters.error + [int] $counters.timeout + [int] $counters.aborted
        Skipped     = [int] $counters.notExecuted
        FailedTests = $failures
    }
}

function Select-Dealt {
    # The items a lane gets when they are dealt out one by one between two lanes: lane 1 the first, third, ... item.
    param([string[]] $Items, [int] $Lane)
    for ($i = $Lane - 1; $i -lt $Items.Count; $i += 2) { $Items[$i] }
}

function Start-TestLane {
    # Starts one lane of the tests in the background; Wait-TestLanes shows its output when it ends and counts its
    # results (xunit .trx files, Pester summaries). The lanes run side by side and share the machine's cores.
    param([Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [string[]] $ResultFiles,
        [Parameter(Mandatory)] [scriptblock] $Script, [object[]] $ArgumentList)
    [pscustomobject]@{
        Name        = $Name
        ResultFiles = $ResultFiles
        Ended       = $null
        # Thread jobs beyond the throttle limit (5 by default) wait for one to end: every lane starts at once.
        Job         = Start-ThreadJob -Name $Name -ScriptBlock $Script -ArgumentList $ArgumentList -ThrottleLimit 16
    }
}

function Wait-TestLanes {
    # Shows each lane's output as it ends, then returns the counts of every result file the lanes were to write.
    param([Parameter(Mandatory)] [object[]] $Lanes)
    $running = [Collections.Generic.List[object]]::new($Lanes)
    while ($running.Count -gt 0) {
        $ended = Wait-Job -Job $running.Job -Any
        $lane = $running | Where-Object { $_.Job -eq $ended }
        $null = $running.Remove($lane)
        $lane.Ended = $clock.Elapsed.ToString('m\:ss')
        Write-Host "`n===== $($lane.Name): ended after $($lane.Ended) ====="
        Receive-Job -Job $ended -ErrorAction Continue 2>&1 | ForEach-Object { Write-Host "$_" }
        Remove-Job -Job $ended
    }
    foreach ($lane in $Lanes) {
        foreach ($file in $lane.ResultFiles) {
            if (-not (Test-Path -LiteralPath $file)) { throw "The tests produced no results in $file." }
            $counts = if ($file -like '*.trx') { Get-TrxCounts $file } else { Get-Content -LiteralPath $file -Raw | ConvertFrom-Json }
            $counts | Add-Member -PassThru -NotePropertyMembers ([ordered]@{
                    Name = [IO.Path]::GetFileNameWithoutExtension($file); LaneEnded = $lane.Ended })
        }
    }
}

function Invoke-Tests {
    $results = Join-Path $out 'test-results'
    Remove-Item $results -Recurse -Force -ErrorAction Ignore
    $null = New-Item -ItemType Directory -Path $results
    $env:DISKLESSRANCHER_MODULE = $moduleDir
    $env:DISKLESSRANCHER_FIXTURES = Join-Path $out 'fixtures'
    # The tests start many short .NET processes: profile-guided recompiling costs them more processor time than it
    # saves (about a seventh of the xunit Core tests' time).
    $env:DOTNET_TieredPGO = '0'
    Invoke-Native dotnet @('restore', (Join-Path $root 'tests/tools/tools.csproj'), '-nologo', '-v:q')
    # The test projects and the Cattle test server, built once here: the xunit lane and the Rancher Pester tests only run them.
    Invoke-Native dotnet @('build', (Join-Path $root 'DisklessRancher.sln'), '--configuration', $Configuration, '-nologo', '-v:q')
    $env:DISKLESSRANCHER_CATTLE_SERVER = Join-Path $root "tests/CattleTestServer/bin/$Configuration/net10.0/CattleTestServer.dll"
    # Asked once: the test processes read it instead of asking dotnet (NuGet's own variable, so it says the same).
    $env:NUGET_PACKAGES = Get-NuGetPackageFolder
    Write-Host "Built in $($clock.Elapsed.ToString('m\:ss')); the tests run in lanes side by side, each shown when it ends."

    # The boots lanes are the longest, and each QEMU emulates against a time limit: the other lanes run at a lower
    # priority (nice 10) and take what the boots leave of the processors.
    $yield = if ($IsLinux) { @('nice', '-n', '10') } else { @() }
    # The Windows lane runs one Wine process after another and would end last at that priority: it yields less.
    $yieldLess = if ($IsLinux) { @('nice', '-n', '5') } else { @() }
    $runCommand = {
        $command, $arguments = $args
        & $command @arguments 2>&1
    }
    # The tests' temporary files (Pester's TestDrive, the xunit tests' folders) go to a tmpfs of their own, where
    # root may mount one: the images, trees and extractions they write and delete cost a disk's file system about
    # twice the processor time (journal, flushes). (Not /dev/shm: xorriso takes a path under /dev for a drive.) Not
    # for the Windows lane, which builds its host: the .NET build servers are found through sockets in the temporary folder.
    $inMemory = @()
    $scratch = Join-Path ([IO.Path]::GetTempPath()) "disklessrancher-tests-$PID"
    if ($IsLinux -and (id -u) -eq 0) {
        $null = New-Item -ItemType Directory -Path $scratch
        # Others may read and enter it, as they may /tmp: dnsmasq and nginx serve trees from it as other users.
        & mount -t tmpfs -o 'size=16g,mode=755' tmpfs $scratch
        if ($LASTEXITCODE -eq 0) { $inMemory = @('env', "TMPDIR=$scratch") } else { Remove-Item -LiteralPath $scratch }
    }
    try {
        # xunit: one project after the other; -ExcludeTag X leaves out [Trait("Category", "X")].
        $projects = @(Get-ChildItem (Join-Path $root 'tests') -Filter *.Tests.csproj -Recurse)
        $xunitFilter = @($ExcludeTag | Where-Object { $_ } | ForEach-Object { "Category!=$_" }) -join '&'
        $lanes = @(
            Start-TestLane -Name 'xunit' -ResultFiles ($projects | ForEach-Object { Join-Path $results "$($_.BaseName).trx" }) -ArgumentList @(
                $projects.FullName, $Configuration, $results, $xunitFilter, $yield, $inMemory) -Script {
                param([string[]] $Projects, [string] $Configuration, [string] $Results, [string] $Filter, [string[]] $Yield, [string[]] $InMemory)
                foreach ($project in $Projects) {
                    $line = @($Yield) + @($InMemory) + @('dotnet', 'test', $project, '--no-build', '--configuration', $Configuration, '--nologo',
                        '--results-directory', $Results, '--logger', "trx;LogFileName=$([IO.Path]::GetFileNameWithoutExtension($project)).trx",
                        '--logger', 'console;verbosity=normal')
                    if ($Filter) { $line += @('--filter', $Filter) }
                    & $line[0] @($line | Select-Object -Skip 1) 2>&1
                }
            }
        )
        # The pwsh lanes run the precompiled copy of PowerShell (crossgen2 for Linux x64), made while the xunit lane runs.
        if ($IsLinux -and [Runtime.InteropServices.RuntimeInformation]::OSArchitecture -eq 'X64') { Initialize-PrecompiledPowerShell }
        $lanes += @(
            # Pester, in two pairs of lanes, the test files dealt out between the two lanes of a pair (the same files to
            # both pairs), so that neither lane of a pair runs alone for long at the end: everything but the QEMU boots
            # (tag Boot); and the boots, at the normal priority, where one lane's boots fill the boot slots while the other
            # makes the images and trees its next boots need, or waits for a boot's guest.
            $testFiles = @(Get-ChildItem (Join-Path $root 'tests/pester') -Filter *.Tests.ps1 | Sort-Object Name | ForEach-Object FullName)
            $pesterLanes = @(
                foreach ($lane in 1, 2) {
                    $files = @(Select-Dealt $testFiles $lane)
                    if ($files.Count -eq 0) { continue }
                    @{ Name = "Pester $lane"; Priority = $yield; Files = $files
                        Filter = @('-ExcludeTag', ((@('Boot') + $ExcludeTag | Where-Object { $_ }) -join ',')) }
                    if ($ExcludeTag -notcontains 'Boot') { @{ Name = "Pester boots $lane"; Priority = @(); Files = $files; Filter = @('-Tag', 'Boot') } }
                }
            )
            foreach ($lane in $pesterLanes) {
                $summary = Join-Path $results "$($lane.Name -replace ' ', '-').json"
                Start-TestLane -Name $lane.Name -ResultFiles $summary -Script $runCommand -ArgumentList (@($lane.Priority) + @($inMemory) + @($pwsh, '-NoProfile', '-NonInteractive',
                        '-File', (Join-Path $root 'tests/Invoke-PesterTests.ps1'), '-ModulePath', $moduleDir, '-SummaryPath', $summary,
                        '-TestPath', ($lane.Files -join [IO.Path]::PathSeparator)) + $lane.Filter)
            }
            # Windows: tests run as Windows under Wine.
            if ($IsLinux -and $ExcludeTag -notcontains 'Windows') {
                $summary = Join-Path $results 'windows.json'
                Start-TestLane -Name 'Windows (wine)' -ResultFiles $summary -Script $runCommand -ArgumentList (@($yieldLess) + @($pwsh, '-NoProfile',
                        '-NonInteractive', '-File', (Join-Path $root 'tests/windows/Invoke-WineLane.ps1'), '-ModulePath', $moduleDir, '-OutFolder', $out,
                        '-PesterPath', (& (Join-Path $root 'tests/Get-PesterPath.ps1')), '-SummaryPath', $summary))
            }
        )

        $totals = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0 }
        $failures = [Collections.Generic.List[string]]::new()
        Write-Host ''
        foreach ($counts in Wait-TestLanes $lanes) {
            Write-Host "$($counts.Name): $($counts.Passed) passed, $($counts.Failed) failed, $($counts.Skipped) skipped (lane ended at $($counts.LaneEnded))"
            foreach ($key in @($totals.Keys)) { $totals[$key] += $counts.$key }
            foreach ($failure in @($counts.FailedTests | Where-Object { $_ })) { $failures.Add("$($counts.Name): $failure") }
        }
    }
    finally {
        # Lazily: a test that failed may have left a file system of its own mounted inside.
        if ($inMemory) { & umount --lazy $scratch; Remove-Item -LiteralPath $scratch }
    }
    # Repeated last, where a log's tail shows them.
    if ($failures.Count -gt 0) {
        Write-Host 'Failed:'
        foreach ($failure in $failures) { Write-Host "  $failure" }
    }
    Write-Host "Total: $($totals.Passed) passed, $($totals.Failed) failed, $($totals.Skipped) skipped, in $($clock.Elapsed.ToString('m\:ss')) (build included)"
    if ($totals.Failed -gt 0 -or $totals.Passed -eq 0) { exit 1 }
}

function New-ModulePackage {
    $repository = Join-Path $out 'repository'
    Remove-Item $repository -Recurse -Force -ErrorAction Ignore
    $null = New-Item -ItemType Directory -Path $repository
    # Compress-PSResource needs no registered repository, so nothing is written to the per-user repository list
    # (which resolves to the current folder when the per-user data folder is unknown).
    Compress-PSResource -Path $moduleDir -DestinationPath $repository
    Get-ChildItem $repository -Filter *.nupkg | ForEach-Object { Write-Host "Package: $($_.FullName)" }
}

try {
    switch ($Task) {
        'Build' { if (-not $BaseIso) { Install-DebianPackages $mainJobPackages } }
        'Test' { Install-DebianPackages ($mainJobPackages + $testPackages) }
    }
    # The command runs several builds (the module twice; for the tests also the test projects and the Windows host):
    # the compiler server and MSBuild's nodes, kept from one build to the next, spare each build starting them anew and
    # compiling their code again (about a quarter of the builds' processor time in a fresh clone). Shut down at the end.
    $env:UseSharedCompilation = 'true'
    Remove-Item Env:MSBUILDDISABLENODEREUSE -ErrorAction Ignore
    Build-Module
    switch ($Task) {
        'Build' { Invoke-MainJob }
        'Test' { Invoke-Tests }
        'Package' { New-ModulePackage }
    }
}
finally {
    & dotnet build-server shutdown *> $null
    Restore-Environment $environmentBefore
}
