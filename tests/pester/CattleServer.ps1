# Dot-sourced by the Rancher Pester tests: starts and stops the Cattle test server (tests/CattleTestServer) as a
# separate process on 127.0.0.1, and seeds it through its /_test endpoints.

$script:CattleProject = Join-Path $PSScriptRoot '../CattleTestServer/CattleTestServer.csproj'
$script:CattleBuilt = $false
$script:CattleKeys = @{
    AccountAccess = 'A1B2C3D4E5F6A7B8C9D0'; AccountSecret = 'acctSECRETk3y9VqZrTn5Lw2XyPa7Mb4Hd8Gs6Jf'
    EnvAccess = 'E1E2E3E4E5E6E7E8E9E0'; EnvSecret = 'envSECRETk3y2RtYu8Io0Pa9Sd7Fg5Hj3Kl1Zx'
    ReadOnlyAccess = 'R1R2R3R4R5R6R7R8R9R0'; ReadOnlySecret = 'roSECRETk3y4Qw6Er8Ty0Ui2Op4As6Df8Gh0Jk'
}

function Start-CattleServer {
    # Builds the server if needed (once a test file; the test command builds it before its lanes start and names it
    # in DISKLESSRANCHER_CATTLE_SERVER), starts it, and returns an object with Url and Process.
    param([switch] $Https, [int] $MaxPageSize = 1000)
    $dll = $env:DISKLESSRANCHER_CATTLE_SERVER
    if (-not $dll) {
        if (-not $script:CattleBuilt) {
            $output = & dotnet build $script:CattleProject --configuration Release -nologo -v:q 2>&1
            if ($LASTEXITCODE -ne 0) { throw "Building the Cattle test server failed: $output" }
            $script:CattleBuilt = $true
        }
        $dll = Join-Path (Split-Path $script:CattleProject) 'bin/Release/net10.0/CattleTestServer.dll'
    }
    $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    $info.ArgumentList.Add($dll)
    $info.ArgumentList.Add('--max-page-size')
    $info.ArgumentList.Add("$MaxPageSize")
    if ($Https) { $info.ArgumentList.Add('--https') }
    $info.RedirectStandardInput = $true
    $info.RedirectStandardOutput = $true
    $info.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($info)
    $line = $process.StandardOutput.ReadLineAsync()
    if (-not $line.Wait(30000) -or -not $line.Result) { $process.Kill(); throw 'The Cattle test server did not start.' }
    [pscustomobject]@{ Url = $line.Result.Trim(); Process = $process }
}

function Stop-CattleServer {
    param($Server)
    if (-not $Server) { return }
    $Server.Process.StandardInput.Close()
    if (-not $Server.Process.WaitForExit(5000)) { $Server.Process.Kill() }
    $Server.Process.Dispose()
}

function Add-CattleHost {
    # Registers a host as an agent would; returns its id. -AgentState disconnected: its agent is gone, so deactivating
    # never ends. -NotRemovable: a host Rancher offers no action for and will not delete.
    param([Parameter(Mandatory)] $Server, [Parameter(Mandatory)] [string] $Hostname, [string] $ProjectId = '1a5',
        [string] $State = 'active', [string] $AgentState, [string] $AgentIpAddress, [hashtable] $Labels, [int] $ActiveAfterMs, [int] $ActiveAfterReads,
        [switch] $NotRemovable)
    $body = @{ projectId = $ProjectId; hostname = $Hostname; state = $State; labels = $Labels; removable = -not $NotRemovable }
    foreach ($name in 'AgentState', 'AgentIpAddress', 'ActiveAfterMs', 'ActiveAfterReads') {
        if ($PSBoundParameters.ContainsKey($name)) { $body[$name.Substring(0, 1).ToLowerInvariant() + $name.Substring(1)] = $PSBoundParameters[$name] }
    }
    (Invoke-RestMethod -Method Post -Uri "$($Server.Url)/_test/hosts" -Body ($body | ConvertTo-Json) -ContentType 'application/json' -SkipCertificateCheck).id
}

function Add-CattleFault {
    # The next -Count requests whose path contains -Path get this answer (or -DelayMs of silence first).
    param([Parameter(Mandatory)] $Server, [Parameter(Mandatory)] [string] $Path, [int] $Status, [int] $Count = 1, [string] $Body,
        [string] $ContentType, [string] $RetryAfter, [int] $DelayMs, [string] $Method)
    $fault = @{ path = $Path; status = $Status; count = $Count }
    # Unset [string] parameters are empty strings in PowerShell: send only what was given.
    foreach ($name in 'Body', 'ContentType', 'RetryAfter', 'Method', 'DelayMs') {
        if ($PSBoundParameters.ContainsKey($name)) { $fault[$name.Substring(0, 1).ToLowerInvariant() + $name.Substring(1)] = $PSBoundParameters[$name] }
    }
    $null = Invoke-RestMethod -Method Post -Uri "$($Server.Url)/_test/faults" -Body ($fault | ConvertTo-Json) -ContentType 'application/json' -SkipCertificateCheck
}

function Get-CattleHostState {
    param([Parameter(Mandatory)] $Server, [Parameter(Mandatory)] [string] $Id)
    (Invoke-RestMethod -Uri "$($Server.Url)/_test/hosts/$Id" -SkipCertificateCheck).state
}

function Add-CattleHosts {
    # Registers -Count active hosts named <Prefix>0000, <Prefix>0001, ...; returns their ids.
    param([Parameter(Mandatory)] $Server, [Parameter(Mandatory)] [string] $Prefix, [Parameter(Mandatory)] [int] $Count, [string] $ProjectId = '1a5')
    $body = @{ projectId = $ProjectId; hostname = $Prefix; count = $Count } | ConvertTo-Json
    (Invoke-RestMethod -Method Post -Uri "$($Server.Url)/_test/hosts" -Body $body -ContentType 'application/json' -SkipCertificateCheck).ids
}

function Get-CattleRequests {
    # The API requests the server has seen, oldest first, as "METHOD /path?query auth=ACCESSKEY".
    param([Parameter(Mandatory)] $Server)
    foreach ($request in (Invoke-RestMethod -Uri "$($Server.Url)/_test/requests" -SkipCertificateCheck)) { $request }
}

function New-CattleCredential {
    param([string] $AccessKey = $script:CattleKeys.AccountAccess, [string] $SecretKey = $script:CattleKeys.AccountSecret)
    [pscredential]::new($AccessKey, (ConvertTo-SecureString $SecretKey -AsPlainText -Force))
}
