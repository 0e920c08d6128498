BeforeAll {
    . "$PSScriptRoot/Common.ps1"

    function ConvertFrom-YamlWithPython {
        # python3-yaml (YAML 1.1, like RancherOS's parser) reads the text; JSON carries the types back.
        param([Parameter(Mandatory)] [string] $Yaml)
        $json = $Yaml | & /usr/bin/python3 -c 'import sys, json, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read())))'
        if ($LASTEXITCODE -ne 0) { throw 'python3-yaml could not parse the cloud-config.' }
        $json | ConvertFrom-Json -AsHashtable
    }

    $script:url = 'http://rancher.example:8080/v1/scripts/9D2BE0FF442EB1B3B533:1514678400000:aaBBcc'
}

Describe 'New-RancherCloudConfig with rows from Import-Csv' {
    BeforeAll {
        $csv = Join-Path $TestDrive 'hosts.csv'
        @(
            'Hostname,Address,Gateway,Dns,DnsSearch,Mtu,Dhcp,HostLabel,RegistrationUrl'
            "static-01,10.0.0.21/24,10.0.0.1,1.1.1.1;8.8.8.8,lab.example,1500,false,role=worker;zone=a,$url"
            'dhcp-02,,,,,,true,,'
            'dhcp-03,,,"1.1.1.1,8.8.4.4",,,1,,'
            'static-04,10.0.0.24/24,,,,9000,0,,'
            'bad-mtu-05,,,,,20,,,'
            'bad_name-06,,,,,,,,'
            'bad-dhcp-07,,,,,,maybe,,'
            'bad-address-08,10.0.0.8,,,,,,,'
            'bad-mtu-text-09,,,,,abc,,,'
            'bad-label-10,,,,,,,role,'
            'last-11,,,,,,yes,,'
        ) | Set-Content -LiteralPath $csv
        $script:rows = Import-Csv -LiteralPath $csv
        $script:configs = @($rows | New-RancherCloudConfig -ErrorVariable rowErrors -ErrorAction SilentlyContinue)
        $script:rowErrors = $rowErrors
    }

    It 'makes one cloud-config per good row, in order, past the bad rows' {
        $configs.Hostname | Should -Be @('static-01', 'dhcp-02', 'dhcp-03', 'static-04', 'last-11')
    }

    It 'gives one error per bad row with its stable id' {
        $ids = $rowErrors | ForEach-Object { $_.FullyQualifiedErrorId -replace ',.*$' }
        $ids | Should -Be @('InvalidMtu', 'InvalidHostname', 'ParameterArgumentTransformationError', 'InvalidAddress',
            'ParameterArgumentTransformationError', 'ParameterArgumentTransformationError')
        $rowErrors[0].Exception.Message | Should -BeLike "*Mtu '20'*68 to 65535*"
        $rowErrors[0].TargetObject | Should -Be 'bad-mtu-05'
        $rowErrors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $rowErrors[1].Exception.Message | Should -BeLike "*Hostname 'bad_name-06'*'_'*"
        $rowErrors[2].Exception.Message | Should -BeLike "*'Dhcp'*'maybe' is not a boolean*"
        $rowErrors[3].Exception.Message | Should -BeLike "*Address '10.0.0.8'*CIDR*"
        $rowErrors[4].Exception.Message | Should -BeLike "*'Mtu'*'abc' is not a whole number*"
        $rowErrors[5].Exception.Message | Should -BeLike "*'HostLabel'*'role' is not of the form key=value*"
    }

    It 'binds CSV text as the right types: Mtu "1500", Dhcp "false"/"true"/"1"/"0", lists and labels' {
        $static = $configs[0]
        $static.Mtu | Should -Be 1500
        $static.Dhcp | Should -BeFalse
        $static.Dns | Should -Be @('1.1.1.1', '8.8.8.8')
        $static.DnsSearch | Should -Be @('lab.example')
        $static.HostLabels['role'] | Should -Be 'worker'
        $static.HostLabels['zone'] | Should -Be 'a'
        $configs[1].Dhcp | Should -BeTrue
        $configs[2].Dhcp | Should -BeTrue
        $configs[2].Dns | Should -Be @('1.1.1.1', '8.8.4.4')
        $configs[3].Dhcp | Should -BeFalse
        $configs[4].Dhcp | Should -BeTrue
    }

    It 'treats empty cells as not given' -Tag LinuxOnly {
        $dhcp = $configs[1]
        $dhcp.Address | Should -BeNullOrEmpty
        $dhcp.Mtu | Should -BeNullOrEmpty
        $dhcp.Dns.Count | Should -Be 0
        $dhcp.RegistrationUrl | Should -BeNullOrEmpty
        $dhcp.Interface | Should -Be 'eth0'
        $doc = ConvertFrom-YamlWithPython $dhcp.Yaml
        $doc.Keys | Sort-Object | Should -Be @('hostname', 'rancher')
        $doc.rancher.network.interfaces.eth0.Keys | Should -Be @('dhcp')
    }

    It 'writes YAML that python3-yaml reads with the types RancherOS expects' -Tag LinuxOnly {
        $doc = ConvertFrom-YamlWithPython $configs[0].Yaml
        $eth0 = $doc.rancher.network.interfaces.eth0
        $eth0.address | Should -Be '10.0.0.21/24'
        $eth0.gateway | Should -Be '10.0.0.1'
        $eth0.dhcp | Should -BeOfType [bool]
        $eth0.dhcp | Should -BeFalse
        $eth0.mtu | Should -BeOfType [long]
        $eth0.mtu | Should -Be 1500
        $doc.rancher.network.dns.nameservers | Should -Be @('1.1.1.1', '8.8.8.8')
        $agent = $doc.rancher.services['rancher-agent1']
        $agent.command | Should -Be $url
        $agent.image | Should -Be 'rancher/agent'
        $agent.environment | Should -Be @('CATTLE_HOST_LABELS=role=worker&zone=a')
        $agent.privileged | Should -BeTrue
        $agent.volumes | Should -Be @('/var/run/docker.sock:/var/run/docker.sock', '/var/lib/rancher:/var/lib/rancher')
        $agent.restart | Should -Be 'on-failure'
        $configs[0].Yaml | Should -BeLike "#cloud-config`nhostname: static-01`n*"
        $configs[0].ToString() | Should -Be $configs[0].Yaml
    }

    It 'binds a state folder named in an AgentState column' -Tag LinuxOnly {
        $folder = Join-Path $TestDrive 'state-h1'
        $state = New-RancherAgentState
        $state | Export-RancherAgentState -Path $folder
        $row = [pscustomobject]@{ Hostname = 'h1'; AgentState = $folder; StateDelivery = 'WriteFiles' }
        $config = $row | New-RancherCloudConfig
        $config.AgentState.DockerUuid | Should -Be $state.DockerUuid
        $files = (ConvertFrom-YamlWithPython $config.Yaml).write_files
        $files.path | Should -Be @('/var/lib/rancher/state/.docker_uuid', '/var/lib/rancher/state/.physical_host_uuid', '/var/lib/rancher/state/.registration_token')
        $files[2].content | Should -Be ($state.RegistrationToken + "`n")
        $files.permissions | Should -Be @('0600', '0600', '0600')
    }
}

