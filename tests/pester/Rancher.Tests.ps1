BeforeAll {
    . "$PSScriptRoot/Common.ps1"
    . "$PSScriptRoot/CattleServer.ps1"
    $script:server = Start-CattleServer -MaxPageSize 2
    $script:account = New-CattleCredential
    $script:envKey = New-CattleCredential $CattleKeys.EnvAccess $CattleKeys.EnvSecret
    $script:connection = @{ Url = $server.Url; Credential = $account; AllowUnencryptedAuthentication = $true }
    foreach ($name in 'RANCHER_URL', 'RANCHER_ACCESS_KEY', 'RANCHER_SECRET_KEY') { Remove-Item "env:$name" -ErrorAction Ignore }

    function Invoke-Captured {
        # Runs a script in a fresh runspace with the module, and returns its output and every stream.
        param([Parameter(Mandatory)] [string] $Script, [hashtable] $Parameters = @{}, [int] $StopAfterMs)
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$env:DISKLESSRANCHER_MODULE'; `$VerbosePreference = 'Continue'; `$DebugPreference = 'Continue'; `$ProgressPreference = 'Continue'").AddStatement()
            $null = $ps.AddScript($Script)
            foreach ($key in $Parameters.Keys) { $null = $ps.AddParameter($key, $Parameters[$key]) }
            $failure = $null
            $watch = [Diagnostics.Stopwatch]::StartNew()
            if ($StopAfterMs) {
                $async = $ps.BeginInvoke()
                Start-Sleep -Milliseconds $StopAfterMs
                $ps.Stop()
                try { $output = $ps.EndInvoke($async) } catch { $failure = $_ }
            }
            else {
                try { $output = $ps.Invoke() } catch { $failure = $_ }
            }
            [pscustomobject]@{
                Output = @($output); Failure = $failure; Elapsed = $watch.Elapsed; State = $ps.InvocationStateInfo.State
                Error = @($ps.Streams.Error); Verbose = @($ps.Streams.Verbose); Debug = @($ps.Streams.Debug)
                Progress = @($ps.Streams.Progress); Warning = @($ps.Streams.Warning); Information = @($ps.Streams.Information)
            }
        }
        finally { $ps.Dispose() }
    }

    function Get-AllText {
        # Everything a user could see from a captured run: each stream's records, errors in full, formatted output.
        param($Run)
        $parts = foreach ($stream in 'Error', 'Verbose', 'Debug', 'Progress', 'Warning', 'Information') {
            foreach ($record in $Run.$stream) {
                $record | Out-String -Width 500
                if ($record -is [System.Management.Automation.ErrorRecord]) { "$($record.Exception)"; "$($record.ErrorDetails)"; "$($record.TargetObject)" }
                if ($record -is [System.Management.Automation.ProgressRecord]) { $record.Activity; $record.StatusDescription }
            }
        }
        ($parts + ($Run.Output | Out-String -Width 500) + ($Run.Output | Format-List | Out-String -Width 500) + "$($Run.Failure)") -join "`n"
    }
}

AfterAll {
    Stop-CattleServer $script:server
    Stop-CattleServer $script:https
}

