<#
.SYNOPSIS
    The Windows lane of the test run: the module's tests as Windows, in PowerShell 7.6.9 (win-x64) under Wine 8.0.
.DESCRIPTION
    Publishes tests/WindowsHost self-contained for win-x64 into out/windows-host/<hash of the project> and makes a
    Wine prefix in out/wine-prefix, both once; then runs in the prefix Windows.Tests.ps1 and the Pester files listed
    below (less their tests tagged LinuxOnly), and traces the advapi32 calls that keep a file to its owner.
    Prints "windows (wine): N passed, N failed" and writes the counts as JSON to SummaryPath.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $OutFolder,
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $SummaryPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
. (Join-Path $PSScriptRoot '../pester/CattleServer.ps1')

$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
# Wine needs absolute paths, for its prefix and for the Z: drive.
$OutFolder = (Resolve-Path $OutFolder).Path
$ModulePath = (Resolve-Path $ModulePath).Path
$wine = '/usr/lib/wine/wine64'
$wineserver = '/usr/lib/wine/wineserver'
$pesterFiles = 'RancherAgentState.Tests.ps1', 'New-RancherCloudConfig.Tests.ps1', 'HostIdentity.Tests.ps1', 'Module.Tests.ps1', 'Views.Tests.ps1', 'PathGuards.Tests.ps1'
# The advapi32 functions the owner-only path calls; Wine's relay trace logs each call and its return value.
# (GetTokenInformation is left out: the module asks it for the size first, which fails by design, and the runtime
# calls it too.)
$tracedCalls = 'OpenProcessToken', 'ConvertSidToStringSidW', 'ConvertStringSecurityDescriptorToSecurityDescriptorW',
    'GetSecurityDescriptorDacl', 'SetNamedSecurityInfoW'
$timeoutSec = 900

