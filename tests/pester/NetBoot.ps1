# Dot-sourced by the network boot test files (after Common.ps1): the test's own nginx, and QEMU machines that boot
# from it, several at a time.

function Start-TestNginx {
    # Serves -Root on a free port of 127.0.0.1 with the test's own nginx (never the system's service), logging in
    # nginx's combined format. QEMU's guests reach it at 10.0.2.2.
    param([Parameter(Mandatory)] [string] $Root, [Parameter(Mandatory)] [string] $Folder)
    $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $listener.Start()
    $port = $listener.LocalEndpoint.Port
    $listener.Stop()
    $null = New-Item -ItemType Directory -Path $Folder -Force
    $config = Join-Path $Folder 'nginx.conf'
    $accessLog = Join-Path $Folder 'access.log'
    # The tree's user_data files are kept to the account that published them: the workers read as that account.
    Set-Content -LiteralPath $config -Value @"
worker_processes 1;
$(if ((id -u) -eq '0') { 'user root;' })
pid $Folder/nginx.pid;
error_log $Folder/error.log;
events { worker_connections 64; }
http {
    access_log $accessLog combined;
    client_body_temp_path $Folder/body;
    server {
        listen 127.0.0.1:$port;
        root $Root;
    }
}
"@
    & nginx -p $Folder -c $config -e (Join-Path $Folder 'error.log')
    if ($LASTEXITCODE -ne 0) { throw 'nginx did not start.' }
    [pscustomobject]@{ Port = $port; BaseUrl = "http://10.0.2.2:$port"; AccessLog = $accessLog; Folder = $Folder; Config = $config }
}

function Stop-TestNginx {
    param($Server)
    if ($Server -and (Test-Path -LiteralPath (Join-Path $Server.Folder 'nginx.pid'))) {
        & nginx -p $Server.Folder -c $Server.Config -s stop
    }
}

function Start-NetBoot {
    # Starts a machine that boots from the network (boot-net.sh) and returns at once; Receive-NetBoot waits for it.
    param([Parameter(Mandatory)] [string] $BootFile, [Parameter(Mandatory)] [string] $Mac, [int] $TimeoutSec = 900,
        [switch] $Uefi, [string] $Smbios, [string] $FirstNic)
    $arguments = [Collections.Generic.List[string]]::new()
    $arguments.Add((Join-Path $PSScriptRoot '../fixtures/boot/boot-net.sh'))
    if ($Uefi) { $arguments.Add('--uefi') }
    if ($Smbios) { $arguments.AddRange([string[]]@('--smbios', $Smbios)) }
    if ($FirstNic) { $arguments.AddRange([string[]]@('--first-nic', $FirstNic)) }
    $arguments.AddRange([string[]]@($BootFile, $Mac, "$TimeoutSec"))
    $start = [Diagnostics.ProcessStartInfo]::new('bash', $arguments)
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($start)
    [pscustomobject]@{ Process = $process; Output = $process.StandardOutput.ReadToEndAsync(); Errors = $process.StandardError.ReadToEndAsync() }
}

function Receive-NetBoot {
    # Waits for a machine Start-NetBoot started and returns what the guest reported on its console.
    param([Parameter(Mandatory, ValueFromPipeline)] $Boot)
    process {
        $Boot.Process.WaitForExit()
        $console = @(($Boot.Output.Result + $Boot.Errors.Result) -split "`r?`n")
        $report = [ordered]@{ Console = ($console -join "`n"); State = @{} }
        foreach ($line in $console) {
            switch -Regex ($line) {
                '^DR-CMDLINE: (.*)$' { $report.CommandLine = $Matches[1].Trim() }
                '^DR-USER-DATA-SHA256: (.*)$' { $report.UserDataSha256 = $Matches[1].Trim() }
                '^DR-HOSTNAME: (.*)$' { $report.Hostname = $Matches[1].Trim() }
                '^DR-STATE (\S+): (.*)$' { $report.State[$Matches[1]] = $Matches[2].Trim() }
                '^DR-DONE' { $report.Done = $true }
            }
        }
        [pscustomobject]$report
    }
}