Describe 'Invoke-RancherRegistration' {
    It 'creates a registration token once, polls it until active, and reuses it' {
        $first = Invoke-RancherRegistration @connection -Environment Default
        $first | Should -BeOfType ([DisklessRancher.Core.Rancher.RancherRegistration])
        $first.ServerUrl | Should -Be $server.Url
        $first.EnvironmentId | Should -Be '1a5'
        $first.EnvironmentName | Should -Be 'Default'
        $first.RegistrationUrl | Should -Match '^http://127\.0\.0\.1:\d+/v1/scripts/[0-9A-F]{20}:\d{13}:[A-Za-z0-9]{27}$'
        $first.Image | Should -Be 'rancher/agent:v1.2.11'
        $first.Command | Should -BeLike "sudo docker run * rancher/agent:v1.2.11 $($first.RegistrationUrl)"
        $second = Invoke-RancherRegistration @connection -Environment 1a5
        $second.TokenId | Should -Be $first.TokenId
    }

    It 'creates nothing under -WhatIf' {
        $result = Invoke-RancherRegistration @connection -Environment Staging -WhatIf
        $result | Should -BeNullOrEmpty
        $tokens = Invoke-RestMethod -Uri "$($server.Url)/v2-beta/projects/1a7/registrationtokens" -Credential $account -Authentication Basic -AllowUnencryptedAuthentication
        $tokens.data | Should -BeNullOrEmpty
    }

    It 'binds RegistrationUrl and Image by property name' {
        function Test-Binding {
            param([Parameter(ValueFromPipelineByPropertyName)] [string] $RegistrationUrl,
                [Parameter(ValueFromPipelineByPropertyName)] [Alias('Image')] [string] $AgentImage)
            process { [pscustomobject]@{ Url = $RegistrationUrl; Image = $AgentImage } }
        }
        $registration = Invoke-RancherRegistration @connection -Environment Default
        $bound = $registration | Test-Binding
        $bound.Url | Should -Be $registration.RegistrationUrl
        $bound.Image | Should -Be 'rancher/agent:v1.2.11'
    }

    It 'feeds New-RancherCloudConfig by property name' {
        $registration = Invoke-RancherRegistration @connection -Environment Default
        $config = $registration | New-RancherCloudConfig -Hostname h1
        $config.RegistrationUrl | Should -Be $registration.RegistrationUrl
        $config.AgentImage | Should -Be $registration.Image
        $userData = [Text.Encoding]::UTF8.GetString($config.GetUserData())
        $userData | Should -BeLike "*command: $($registration.RegistrationUrl)*"
        $userData | Should -BeLike "*image: $($registration.Image)*"
    }

    It 'shows the registration URL redacted' {
        $registration = Invoke-RancherRegistration @connection -Environment Default
        $signature = ($registration.RegistrationUrl -split ':')[-1]
        $shown = ($registration | Out-String) + ($registration | Format-Table | Out-String -Width 300) + ($registration | Format-List | Out-String)
        $shown | Should -Match ([regex]::Escape("$($server.Url)/v1/scripts/***"))
        $shown | Should -Not -Match $signature
        "$registration" | Should -Be "$($server.Url)/v1/scripts/***"
    }

    It 'takes the server and keys from RANCHER_URL, RANCHER_ACCESS_KEY and RANCHER_SECRET_KEY' {
        try {
            $env:RANCHER_URL = $server.Url
            $env:RANCHER_ACCESS_KEY = $CattleKeys.EnvAccess
            $env:RANCHER_SECRET_KEY = $CattleKeys.EnvSecret
            (Invoke-RancherRegistration -AllowUnencryptedAuthentication).EnvironmentId | Should -Be '1a5'
        }
        finally {
            foreach ($name in 'RANCHER_URL', 'RANCHER_ACCESS_KEY', 'RANCHER_SECRET_KEY') { Remove-Item "env:$name" -ErrorAction Ignore }
        }
    }

    It 'refuses credentials over plain http without -AllowUnencryptedAuthentication' {
        $err = { Invoke-RancherRegistration -Url $server.Url -Credential $account -Environment Default } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'RancherUnencryptedAuthentication,DisklessRancher.Commands.InvokeRancherRegistrationCommand'
        $err.CategoryInfo.Category | Should -Be 'SecurityError'
        "$err" | Should -Match '-AllowUnencryptedAuthentication'
    }

    It 'asks which environment when an account key sees several' {
        $err = { Invoke-RancherRegistration @connection } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'RancherEnvironmentAmbiguous,DisklessRancher.Commands.InvokeRancherRegistrationCommand'
        "$err" | Should -Match 'Default \(1a5\).*Staging \(1a7\)'
    }

    It 'reports a missing server' {
        $err = { Invoke-RancherRegistration } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'RancherConnectionMissing,DisklessRancher.Commands.InvokeRancherRegistrationCommand'
    }
}