Describe 'New-RancherCloudConfig error ids' {
    It 'reports <Id> for <Field> = <Value>' -TestCases @(
        @{ Field = 'Hostname'; Value = 'node:01'; Id = 'InvalidHostname' }
        @{ Field = 'Address'; Value = '10.0.0.5/33'; Id = 'InvalidAddress' }
        @{ Field = 'Gateway'; Value = '10.9.9.1'; Id = 'InvalidGateway' }
        @{ Field = 'Dns'; Value = 'dns.example'; Id = 'InvalidDns' }
        @{ Field = 'DnsSearch'; Value = 'bad_domain.example'; Id = 'InvalidDnsSearch' }
        @{ Field = 'Mtu'; Value = '65536'; Id = 'InvalidMtu' }
        @{ Field = 'Interface'; Value = 'eth0: {}'; Id = 'InvalidInterface' }
        @{ Field = 'RegistrationUrl'; Value = 'ftp://rancher/v1/scripts/SECRET'; Id = 'InvalidRegistrationUrl' }
        @{ Field = 'AgentImage'; Value = 'rancher/agent:v1 --privileged'; Id = 'InvalidAgentImage' }
        @{ Field = 'HostLabel'; Value = '=worker'; Id = 'ParameterArgumentTransformationError' }
        @{ Field = 'RunCommand'; Value = "echo $([char]0xD800)"; Id = 'InvalidRunCommand' }
        @{ Field = 'SshAuthorizedKey'; Value = "$([char]0xDC00)key"; Id = 'InvalidSshAuthorizedKey' }
    ) {
        $row = [ordered]@{ Hostname = 'node01'; Address = '10.0.0.5/24'; RegistrationUrl = $url }
        $row[$Field] = $Value
        [pscustomobject]$row | New-RancherCloudConfig -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be "$Id,DisklessRancher.Commands.NewRancherCloudConfigCommand"
        $err[0].Exception.Message | Should -Not -BeLike '*SECRET*'
    }

    It 'reports InvalidDhcp for DHCP off without an address, and InvalidHostLabel for labels without an agent' {
        [pscustomobject]@{ Hostname = 'n1'; Dhcp = 'no' } | New-RancherCloudConfig -ErrorVariable e1 -ErrorAction SilentlyContinue
        $e1[0].FullyQualifiedErrorId | Should -BeLike 'InvalidDhcp,*'
        [pscustomobject]@{ Hostname = 'n1'; HostLabel = 'role=worker' } | New-RancherCloudConfig -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHostLabel,*'
    }
}

