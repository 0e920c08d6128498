BeforeAll {
    . "$PSScriptRoot/Common.ps1"
    . "$PSScriptRoot/IsoTestImages.ps1"
    . "$PSScriptRoot/NetBoot.ps1"

    $script:url = 'http://rancher.lab:8080/v1/scripts/0123456789ABCDEF0123:1700000000000:c2lnbmF0dXJl'
    $script:base = (New-BootableRancherOsTestIso -Path (Join-Path $TestDrive 'rancheros.iso')).FullName
    $script:baseAppend = 'rancher.autologin=tty1 rancher.autologin=ttyS0 rancher.autologin=ttyS1 console=tty1 console=ttyS0 console=ttyS1 printk.devkmsg=on panic=10'
    $script:cmdlet = 'DisklessRancher.Commands.NewDisklessHostNetBootCommand'

    function Write-HostsCsv {
        param([string] $Path, [string[]] $Rows)
        Set-Content -LiteralPath $Path -Value (@('Hostname,MacAddress,Dhcp,Dns,AgentImage') + $Rows)
    }

    function Get-TreeSnapshot {
        # Every file of the tree with its bytes' hash and its last write time, to tell what a publish wrote.
        param([string] $Root)
        Get-ChildItem -LiteralPath $Root -Recurse -File -Force | Sort-Object FullName | ForEach-Object {
            '{0} {1} {2}' -f $_.FullName, (Get-FileHash -LiteralPath $_.FullName).Hash, $_.LastWriteTimeUtc.Ticks
        }
    }

    function Get-Sha256 {
        param([string] $Path)
        (Get-FileHash -LiteralPath $Path -Algorithm SHA256).Hash.ToLowerInvariant()
    }
}