Describe 'Connect-RancherServer and Disconnect-RancherServer' {
    It 'keeps the connection for later cmdlets, completes environments, and forgets it' {
        $run = Invoke-Captured -Parameters @{ Url = $server.Url; Credential = $account } -Script {
            param($Url, $Credential)
            $environments = Connect-RancherServer -Url $Url -Credential $Credential -AllowUnencryptedAuthentication -PassThru
            $completion = TabExpansion2 -inputScript 'Get-RancherHost -Environment St' -cursorColumn 'Get-RancherHost -Environment St'.Length
            $registration = Invoke-RancherRegistration -Environment Default
            Disconnect-RancherServer
            $after = try { Invoke-RancherRegistration -Environment Default } catch { $_.FullyQualifiedErrorId }
            [pscustomobject]@{ Environments = $environments; Completion = $completion.CompletionMatches.CompletionText; Registration = $registration; After = $after }
        }.ToString()
        $run.Failure | Should -BeNullOrEmpty
        $result = $run.Output[0]
        $result.Environments.Id | Should -Be @('1a5', '1a7')
        $result.Completion | Should -Be @('Staging')
        $result.Registration.EnvironmentId | Should -Be '1a5'
        $result.After | Should -Be 'RancherConnectionMissing,DisklessRancher.Commands.InvokeRancherRegistrationCommand'
    }

    It 'uses the environment of an environment key without naming it' {
        $run = Invoke-Captured -Parameters @{ Url = $server.Url; Credential = $envKey } -Script {
            param($Url, $Credential)
            Connect-RancherServer -Url $Url -Credential $Credential -AllowUnencryptedAuthentication
            (Invoke-RancherRegistration).EnvironmentName
        }.ToString()
        $run.Output | Should -Be @('Default')
    }

    It 'fails to connect with a wrong secret key' {
        $wrong = New-CattleCredential $CattleKeys.AccountAccess 'not-the-secret'
        $err = { Connect-RancherServer -Url $server.Url -Credential $wrong -AllowUnencryptedAuthentication } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'RancherAuthenticationFailed,DisklessRancher.Commands.ConnectRancherServerCommand'
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        "$err" | Should -Match 'Unauthorized'
    }
}

