BeforeAll {
    . "$PSScriptRoot/Common.ps1"
    . "$PSScriptRoot/IsoTestImages.ps1"

    $script:url = 'http://rancher.lab:8080/v1/scripts/0123456789ABCDEF0123:1700000000000:c2lnbmF0dXJl'
    $script:datasources = 'rancher.cloud_init.datasources=[configdrive:/media/config-2,cmdline]'
    $script:base = (New-BootableRancherOsTestIso -Path (Join-Path $TestDrive 'rancheros.iso')).FullName
    $script:baseHash = (Get-FileHash -LiteralPath $base).Hash

    function Write-HostsCsv {
        param([string] $Path, [string[]] $Rows)
        Set-Content -LiteralPath $Path -Value (@('Hostname,Address,Gateway,Dns,DnsSearch,Mtu,Dhcp,HostLabel') + $Rows)
    }

    function Get-RockRidgeListing {
        param([string] $Path)
        (& isoinfo -R -l -i $Path) -join "`n"
    }

    function Get-JolietListing {
        param([string] $Path)
        (& isoinfo -J -l -i $Path) -join "`n"
    }

    function Get-IsoFileText {
        param([string] $Path, [string] $ItemPath)
        (& isoinfo -R -i $Path -x $ItemPath) -join "`n"
    }
}

Describe 'New-DisklessHostIso from a CSV' {
    BeforeAll {
        $script:work = Join-Path $TestDrive 'csv'
        $null = New-Item -ItemType Directory -Path $work
        $script:csv = Join-Path $work 'hosts.csv'
        Write-HostsCsv $csv @(
            'h-static,192.168.10.21/24,192.168.10.1,192.168.10.1;1.1.1.1,lab.example.org,1500,false,'
            'h-dhcp,,,,,,true,'
            'h-labels,192.168.10.23/24,192.168.10.1,192.168.10.1,lab.example.org,,false,role=worker;zone=a'
        )
        $script:images = @(Import-Csv $csv | New-DisklessHostIso -BaseIso $base -RegistrationUrl $url -OutputDirectory $work -KernelArgument $datasources)
    }

    It 'makes one image per row, named after the host, with the identity and no token' {
        $images.Hostname | Should -Be @('h-static', 'h-dhcp', 'h-labels')
        foreach ($image in $images) {
            $image.Path | Should -Be (Join-Path $work "$($image.Hostname).iso")
            $image.Path | Should -Exist
            $image.Length | Should -Be (Get-Item -LiteralPath $image.Path).Length
            $image.Sha256 | Should -Be (Get-FileHash -LiteralPath $image.Path -Algorithm SHA256).Hash.ToLowerInvariant()
            $image.VolumeLabel | Should -Be 'config-2'
            $image.BaseIso | Should -Be $base
            $image.PSObject.Properties.Name | Should -Not -Contain 'RegistrationToken'
        }
    }

    It 'passes every check of Test-DisklessHostIso' {
        $results = $images | Test-DisklessHostIso
        $results | Should -HaveCount 3
        foreach ($result in $results) {
            $result.FailedChecks | Should -BeNullOrEmpty -Because ($result.Checks | Out-String)
            $result.Passed | Should -BeTrue
        }
        $results.Hostname | Should -Be @('h-static', 'h-dhcp', 'h-labels')
    }

    It 'labels every descriptor config-2, as blkid and isoinfo see it' {
        foreach ($image in $images) {
            Get-BlkidLabel $image.Path | Should -Be 'config-2'
            $volume = Get-IsoVolume -LiteralPath $image.Path
            $volume.VolumeLabel | Should -Be 'config-2'
            $volume.JolietLabel | Should -Be 'config-2'
        }
    }

    It 'keeps every boot path: El Torito boot-info-table and an isohybrid MBR covering the image' {
        foreach ($image in $images) {
            $report = Get-XorrisoBootReport $image.Path
            $report | Should -Match 'boot-info-table isohybrid-suitable'
            $report | Should -Match 'MBR isohybrid'
            $sectors = (Get-Item -LiteralPath $image.Path).Length / 512
            $report | Should -Match "MBR partition\s*:\s*1\s+0x80\s+0x17\s+0\s+$sectors"
        }
    }

    It 'lists user_data and the three state files by their real names in Rock Ridge and Joliet' {
        foreach ($image in $images) {
            foreach ($listing in (Get-RockRidgeListing $image.Path), (Get-JolietListing $image.Path)) {
                foreach ($name in 'user_data', '.docker_uuid', '.physical_host_uuid', '.registration_token') {
                    $listing | Should -Match ([regex]::Escape($name))
                }
            }
        }
    }

    It 'writes the host''s cloud-config, and saves its identity in the identity store, exactly as on the image' {
        $image = $images | Where-Object Hostname -EQ 'h-labels'
        $userData = Get-IsoFileText $image.Path '/openstack/latest/user_data'
        $userData | Should -Match '(?m)^hostname: h-labels$'
        $userData | Should -Match ([regex]::Escape('CATTLE_HOST_LABELS=role=worker&zone=a'))
        $userData | Should -Match ([regex]::Escape($url))

        $image.StatePath | Should -Be (Join-Path $IdentityStore 'h-labels')
        $saved = Import-RancherAgentState -LiteralPath $image.StatePath
        $saved.DockerUuid | Should -Be $image.DockerUuid
        $saved.PhysicalHostUuid | Should -Be $image.PhysicalHostUuid
        (Get-IsoFileText $image.Path '/state/.docker_uuid') | Should -BeExactly $saved.DockerUuid
        (Get-IsoFileText $image.Path '/state/.registration_token') | Should -BeExactly $saved.RegistrationToken
    }

    It 'appends the kernel argument to /boot/global.cfg and leaves the base untouched' {
        $cfg = Get-IsoFileText $images[0].Path '/boot/global.cfg'
        $cfg | Should -Match ([regex]::Escape("panic=10 $datasources"))
        (Get-FileHash -LiteralPath $base).Hash | Should -Be $baseHash
    }

    It 'keeps the image and the state to their owner' {
        (& stat -c '%a' $images[0].Path) | Should -Be '600'
        (& stat -c '%a' (Join-Path $images[0].StatePath '.registration_token')) | Should -Be '600'
        (& stat -c '%a' $images[0].StatePath) | Should -Be '700'
        (& stat -c '%a' $IdentityStore) | Should -Be '700'
    }

    It 'keeps every identity when the same CSV is run again next month, and refuses to overwrite without -Force' {
        $again = @(Import-Csv $csv | New-DisklessHostIso -BaseIso $base -RegistrationUrl $url -OutputDirectory $work -ErrorVariable refused -ErrorAction SilentlyContinue)
        $again | Should -BeNullOrEmpty
        $refused | Should -HaveCount 3
        $refused | ForEach-Object { $_.FullyQualifiedErrorId | Should -Be 'OutputExists,DisklessRancher.Commands.NewDisklessHostIsoCommand' }

        $rebuilt = @(Import-Csv $csv | New-DisklessHostIso -BaseIso $base -RegistrationUrl $url -OutputDirectory $work -Force)
        $rebuilt.DockerUuid | Should -Be $images.DockerUuid
        $rebuilt.PhysicalHostUuid | Should -Be $images.PhysicalHostUuid
    }
}