Describe 'New-RancherCloudConfig parameters' {
    It 'takes a hashtable of labels and URL-encodes them' -Tag LinuxOnly {
        $config = New-RancherCloudConfig -Hostname h1 -RegistrationUrl $url -HostLabel ([ordered]@{ 'role' = 'worker'; 'note' = 'a b&c' })
        (ConvertFrom-YamlWithPython $config.Yaml).rancher.services['rancher-agent1'].environment |
            Should -Be @('CATTLE_HOST_LABELS=role=worker&note=a%20b%26c')
    }

    It 'accepts the aliases Nameserver, Search and Image' {
        $config = New-RancherCloudConfig -Hostname h1 -Nameserver 9.9.9.9 -Search a.example -RegistrationUrl $url -Image rancher/agent:v1.2.11
        $config.Dns | Should -Be @('9.9.9.9')
        $config.DnsSearch | Should -Be @('a.example')
        $config.AgentImage | Should -Be 'rancher/agent:v1.2.11'
    }

    It 'completes -StateDelivery with ConfigDrive and WriteFiles' {
        $line = 'New-RancherCloudConfig -StateDelivery '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('ConfigDrive', 'WriteFiles')
        $line = 'New-RancherCloudConfig -StateDelivery w'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('WriteFiles')
    }

    It 'copies the state from the config drive before the user''s commands' -Tag LinuxOnly {
        $config = New-RancherCloudConfig -Hostname h1 -AgentState (New-RancherAgentState) -RunCommand 'echo one', 'echo two'
        $runcmd = (ConvertFrom-YamlWithPython $config.Yaml).runcmd
        $runcmd.Count | Should -Be 6
        $runcmd[2] | Should -Be 'cp /media/config-2/state/.docker_uuid /media/config-2/state/.physical_host_uuid /media/config-2/state/.registration_token /var/lib/rancher/state/'
        $runcmd[4..5] | Should -Be @('echo one', 'echo two')
    }
}