function ConvertTo-WinePath {
    param([string] $Path)
    'Z:' + ($Path -replace '/', '\')
}

function Get-WindowsHost {
    # The publish is kept in a folder named after the hash of the host project's files.
    $project = Join-Path $root 'tests/WindowsHost'
    $sha = [Security.Cryptography.SHA256]::Create()
    $bytes = foreach ($name in 'WindowsHost.csproj', 'Program.cs') { [IO.File]::ReadAllBytes((Join-Path $project $name)) }
    $key = [Convert]::ToHexString($sha.ComputeHash([byte[]] $bytes)).Substring(0, 16).ToLowerInvariant()
    $cache = Join-Path $OutFolder 'windows-host'
    $folder = Join-Path $cache $key
    $exe = Join-Path $folder 'pwsh.exe'
    if (Test-Path -LiteralPath $exe) { return $exe }

    Remove-Item -LiteralPath $cache -Recurse -Force -ErrorAction Ignore
    Write-Host "Publishing the win-x64 PowerShell host into $folder"
    $staging = "$folder.partial"
    & dotnet publish (Join-Path $project 'WindowsHost.csproj') -r win-x64 --self-contained -c Release -o $staging -nologo -v:q | Out-Host
    if ($LASTEXITCODE -ne 0) { throw 'Publishing tests/WindowsHost for win-x64 failed.' }
    # PowerShell's own modules (Microsoft.PowerShell.Utility, ...) are found in Modules beside the program.
    Copy-Item -LiteralPath (Join-Path $staging 'runtimes/win/lib/net10.0/Modules') -Destination (Join-Path $staging 'Modules') -Recurse
    Move-Item -LiteralPath $staging -Destination $folder
    $exe
}

function Initialize-WinePrefix {
    $prefix = Join-Path $OutFolder 'wine-prefix'
    $env:WINEPREFIX = $prefix
    $ready = Join-Path $prefix 'disklessrancher-ready'
    $relayInclude = ($tracedCalls | ForEach-Object { "advapi32.$_" }) -join ';'
    $settings = "ShowDotFiles=Y RelayInclude=$relayInclude"
    if ((Get-Content -LiteralPath $ready -ErrorAction Ignore) -eq $settings) { return $prefix }

    Remove-Item -LiteralPath $prefix -Recurse -Force -ErrorAction Ignore
    Write-Host "Making the Wine prefix $prefix"
    # Nothing here needs Wine's Mono or Gecko: no attempt to install them.
    $env:WINEDLLOVERRIDES = 'mscoree,mshtml='
    try { & $wine wineboot --init 2>&1 | Out-Null } finally { Remove-Item env:WINEDLLOVERRIDES }
    # Wine marks files whose names start with a dot Hidden, through renames too: images written through
    # .name.tmp would be Hidden, and Get-ChildItem *.iso would not see them.
    & $wine reg add 'HKCU\Software\Wine' /v ShowDotFiles /d Y /f 2>&1 | Out-Null
    if ($LASTEXITCODE -ne 0) { throw 'Could not set ShowDotFiles in the Wine prefix.' }
    & $wine reg add 'HKCU\Software\Wine\Debug' /v RelayInclude /d $relayInclude /f 2>&1 | Out-Null
    if ($LASTEXITCODE -ne 0) { throw 'Could not set RelayInclude in the Wine prefix.' }
    & $wineserver -w
    Set-Content -LiteralPath $ready -Value $settings
    $prefix
}

function Start-WineSession {
    # One wineserver for the whole lane (it ends a minute after its last process, should the lane stop early), whose
    # services (among them the mount manager behind the Z: drive) wineboot starts once. Otherwise each run starts a
    # session and runs wineboot itself, and when that wineboot dies at its start (Wine: "failed to map the shared user
    # data", seen under load) the run goes on without its drives.
    & $wineserver -p60
    foreach ($attempt in 1..3) {
        # Not through a pipe: the services wineboot starts hold its output open until they end, and pwsh would wait
        # for them (a minute) before going on.
        & bash -c '"$0" wineboot </dev/null >/dev/null 2>&1' $wine
        if ($LASTEXITCODE -eq 0) { return }
        Write-Host "wineboot failed with exit code $LASTEXITCODE; starting it again."
    }
    throw 'Wine could not start the services of its prefix: wineboot failed three times.'
}

function Invoke-AsWindows {
    # Runs a script in the win-x64 PowerShell under Wine; its output goes to the host, Wine's own noise dropped.
    param([string] $Exe, [string] $Script, [string[]] $Arguments, [string] $TracePath)
    $command = @('--kill-after=10', $timeoutSec, $wine, $Exe, (ConvertTo-WinePath $Script)) + $Arguments
    if ($TracePath) {
        $env:WINEDEBUG = '+relay'
        try { & timeout @command 2>$TracePath | Write-Host } finally { $env:WINEDEBUG = '-all' }
    }
    else {
        & timeout @command 2>&1 | ForEach-Object { "$_" } | Where-Object { $_ -notmatch '^wine: Read access denied for device' } | Write-Host
    }
    $LASTEXITCODE
}

function Test-OwnerOnlyTrace {
    # Checks the relay trace of the probe: every call succeeded, every descriptor asked for is the owner-only one.
    param([string] $TracePath)
    $calls = @(Select-String -LiteralPath $TracePath -Pattern '^(\w+):Call advapi32\.(\w+)\((.*)\) ret=' | ForEach-Object {
            [pscustomobject]@{ Thread = $_.Matches[0].Groups[1].Value; Name = $_.Matches[0].Groups[2].Value; Arguments = $_.Matches[0].Groups[3].Value; Result = $null }
        })
    foreach ($line in Select-String -LiteralPath $TracePath -Pattern '^(\w+):Ret  advapi32\.(\w+)\(\) retval=([0-9a-f]+)') {
        $thread, $name, $value = $line.Matches[0].Groups[1].Value, $line.Matches[0].Groups[2].Value, $line.Matches[0].Groups[3].Value
        $call = $calls | Where-Object { $_.Thread -eq $thread -and $_.Name -eq $name -and $null -eq $_.Result } | Select-Object -Last 1
        if ($call) { $call.Result = [Convert]::ToInt64($value, 16) }
    }
    # The .NET runtime opens the token too, for other access; the module asks for TOKEN_QUERY (8) only.
    $ours = @($calls | Where-Object { $_.Name -ne 'OpenProcessToken' -or $_.Arguments -match '^\w+,00000008,' })
    $failed = @($ours | Where-Object { $_.Result -ne $(if ($_.Name -eq 'SetNamedSecurityInfoW') { 0 } else { 1 }) })
    $descriptors = @($ours | Where-Object Name -EQ 'ConvertStringSecurityDescriptorToSecurityDescriptorW' |
            ForEach-Object { if ($_.Arguments -match 'L"([^"]*)"') { $Matches[1] } })

    Write-Host "  traced: $($ours.Count) advapi32 calls of the owner-only path, $($descriptors.Count) security descriptors asked for"
    $checks = [ordered]@{}
    $checks['every owner-only advapi32 call returned success'] = $ours.Count -gt 0 -and $failed.Count -eq 0
    if ($failed.Count -gt 0) { $failed | ForEach-Object { Write-Host "  failed: $($_.Name)($($_.Arguments)) = $($_.Result)" } }

    # As the unit test does (OwnerOnlyAccessTests), Samba parses each descriptor: a protected DACL and nothing else,
    # full control (0x1f01ff) for the user, SYSTEM and Administrators, inherited by files and folders (3) on a folder.
    $parser = @'
import sys, json
from samba.dcerpc import security
for sddl in json.load(sys.stdin):
    sd = security.descriptor.from_sddl(sddl, security.dom_sid('S-1-5-21-1-2-3'))
    aces = [[a.type, a.flags, a.access_mask, str(a.trustee)] for a in sd.dacl.aces]
    user = aces[0][3] if aces else ''
    flags = aces[0][1] if aces else -1
    ok = (sd.type & 0x1004 == 0x1004 and sd.owner_sid is None and sd.group_sid is None and sd.sacl is None
          and user.startswith('S-1-5-21-') and flags in (0, 3)
          and aces == [[0, flags, 0x1f01ff, user], [0, flags, 0x1f01ff, 'S-1-5-18'], [0, flags, 0x1f01ff, 'S-1-5-32-544']])
    print(json.dumps({'sddl': sddl, 'ok': ok, 'folder': flags == 3}))
'@
    $parsed = @(ConvertTo-Json -InputObject $descriptors | & /usr/bin/python3 -c $parser | ConvertFrom-Json)
    $parsed | Where-Object { -not $_.ok } | ForEach-Object { Write-Host "  not owner-only: $($_.sddl)" }
    $checks['every descriptor requested is the owner-only one (one folder, three files at least)'] =
        $parsed.Count -eq $descriptors.Count -and @($parsed | Where-Object ok).Count -eq $parsed.Count -and
        @($parsed | Where-Object folder).Count -ge 1 -and @($parsed | Where-Object { -not $_.folder }).Count -ge 3
    $checks
}

$started = [Diagnostics.Stopwatch]::StartNew()
$env:WINEDEBUG = '-all'
# .NET 10 under Wine 8.0 dies in a finalizer ("Internal CLR error (0x80131506)") with W^X on.
$env:DOTNET_EnableWriteXorExecute = '0'
# The Linux PowerShell's module path means nothing to the Windows one.
Remove-Item env:PSModulePath -ErrorAction Ignore
$exe = Get-WindowsHost
$prefix = Initialize-WinePrefix
Start-WineSession

$work = Join-Path $OutFolder 'windows-lane'
Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction Ignore
$null = New-Item -ItemType Directory -Path $work
$base = Join-Path $work 'rancheros.iso'
& bash (Join-Path $root 'tests/fixtures/new-rancheros-iso.sh') $base 1 | Out-Host
if ($LASTEXITCODE -ne 0) { throw "The fixture script failed for $base." }
$env:DISKLESSRANCHER_BASE_ISO = ConvertTo-WinePath $base
# Every run starts from an empty identity store at its default place, and without the last run's test folder.
Get-ChildItem (Join-Path $prefix 'drive_c/users') -Directory | ForEach-Object {
    Remove-Item -LiteralPath (Join-Path $_.FullName 'AppData/Local/DisklessRancher') -Recurse -Force -ErrorAction Ignore
}
Remove-Item -LiteralPath (Join-Path $prefix 'drive_c/DisklessRancher tests') -Recurse -Force -ErrorAction Ignore

$server = Start-CattleServer
try {
    $env:DISKLESSRANCHER_CATTLE_URL = $server.Url
    $summary = Join-Path $work 'pester.json'
    $tests = @(Join-Path $PSScriptRoot 'Windows.Tests.ps1') + @($pesterFiles | ForEach-Object { Join-Path $root "tests/pester/$_" })
    $null = Invoke-AsWindows $exe (Join-Path $PSScriptRoot 'Invoke-WindowsPester.ps1') @('-PesterPath', (ConvertTo-WinePath $PesterPath),
        '-ModulePath', (ConvertTo-WinePath $ModulePath), '-SummaryPath', (ConvertTo-WinePath $summary), '-TestPath', (($tests | ForEach-Object { ConvertTo-WinePath $_ }) -join ','))
}
finally {
    Stop-CattleServer $server
}
$passed, $failed, $failures = 0, 1, @('The Pester run under Wine wrote no summary.')
if (Test-Path -LiteralPath $summary) {
    $pester = Get-Content -LiteralPath $summary -Raw | ConvertFrom-Json
    $passed, $failed, $failures = $pester.Passed, $pester.Failed, @($pester.FailedTests)
}
else {
    Write-Host $failures[0]
}

Write-Host "`nThe owner-only access path, as Windows (advapi32 calls traced by Wine):"
$trace = Join-Path $work 'advapi32-relay.log'
$probeFolder = Join-Path $prefix 'drive_c/owner-only-probe'
$exit = Invoke-AsWindows $exe (Join-Path $PSScriptRoot 'Export-OwnerOnlyProbe.ps1') @('-ModulePath', (ConvertTo-WinePath $ModulePath), '-Folder', 'C:\owner-only-probe') $trace
$checks = [ordered]@{ 'Export-RancherAgentState wrote its folder and files without an error' = $exit -eq 0 -and @(Get-ChildItem -LiteralPath $probeFolder -Force -File -ErrorAction Ignore).Count -eq 3 }
foreach ($check in (Test-OwnerOnlyTrace $trace).GetEnumerator()) { $checks[$check.Key] = $check.Value }
foreach ($check in $checks.GetEnumerator()) {
    Write-Host "  [$(if ($check.Value) { '+' } else { '-' })] $($check.Key)"
    if ($check.Value) { $passed++ } else { $failed++; $failures += $check.Key }
}
$mode = if (Test-Path -LiteralPath "$probeFolder/.registration_token") { (& stat -c '%a' "$probeFolder/.registration_token") } else { 'missing' }
Write-Host "  Wine does not store access lists: it maps a DACL onto Unix mode bits (.registration_token is $mode on the Linux side) and reads back one made up from them, so whether Windows keeps the owner-only DACL is not shown here."

& $wineserver -k
Write-Host ('The Windows lane took {0:N0} s.' -f $started.Elapsed.TotalSeconds)
Write-Host "windows (wine): $passed passed, $failed failed"
[pscustomobject]@{ Passed = $passed; Failed = $failed; Skipped = 0; FailedTests = $failures } | ConvertTo-Json | Set-Content -LiteralPath $SummaryPath