Describe 'New-DisklessHostIso row by row' {
    It 'fails a bad row and a repeated hostname with errors naming the row, and makes every other row' {
        $work = Join-Path $TestDrive 'rows'
        $null = New-Item -ItemType Directory -Path $work
        $csv = Join-Path $work 'hosts.csv'
        Write-HostsCsv $csv @(
            'good-1,10.0.0.11/24,10.0.0.1,,,,,'
            'bad-address,10.0.0.300/24,,,,,,'
            'good-2,,,,,,true,'
            'good-1,10.0.0.12/24,,,,,,'
        )
        $made = @(Import-Csv $csv | New-DisklessHostIso -BaseIso $base -OutputDirectory $work -ErrorVariable failures -ErrorAction SilentlyContinue)

        $made.Hostname | Should -Be @('good-1', 'good-2')
        $failures | Should -HaveCount 2
        $failures[0].FullyQualifiedErrorId | Should -Be 'InvalidAddress,DisklessRancher.Commands.NewDisklessHostIsoCommand'
        $failures[0].ToString() | Should -Match '^bad-address \(input row 2\): '
        $failures[1].FullyQualifiedErrorId | Should -Be 'DuplicateHostname,DisklessRancher.Commands.NewDisklessHostIsoCommand'
        $failures[1].ToString() | Should -Match '^good-1 \(input row 4\): '
        Join-Path $work 'bad-address.iso' | Should -Not -Exist
        Join-Path $IdentityStore 'bad-address' | Should -Not -Exist
        @(Get-ChildItem -LiteralPath $work -Force | Where-Object Name -Like '.*.tmp') | Should -BeNullOrEmpty
    }

    It 'has every new identity on disk when it returns' {
        & strace -qq -o /dev/null true 2>$null
        if ($LASTEXITCODE -ne 0) {
            Set-ItResult -Skipped -Because 'strace cannot trace processes here (ptrace is not permitted)'
            return
        }
        $work = Join-Path $TestDrive 'durable'
        $trace = Join-Path $TestDrive 'flushes.trace'
        $script = "Import-Module '$env:DISKLESSRANCHER_MODULE'; 'd-1', 'd-2' | ForEach-Object { [pscustomobject]@{ Hostname = `$_ } } | " +
            "New-DisklessHostIso -BaseIso '$base' -RegistrationUrl '$url' -OutputDirectory '$work' | Out-Null"
        & strace -f -y -qq -e trace=fsync,fdatasync -o $trace (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -Command $script
        $LASTEXITCODE | Should -Be 0
        # Flushes run on several threads: strace splits a call that another thread interrupts into an unfinished
        # line and a resumed one of the same thread.
        $flushed = [System.Collections.Generic.List[string]]::new()
        $pending = @{}
        foreach ($line in Get-Content -LiteralPath $trace) {
            if ($line -match '^(\d+) +f(?:data)?sync\(\d+<([^>]+)>\) += 0') { $flushed.Add($Matches[2]) }
            elseif ($line -match '^(\d+) +f(?:data)?sync\(\d+<([^>]+)> <unfinished') { $pending[$Matches[1]] = $Matches[2] }
            elseif ($line -match '^(\d+) +<\.\.\. f(?:data)?sync resumed>\) += 0' -and $pending.ContainsKey($Matches[1])) { $flushed.Add($pending[$Matches[1]]) }
        }
        foreach ($hostname in 'd-1', 'd-2') {
            foreach ($name in '.docker_uuid', '.physical_host_uuid', '.registration_token') {
                Join-Path $IdentityStore "$hostname/$name" | Should -Exist
                $flushed | Should -Contain (Join-Path $IdentityStore "$hostname/$name")
            }
        }
    }

    It 'shows the progress of each image under the progress of the batch' {
        $work = Join-Path $TestDrive 'progress'
        $shell = [powershell]::Create()
        $null = $shell.AddScript(@"
Import-Module '$env:DISKLESSRANCHER_MODULE'
'p-1', 'p-2', 'p-3' | ForEach-Object { [pscustomobject]@{ Hostname = `$_ } } |
    New-DisklessHostIso -BaseIso '$base' -RegistrationUrl '$url' -OutputDirectory '$work'
"@)
        $made = $shell.Invoke()
        $records = @($shell.Streams.Progress)
        $shell.Dispose()

        $made | Should -HaveCount 3
        $batch = @($records | Where-Object ParentActivityId -eq -1)
        $batch.ActivityId | Select-Object -Unique | Should -HaveCount 1
        $batch[-1].RecordType | Should -Be 'Completed'
        $batch[-1].StatusDescription | Should -Be '3 made'
        foreach ($hostname in 'p-1', 'p-2', 'p-3') {
            $image = @($records | Where-Object Activity -eq "Writing the image of $hostname")
            $image | Should -Not -BeNullOrEmpty
            $image.ParentActivityId | Select-Object -Unique | Should -Be $batch[0].ActivityId
            $image[-1].RecordType | Should -Be 'Completed'
        }
        @($records | Where-Object Activity -like 'Writing the image of *').ActivityId | Select-Object -Unique | Should -HaveCount 3
    }

    It 'writes nothing under -WhatIf: no image, no state' {
        $work = Join-Path $TestDrive 'whatif'
        New-DisklessHostIso -Hostname whatif-host -BaseIso $base -OutputDirectory $work -WhatIf
        $work | Should -Not -Exist
        Join-Path $IdentityStore 'whatif-host' | Should -Not -Exist
    }

    It 'refuses to run without a base image, or with a base that does not exist' {
        { New-DisklessHostIso -Hostname h1 -OutputDirectory $TestDrive -ErrorAction Stop } |
            Should -Throw -ErrorId 'BaseIsoRequired,DisklessRancher.Commands.NewDisklessHostIsoCommand'
        { New-DisklessHostIso -Hostname h1 -BaseIso (Join-Path $TestDrive 'missing.iso') -OutputDirectory $TestDrive -ErrorAction Stop } |
            Should -Throw -ErrorId 'PathNotFound,DisklessRancher.Commands.NewDisklessHostIsoCommand'
    }

    It 'says so when the base has no /boot/global.cfg for -KernelArgument' {
        $plain = Invoke-IsoTool $TestDrive 'no-global-cfg' xorriso -as mkisofs -quiet -R -J -V Plain -o '{0}' (Join-Path $PSScriptRoot '../fixtures/boot')
        $out = Join-Path $TestDrive 'no-cfg'
        New-DisklessHostIso -Hostname h1 -BaseIso $plain -OutputDirectory $out -KernelArgument 'panic=5' -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure.FullyQualifiedErrorId | Should -Be 'NoKernelCommandLine,DisklessRancher.Commands.NewDisklessHostIsoCommand'
        $failure[0].ToString() | Should -Match 'no /boot/global.cfg'
        Join-Path $out 'h1.iso' | Should -Not -Exist
    }

    It 'leaves no passwordless console in any boot config with -DisableAutologin, and locks the kernel line' {
        $image = New-DisklessHostIso -Hostname quiet-host -BaseIso $base -OutputDirectory (Join-Path $TestDrive 'autologin') -DisableAutologin
        (Get-IsoFileText $base '/boot/linux-current.cfg') | Should -Match 'rancher.autologin=tty1'
        $configs = @(& isoinfo -R -f -i $image.Path | Where-Object { $_ -like '*.cfg' })
        $configs | Should -Contain '/boot/isolinux/isolinux.cfg'
        $configs | Should -Contain '/boot/linux-current.cfg'
        foreach ($config in $configs) {
            Get-IsoFileText $image.Path $config | Should -Not -Match 'rancher\.(autologin|recovery)' -Because $config
        }
        $global = Get-IsoFileText $image.Path '/boot/global.cfg'
        $global | Should -Match 'console=ttyS0'
        $global | Should -Match '(?m)^ALLOWOPTIONS 0$'
        $global | Should -Match '(?m)^NOESCAPE 1$'
        $menu = Get-IsoFileText $image.Path '/boot/linux-current.cfg'
        $menu | Should -Match '(?m)^DEFAULT rancheros-v1\.5\.8$'
        $menu | Should -Match '(?m)^\s*KERNEL \.\./vmlinuz-'
        $menu | Should -Match 'rancher\.debug=true'
    }

    It 'warns of a base that keeps its state on a local disk, and -RemoveLocalStateArgument leaves the arguments out' {
        $env:AUTOFORMAT = '1'
        try {
            $autoformat = (New-RancherOsTestIso -Path (Join-Path $TestDrive 'autoformat.iso')).FullName
        }
        finally {
            Remove-Item Env:AUTOFORMAT
        }
        $out = Join-Path $TestDrive 'autoformat'
        $kept = New-DisklessHostIso -Hostname af1 -BaseIso $autoformat -OutputDirectory $out -WarningVariable warnings -WarningAction SilentlyContinue
        $warned = @($warnings | Where-Object Message -NotLike '*has no saved identity*')
        $warned | Should -HaveCount 1
        "$warned" | Should -Match ([regex]::Escape('rancher.state.autoformat=[/dev/sda,/dev/vda] rancher.state.dev=LABEL=RANCHER_STATE rancher.state.wait=true'))
        "$warned" | Should -Match 'RemoveLocalStateArgument'
        Get-IsoFileText $kept.Path '/boot/global.cfg' | Should -Match 'rancher\.state\.dev'

        $removed = New-DisklessHostIso -Hostname af2 -BaseIso $autoformat -OutputDirectory $out -RemoveLocalStateArgument -WarningVariable quiet
        $quiet | Where-Object Message -NotLike '*has no saved identity*' | Should -BeNullOrEmpty
        $global = Get-IsoFileText $removed.Path '/boot/global.cfg'
        $global | Should -Not -Match 'rancher\.state'
        $global | Should -Match 'rancher\.autologin=tty1 .*panic=10'
    }
}

Describe 'New-DisklessHostIso with a cloud-config addition' {
    It 'merges the CloudConfigAddition column into each image''s user_data, fails a row that changes our keys, and notes the agent image once' {
        $work = Join-Path $TestDrive 'addition'
        $null = New-Item -ItemType Directory -Path $work
        $proxy = Join-Path $work 'proxy.yaml'
        [IO.File]::WriteAllText($proxy, "rancher:`n  network:`n    http_proxy: http://proxy.lab:3128`n")
        $rename = Join-Path $work 'rename.yaml'
        [IO.File]::WriteAllText($rename, "hostname: other`n")
        $csv = Join-Path $work 'hosts.csv'
        Set-Content -LiteralPath $csv -Value @('Hostname,CloudConfigAddition', "add-1,$proxy", "add-2,$rename", "add-3,$proxy")
        $output = @(Import-Csv $csv | New-DisklessHostIso -BaseIso $base -RegistrationUrl $url -OutputDirectory $work -Verbose -ErrorVariable failure -ErrorAction SilentlyContinue 4>&1)
        $images = @($output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $images.Hostname | Should -Be @('add-1', 'add-3')
        $failure.FullyQualifiedErrorId | Should -Be 'InvalidCloudConfigAddition,DisklessRancher.Commands.NewDisklessHostIsoCommand'
        "$failure" | Should -Match 'add-2'
        Get-IsoFileText $images[0].Path '/openstack/latest/user_data' | Should -Match 'http_proxy: http://proxy.lab:3128'
        @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like '*Invoke-RancherRegistration*' }) | Should -HaveCount 1
        $images | Test-DisklessHostIso -Quiet | Should -Be @($true, $true)
    }
}

Describe 'New-DisklessHostIso from other inputs' {
    It 'takes ready cloud-configs from the pipeline, with the identity they carry' {
        $state = New-RancherAgentState
        $image = New-RancherCloudConfig -Hostname piped -Dhcp true -AgentState $state |
            New-DisklessHostIso -BaseIso $base -OutputDirectory (Join-Path $TestDrive 'piped')
        $image.DockerUuid | Should -Be $state.DockerUuid
        (Get-IsoFileText $image.Path '/state/.docker_uuid') | Should -BeExactly $state.DockerUuid
        $image.StatePath | Should -BeNullOrEmpty
        Join-Path $TestDrive 'piped/state' | Should -Not -Exist
        Join-Path $IdentityStore 'piped' | Should -Not -Exist
    }

    It 'replaces the user_data and state of a base that is already a host image, never duplicating them' {
        $work = Join-Path $TestDrive 'rehost'
        $first = New-DisklessHostIso -Hostname first -BaseIso $base -OutputDirectory $work
        $second = New-DisklessHostIso -Hostname second -BaseIso $first.Path -OutputDirectory $work
        $listing = Get-RockRidgeListing $second.Path
        ([regex]::Matches($listing, 'user_data')).Count | Should -Be 1
        ([regex]::Matches($listing, '\.docker_uuid')).Count | Should -Be 1
        (Get-IsoFileText $second.Path '/openstack/latest/user_data') | Should -Match '(?m)^hostname: second$'
        (Get-IsoFileText $second.Path '/state/.docker_uuid') | Should -BeExactly $second.DockerUuid
        $second.DockerUuid | Should -Not -Be $first.DockerUuid
    }

    It 'takes a hand-written user_data file, and refuses one with a byte order mark' {
        $work = Join-Path $TestDrive 'userdata'
        $null = New-Item -ItemType Directory -Path $work
        $good = Join-Path $work 'good'
        [IO.File]::WriteAllText($good, "#cloud-config`nhostname: handmade`n")
        $image = New-DisklessHostIso -Hostname handmade -UserDataPath $good -BaseIso $base -OutputDirectory $work
        (Get-IsoFileText $image.Path '/openstack/latest/user_data') | Should -Be "#cloud-config`nhostname: handmade"

        $bom = Join-Path $work 'bom'
        [IO.File]::WriteAllText($bom, "#cloud-config`nhostname: bom`n", [Text.UTF8Encoding]::new($true))
        New-DisklessHostIso -Hostname bom -UserDataPath $bom -BaseIso $base -OutputDirectory $work -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure.FullyQualifiedErrorId | Should -Be 'InvalidUserData,DisklessRancher.Commands.NewDisklessHostIsoCommand'
        $failure[0].ToString() | Should -Match 'byte order mark'
    }

    It 'reads user_data as RancherOS does: CRLF taken, UTF-16 and Latin-1 refused saying so, a missing identity copy warned of' {
        $work = Join-Path $TestDrive 'userdata-rules'
        $null = New-Item -ItemType Directory -Path $work
        $crlf = Join-Path $work 'crlf'
        [IO.File]::WriteAllText($crlf, "#cloud-config`r`nhostname: crlf`r`n")
        $image = New-DisklessHostIso -Hostname crlf -UserDataPath $crlf -BaseIso $base -OutputDirectory $work -WarningVariable warned -WarningAction SilentlyContinue
        "$warned" | Should -Match 'neither copies /state.*carries no /state'
        Get-IsoItem -LiteralPath $image.Path -ItemPath /state -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        ($image | Test-DisklessHostIso).Passed | Should -BeTrue
        (($image | Test-DisklessHostIso).Checks | Where-Object Name -eq 'UserDataFormat').Passed | Should -BeTrue

        $utf16 = Join-Path $work 'utf16'
        [IO.File]::WriteAllText($utf16, "#cloud-config`nhostname: wide`n", [Text.UnicodeEncoding]::new($false, $true))
        New-DisklessHostIso -Hostname wide -UserDataPath $utf16 -BaseIso $base -OutputDirectory $work -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure.FullyQualifiedErrorId | Should -Be 'InvalidUserData,DisklessRancher.Commands.NewDisklessHostIsoCommand'
        $failure[0].ToString() | Should -Match 'UTF-16'
        $failure[0].ToString() | Should -Match 'utf8NoBOM'

        $latin1 = Join-Path $work 'latin1'
        [IO.File]::WriteAllBytes($latin1, [Text.Encoding]::Latin1.GetBytes("#cloud-config`nhostname: latin`nruncmd:`n- echo caf$([char]0xE9)`n"))
        New-DisklessHostIso -Hostname latin -UserDataPath $latin1 -BaseIso $base -OutputDirectory $work -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure.FullyQualifiedErrorId | Should -Be 'InvalidUserData,DisklessRancher.Commands.NewDisklessHostIsoCommand'
        $failure[0].ToString() | Should -Match 'not valid UTF-8'

        $copying = Join-Path $work 'copying'
        $lines = @('#cloud-config', 'hostname: copying', 'runcmd:') + ((New-RancherCloudConfig -Hostname x -Dhcp true -AgentState (New-RancherAgentState)).Yaml -split "`n" | Where-Object { $_ -like '- *' })
        [IO.File]::WriteAllText($copying, ($lines -join "`n") + "`n")
        $null = New-DisklessHostIso -Hostname copying -UserDataPath $copying -BaseIso $base -OutputDirectory $work -WarningVariable copied
        $copied | Where-Object Message -NotLike '*has no saved identity*' | Should -BeNullOrEmpty
    }

    It 'reads back the identity of an image made with -StateDelivery WriteFiles' {
        $image = New-DisklessHostIso -Hostname written -BaseIso $base -OutputDirectory (Join-Path $TestDrive 'written') -StateDelivery WriteFiles
        Get-RockRidgeListing $image.Path | Should -Not -Match '\.docker_uuid'
        $state = Import-RancherAgentState -IsoPath $image.Path
        $state.DockerUuid | Should -Be $image.DockerUuid
        $state.PhysicalHostUuid | Should -Be $image.PhysicalHostUuid
    }

    It 'makes a small config-drive-only image for a VM''s second CD drive' {
        $image = New-DisklessHostIso -Hostname vm1 -ConfigDriveOnly -OutputDirectory (Join-Path $TestDrive 'drive') -RegistrationUrl $url
        $image.Length | Should -BeLessThan 1MB
        $image.BaseIso | Should -BeNullOrEmpty
        Get-BlkidLabel $image.Path | Should -Be 'config-2'
        $listing = Get-RockRidgeListing $image.Path
        $listing | Should -Match 'user_data'
        $listing | Should -Match '\.registration_token'
        $listing | Should -Not -Match 'isolinux'
        (Get-IsoFileText $image.Path '/state/.physical_host_uuid') | Should -BeExactly $image.PhysicalHostUuid
        $image | Test-DisklessHostIso -Quiet | Should -BeTrue
        (Import-RancherAgentState -IsoPath $image.Path).DockerUuid | Should -Be $image.DockerUuid
    }
}

Describe 'A host image booted in QEMU' -Tag 'Boot' {
    BeforeAll {
        $script:bootWork = Join-Path $TestDrive 'boot'
        $null = New-Item -ItemType Directory -Path $bootWork
        $csv = Join-Path $bootWork 'hosts.csv'
        Write-HostsCsv $csv @('booted-host,10.0.2.15/24,10.0.2.2,10.0.2.3,,,false,role=worker')
        # -DisableAutologin: the real v1.5.8 menu, without its passwordless entries, must still boot its default entry.
        $script:bootImage = Import-Csv $csv | New-DisklessHostIso -BaseIso $base -RegistrationUrl $url -OutputDirectory $bootWork -KernelArgument $datasources -DisableAutologin
        $script:savedState = $bootImage.StatePath
        $script:userDataHash = (Get-FileHash -InputStream ([IO.MemoryStream]::new(
                    [byte[]] (Get-IsoItemContent -LiteralPath $bootImage.Path -ItemPath /openstack/latest/user_data -AsByteStream)))).Hash.ToLowerInvariant()
        $script:boots = @{ cdrom = Start-IsoBoot -Path $bootImage.Path -As cdrom; disk = Start-IsoBoot -Path $bootImage.Path -As disk }
    }

    AfterAll { Stop-Boot }

    It 'boots as <As>: ISOLINUX starts the kernel with the argument, the drive is found, user_data and state arrive byte-exact' -ForEach @(
        @{ As = 'cdrom' }
        @{ As = 'disk' }
    ) {
        $boot = Receive-Boot $boots[$As]
        $boot.Done | Should -BeTrue -Because $boot.Console
        $boot.CommandLine | Should -Match ([regex]::Escape($datasources))
        $boot.CommandLine | Should -Not -Match 'rancher\.autologin'
        $boot.CommandLine | Should -Match 'console=ttyS0'
        $boot.ConfigDrive | Should -Not -Be 'none'
        $boot.UserDataSha256 | Should -Be $userDataHash
        $boot.FailedCommand | Should -BeNullOrEmpty
        foreach ($name in '.docker_uuid', '.physical_host_uuid', '.registration_token') {
            $expected = ConvertTo-HexString ([IO.File]::ReadAllBytes((Join-Path $savedState $name)))
            $boot.State[$name] | Should -Be $expected -Because "$name must arrive byte-exact"
        }
    }
}

Describe 'Stopping New-DisklessHostIso' {
    It 'stops a batch on Ctrl+C, leaving only complete images and no temporary files' {
        $bigBase = (New-RancherOsTestIso -Path (Join-Path $TestDrive 'big.iso') -PadMiB 48).FullName
        $out = Join-Path $TestDrive 'stopped'
        $shell = [powershell]::Create()
        $null = $shell.AddScript(@"
Import-Module '$env:DISKLESSRANCHER_MODULE'
1..200 | ForEach-Object { [pscustomobject]@{ Hostname = 'stop-{0:d3}' -f `$_ } } |
    New-DisklessHostIso -BaseIso '$bigBase' -OutputDirectory '$out'
"@)
        $running = $shell.BeginInvoke()
        # Images are made side by side and may end in any order; the test process may run at a low priority.
        $deadline = [DateTime]::UtcNow.AddMinutes(5)
        while (@(Get-ChildItem -LiteralPath $out -Filter '*.iso' -ErrorAction Ignore).Count -lt 2 -and [DateTime]::UtcNow -lt $deadline) {
            Start-Sleep -Milliseconds 50
        }
        $shell.Stop()
        $running.IsCompleted | Should -BeTrue
        $shell.InvocationStateInfo.State | Should -Be 'Stopped'
        $shell.Dispose()

        $images = @(Get-ChildItem -LiteralPath $out -Filter '*.iso')
        $images.Count | Should -BeGreaterOrEqual 2
        $images.Count | Should -BeLessThan 200
        @(Get-ChildItem -LiteralPath $out -Force -Filter '*.tmp') | Should -BeNullOrEmpty
        $images | Test-DisklessHostIso -Quiet | Should -Not -Contain $false
        foreach ($image in $images) {
            Join-Path $IdentityStore "$($image.BaseName)/.registration_token" | Should -Exist
        }
    }
}