Describe 'Get-RancherHost' {
    BeforeAll {
        $script:ids = @{}
        foreach ($name in 'web1', 'web2', 'db1') {
            $ids[$name] = Add-CattleHost $server $name -AgentIpAddress "10.1.0.$($ids.Count + 1)" -Labels @{ role = $(if ($name -like 'web*') { 'web' } else { 'db' }); site = 'a' }
        }
        $ids['web1-again'] = Add-CattleHost $server 'web1' -AgentState disconnected -Labels @{ role = 'web' }
        $null = Add-CattleHost $server 'gone' -State removed
    }

    It 'lists every host across pages, without removed ones' {
        $hosts = Get-RancherHost @connection -Environment Default -Hostname 'web*', 'db*'
        $hosts.Hostname | Sort-Object | Should -Be @('db1', 'web1', 'web1', 'web2')
        $hosts[0] | Should -BeOfType ([DisklessRancher.Core.Rancher.RancherHost])
        (Get-RancherHost @connection -Environment Default).Hostname | Should -Not -Contain 'gone'
    }

    It 'filters by exact hostname, labels and duplicates' {
        $db = Get-RancherHost @connection -Environment Default -Hostname db1
        $db.Id | Should -Be $ids.db1
        $db.AgentIpAddress | Should -Be '10.1.0.3'
        $db.Labels['role'] | Should -Be 'db'
        $db.State | Should -Be 'active'
        $db.PhysicalHostId | Should -Match '^1ph'
        $db.Created | Should -Not -BeNullOrEmpty
        (Get-RancherHost @connection -Environment Default -Hostname '*1' -Label role=web, site).Id | Should -Be @($ids.web1)
        (Get-RancherHost @connection -Environment Default -Duplicate).Id | Should -Be @($ids.web1, $ids['web1-again'])
    }

    It 'shows Hostname, State and AgentIpAddress in its table' {
        $table = Get-RancherHost @connection -Environment Default -Hostname web1 | Out-String
        $table | Should -Match 'Hostname\s+State\s+AgentIpAddress'
        $table | Should -Match 'web1\s+disconnected'
    }

    It 'writes one error per hostname it cannot find and goes on' {
        $found = Get-RancherHost @connection -Environment Default -Hostname db1, nosuch -ErrorVariable errors -ErrorAction SilentlyContinue
        $found.Hostname | Should -Be 'db1'
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'RancherNotFound,DisklessRancher.Commands.GetRancherHostCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errors[0].TargetObject | Should -Be 'nosuch'
    }

    It 'asks Cattle for no hostname filter, only for pages of 1000, and selects the names itself' {
        $before = (Get-CattleRequests $server).Count
        (Get-RancherHost @connection -Environment Default -Hostname DB1).Id | Should -Be $ids.db1
        $requests = @(Get-CattleRequests $server | Select-Object -Skip $before)
        $requests | Should -Not -Match 'hostname='
        $requests | Where-Object { $_ -like 'GET /v2-beta/projects/1a5/hosts*' } | Select-Object -First 1 |
            Should -BeLike 'GET /v2-beta/projects/1a5/hosts?limit=1000 *'
    }

    It 'finds one host among 1000 in one request for the hosts' {
        $large = Start-CattleServer
        try {
            $null = Add-CattleHosts $large 'node' 1000
            $found = Get-RancherHost -Url $large.Url -Credential $account -AllowUnencryptedAuthentication -Environment Default -Hostname node0999
            $found.Hostname | Should -Be 'node0999'
            $waited = Wait-RancherHost -Url $large.Url -Credential $account -AllowUnencryptedAuthentication -Environment Default -Hostname node0001
            $waited.Hostname | Should -Be 'node0001'
            # Each cmdlet: the environments, then one page of every host.
            @(Get-CattleRequests $large) | Should -Be @(
                "GET /v2-beta/projects?limit=1000 auth=$($CattleKeys.AccountAccess)", "GET /v2-beta/projects/1a5/hosts?limit=1000 auth=$($CattleKeys.AccountAccess)"
                "GET /v2-beta/projects?limit=1000 auth=$($CattleKeys.AccountAccess)", "GET /v2-beta/projects/1a5/hosts?limit=1000 auth=$($CattleKeys.AccountAccess)")
        }
        finally { Stop-CattleServer $large }
    }

    It 'rejects a label without a key' {
        $err = { Get-RancherHost @connection -Environment Default -Label '=x' } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'RancherInvalidLabel,DisklessRancher.Commands.GetRancherHostCommand'
    }
}

Describe 'Wait-RancherHost' {
    It 'waits until a registering host is active, with progress' {
        $null = Add-CattleHost $server 'booting1' -ActiveAfterReads 1
        $run = Invoke-Captured -Parameters @{ Url = $server.Url; Credential = $account } -Script {
            param($Url, $Credential)
            Wait-RancherHost -Hostname booting1 -Url $Url -Credential $Credential -AllowUnencryptedAuthentication -Environment Default -TimeoutSec 30
        }.ToString()
        $run.Failure | Should -BeNullOrEmpty
        $run.Output.Hostname | Should -Be 'booting1'
        $run.Output.State | Should -Be 'active'
        $states = $run.Progress | Where-Object RecordType -EQ Processing | ForEach-Object { ($_.StatusDescription -split ' ')[0] }
        $states | Should -Be @('registering', 'active')
        $run.Progress[-1].RecordType | Should -Be 'Completed'
    }

    It 'errors at its timeout with the last state seen' {
        $null = Add-CattleHost $server 'stuck1' -AgentState reconnecting
        $result = Wait-RancherHost @connection -Environment Default -Hostname stuck1, nowhere1 -TimeoutSec 1 -ErrorVariable errors -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $errors.Count | Should -Be 2
        $errors[0].FullyQualifiedErrorId | Should -Be 'RancherTimeout,DisklessRancher.Commands.WaitRancherHostCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        "$($errors[0])" | Should -Match 'last state seen: reconnecting'
        "$($errors[1])" | Should -Match 'last state seen: not registered'
        $errors[1].TargetObject | Should -Be 'nowhere1'
    }

    It 'stops promptly on Ctrl+C' {
        $null = Add-CattleHost $server 'never1' -ActiveAfterMs 3600000
        $run = Invoke-Captured -StopAfterMs 1500 -Parameters @{ Url = $server.Url; Credential = $account } -Script {
            param($Url, $Credential)
            Wait-RancherHost -Hostname never1 -Url $Url -Credential $Credential -AllowUnencryptedAuthentication -Environment Default -TimeoutSec 600
        }.ToString()
        $run.State | Should -Be 'Stopped'
        $run.Elapsed.TotalSeconds | Should -BeLessThan 15
    }
}