Describe 'New-RancherCloudConfig -Path' {
    It 'writes user_data as UTF-8 without BOM, LF only, and outputs nothing without -PassThru' {
        $path = Join-Path $TestDrive 'a/user_data'
        $null = New-Item -ItemType Directory -Path (Split-Path $path)
        $output = New-RancherCloudConfig -Hostname h1 -Address 10.0.0.5/24 -Path $path
        $output | Should -BeNullOrEmpty
        $bytes = [System.IO.File]::ReadAllBytes($path)
        $bytes[0..2] | Should -Not -Be @(0xEF, 0xBB, 0xBF)
        $bytes | Should -Not -Contain 13
        [System.Text.Encoding]::UTF8.GetString($bytes) | Should -BeLike "#cloud-config`n*"
        $bytes | Should -Be (New-RancherCloudConfig -Hostname h1 -Address 10.0.0.5/24).GetUserData()
    }

    It 'resolves a relative -Path against the current location and outputs the object with -PassThru' {
        Push-Location $TestDrive
        try {
            $config = New-RancherCloudConfig -Hostname h2 -Path ./relative_user_data -PassThru
            $config.Hostname | Should -Be 'h2'
            Test-Path -LiteralPath (Join-Path $TestDrive 'relative_user_data') | Should -BeTrue
        }
        finally { Pop-Location }
    }

    It 'writes nothing under -WhatIf' {
        $path = Join-Path $TestDrive 'whatif_user_data'
        New-RancherCloudConfig -Hostname h1 -Path $path -WhatIf
        Test-Path -LiteralPath $path | Should -BeFalse
    }

    It 'refuses to overwrite without -Force and overwrites with it' {
        $path = Join-Path $TestDrive 'existing_user_data'
        Set-Content -LiteralPath $path -Value 'old'
        New-RancherCloudConfig -Hostname h1 -Path $path -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OutputExists,*'
        Get-Content -LiteralPath $path | Should -Be 'old'
        New-RancherCloudConfig -Hostname h1 -Path $path -Force
        Get-Content -LiteralPath $path -Raw | Should -BeLike "#cloud-config`nhostname: h1`n*"
    }

    It 'keeps a user_data that holds the token readable by its owner only' -Tag LinuxOnly {
        $path = Join-Path $TestDrive 'secret_user_data'
        New-RancherCloudConfig -Hostname h1 -AgentState (New-RancherAgentState) -StateDelivery WriteFiles -Path $path
        & stat -c '%a' $path | Should -Be '600'
    }

    It 'keeps a user_data that holds the signed registration URL readable by its owner only, and any other as usual' -Tag LinuxOnly {
        $secret = Join-Path $TestDrive 'url_user_data'
        New-RancherCloudConfig -Hostname h1 -RegistrationUrl 'http://rancher:8080/v1/scripts/0123456789ABCDEF:1514678400000:abcdefghij' -Path $secret
        & stat -c '%a' $secret | Should -Be '600'
        $plain = Join-Path $TestDrive 'plain_user_data'
        New-RancherCloudConfig -Hostname h1 -Path $plain
        & stat -c '%a' $plain | Should -Not -Be '600'
    }
}

