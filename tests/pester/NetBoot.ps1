# Dot-sourced by the network boot test files (after Common.ps1): the test's own nginx, which QEMU machines started
# with Start-NetBoot (Common.ps1) boot from.

function Start-TestNginx {
    # Serves -Root on a free port of 127.0.0.1 with the test's own nginx (never the system's service), logging in
    # nginx's combined format. QEMU's guests reach it at 10.0.2.2. -Server replaces that server block (-Root is then
    # unused), and -NetworkNamespace runs nginx in that network namespace.
    param([string] $Root, [Parameter(Mandatory)] [string] $Folder, [string] $Server, [string] $NetworkNamespace)
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
$(if ($Server) { $Server } else { "server { listen 127.0.0.1:$port; root $Root; }" })
}
"@
    $arguments = @('-p', $Folder, '-c', $config, '-e', (Join-Path $Folder 'error.log'))
    if ($NetworkNamespace) { & ip netns exec $NetworkNamespace nginx @arguments } else { & nginx @arguments }
    if ($LASTEXITCODE -ne 0) { throw 'nginx did not start.' }
    [pscustomobject]@{ Port = $port; BaseUrl = "http://10.0.2.2:$port"; AccessLog = $accessLog; Folder = $Folder; Config = $config }
}

function Stop-TestNginx {
    param($Server)
    if ($Server -and (Test-Path -LiteralPath (Join-Path $Server.Folder 'nginx.pid'))) {
        & nginx -p $Server.Folder -c $Server.Config -s stop
    }
}