Describe 'Remove-RancherHost' {
    It 'deactivates, waits until inactive and deletes piped duplicates' {
        $old = Add-CattleHost $server 'dup1'
        $new = Add-CattleHost $server 'dup1'
        $removed = Get-RancherHost @connection -Environment Default -Hostname dup1 -Duplicate | Select-Object -First 1 |
            Remove-RancherHost @connection -Force -PassThru
        $removed.Id | Should -Be $old
        $removed.State | Should -BeIn 'removing', 'removed'
        Start-Sleep -Milliseconds 500
        Get-CattleHostState $server $old | Should -Be 'removed'
        Get-CattleHostState $server $new | Should -Be 'active'
    }

    It 'changes nothing under -WhatIf, even with -Force' {
        $id = Add-CattleHost $server 'keep1'
        Remove-RancherHost @connection -Environment Default -Id $id -WhatIf -Force
        Get-CattleHostState $server $id | Should -Be 'active'
    }

    It 'asks for confirmation (ConfirmImpact High)' {
        $attribute = (Get-Command Remove-RancherHost).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        $attribute.ConfirmImpact | Should -Be 'High'
        $attribute.SupportsShouldProcess | Should -BeTrue
    }

    It 'leaves a host whose agent is gone alone without -Force, and deletes it while deactivating with -Force' {
        $ghost = Add-CattleHost $server 'ghost1' -AgentState disconnected
        Remove-RancherHost @connection -Environment Default -Id $ghost -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'RancherHostStuck,DisklessRancher.Commands.RemoveRancherHostCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        "$($errors[0])" | Should -Match 'agent is disconnected.*use -Force'
        Get-CattleHostState $server $ghost | Should -Be 'active'

        $watch = [Diagnostics.Stopwatch]::StartNew()
        $removed = Get-RancherHost @connection -Environment Default -Hostname ghost1 | Remove-RancherHost @connection -Force -PassThru
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 10
        $removed.State | Should -BeIn 'removing', 'removed'
        $writes = @(Get-CattleRequests $server | Where-Object { $_ -match "^(POST|DELETE) .*/hosts/$ghost" })
        $writes | Should -Be @("POST /v2-beta/projects/1a5/hosts/$ghost/?action=deactivate auth=$($CattleKeys.AccountAccess)",
            "DELETE /v2-beta/projects/1a5/hosts/$ghost auth=$($CattleKeys.AccountAccess)")
    }

    It 'reports a deletion Rancher refuses with the host and its state' {
        $machine = Add-CattleHost $server 'machine1' -State inactive -NotRemovable
        Remove-RancherHost @connection -Environment Default -Id $machine -Force -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'RancherRemovalRefused,DisklessRancher.Commands.RemoveRancherHostCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        "$($errors[0])" | Should -BeLike "Rancher refused to remove host machine1 ($machine) in state inactive*405 Method Not Allowed*"
        "$($errors[0])" | Should -Not -Match 'URL\?'
        Get-CattleHostState $server $machine | Should -Be 'inactive'
    }

    It 'removes under -NonInteractive with -Force or -Confirm:$false, and never prompts without them' {
        $hosts = 'ni1', 'ni2', 'ni3' | ForEach-Object { Add-CattleHost $server $_ }
        $script = "Import-Module '$env:DISKLESSRANCHER_MODULE'; `$ErrorActionPreference = 'Stop'
            `$common = @{ Url = '$($server.Url)'; AllowUnencryptedAuthentication = `$true; Environment = 'Default'
                Credential = [pscredential]::new('$($CattleKeys.AccountAccess)', (ConvertTo-SecureString '$($CattleKeys.AccountSecret)' -AsPlainText -Force)) }
            Remove-RancherHost @common -Id $($hosts[0]) -Force
            Remove-RancherHost @common -Id $($hosts[1]) -Confirm:`$false
            try { Remove-RancherHost @common -Id $($hosts[2]); 'not asked' } catch { 'refused to prompt: ' + `$_.Exception.Message }"
        $output = & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -Command $script 2>&1
        $LASTEXITCODE | Should -Be 0 -Because "$output"
        "$output" | Should -Match 'refused to prompt: .*NonInteractive'
        Get-CattleHostState $server $hosts[0] | Should -BeIn 'removing', 'removed'
        Get-CattleHostState $server $hosts[1] | Should -BeIn 'removing', 'removed'
        Get-CattleHostState $server $hosts[2] | Should -Be 'active'
    }

    It 'writes a not-found error per unknown id and goes on' {
        $id = Add-CattleHost $server 'bye1'
        Remove-RancherHost @connection -Environment Default -Id 1h999999, $id -Force -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'RancherNotFound,DisklessRancher.Commands.RemoveRancherHostCommand'
        $errors[0].TargetObject | Should -Be '1h999999'
        Get-CattleHostState $server $id | Should -BeIn 'removing', 'removed'
    }
}