Describe 'New-RancherCloudConfig refuses what RancherOS would ignore' {
    It 'reports <Id> for <Case>' -TestCases @(
        @{ Case = 'DHCP with a static address'; Id = 'InvalidDhcp'; Like = '*only when DHCP is off*'; Settings = @{ Address = '10.0.0.5/24'; Dhcp = $true } }
        @{ Case = 'DHCP with a gateway'; Id = 'InvalidGateway'; Like = '*needs a static Address*'; Settings = @{ Gateway = '10.0.0.1'; Dhcp = $true } }
        @{ Case = 'an MTU with DHCP'; Id = 'InvalidMtu'; Like = '*only to a static interface*option 26*'; Settings = @{ Mtu = 1400 } }
        @{ Case = 'search domains without a name server'; Id = 'InvalidDnsSearch'; Like = '*no name server*'; Settings = @{ DnsSearch = 'lab.example' } }
    ) {
        New-RancherCloudConfig -Hostname h1 @Settings -ErrorVariable failure -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failure.FullyQualifiedErrorId | Should -Be "$Id,DisklessRancher.Commands.NewRancherCloudConfigCommand"
        $failure[0].Exception.Message | Should -BeLike $Like
    }

    It 'says once per batch that the agent image should be the one the server names' {
        $verbose = @(1..3 | ForEach-Object { [pscustomobject]@{ Hostname = "v$_" } } |
                New-RancherCloudConfig -RegistrationUrl $url -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $verbose | Should -HaveCount 1
        $verbose[0].Message | Should -BeLike '*Invoke-RancherRegistration*'
        @(New-RancherCloudConfig -Hostname v9 -RegistrationUrl $url -AgentImage rancher/agent:v1.2.11 -Verbose 4>&1 |
                Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) | Should -BeNullOrEmpty
    }
}

Describe 'New-RancherCloudConfig -CloudConfigAddition' -Tag LinuxOnly {
    BeforeAll {
        $script:checker = Join-Path $PSScriptRoot '../fixtures/cloud-config/check-cloud-config.py'
        function Test-WithSchema {
            # python3-yaml and python3-jsonschema with RancherOS v1.5.8's schema; returns the errors found.
            param([string] $Yaml)
            $result = @{ documents = @($Yaml) } | ConvertTo-Json -Compress | & /usr/bin/python3 $checker | ConvertFrom-Json
            @($result[0].errors)
        }
    }

    It 'merges a YAML file, YAML text or a hashtable, and the result passes the v1.5.8 schema' {
        $file = Join-Path $TestDrive 'proxy.yaml'
        [IO.File]::WriteAllText($file, "rancher:`n  network:`n    http_proxy: http://proxy.lab:3128`n")
        Push-Location $TestDrive
        try {
            $fromFile = New-RancherCloudConfig -Hostname a1 -Address 10.0.0.5/24 -CloudConfigAddition ./proxy.yaml
        }
        finally {
            Pop-Location
        }
        $fromText = New-RancherCloudConfig -Hostname a2 -CloudConfigAddition "mounts:`n- [nfs.lab:/export, /var/lib/docker, nfs4, rw]`n"
        $fromTable = New-RancherCloudConfig -Hostname a3 -CloudConfigAddition @{ rancher = @{ docker = @{ registry_mirror = 'https://mirror.lab:5000' }; sysctl = @{ 'vm.max_map_count' = 262144 } } }
        foreach ($config in $fromFile, $fromText, $fromTable) {
            Test-WithSchema $config.Yaml | Should -BeNullOrEmpty
        }
        (ConvertFrom-YamlWithPython $fromFile.Yaml).rancher.network.http_proxy | Should -Be 'http://proxy.lab:3128'
        (ConvertFrom-YamlWithPython $fromFile.Yaml).rancher.network.interfaces.eth0.address | Should -Be '10.0.0.5/24'
        (ConvertFrom-YamlWithPython $fromText.Yaml).mounts[0][2] | Should -Be 'nfs4'
        $table = ConvertFrom-YamlWithPython $fromTable.Yaml
        $table.rancher.docker.registry_mirror | Should -Be 'https://mirror.lab:5000'
        $table.rancher.sysctl['vm.max_map_count'] | Should -Be 262144
    }

    It 'binds a CloudConfigAddition column (a file path) and fails a row whose addition changes our keys or breaks the schema' {
        $additions = Join-Path $TestDrive 'additions'
        $null = New-Item -ItemType Directory -Path $additions
        [IO.File]::WriteAllText((Join-Path $additions 'good.yaml'), "runcmd:`n- echo added`nwrite_files:`n- path: /etc/motd`n  content: hello`n")
        [IO.File]::WriteAllText((Join-Path $additions 'hostname.yaml'), "hostname: elsewhere`n")
        [IO.File]::WriteAllText((Join-Path $additions 'typo.yaml'), "rancher:`n  network:`n    http_proxxy: http://p:3128`n")
        [IO.File]::WriteAllText((Join-Path $additions 'type.yaml'), "rancher:`n  network:`n    interfaces:`n      eth1:`n        mtu: '9000'`n")
        $csv = Join-Path $TestDrive 'additions.csv'
        @(
            'Hostname,Dhcp,CloudConfigAddition'
            "c1,true,$(Join-Path $additions 'good.yaml')"
            "c2,true,$(Join-Path $additions 'hostname.yaml')"
            "c3,true,$(Join-Path $additions 'typo.yaml')"
            "c4,true,$(Join-Path $additions 'type.yaml')"
            'c5,true,'
        ) | Set-Content -LiteralPath $csv
        $made = @(Import-Csv $csv | New-RancherCloudConfig -AgentState (New-RancherAgentState) -ErrorVariable failures -ErrorAction SilentlyContinue)
        $made.Hostname | Should -Be @('c1', 'c5')
        $parsed = ConvertFrom-YamlWithPython $made[0].Yaml
        $parsed.runcmd[-1] | Should -Be 'echo added'
        $parsed.runcmd[0] | Should -BeLike 'mkdir -p *'
        $parsed.write_files[0].path | Should -Be '/etc/motd'
        Test-WithSchema $made[0].Yaml | Should -BeNullOrEmpty
        $failures | ForEach-Object FullyQualifiedErrorId | Should -Be @(
            'InvalidCloudConfigAddition,DisklessRancher.Commands.NewRancherCloudConfigCommand'
            'InvalidCloudConfigAddition,DisklessRancher.Commands.NewRancherCloudConfigCommand'
            'InvalidCloudConfigAddition,DisklessRancher.Commands.NewRancherCloudConfigCommand')
        $failures[0].Exception.Message | Should -BeLike "*'hostname'*"
        $failures[1].Exception.Message | Should -BeLike "*'rancher.network.http_proxxy'*no such key*"
        $failures[2].Exception.Message | Should -BeLike "*'rancher.network.interfaces.eth1.mtu'*an integer*"
    }
}
