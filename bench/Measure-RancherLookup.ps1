<#
.SYNOPSIS
    Counts the requests and times Get-RancherHost -Hostname and Wait-RancherHost in an environment of 1000 hosts.
.DESCRIPTION
    Starts the Cattle test server (tests/CattleTestServer) on 127.0.0.1, registers -HostCount hosts in environment
    Default, and looks up -Iterations different hostnames with Get-RancherHost, then waits for as many with
    Wait-RancherHost (hosts already active: one look each). For each lookup it counts the API requests the server
    saw and times the cmdlet call; it prints the requests per lookup and the median, 95th percentile and best times.
    The same runs against a server that serves at most 100 hosts a page show what the page size is worth.
    Cattle has no hostname filter, so every lookup reads the environment's hosts: the goal is one request for them
    (after the one that resolves the environment).
.EXAMPLE
    pwsh ./bench/Measure-RancherLookup.ps1
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/DisklessRancher'),
    [int] $HostCount = 1000,
    [int] $Iterations = 50
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
. (Join-Path $PSScriptRoot '../tests/pester/CattleServer.ps1')
$credential = New-CattleCredential

function Measure-Lookups([object] $Server, [scriptblock] $Lookup) {
    $watch = [System.Diagnostics.Stopwatch]::new()
    $seen = @(Get-CattleRequests $Server).Count
    $samples = for ($i = 0; $i -lt $Iterations; $i++) {
        $name = 'node{0:0000}' -f (($i * 37) % $HostCount)
        $watch.Restart()
        $found = & $Lookup $name
        $watch.Stop()
        if ($found.Hostname -ne $name) { throw "Looked up $name, got '$($found.Hostname)'." }
        $now = @(Get-CattleRequests $Server).Count
        [pscustomobject]@{ Requests = $now - $seen; Ms = $watch.Elapsed.TotalMilliseconds }
        $seen = $now
    }
    $times = $samples.Ms | Sort-Object
    $requests = $samples.Requests | Sort-Object -Unique
    [pscustomobject]@{
        Requests = $requests -join '/'
        Median   = [math]::Round($times[[int] ($times.Count / 2)], 1)
        P95      = [math]::Round($times[[int] [math]::Ceiling($times.Count * 0.95) - 1], 1)
        Best     = [math]::Round($times[0], 1)
    }
}

$results = foreach ($pageSize in 1000, 100) {
    $server = Start-CattleServer -MaxPageSize $pageSize
    try {
        $null = Add-CattleHosts $server 'node' $HostCount
        $connection = @{ Url = $server.Url; Credential = $credential; AllowUnencryptedAuthentication = $true; Environment = 'Default' }
        $cmdlets = [ordered]@{
            'Get-RancherHost -Hostname' = { param($name) Get-RancherHost @connection -Hostname $name }
            'Wait-RancherHost'          = { param($name) Wait-RancherHost @connection -Hostname $name }
        }
        foreach ($cmdlet in $cmdlets.Keys) {
            $null = & $cmdlets[$cmdlet] 'node0000'
            $measured = Measure-Lookups $server $cmdlets[$cmdlet]
            [pscustomobject]@{
                Cmdlet                = $cmdlet
                'Server page size'    = $pageSize
                Hosts                 = $HostCount
                'Requests per lookup' = $measured.Requests
                'Median ms'           = $measured.Median
                'P95 ms'              = $measured.P95
                'Best ms'             = $measured.Best
            }
        }
    }
    finally { Stop-CattleServer $server }
}
$results | Format-Table -AutoSize | Out-String -Width 200 | Out-Host
Write-Host "Each lookup: one request resolves the environment, the rest read the hosts ($Iterations lookups per row)."