Describe 'Faults' {
    It 'maps 403 to PermissionDenied' {
        $readOnly = New-CattleCredential $CattleKeys.ReadOnlyAccess $CattleKeys.ReadOnlySecret
        $id = Add-CattleHost $server 'ro1'
        Remove-RancherHost -Url $server.Url -Credential $readOnly -AllowUnencryptedAuthentication -Id $id -Force -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -Be 'RancherPermissionDenied,DisklessRancher.Commands.RemoveRancherHostCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
    }

    It 'maps 422 to InvalidArgument naming the field' {
        Add-CattleFault $server -Path '/registrationtokens' -Method POST -Status 422 -Body '{"type":"error","status":422,"code":"InvalidOption","message":"Invalid option","fieldName":"accountId"}'
        $err = { Invoke-RancherRegistration @connection -Environment Staging } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'RancherInvalidArgument,DisklessRancher.Commands.InvokeRancherRegistrationCommand'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$err" | Should -Match "field 'accountId'"
    }

    It 'maps an answer that is not the API''s JSON to ProtocolError' {
        Add-CattleFault $server -Path '/v2-beta/projects' -Status 200 -Body '<html>login</html>' -ContentType 'text/html'
        $err = { Get-RancherHost @connection -Environment Default } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'RancherProtocolError,DisklessRancher.Commands.GetRancherHostCommand'
        $err.CategoryInfo.Category | Should -Be 'ProtocolError'
    }

    It 'survives 100,000 nested arrays as a ProtocolError' {
        Add-CattleFault $server -Path '/v2-beta/projects' -Status 200 -Body (('[' * 100000) + (']' * 100000))
        $err = { Get-RancherHost @connection -Environment Default } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'RancherProtocolError,DisklessRancher.Commands.GetRancherHostCommand'
        "$err" | Should -Match 'nested deeper than 64 levels'
    }

    It 'retries 502/503 up to -MaximumRetryCount' {
        Add-CattleFault $server -Path '/v2-beta/projects' -Status 502 -Body 'Bad Gateway' -ContentType 'text/plain'
        Add-CattleFault $server -Path '/v2-beta/projects' -Status 503 -RetryAfter 0
        (Get-RancherHost @connection -Environment Default -Hostname db1 -MaximumRetryCount 2 -RetryIntervalSec 0).Hostname | Should -Be 'db1'
        Add-CattleFault $server -Path '/v2-beta/projects' -Status 503 -Count 2
        $err = { Get-RancherHost @connection -Environment Default -MaximumRetryCount 1 -RetryIntervalSec 0 } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'RancherUnavailable,DisklessRancher.Commands.GetRancherHostCommand'
    }

    It 'honours -TimeoutSec on a slow server' {
        Add-CattleFault $server -Path '/v2-beta/projects' -DelayMs 20000
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $err = { Get-RancherHost @connection -Environment Default -TimeoutSec 1 } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'RancherTimeout,DisklessRancher.Commands.GetRancherHostCommand'
        $err.CategoryInfo.Category | Should -Be 'OperationTimeout'
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 10
    }

    It 'maps a refused connection to ConnectionError after retrying' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $err = { Get-RancherHost -Url "http://127.0.0.1:$port" -Credential $account -AllowUnencryptedAuthentication -RetryIntervalSec 0 } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'RancherConnectionFailed,DisklessRancher.Commands.GetRancherHostCommand'
        $err.CategoryInfo.Category | Should -Be 'ConnectionError'
    }

    It 'maps an untrusted certificate to SecurityError mentioning -SkipCertificateCheck, and skips the check when told' {
        $script:https = Start-CattleServer -Https
        $err = { Get-RancherHost -Url $https.Url -Credential $account -Environment Default } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'RancherTlsFailure,DisklessRancher.Commands.GetRancherHostCommand'
        $err.CategoryInfo.Category | Should -Be 'SecurityError'
        "$err" | Should -Match '-SkipCertificateCheck'
        Get-RancherHost -Url $https.Url -Credential $account -Environment Default -SkipCertificateCheck | Should -BeNullOrEmpty
    }
}