Describe 'New-DisklessHostNetBoot publishes a tree' {
    BeforeAll {
        $script:work = Join-Path $TestDrive 'tree'
        $script:www = Join-Path $work 'www'
        $script:state = Join-Path $work 'state'
        $null = New-Item -ItemType Directory -Path $work
        $script:csv = Join-Path $work 'hosts.csv'
        Write-HostsCsv $csv @(
            'h-colon,52:54:00:AB:00:01,true,,'
            'h-dash,52-54-00-ab-00-02,true,,'
            'h-dot,5254.00ab.0003,true,,'
            'h-bare,525400AB0004,true,,'
        )
        $script:baseUrl = 'http://boot.lab.example.org/rancher/'
        $script:published = @(Import-Csv $csv | New-DisklessHostNetBoot -BaseIso $base -OutputDirectory $www -BaseUrl $baseUrl -StateDirectory $state -RegistrationUrl $url)
    }

    It 'outputs one host per row with its normalised MAC, its URLs and its identity, never the token' {
        $published.Hostname | Should -Be @('h-colon', 'h-dash', 'h-dot', 'h-bare')
        $published.MacAddress | Should -Be @('52:54:00:ab:00:01', '52:54:00:ab:00:02', '52:54:00:ab:00:03', '52:54:00:ab:00:04')
        $published[0].ScriptUrl | Should -Be 'http://boot.lab.example.org/rancher/hosts/52-54-00-ab-00-01.ipxe'
        $published[0].UserDataUrl | Should -Be 'http://boot.lab.example.org/rancher/hosts/52-54-00-ab-00-01.yaml'
        foreach ($host_ in $published) {
            $host_.DockerUuid | Should -BeExactly ([IO.File]::ReadAllText((Join-Path $state "$($host_.Hostname)/.docker_uuid")))
            $host_.Updated | Should -BeTrue
            $host_.PSObject.Properties.Name | Should -Not -Contain 'RegistrationToken'
            ($host_ | Format-Table | Out-String) | Should -Match $host_.Hostname
        }
    }

    It 'puts the identity (write_files) and the registration URL into the user_data, kept to its owner' {
        $userData = Join-Path $www 'hosts/52-54-00-ab-00-01.yaml'
        $text = [IO.File]::ReadAllText($userData)
        $text | Should -Match '^#cloud-config\nhostname: h-colon\n'
        $text | Should -Match ([regex]::Escape("content: `"$(Get-Content -Raw (Join-Path $state 'h-colon/.docker_uuid'))`""))
        $text | Should -Match 'path: /var/lib/rancher/state/.registration_token'
        $text | Should -Match ([regex]::Escape($url))
        $text | Should -Not -Match 'config-2'
        if (-not $IsWindows) {
            (Get-Item -LiteralPath $userData).UnixFileMode | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite')
            (Get-Item -LiteralPath (Join-Path $www 'hosts/52-54-00-ab-00-01.ipxe')).UnixFileMode | Should -Match 'OtherRead'
        }
    }

    It 'writes the entry point, the web.config and the base kernel and initrd named after their content' {
        $entry = Get-Content -Raw (Join-Path $www 'boot.ipxe')
        $entry | Should -Match '^#!ipxe\n'
        $hosts = 'http://boot.lab.example.org/rancher/hosts'
        $entry | Should -Match ([regex]::Escape("chain --autofree $hosts/uuid-`${uuid}.ipxe || chain --autofree $hosts/`${netX/mac:hexhyp}.ipxe || chain --autofree $hosts/serial-`${serial:uristring}.ipxe || goto unknown"))
        $entry | Should -Match '\nexit 1\n$'
        ([xml](Get-Content -Raw (Join-Path $www 'web.config'))).configuration.'system.webServer'.staticContent.mimeMap.fileExtension |
            Should -Be @('.ipxe', '.yaml', '.bin')
        $kernel = @(Get-ChildItem -LiteralPath (Join-Path $www 'boot') -Filter 'vmlinuz-*.bin')
        $kernel | Should -HaveCount 1
        $kernel[0].Length | Should -Be (Get-IsoItem -LiteralPath $base -ItemPath '/boot/vmlinuz-4.14.138-rancher').Length
        $script = Get-Content -Raw (Join-Path $www 'hosts/52-54-00-ab-00-02.ipxe')
        $script | Should -Match "kernel http://boot.lab.example.org/rancher/boot/$($kernel[0].Name) initrd=initrd-[0-9a-f]{16}.bin $([regex]::Escape($baseAppend)) rancher.cloud_init.datasources=\[url:http://boot.lab.example.org/rancher/hosts/52-54-00-ab-00-02.yaml\]\n"
    }

    It 'removes autologin from the kernel line with -DisableAutologin, as for images' {
        $out = Join-Path $work 'no-autologin'
        $null = New-DisklessHostNetBoot -Hostname h1 -MacAddress 52:54:00:ab:01:01 -BaseIso $base -OutputDirectory $out -BaseUrl $baseUrl -StateDirectory $state -DisableAutologin
        $script = Get-Content -Raw (Join-Path $out 'hosts/52-54-00-ab-01-01.ipxe')
        $script | Should -Match 'console=ttyS0 console=ttyS1 printk.devkmsg=on panic=10 rancher.cloud_init.datasources='
        $script | Should -Not -Match 'rancher.autologin'
    }

    It 'warns of a base that keeps its state on a local disk, and boots without those arguments with -RemoveLocalStateArgument' {
        $env:AUTOFORMAT = '1'
        try {
            $autoformat = (New-RancherOsTestIso -Path (Join-Path $work 'autoformat.iso')).FullName
        }
        finally {
            Remove-Item Env:AUTOFORMAT
        }
        $out = Join-Path $work 'autoformat'
        $null = New-DisklessHostNetBoot -Hostname af1 -MacAddress 52:54:00:ab:02:01 -BaseIso $autoformat -OutputDirectory $out -BaseUrl $baseUrl -StateDirectory $state -WarningVariable warnings -WarningAction SilentlyContinue
        @($warnings | Where-Object Message -Like '*rancher.state.autoformat=*RemoveLocalStateArgument*') | Should -HaveCount 1
        Get-Content -Raw (Join-Path $out 'hosts/52-54-00-ab-02-01.ipxe') | Should -Match 'rancher\.state\.dev='

        $null = New-DisklessHostNetBoot -Hostname af1 -MacAddress 52:54:00:ab:02:01 -BaseIso $autoformat -OutputDirectory $out -BaseUrl $baseUrl -StateDirectory $state -RemoveLocalStateArgument -WarningVariable quiet -WarningAction SilentlyContinue
        $quiet | Where-Object Message -Like '*rancher.state*' | Should -BeNullOrEmpty
        Get-Content -Raw (Join-Path $out 'hosts/52-54-00-ab-02-01.ipxe') | Should -Not -Match 'rancher\.state'
    }

    It 'writes nothing when the same rows are published again' {
        $before = Get-TreeSnapshot $www
        $again = @(Import-Csv $csv | New-DisklessHostNetBoot -BaseIso $base -OutputDirectory $www -BaseUrl $baseUrl -StateDirectory $state -RegistrationUrl $url)
        $again.Updated | Should -Be @($false, $false, $false, $false)
        $again.DockerUuid | Should -Be $published.DockerUuid
        Get-TreeSnapshot $www | Should -Be $before
    }

    It 'rewrites only the host whose row changed' {
        $changed = Join-Path $work 'changed.csv'
        Write-HostsCsv $changed @(
            'h-colon,52:54:00:AB:00:01,true,,'
            'h-dash,52-54-00-ab-00-02,true,,rancher/agent:v1.2.11'
            'h-dot,5254.00ab.0003,true,,'
            'h-bare,525400AB0004,true,,'
        )
        $again = @(Import-Csv $changed | New-DisklessHostNetBoot -BaseIso $base -OutputDirectory $www -BaseUrl $baseUrl -StateDirectory $state -RegistrationUrl $url)
        $again.Updated | Should -Be @($false, $true, $false, $false)
        $again[1].DockerUuid | Should -Be $published[1].DockerUuid
        Get-Content -Raw (Join-Path $www 'hosts/52-54-00-ab-00-02.yaml') | Should -Match 'image: rancher/agent:v1.2.11'
    }

    It 'reports hosts no longer in the rows, and removes them with -Prune' {
        $fewer = Join-Path $work 'fewer.csv'
        Write-HostsCsv $fewer @('h-colon,52:54:00:AB:00:01,true,,')
        $null = Import-Csv $fewer | New-DisklessHostNetBoot -BaseIso $base -OutputDirectory $www -BaseUrl $baseUrl -StateDirectory $state -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings | Should -HaveCount 3
        $warnings[0] | Should -Match 'h-dash \(52-54-00-ab-00-02\) is published .* -Prune removes it'
        Join-Path $www 'hosts/52-54-00-ab-00-02.yaml' | Should -Exist

        $null = Import-Csv $fewer | New-DisklessHostNetBoot -BaseIso $base -OutputDirectory $www -BaseUrl $baseUrl -StateDirectory $state -Prune -Force -WarningVariable pruned
        $pruned | Should -HaveCount 3
        $pruned[0] | Should -Match '^Removed the network boot of h-dash \(52-54-00-ab-00-02\)'
        (Get-ChildItem -LiteralPath (Join-Path $www 'hosts')).Name | Should -Be @('52-54-00-ab-00-01.ipxe', '52-54-00-ab-00-01.yaml')
        Join-Path $state 'h-dash' | Should -Exist -Because 'an identity outlives its host''s network boot'
    }

    It 'gives a host the identity its image has: one state folder for both' {
        $image = New-DisklessHostIso -Hostname h-moved -BaseIso $base -OutputDirectory (Join-Path $work 'images') -StateDirectory $state
        $moved = New-DisklessHostNetBoot -Hostname h-moved -MacAddress 52:54:00:ab:00:09 -BaseIso $base -OutputDirectory $www -BaseUrl $baseUrl -StateDirectory $state -WarningAction SilentlyContinue
        $moved.DockerUuid | Should -Be $image.DockerUuid
        $moved.PhysicalHostUuid | Should -Be $image.PhysicalHostUuid
    }

    It 'removes the temporary files a killed publish left in the tree, but not under -WhatIf' {
        # Temporaries are named after the process that writes them: this one has ended.
        $ended = (Start-Process -FilePath true -PassThru -Wait).Id
        $left = @(
            (Join-Path $www "hosts/.52-54-00-ab-00-01.yaml.$ended-0123abcd.tmp/52-54-00-ab-00-01.yaml")
            (Join-Path $www ('boot/.{0}.{1}-fedcba98.tmp' -f (Get-ChildItem -LiteralPath (Join-Path $www 'boot') -Filter 'initrd-*').Name, $ended))
            (Join-Path $www ".boot.ipxe.$ended-00112233.tmp")
        )
        foreach ($path in $left) { $null = New-Item -Force -Path $path -Value 'hostname: h-colon' }
        $left[0] = Split-Path $left[0]
        $one = @{ Hostname = 'h-colon'; MacAddress = '52:54:00:AB:00:01'; Dhcp = $true; BaseIso = $base; OutputDirectory = $www; BaseUrl = $baseUrl; StateDirectory = $state }

        New-DisklessHostNetBoot @one -WhatIf -WarningAction SilentlyContinue
        $left | ForEach-Object { $_ | Should -Exist }
        $null = New-DisklessHostNetBoot @one -Verbose -WarningAction SilentlyContinue 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Set-Variable said
        $left | ForEach-Object { $_ | Should -Not -Exist }
        $said.Message | Should -Contain "Removed 3 temporary file(s) left in '$www' by a run that was stopped."
    }

    It 'writes nothing under -WhatIf' {
        $out = Join-Path $TestDrive 'whatif'
        New-DisklessHostNetBoot -Hostname h1 -Mac 52:54:00:00:00:01 -BaseIso $base -OutputDirectory $out -BaseUrl $baseUrl -StateDirectory (Join-Path $TestDrive 'whatif-state') -WhatIf
        $out | Should -Not -Exist
        Join-Path $TestDrive 'whatif-state' | Should -Not -Exist
    }
}

Describe 'New-DisklessHostNetBoot refuses bad input' {
    BeforeAll {
        $script:work = Join-Path $TestDrive 'bad'
        $null = New-Item -ItemType Directory -Path $work
        $script:common = @{ BaseIso = $base; BaseUrl = 'https://boot.example.org'; StateDirectory = (Join-Path $work 'state') }
    }

    It 'fails each row with a missing, malformed or repeated MAC address, and publishes the others' {
        $csv = Join-Path $work 'hosts.csv'
        Write-HostsCsv $csv @(
            'good-1,52:54:00:00:00:01,true,,'
            'no-mac,,true,,'
            'bad-mac,52:54:00:00:00,true,,'
            'mixed-mac,52:54-00:00:00:03,true,,'
            'again,52-54-00-00-00-01,true,,'
            'good-2,HardwareOnly,true,,'
        )
        $out = Join-Path $work 'rows'
        $made = @(Import-Csv $csv | New-DisklessHostNetBoot @common -OutputDirectory $out -ErrorVariable failures -ErrorAction SilentlyContinue)
        $made.Hostname | Should -Be @('good-1')
        $failures | Should -HaveCount 5
        $failures[0].FullyQualifiedErrorId | Should -Be "InvalidMacAddress,$cmdlet"
        $failures[0].ToString() | Should -Match '^no-mac \(input row 2\): A MAC address is required'
        $failures[1].FullyQualifiedErrorId | Should -Be "InvalidMacAddress,$cmdlet"
        $failures[2].FullyQualifiedErrorId | Should -Be "InvalidMacAddress,$cmdlet"
        $failures[3].FullyQualifiedErrorId | Should -Be "DuplicateMacAddress,$cmdlet"
        $failures[3].ToString() | Should -Match '^again \(input row 5\): The MAC address 52:54:00:00:00:01 of again \(input row 5\) is already that of good-1 \(input row 1\)'
        $failures[4].FullyQualifiedErrorId | Should -Be "InvalidMacAddress,$cmdlet"
        (Get-ChildItem -LiteralPath (Join-Path $out 'hosts')).Name | Should -Be @('52-54-00-00-00-01.ipxe', '52-54-00-00-00-01.yaml')
        Join-Path $out 'boot.ipxe' | Should -Exist
        @(Get-ChildItem -LiteralPath $out -Recurse -Force | Where-Object Name -Like '.*.tmp') | Should -BeNullOrEmpty
    }

    It 'keeps input order in a long batch, and fails only the row whose files cannot be written' {
        $rows = foreach ($i in 1..300) {
            $mac = if ($i % 10 -eq 0) { 'not-a-mac' } else { '52:54:00:01:{0:x2}:{1:x2}' -f [int][math]::Floor($i / 256), ($i % 256) }
            [pscustomobject]@{ Hostname = 'long-{0:d3}' -f $i; MacAddress = $mac; Dhcp = 'true' }
        }
        $out = Join-Path $work 'long'
        # A folder where row 123's user_data goes: its identity is saved, and its files cannot be written.
        $null = New-Item -ItemType Directory -Path (Join-Path $out 'hosts/52-54-00-01-00-7b.yaml')
        $store = Join-Path $work 'long-state'
        $made = @($rows | New-DisklessHostNetBoot @common -StateDirectory $store -OutputDirectory $out -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)

        $expected = @($rows | Where-Object { $_.MacAddress -ne 'not-a-mac' -and $_.Hostname -ne 'long-123' }).Hostname
        $made.Hostname | Should -Be $expected
        foreach ($host_ in $made) {
            $host_.DockerUuid | Should -BeExactly ([IO.File]::ReadAllText((Join-Path $store "$($host_.Hostname)/.docker_uuid")))
            [IO.File]::ReadAllText((Join-Path $out ('hosts/{0}.yaml' -f ($host_.MacAddress -replace ':', '-')))) | Should -Match $host_.DockerUuid
        }
        $failures | Should -HaveCount 31
        @($failures | Where-Object FullyQualifiedErrorId -eq "InvalidMacAddress,$cmdlet") | Should -HaveCount 30
        $written = @($failures | Where-Object FullyQualifiedErrorId -ne "InvalidMacAddress,$cmdlet")
        $written[0].ToString() | Should -Match '^long-123 \(input row 123\): '
        Join-Path $store 'long-123/.docker_uuid' | Should -Exist
        @(Get-ChildItem -LiteralPath $out -Recurse -Force | Where-Object Name -Like '.*.tmp') | Should -BeNullOrEmpty
    }

    It 'holds rows to the CSV contract of New-DisklessHostIso: unknown columns, cells that do not convert, hostname case' {
        $csv = Join-Path $work 'contract.csv'
        Set-Content -LiteralPath $csv -Value @(
            'Hostname,Mac,Address,Mtu,Adress'
            'c-good,52:54:00:00:02:01,10.0.2.1/24,1500,'
            'c-mtu,52:54:00:00:02:02,10.0.2.2/24,big,'
            'C-GOOD,52:54:00:00:02:03,10.0.2.3/24,,'
            ',52:54:00:00:02:04,10.0.2.4/24,,'
        )
        $made = @(Import-Csv $csv | New-DisklessHostNetBoot @common -OutputDirectory (Join-Path $work 'contract') -ErrorVariable failures -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue)
        $made.Hostname | Should -Be @('c-good')
        $failures.FullyQualifiedErrorId | Should -Be @("InvalidMtu,$cmdlet", "DuplicateHostname,$cmdlet", "InvalidHostname,$cmdlet")
        $failures[0].ToString() | Should -Match '^c-mtu \(input row 2\): '
        $failures[2].ToString() | Should -Match '\(input row 4\): '
        @($warnings | Where-Object { "$_" -match "reads no column named 'Adress'" }) | Should -HaveCount 1
    }

    It 'binds padded column names, and fails only the row whose padded cell does not convert' {
        $csv = Join-Path $work 'padded.csv'
        Set-Content -LiteralPath $csv -Value @('Hostname , MacAddress,Address,Mtu ', 'p-one,52:54:00:00:03:01,10.0.3.1/24,1400', 'p-two,52:54:00:00:03:02,10.0.3.2/24,huge')
        $made = @(Import-Csv $csv | New-DisklessHostNetBoot @common -OutputDirectory (Join-Path $work 'padded') -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $made.Hostname | Should -Be @('p-one')
        $made.MacAddress | Should -Be @('52:54:00:00:03:01')
        Get-Content -Raw (Join-Path $work 'padded/hosts/52-54-00-00-03-01.yaml') | Should -Match 'mtu: 1400'
        $failures | Should -HaveCount 1
        $failures[0].ToString() | Should -Match '^p-two \(input row 2\): '
    }

    It 'fails each row whose hostname Windows cannot use as a file name, on every platform, saying why: <Name>' -ForEach @(
        @{ Name = 'CON'; Reason = 'CON is a Windows device name' }
        @{ Name = 'nul'; Reason = 'NUL is a Windows device name' }
        @{ Name = 'com1'; Reason = 'COM1 is a Windows device name' }
        @{ Name = 'LPT9'; Reason = 'LPT9 is a Windows device name' }
        @{ Name = 'aux.lab.example'; Reason = 'AUX is a Windows device name' }
        @{ Name = 'Prn.x'; Reason = 'PRN is a Windows device name' }
        @{ Name = 'web-01.'; Reason = 'cannot end in a dot' }
        @{ Name = 'web-01 '; Reason = 'cannot end in a space' }
    ) {
        $rows = @(
            [pscustomobject]@{ Hostname = $Name; MacAddress = '52:54:00:00:07:01'; Dhcp = 'true' }
            [pscustomobject]@{ Hostname = 'console-01'; MacAddress = '52:54:00:00:07:02'; Dhcp = 'true' }
        )
        $out = Join-Path $work 'reserved-name'
        $made = @($rows | New-DisklessHostNetBoot @common -OutputDirectory $out -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $made.Hostname | Should -Be @('console-01')
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -Be "InvalidHostname,$cmdlet"
        $failures[0].ToString() | Should -BeLike "*(input row 1): *$Reason*"
        Join-Path $common.StateDirectory $Name.TrimEnd('. ') | Should -Not -Exist
    }

    It 'refuses a registration URL that is not the agent''s /v1/scripts/<token>, as New-RancherCloudConfig does' {
        $row = [pscustomobject]@{ Hostname = 'scriptz-1'; MacAddress = '52:54:00:00:08:01'; Dhcp = 'true'; RegistrationUrl = 'http://rancher.lab:8080/v1/scriptz/0123456789ABCDEF0123:1700000000000:c2ln' }
        $null = $row | New-DisklessHostNetBoot @common -OutputDirectory (Join-Path $work 'scriptz') -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $failures.FullyQualifiedErrorId | Should -Be @("InvalidRegistrationUrl,$cmdlet")
        $failures[0].ToString() | Should -Not -Match 'c2ln'
    }

    It 'fails each row whose MAC no network card has: all-zero, broadcast, multicast' {
        $rows = @(
            [pscustomobject]@{ Hostname = 'zero'; MacAddress = '00:00:00:00:00:00'; Dhcp = 'true' }
            [pscustomobject]@{ Hostname = 'broadcast'; MacAddress = 'FF-FF-FF-FF-FF-FF'; Dhcp = 'true' }
            [pscustomobject]@{ Hostname = 'multicast'; MacAddress = '01:00:5e:00:00:fb'; Dhcp = 'true' }
            [pscustomobject]@{ Hostname = 'real'; MacAddress = '52:54:00:00:04:01'; Dhcp = 'true' }
        )
        $made = @($rows | New-DisklessHostNetBoot @common -OutputDirectory (Join-Path $work 'reserved-mac') -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $made.Hostname | Should -Be @('real')
        $failures.FullyQualifiedErrorId | Should -Be @("InvalidMacAddress,$cmdlet", "InvalidMacAddress,$cmdlet", "InvalidMacAddress,$cmdlet")
        $failures[0].ToString() | Should -Match '^zero \(input row 1\): .*all-zero'
        $failures[1].ToString() | Should -Match '^broadcast \(input row 2\): .*broadcast'
        $failures[2].ToString() | Should -Match '^multicast \(input row 3\): .*multicast'
    }

    It 'writes an internationalized base URL host in punycode, which iPXE can resolve' {
        $out = Join-Path $work 'idn'
        $made = New-DisklessHostNetBoot @common -BaseUrl 'http://bücher.example/rancher' -Hostname idn-1 -MacAddress 52:54:00:00:05:01 -Dhcp true -OutputDirectory $out -WarningAction SilentlyContinue
        $made.ScriptUrl | Should -Be 'http://xn--bcher-kva.example/rancher/hosts/52-54-00-00-05-01.ipxe'
        Get-Content -Raw (Join-Path $out 'hosts/52-54-00-00-05-01.ipxe') | Should -Match 'url:http://xn--bcher-kva\.example/rancher/hosts/52-54-00-00-05-01\.yaml'
        Get-Content -Raw (Join-Path $out 'boot.ipxe') | Should -Not -Match 'bücher'
    }

    It 'binds the MAC from the Mac and HardwareAddress columns too' {
        $out = Join-Path $work 'aliases'
        $rows = @([pscustomobject]@{ Hostname = 'a1'; Mac = '52:54:00:00:01:01' }, [pscustomobject]@{ Hostname = 'a2'; HardwareAddress = '52:54:00:00:01:02' })
        ($rows | New-DisklessHostNetBoot @common -OutputDirectory $out).MacAddress | Should -Be @('52:54:00:00:01:01', '52:54:00:00:01:02')
    }

    It 'stops at once for a base URL that is not an absolute http(s) URL: <Url>' -ForEach @(
        @{ Url = 'ftp://boot.example.org/' }
        @{ Url = 'boot.example.org/rancher' }
        @{ Url = 'http://boot.example.org/?x=1' }
    ) {
        $out = Join-Path $work 'bad-url'
        { New-DisklessHostNetBoot -Hostname h1 -MacAddress 52:54:00:00:00:01 -BaseIso $base -BaseUrl $Url -OutputDirectory $out -StateDirectory (Join-Path $work 'state') -ErrorAction Stop } |
            Should -Throw -ErrorId "InvalidBaseUrl,$cmdlet"
        $out | Should -Not -Exist
    }

    It 'stops at once for a base without a kernel, an initrd or /boot/global.cfg' {
        $plain = Invoke-IsoTool $TestDrive 'no-boot-files' xorriso -as mkisofs -quiet -R -J -V Plain -o '{0}' (Join-Path $PSScriptRoot '../fixtures/boot')
        $out = Join-Path $work 'no-kernel'
        { New-DisklessHostNetBoot -Hostname h1 -MacAddress 52:54:00:00:00:01 @common -BaseIso $plain -OutputDirectory $out -ErrorAction Stop } |
            Should -Throw -ErrorId "NoBootFiles,$cmdlet"
        $out | Should -Not -Exist
    }

    It 'stops at once for a base that is missing or a directory, as New-DisklessHostIso does' {
        $out = Join-Path $work 'no-base'
        { New-DisklessHostNetBoot -Hostname h1 -MacAddress 52:54:00:00:00:01 @common -BaseIso (Join-Path $work 'absent.iso') -OutputDirectory $out -ErrorAction Stop } |
            Should -Throw -ErrorId "PathNotFound,$cmdlet"
        { New-DisklessHostNetBoot -Hostname h1 -MacAddress 52:54:00:00:00:01 @common -BaseIso $work -OutputDirectory $out -ErrorAction Stop } |
            Should -Throw -ErrorId "PathIsDirectory,$cmdlet"
        $out | Should -Not -Exist
    }

    It 'stops at once when the state folder would be served with the tree' {
        $out = Join-Path $work 'served'
        { New-DisklessHostNetBoot -Hostname h1 -MacAddress 52:54:00:00:00:01 @common -OutputDirectory $out -StateDirectory (Join-Path $out 'state') -ErrorAction Stop } |
            Should -Throw -ErrorId "StateDirectoryServed,$cmdlet"
        $out | Should -Not -Exist
    }

    It 'keeps a boot.ipxe or web.config it did not write, unless -Force' {
        $out = Join-Path $work 'foreign'
        $null = New-Item -ItemType Directory -Path $out
        Set-Content -LiteralPath (Join-Path $out 'web.config') -Value '<configuration />'
        { New-DisklessHostNetBoot -Hostname h1 -MacAddress 52:54:00:00:00:01 @common -OutputDirectory $out -ErrorAction Stop } |
            Should -Throw -ErrorId "OutputExists,$cmdlet"
        Get-Content -Raw (Join-Path $out 'web.config') | Should -Be "<configuration />`n"
        $null = New-DisklessHostNetBoot -Hostname h1 -MacAddress 52:54:00:00:00:01 @common -OutputDirectory $out -Force
        Get-Content -Raw (Join-Path $out 'web.config') | Should -Match 'New-DisklessHostNetBoot'
    }
}

Describe 'New-DisklessHostNetBoot -Prune never empties a fleet by accident' {
    BeforeEach {
        $script:www = Join-Path $TestDrive "prune-$([guid]::NewGuid().ToString('n'))"
        $script:prune = @{ BaseIso = $base; BaseUrl = 'http://boot.lab/rancher'; OutputDirectory = $www; StateDirectory = (Join-Path $TestDrive 'prune-state') }
        $script:csv = Join-Path $TestDrive 'prune.csv'
        Write-HostsCsv $csv @(1..4 | ForEach-Object { "p-$_,52:54:00:00:06:0$_,true,," })
        $null = Import-Csv $csv | New-DisklessHostNetBoot @prune -WarningAction SilentlyContinue
        $script:published = { (Get-ChildItem -LiteralPath (Join-Path $www 'hosts') -Filter *.ipxe).Name }
        (& $published) | Should -HaveCount 4
    }

    It 'removes nothing from a header-only CSV, and says how many hosts would have gone' {
        Set-Content -LiteralPath $csv -Value 'Hostname,MacAddress,Dhcp'
        $null = Import-Csv $csv | New-DisklessHostNetBoot @prune -Prune -Force -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -Be "PruneWouldEmpty,$cmdlet"
        $failures[0].Exception.Message | Should -Match 'all 4 published host\(s\) would have gone'
        (& $published) | Should -HaveCount 4
    }

    It 'removes nothing when every row failed, and says so as an error' {
        Write-HostsCsv $csv @('p-1,not-a-mac,true,,', 'p-2,,true,,')
        $null = Import-Csv $csv | New-DisklessHostNetBoot @prune -Prune -Force -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $failures.FullyQualifiedErrorId | Should -Be @("InvalidMacAddress,$cmdlet", "InvalidMacAddress,$cmdlet", "PruneWouldEmpty,$cmdlet")
        (& $published) | Should -HaveCount 4
    }

    It 'needs -Force to remove more than half of the published hosts, and warns of each removal by host and MAC' {
        Write-HostsCsv $csv @('p-1,52:54:00:00:06:01,true,,')
        $null = Import-Csv $csv | New-DisklessHostNetBoot @prune -Prune -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $failures.FullyQualifiedErrorId | Should -Be @("PruneNeedsForce,$cmdlet")
        $failures[0].Exception.Message | Should -Match '3 of the 4 published hosts'
        (& $published) | Should -HaveCount 4

        $null = Import-Csv $csv | New-DisklessHostNetBoot @prune -Prune -Force -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings | Should -Be @(
            'Removed the network boot of p-2 (52-54-00-00-06-02): it is not in this batch (-Prune).'
            'Removed the network boot of p-3 (52-54-00-00-06-03): it is not in this batch (-Prune).'
            'Removed the network boot of p-4 (52-54-00-00-06-04): it is not in this batch (-Prune).')
        (& $published) | Should -Be @('52-54-00-00-06-01.ipxe')
    }

    It 'removes up to half without -Force, and lists the removals under -WhatIf' {
        Write-HostsCsv $csv @('p-1,52:54:00:00:06:01,true,,', 'p-2,52:54:00:00:06:02,true,,')
        # What if: lines go to the host only; a transcript sees them (wrapped at its width).
        $transcript = Join-Path $TestDrive 'prune-whatif.txt'
        $null = Start-Transcript -LiteralPath $transcript
        try { Import-Csv $csv | New-DisklessHostNetBoot @prune -Prune -WhatIf -WarningAction SilentlyContinue | Out-Null } finally { $null = Stop-Transcript }
        $whatIf = (Get-Content -Raw -LiteralPath $transcript) -replace '\r?\n'
        $whatIf | Should -Match 'Remove the network boot of p-3 \(52-54-00-00-06-03\)'
        $whatIf | Should -Match 'Remove the network boot of p-4 \(52-54-00-00-06-04\)'
        (& $published) | Should -HaveCount 4

        $null = Import-Csv $csv | New-DisklessHostNetBoot @prune -Prune -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings | Should -HaveCount 2
        (& $published) | Should -Be @('52-54-00-00-06-01.ipxe', '52-54-00-00-06-02.ipxe')
    }
}

Describe 'Hosts booted from the network in QEMU' -Tag 'Boot' {
    BeforeAll {
        $script:work = Join-Path $TestDrive 'net'
        $script:www = Join-Path $work 'www'
        $script:state = Join-Path $work 'state'
        $null = New-Item -ItemType Directory -Path $work

        $script:server = Start-TestNginx -Root $www -Folder (Join-Path $work 'nginx')
        $script:baseUrl = $server.BaseUrl
        $script:accessLog = $server.AccessLog
        $script:argument = 'dr.test=netboot'

        $script:csv = Join-Path $work 'hosts.csv'
        Write-HostsCsv $csv @(
            'net-one,52:54:00:12:34:01,true,,'
            'net-two,52-54-00-12-34-02,true,,'
        )
        $script:first = @(Import-Csv $csv | New-DisklessHostNetBoot -BaseIso $base -OutputDirectory $www -BaseUrl $baseUrl -StateDirectory $state -RegistrationUrl $url -KernelArgument $argument)

        function Invoke-NetBoot {
            # Boots a machine with this MAC from boot.ipxe and returns what the guest reported, and what it asked the
            # server for (so it runs alone: nothing tells one guest's requests from another's).
            param([string] $Mac)
            $logStart = @(Get-Content -LiteralPath $accessLog).Count
            $report = Start-NetBoot -BootFile "$baseUrl/boot.ipxe" -Mac $Mac | Receive-Boot
            $report | Add-Member -NotePropertyName Requests -NotePropertyValue @(Get-Content -LiteralPath $accessLog | Select-Object -Skip $logStart)
            $report
        }

        function Get-StateHex {
            param([string] $Hostname)
            $hex = @{}
            foreach ($name in '.docker_uuid', '.physical_host_uuid', '.registration_token') {
                $hex[$name] = ConvertTo-HexString ([IO.File]::ReadAllBytes((Join-Path $state "$Hostname/$name")))
            }
            $hex
        }

        # The first hosts boot side by side.
        $started = @{}
        foreach ($host_ in $first) { $started[$host_.Hostname] = Start-NetBoot -BootFile "$baseUrl/boot.ipxe" -Mac $host_.MacAddress }
        $script:boots = @{}
        foreach ($hostname in $started.Keys) { $boots[$hostname] = Receive-Boot $started[$hostname] }
        $script:oneUserData = Get-Sha256 (Join-Path $www 'hosts/52-54-00-12-34-01.yaml')
    }

    AfterAll {
        Stop-Boot
        Stop-TestNginx $server
    }

    It 'boots <Hostname> with its own hostname, byte-exact user_data and identity' -ForEach @(
        @{ Hostname = 'net-one'; Mac = '52-54-00-12-34-01' }
        @{ Hostname = 'net-two'; Mac = '52-54-00-12-34-02' }
    ) {
        $boot = $boots[$Hostname]
        $boot.Done | Should -BeTrue -Because $boot.Console
        $boot.Hostname | Should -Be $Hostname
        $boot.UserDataSha256 | Should -Be (Get-Sha256 (Join-Path $www "hosts/$Mac.yaml"))
        $expected = Get-StateHex $Hostname
        foreach ($name in $expected.Keys) { $boot.State[$name] | Should -Be $expected[$name] -Because "$name must arrive byte-exact" }
    }

    It 'gives the two hosts different identities' {
        $boots['net-one'].State['.docker_uuid'] | Should -Not -Be $boots['net-two'].State['.docker_uuid']
        $boots['net-one'].State['.registration_token'] | Should -Not -Be $boots['net-two'].State['.registration_token']
    }

    It 'boots the kernel with the base''s APPEND line, the kernel argument and the url datasource' {
        $line = $boots['net-one'].CommandLine
        $line | Should -Match ([regex]::Escape($baseAppend))
        $line | Should -Match " $([regex]::Escape($argument)) "
        $line | Should -Match "rancher\.cloud_init\.datasources=\[url:$([regex]::Escape($first[0].UserDataUrl))\]$"
    }

    It 'gives a machine with an unknown MAC no host''s config, and lets it try the next boot device' {
        $boot = Invoke-NetBoot '52:54:00:12:34:99'
        $boot.CommandLine | Should -BeNullOrEmpty -Because $boot.Console
        $boot.Console | Should -Match 'No disk-less host is published for 52:54:00:12:34:99'
        $boot.Console | Should -Match 'Booting from Hard Disk'
        @($boot.Requests | Where-Object { $_ -match 'GET /hosts/52-54-00-12-34-99\.ipxe HTTP/1\.1" 404 ' }) | Should -HaveCount 1
        @($boot.Requests | Where-Object { $_ -match '\.yaml|/boot/' }) | Should -BeNullOrEmpty
    }

    It 'boots a host with its new settings and the same identity after its row changes and the tree is republished' {
        Write-HostsCsv $csv @(
            'net-one,52:54:00:12:34:01,true,10.0.2.3,rancher/agent:v1.2.11'
            'net-two,52-54-00-12-34-02,true,,'
        )
        $second = @(Import-Csv $csv | New-DisklessHostNetBoot -BaseIso $base -OutputDirectory $www -BaseUrl $baseUrl -StateDirectory $state -RegistrationUrl $url -KernelArgument $argument)
        $second.Updated | Should -Be @($true, $false)
        $newUserData = Get-Sha256 (Join-Path $www 'hosts/52-54-00-12-34-01.yaml')
        $newUserData | Should -Not -Be $oneUserData

        $boot = Invoke-NetBoot $second[0].MacAddress
        $boot.Done | Should -BeTrue -Because $boot.Console
        $boot.UserDataSha256 | Should -Be $newUserData
        $boot.State['.docker_uuid'] | Should -Be $boots['net-one'].State['.docker_uuid']
        $boot.State['.registration_token'] | Should -Be $boots['net-one'].State['.registration_token']
    }
}
