BeforeAll {
    . "$PSScriptRoot/Common.ps1"
    . "$PSScriptRoot/NetBoot.ps1"

    $script:base = (New-BootableRancherOsTestIso -Path (Join-Path $TestDrive 'rancheros.iso')).FullName
    $script:cmdlet = 'DisklessRancher.Commands.NewDisklessHostNetBootCommand'
    # One tree, store and nginx for the whole file (TestDrive drops what a Describe block made when it ends).
    $script:work = Join-Path ([IO.Path]::GetTempPath()) "netboot-fleet-$PID"
    $script:www = Join-Path $work 'www'
    $script:state = Join-Path $work 'state'
    $script:server = Start-TestNginx -Root $www -Folder (Join-Path $work 'nginx')
    $script:baseUrl = $server.BaseUrl
    $script:common = @{ BaseIso = $base; BaseUrl = $baseUrl; StateDirectory = $state }
}

AfterAll {
    Stop-Boot
    Stop-TestNginx $server
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Kernel arguments reach the kernel through iPXE exactly as given' -Tag 'Boot' {
    BeforeAll {
        # Words iPXE passes on as they are: separators and '#' inside a word, '$' without '{', options after the URL.
        $script:literal = @('dr.and=a&&b', 'dr.or=x||y', 'dr.semi=a;b', 'dr.hash=x#y', 'dr.dollar=$HOME', 'dr.brace=}{', '-s', '--',
            'dr.quote="q"', "dr.single='q'", 'dr.back=end\', 'dr.colon=:label')
        $null = New-DisklessHostNetBoot -Hostname literal -MacAddress 52:54:00:21:04:01 @common -OutputDirectory $www -KernelArgument $literal

        # The same iPXE, given a script with the words the cmdlet refuses, does not pass them on.
        $kit = Get-BootKit
        $hostile = Join-Path $www 'hostile'
        $null = New-Item -ItemType Directory -Path $hostile -Force
        Copy-Item -LiteralPath $kit.Kernel -Destination (Join-Path $hostile 'vmlinuz')
        Copy-Item -LiteralPath $kit.Initrd -Destination (Join-Path $hostile 'initrd')
        Set-Content -LiteralPath (Join-Path $hostile 'hostile.ipxe') -Value @(
            '#!ipxe'
            "kernel $baseUrl/hostile/vmlinuz initrd=initrd console=ttyS0 rancher.cloud_init.datasources=[url:$baseUrl/hostile/none] dr.expand=`${product} dr.kept && echo DR-AND-RAN || echo DR-OR-RAN ; echo DR-SEMICOLON-RAN #dr.comment"
            "initrd $baseUrl/hostile/initrd"
            'boot'
        )
        $script:boots = @{
            Literal = Start-NetBoot -BootFile "$baseUrl/boot.ipxe" -Mac 52:54:00:21:04:01
            LiteralUefi = Start-NetBoot -BootFile "$baseUrl/boot.ipxe" -Mac 52:54:00:21:04:01 -Uefi
            Hostile = Start-NetBoot -BootFile "$baseUrl/hostile/hostile.ipxe" -Mac 52:54:00:21:04:02 -Smbios 'type=1,product=DRPRODUCT'
        }
        foreach ($name in @($boots.Keys)) { $boots[$name] = Receive-Boot $boots[$name] }
    }

    It 'refuses <Word> with an error naming it, and publishes nothing' -ForEach @(
        @{ Word = '&&'; Reason = 'command separator' }
        @{ Word = '||'; Reason = 'command separator' }
        @{ Word = ';'; Reason = 'command separator' }
        @{ Word = '#dr.comment'; Reason = 'comment' }
        @{ Word = 'dr.x=${net0/mac}'; Reason = 'settings' }
        @{ Word = '${uuid}'; Reason = 'settings' }
        @{ Word = "dr.tab=a`tb"; Reason = 'whitespace' }
        @{ Word = "dr.bell=a$([char]7)"; Reason = 'control characters' }
        @{ Word = "dr.utf=$([char]0xe9)"; Reason = 'non-ASCII' }
    ) {
        # Control characters are named as \xNN.
        $shown = -join ($Word.ToCharArray() | ForEach-Object { if ([char]::IsControl($_)) { '\x{0:x2}' -f [int]$_ } else { $_ } })
        $out = Join-Path $TestDrive 'refused'
        { New-DisklessHostNetBoot -Hostname h1 -MacAddress 52:54:00:21:04:09 @common -OutputDirectory $out -KernelArgument 'dr.ok=1', $Word -ErrorAction Stop } |
            Should -Throw -ErrorId "InvalidKernelArgument,$cmdlet" -ExpectedMessage "*'$([WildcardPattern]::Escape($shown))'*"
        $out | Should -Not -Exist
    }

    It 'boots the kernel with every literal word as given, in order' {
        $boot = $boots.Literal
        $boot.Done | Should -BeTrue -Because $boot.Console
        $boot.CommandLine | Should -Match ([regex]::Escape(" $($literal -join ' ') rancher.cloud_init.datasources=[url:$baseUrl/hosts/52-54-00-21-04-01.yaml]") + '$')
    }

    It 'boots the same host under UEFI (OVMF and the EFI iPXE ROM) with the same kernel line, user_data and identity' {
        $boot = $boots.LiteralUefi
        $boot.Done | Should -BeTrue -Because $boot.Console
        $boot.Console | Should -Match 'EFI stub: Loaded initrd from command line option'
        # iPXE's EFI build puts the kernel's file name first (efi_image.c); the rest is the line the BIOS boot got.
        $kernel = (Get-ChildItem -LiteralPath (Join-Path $www 'boot') -Filter 'vmlinuz-*.bin').Name
        $boot.CommandLine | Should -BeExactly "$kernel $($boots.Literal.CommandLine)"
        $boot.Hostname | Should -Be 'literal'
        $boot.UserDataSha256 | Should -Be $boots.Literal.UserDataSha256
        $boot.State['.docker_uuid'] | Should -Be $boots.Literal.State['.docker_uuid']
    }

    It 'shows on the same iPXE that the refused words are not literals: separators run commands, # cuts the line, ${} expands' {
        $boot = $boots.Hostile
        $boot.CommandLine | Should -Match 'dr\.expand=DRPRODUCT dr\.kept$' -Because $boot.Console
        $boot.Console | Should -Match 'DR-AND-RAN'
        $boot.Console | Should -Not -Match 'DR-OR-RAN'
        $boot.Console | Should -Match 'DR-SEMICOLON-RAN'
    }
}

Describe 'Machines found by their UUID, the MAC of the card they boot from, or their serial number' -Tag 'Boot' {
    BeforeAll {
        $script:uuid = '6b1c2a2e-0d55-4b8e-9a51-3f7c5b2d0a01'
        $script:csv = Join-Path $work 'selectors.csv'
        Set-Content -LiteralPath $csv -Value @(
            'Hostname,MacAddress,SystemUuid,SerialNumber,NetBoot'
            "sel-uuid,52:54:00:24:02:01,$($uuid.ToUpperInvariant()),,"
            'sel-mac,52:54:00:24:02:02,,,'
            'sel-serial,,,DR SERIAL-01,'
            'sel-off,52:54:00:24:02:04,,,false'
        )
        $script:published = @(Import-Csv $csv | New-DisklessHostNetBoot @common -OutputDirectory $www -WarningAction SilentlyContinue)
        $script:boots = @{
            # A machine whose UUID is sel-uuid's and whose MAC is sel-mac's: the UUID wins.
            Uuid = Start-NetBoot -BootFile "$baseUrl/boot.ipxe" -Mac 52:54:00:24:02:02 -Smbios "type=1,uuid=$uuid,serial=OTHER"
            # Two NICs, booting from the second, which is sel-mac's.
            SecondNic = Start-NetBoot -BootFile "$baseUrl/boot.ipxe" -Mac 52:54:00:24:02:02 -FirstNic 52:54:00:24:02:99 -Smbios 'type=1,uuid=00000000-0000-4000-8000-000000000099'
            Serial = Start-NetBoot -BootFile "$baseUrl/boot.ipxe" -Mac 52:54:00:24:02:98 -Smbios 'type=1,uuid=00000000-0000-4000-8000-000000000098,serial=DR SERIAL-01'
            Off = Start-NetBoot -BootFile "$baseUrl/boot.ipxe" -Mac 52:54:00:24:02:04
            Unknown = Start-NetBoot -BootFile "$baseUrl/boot.ipxe" -Mac 52:54:00:24:02:77 -Smbios 'type=1,uuid=00000000-0000-4000-8000-000000000077,serial=NEW-77,manufacturer=DR Labs,product=DR Box 1'
        }
        foreach ($name in @($boots.Keys)) { $boots[$name] = Receive-Boot $boots[$name] }
    }

    It 'outputs each host with its selectors, and writes one script per selector beside one user_data' {
        $published.Hostname | Should -Be @('sel-uuid', 'sel-mac', 'sel-serial', 'sel-off')
        $published[0].SystemUuid | Should -Be $uuid
        $published[2].MacAddress | Should -BeNullOrEmpty
        $published[2].SerialNumber | Should -Be 'DR SERIAL-01'
        $published.NetBoot | Should -Be @($true, $true, $true, $false)
        $published[2].UserDataUrl | Should -Be "$baseUrl/hosts/serial-DR%20SERIAL-01.yaml"
        Join-Path $www 'hosts/serial-DR SERIAL-01.yaml' | Should -Exist
        Get-Content -Raw (Join-Path $www "hosts/uuid-$uuid.ipxe") | Should -BeExactly (Get-Content -Raw (Join-Path $www 'hosts/52-54-00-24-02-01.ipxe'))
        Join-Path $www "hosts/uuid-$uuid.yaml" | Should -Not -Exist
    }

    It 'boots <Name> as <Hostname>' -ForEach @(
        @{ Name = 'Uuid'; Hostname = 'sel-uuid' }
        @{ Name = 'SecondNic'; Hostname = 'sel-mac' }
        @{ Name = 'Serial'; Hostname = 'sel-serial' }
    ) {
        $boot = $boots[$Name]
        $boot.Done | Should -BeTrue -Because $boot.Console
        $boot.Hostname | Should -Be $Hostname
        $boot.State['.docker_uuid'] | Should -Be (ConvertTo-HexString ([Text.Encoding]::ASCII.GetBytes(($published | Where-Object Hostname -eq $Hostname).DockerUuid)))
    }

    It 'sends a host with NetBoot false to its next boot device, and keeps its identity and user_data' {
        $boot = $boots.Off
        $boot.CommandLine | Should -BeNullOrEmpty -Because $boot.Console
        $boot.Console | Should -Match 'sel-off does not boot from the network'
        $boot.Console | Should -Match 'Booting from Hard Disk'
        $boot.Console | Should -Not -Match 'No disk-less host is published' -Because 'no other selector is tried'
        Join-Path $www 'hosts/52-54-00-24-02-04.yaml' | Should -Exist
        $again = @(Import-Csv $csv | ForEach-Object { if ($_.Hostname -eq 'sel-off') { $_.NetBoot = 'true' }; $_ } |
            New-DisklessHostNetBoot @common -OutputDirectory $www -WarningAction SilentlyContinue)
        $again[3].NetBoot | Should -BeTrue
        $again[3].DockerUuid | Should -Be $published[3].DockerUuid
        $again.Updated | Should -Be @($false, $false, $false, $true)
        Get-Content -Raw (Join-Path $www 'hosts/52-54-00-24-02-04.ipxe') | Should -Match '\nkernel '
    }

    It 'fails each row with no selector, a malformed one or one already in the batch, and publishes the others' {
        $rows = @(
            [pscustomobject]@{ Hostname = 'd-one'; MacAddress = ''; SystemUuid = $uuid; SerialNumber = 'Abc'; NetBoot = '' }
            [pscustomobject]@{ Hostname = 'd-uuid'; MacAddress = ''; SystemUuid = $uuid.ToUpperInvariant(); SerialNumber = ''; NetBoot = '' }
            [pscustomobject]@{ Hostname = 'd-serial'; MacAddress = ''; SystemUuid = ''; SerialNumber = 'ABC'; NetBoot = '' }
            [pscustomobject]@{ Hostname = 'd-none'; MacAddress = ''; SystemUuid = ''; SerialNumber = ''; NetBoot = '' }
            [pscustomobject]@{ Hostname = 'd-bad-uuid'; MacAddress = ''; SystemUuid = '6b1c2a2e'; SerialNumber = ''; NetBoot = '' }
            [pscustomobject]@{ Hostname = 'd-bad-serial'; MacAddress = ''; SystemUuid = ''; SerialNumber = '../x'; NetBoot = '' }
            [pscustomobject]@{ Hostname = 'd-bad-netboot'; MacAddress = '52:54:00:24:03:07'; SystemUuid = ''; SerialNumber = ''; NetBoot = 'maybe' }
            [pscustomobject]@{ Hostname = 'd-two'; MacAddress = '52:54:00:24:03:08'; SystemUuid = ''; SerialNumber = 'abd'; NetBoot = 'no' }
        )
        $made = @($rows | New-DisklessHostNetBoot @common -OutputDirectory (Join-Path $TestDrive 'dupes') -ErrorVariable failures -ErrorAction SilentlyContinue)
        $made.Hostname | Should -Be @('d-one', 'd-two')
        $failures.FullyQualifiedErrorId | Should -Be @("DuplicateSystemUuid,$cmdlet", "DuplicateSerialNumber,$cmdlet", "InvalidMacAddress,$cmdlet",
            "InvalidSystemUuid,$cmdlet", "InvalidSerialNumber,$cmdlet", "InvalidNetBoot,$cmdlet")
        $failures[0].ToString() | Should -Match "^d-uuid \(input row 2\): The SystemUuid $uuid of d-uuid \(input row 2\) is already that of d-one \(input row 1\)"
        $failures[1].ToString() | Should -Match "^d-serial \(input row 3\): The SerialNumber 'ABC' of d-serial \(input row 3\) is already that of "
        $failures[2].ToString() | Should -Match '^d-none \(input row 4\): A MAC address is required .*SystemUuid or SerialNumber'
    }
}

Describe 'Get-DisklessNetBootMachine reads who booted from the access log' -Tag 'Boot' {
    BeforeAll {
        # After the boots above, from the log the test's nginx wrote.
        $script:seen = @(Get-DisklessNetBootMachine -Path $server.AccessLog -NetBootDirectory $www)
    }

    It 'reports the unknown machine with what its iPXE knew, and no hostname' {
        $new = @($seen | Where-Object { -not $_.Hostname })
        $new | Should -HaveCount 1 -Because ($seen | Format-List | Out-String)
        $new[0].MacAddress | Should -Be '52:54:00:24:02:77'
        $new[0].SystemUuid | Should -Be '00000000-0000-4000-8000-000000000077'
        $new[0].SerialNumber | Should -Be 'NEW-77'
        $new[0].Manufacturer | Should -Be 'DR Labs'
        $new[0].Product | Should -Be 'DR Box 1'
        $new[0].ClientAddress | Should -Be '10.0.2.15'
        $new[0].FirstSeen | Should -BeLessOrEqual $new[0].LastSeen
    }

    It 'reports each host that booted, found by what it was found by, with when it fetched its config' {
        foreach ($name in 'literal', 'sel-uuid', 'sel-mac', 'sel-serial') {
            $known = @($seen | Where-Object Hostname -eq $name)
            $known | Should -HaveCount 1 -Because $name
            $known[0].ConfigFetched | Should -Not -BeNullOrEmpty -Because $name
        }
        ($seen | Where-Object Hostname -eq 'sel-uuid').SystemUuid | Should -Be $uuid
        ($seen | Where-Object Hostname -eq 'sel-serial').SerialNumber | Should -Be 'DR SERIAL-01'
    }

    It 'adds the new machines to the hosts CSV, which then publishes them' {
        $seen | Where-Object { -not $_.Hostname } | Select-Object Hostname, MacAddress, SystemUuid, SerialNumber, NetBoot | Export-Csv -LiteralPath $csv -Append
        $rows = @(Import-Csv -LiteralPath $csv)
        $rows | Should -HaveCount 5
        $rows[4].MacAddress | Should -Be '52:54:00:24:02:77'
        $rows[4].Hostname = 'sel-new'
        $made = @($rows | New-DisklessHostNetBoot @common -OutputDirectory $www -WarningAction SilentlyContinue)
        $made[4].Hostname | Should -Be 'sel-new'
        $made[4].SystemUuid | Should -Be '00000000-0000-4000-8000-000000000077'
    }
}

Describe 'Get-DisklessNetBootMachine reads IIS W3C logs' {
    BeforeAll {
        $script:tree = Join-Path $TestDrive 'iis-tree'
        $null = New-DisklessHostNetBoot -Hostname iis-42 -MacAddress 52:54:00:ab:00:42 -BaseIso $base -BaseUrl http://boot.example.org/rancher -StateDirectory $state -OutputDirectory $tree -WarningAction SilentlyContinue
        $script:seen = @(Get-DisklessNetBootMachine -LiteralPath (Join-Path $PSScriptRoot '../fixtures/logs/iis-w3c.log') -NetBootDirectory $tree)
    }

    It 'reports the unknown machine from the query of its report' {
        $seen | Should -HaveCount 2
        $seen[0].Hostname | Should -BeNullOrEmpty
        $seen[0].MacAddress | Should -Be '52:54:00:ab:00:41'
        $seen[0].SystemUuid | Should -Be '4c4c4544-0042-3510-8051-b4c04f4a4d32'
        $seen[0].SerialNumber | Should -Be 'CZC1234XYZ'
        $seen[0].Manufacturer | Should -Be 'Hewlett-Packard'
        $seen[0].Product | Should -Be 'HP EliteDesk 800 G1'
        $seen[0].ClientAddress | Should -Be '10.0.0.41'
        $seen[0].FirstSeen | Should -Be ([DateTimeOffset]'2026-12-01T08:00:02Z')
    }

    It 'reports the known host across a change of the #Fields directive, with when it last fetched its config' {
        $seen[1].Hostname | Should -Be 'iis-42'
        $seen[1].MacAddress | Should -Be '52:54:00:ab:00:42'
        $seen[1].FirstSeen | Should -Be ([DateTimeOffset]'2026-12-01T08:05:11Z')
        $seen[1].LastSeen | Should -Be ([DateTimeOffset]'2026-12-01T09:12:00Z')
        $seen[1].ConfigFetched | Should -Be ([DateTimeOffset]'2026-12-01T09:12:00Z')
    }

    It 'stops at once for a network boot folder that does not exist' {
        { Get-DisklessNetBootMachine -LiteralPath (Join-Path $PSScriptRoot '../fixtures/logs/iis-w3c.log') -NetBootDirectory (Join-Path $TestDrive 'absent') -ErrorAction Stop } |
            Should -Throw -ErrorId 'PathNotFound,DisklessRancher.Commands.GetDisklessNetBootMachineCommand'
    }
}