Describe 'Secrets' {
    It 'reaches no stream: not the secret key, not the registration URL''s signature' {
        $registration = Invoke-RancherRegistration @connection -Environment Default
        $signature = ($registration.RegistrationUrl -split ':')[-1]
        $signed = ($registration.RegistrationUrl -split '/scripts/')[-1]
        Add-CattleFault $server -Path '/registrationtokens' -Status 500 -Body (
            '{"type":"error","status":500,"code":"ServerError","message":"cannot use ' + $registration.RegistrationUrl + ' with ' + $CattleKeys.AccountSecret + '","detail":"' + $signed + '"}')
        $null = Add-CattleHost $server 'secret1' -ActiveAfterMs 300
        $null = Add-CattleHost $server 'secret2' -AgentState disconnected
        $null = Add-CattleHost $server 'secret3' -State inactive -NotRemovable
        $run = Invoke-Captured -Parameters @{ Url = $server.Url; Credential = $account } -Script {
            param($Url, $Credential)
            Connect-RancherServer -Url $Url -Credential $Credential -AllowUnencryptedAuthentication -Environment Default -Verbose -Debug
            try { Invoke-RancherRegistration -Verbose -Debug } catch { Write-Error -ErrorRecord $_ }
            Invoke-RancherRegistration -Verbose -Debug
            Wait-RancherHost -Hostname secret1 -TimeoutSec 30 -Verbose -Debug
            Get-RancherHost -Hostname secret1 -Verbose -Debug | Remove-RancherHost -Force -Verbose -Debug
            Get-RancherHost -Hostname secret2 | Remove-RancherHost -Confirm:$false -Verbose -Debug
            Get-RancherHost -Hostname secret2, secret3 | Remove-RancherHost -Force -Verbose -Debug
            Get-RancherHost -Url $Url -Credential ([pscredential]::new('A1B2C3D4E5F6A7B8C9D0', (ConvertTo-SecureString 'wrong' -AsPlainText -Force))) -AllowUnencryptedAuthentication
        }.ToString()
        $run.Verbose.Count | Should -BeGreaterThan 5
        $run.Debug.Count | Should -BeGreaterThan 5
        $run.Error.Count + [int][bool]$run.Failure | Should -BeGreaterOrEqual 4
        $run.Error.FullyQualifiedErrorId | Should -Contain 'RancherHostStuck,DisklessRancher.Commands.RemoveRancherHostCommand'
        $run.Error.FullyQualifiedErrorId | Should -Contain 'RancherRemovalRefused,DisklessRancher.Commands.RemoveRancherHostCommand'
        $text = Get-AllText $run
        $text | Should -Match ([regex]::Escape('/v1/scripts/***'))
        $text | Should -Not -Match ([regex]::Escape($CattleKeys.AccountSecret))
        $text | Should -Not -Match $signature
        $text.Contains($signed) | Should -BeFalse
    }
}
