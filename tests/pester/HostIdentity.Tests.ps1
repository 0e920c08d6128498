BeforeAll {
    . "$PSScriptRoot/Common.ps1"

    $script:url = 'http://rancher.lab:8080/v1/scripts/0123456789ABCDEF0123:1700000000000:c2lnbmF0dXJl'
    $script:base = (New-RancherOsTestIso -Path (Join-Path $TestDrive 'rancheros.iso')).FullName
    $script:pwsh = Join-Path $PSHOME 'pwsh'
    $script:errorSuffix = ',DisklessRancher.Commands.NewDisklessHostIsoCommand'

    function Get-Identity {
        # Each identity folder of a store: its name and how many state files it holds.
        param([string] $Store)
        foreach ($folder in @(Get-ChildItem -LiteralPath $Store -Directory -Force -ErrorAction SilentlyContinue)) {
            [pscustomobject]@{ Name = $folder.Name; Files = @(Get-ChildItem -LiteralPath $folder.FullName -Force -File).Count }
        }
    }

    function Suspend-Batch {
        # Stops a process and waits until each of its threads has stopped: one inside a system call (a copy, a
        # rename) stops only when the call returns.
        param([int] $Id)
        & kill -STOP $Id
        do {
            $running = @(Get-ChildItem -LiteralPath "/proc/$Id/task" -ErrorAction SilentlyContinue | Where-Object {
                $stat = Get-Content -Raw -LiteralPath "$($_.FullName)/stat" -ErrorAction SilentlyContinue
                $stat -and $stat.Substring($stat.LastIndexOf(')') + 2, 1) -notin 'T', 't', 'Z', 'X'
            })
        } while ($running)
    }

    function Start-Batch {
        # A batch in a pwsh of its own (as a scheduled task runs it), its results exported for the test to read.
        param([string] $Script, [string] $Results)
        $command = "Import-Module '$env:DISKLESSRANCHER_MODULE'; `$ErrorActionPreference = 'Continue'; " +
            "`$made = @($Script -ErrorVariable failed 2>`$null); " +
            "[pscustomobject]@{ Made = `$made; Failed = @(`$failed | ForEach-Object FullyQualifiedErrorId) } | Export-Clixml -LiteralPath '$Results'"
        Start-Process -FilePath $pwsh -ArgumentList '-NoProfile', '-NonInteractive', '-Command', $command -PassThru
    }
}

Describe 'One identity per host, wherever the images go' -Tag LinuxOnly {
    It 'keeps every DockerUuid when the same CSV runs again into another folder, from another current folder, or with -OutFile' {
        $csv = Join-Path $TestDrive 'hosts.csv'
        'Hostname,Dhcp', 'keep-1,true', 'keep-2,true', 'keep-3,true' | Set-Content -LiteralPath $csv
        $first = @(Import-Csv $csv | New-DisklessHostIso -BaseIso $base -RegistrationUrl $url -OutputDirectory (Join-Path $TestDrive 'run-1') -WarningVariable announced 3>$null)
        $announced | Should -HaveCount 3
        $announced[0].Message | Should -BeLike "*keep-1*$(Join-Path $IdentityStore 'keep-1')*register with Rancher again*"
        $first.StatePath | Should -Be @('keep-1', 'keep-2', 'keep-3' | ForEach-Object { Join-Path $IdentityStore $_ })

        $elsewhere = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'elsewhere')
        Push-Location $elsewhere
        try {
            $second = @(Import-Csv $csv | New-DisklessHostIso -BaseIso $base -RegistrationUrl $url -OutputDirectory (Join-Path $TestDrive 'run-2') -WarningVariable again)
            $single = New-DisklessHostIso -Hostname keep-2 -Dhcp $true -BaseIso $base -RegistrationUrl $url -OutFile 'keep-2.iso'
        }
        finally {
            Pop-Location
        }
        $again | Should -BeNullOrEmpty
        $second.DockerUuid | Should -Be $first.DockerUuid
        $second.PhysicalHostUuid | Should -Be $first.PhysicalHostUuid
        $single.DockerUuid | Should -Be $first[1].DockerUuid
        $single.Path | Should -Be (Join-Path $elsewhere 'keep-2.iso')
        Join-Path $elsewhere 'state' | Should -Not -Exist
    }

    It 'gives RANCHER-HOST-01 and rancher-host-01 one identity, in one lowercase folder' {
        $upper = New-DisklessHostIso -Hostname RANCHER-HOST-01 -Dhcp $true -ConfigDriveOnly -OutputDirectory (Join-Path $TestDrive 'case-1') 3>$null
        $lower = New-DisklessHostIso -Hostname rancher-host-01 -Dhcp $true -ConfigDriveOnly -OutputDirectory (Join-Path $TestDrive 'case-2') -WarningVariable warned
        $warned | Should -BeNullOrEmpty
        $lower.DockerUuid | Should -Be $upper.DockerUuid
        $upper.StatePath | Should -Be (Join-Path $IdentityStore 'rancher-host-01')
        @(Get-Identity $IdentityStore | Where-Object Name -EQ 'rancher-host-01').Count | Should -Be 1
    }

    It 'refuses two folders differing only by case, naming both' {
        $store = Join-Path $TestDrive 'two-cases'
        New-RancherAgentState | Export-RancherAgentState -Path (Join-Path $store 'web-01')
        New-RancherAgentState | Export-RancherAgentState -Path (Join-Path $store 'WEB-01')
        New-DisklessHostIso -Hostname Web-01 -Dhcp $true -ConfigDriveOnly -StateDirectory $store -OutputDirectory $store -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.FullyQualifiedErrorId | Should -Be "StateFolderAmbiguous$errorSuffix"
        $failed[0].ToString() | Should -BeLike "*$(Join-Path $store 'web-01')*$(Join-Path $store 'WEB-01')*"
    }

    It 'still reads identities kept in <OutputDirectory>/state by older versions, saying how to move them' {
        $out = Join-Path $TestDrive 'upgraded'
        $old = New-RancherAgentState
        $old | Export-RancherAgentState -Path (Join-Path $out 'state/old-host')
        $image = New-DisklessHostIso -Hostname old-host -Dhcp $true -ConfigDriveOnly -OutputDirectory $out -WarningVariable warned 3>$null
        $image.DockerUuid | Should -Be $old.DockerUuid
        $image.StatePath | Should -Be (Join-Path $out 'state/old-host')
        $warned | Should -HaveCount 1
        $warned[0].Message | Should -BeLike "*Move-Item -Path '$(Join-Path $out 'state/*')' -Destination '$IdentityStore'*"
        Join-Path $IdentityStore 'old-host' | Should -Not -Exist
    }

    It 'reports a partial identity folder with its fix, and never uses it' {
        $store = Join-Path $TestDrive 'partial'
        $folder = New-Item -ItemType Directory -Path (Join-Path $store 'half-host')
        [IO.File]::WriteAllText((Join-Path $folder '.docker_uuid'), [guid]::NewGuid().ToString())
        New-DisklessHostIso -Hostname half-host -Dhcp $true -ConfigDriveOnly -StateDirectory $store -OutputDirectory $store -ErrorVariable failed -ErrorAction SilentlyContinue |
            Should -BeNullOrEmpty
        $failed.FullyQualifiedErrorId | Should -Be "IncompleteIdentity$errorSuffix"
        $failed[0].ToString() | Should -BeLike "*Remove-Item -LiteralPath '$folder' -Recurse -Force*"
        Join-Path $store 'half-host.iso' | Should -Not -Exist
    }
}

Describe 'Partial identity folders' -Tag LinuxOnly {
    It 'completes a partial identity folder from the host''s image when the image carries that identity' {
        $store = Join-Path $TestDrive 'completed'
        $state = New-RancherAgentState
        $null = New-DisklessHostIso -Hostname whole-host -Dhcp $true -AgentState $state -ConfigDriveOnly -OutputDirectory $store
        $folder = New-Item -ItemType Directory -Path (Join-Path $store 'whole-host')
        [IO.File]::WriteAllText((Join-Path $folder '.docker_uuid'), $state.DockerUuid)

        $image = New-DisklessHostIso -Hostname whole-host -Dhcp $true -ConfigDriveOnly -StateDirectory $store -OutputDirectory $store -Force -WarningVariable warned 3>$null
        $image.DockerUuid | Should -Be $state.DockerUuid
        $warned[0].Message | Should -BeLike "*lacks a file*$(Join-Path $store 'whole-host.iso')*completed from it*"
        (Import-RancherAgentState -LiteralPath $folder.FullName).RegistrationToken | Should -Be $state.RegistrationToken
    }
}

Describe 'Runs that are killed, starved or doubled' -Tag LinuxOnly {
    BeforeAll {
        $script:mounts = [System.Collections.Generic.List[string]]::new()
        function New-MemoryFileSystem {
            param([string] $Path, [string] $Size)
            $null = New-Item -ItemType Directory -Path $Path
            & mount -t tmpfs -o "size=$Size" tmpfs $Path
            if ($LASTEXITCODE -ne 0) { throw "Could not mount a tmpfs on $Path." }
            $mounts.Add($Path)
        }
    }

    AfterAll {
        foreach ($mount in $mounts) { & umount $mount }
    }

    It 'leaves no partial identity when killed with -9, and the rerun completes and cleans up' {
        $bigBase = (New-RancherOsTestIso -Path (Join-Path $TestDrive 'big.iso') -PadMiB 64).FullName
        # Images are written to a tmpfs, which copies the base rather than cloning it, so that writing one takes long
        # enough to be caught.
        $out = Join-Path $TestDrive 'killed'
        New-MemoryFileSystem $out '2g'
        $store = Join-Path $TestDrive 'killed-store'
        $rows = "1..12 | ForEach-Object { [pscustomobject]@{ Hostname = 'kill-{0:d2}' -f `$_ } }"
        $batch = "$rows | New-DisklessHostIso -BaseIso '$bigBase' -OutputDirectory '$out' -StateDirectory '$store'"
        $process = Start-Batch $batch (Join-Path $TestDrive 'killed.xml')
        $deadline = [DateTime]::UtcNow.AddSeconds(300)
        # Killed while an image is being written: the third is in place and a later one is still a temporary file.
        # The run is looked at only while it is frozen and goes on a few milliseconds between looks, so that no image
        # can be finished between the last look and the kill.
        while ([DateTime]::UtcNow -lt $deadline -and -not $process.HasExited) {
            Suspend-Batch $process.Id
            if ((Test-Path (Join-Path $out 'kill-03.iso')) -and (Get-ChildItem -LiteralPath $out -Force -Filter '.*.tmp')) { break }
            & kill -CONT $process.Id
        }
        $process.Kill()
        $process.WaitForExit()

        $left = @(Get-Identity $store | Where-Object Name -NotLike '.*')
        $left.Count | Should -BeGreaterOrEqual 3
        $left | ForEach-Object { $_.Files | Should -Be 3 -Because "$($_.Name) must be complete or absent" }
        @(Get-ChildItem -LiteralPath $out -Force -Filter '.*.tmp') | Should -Not -BeNullOrEmpty -Because 'the killed run was writing an image'
        $before = @{}
        foreach ($identity in $left) { $before[$identity.Name] = (Import-RancherAgentState -LiteralPath (Join-Path $store $identity.Name)).DockerUuid }

        $rerun = @(Invoke-Expression "$batch -Force")
        $rerun | Should -HaveCount 12
        foreach ($image in $rerun) {
            if ($before.ContainsKey($image.Hostname)) { $image.DockerUuid | Should -Be $before[$image.Hostname] }
        }
        @(Get-ChildItem -LiteralPath $out -Force -Filter '.*.tmp') | Should -BeNullOrEmpty
        @(Get-ChildItem -LiteralPath $store -Force -Directory -Filter '.*') | Should -BeNullOrEmpty
        @(Get-Identity $store).Count | Should -Be 12
    }

    It 'leaves no partial identity when the file system fills up, and the rerun completes' {
        $small = Join-Path $TestDrive 'small'
        New-MemoryFileSystem $small '4m'
        $filler = Join-Path $small 'filler'
        [IO.File]::WriteAllBytes($filler, [byte[]]::new(3940KB))
        $out = Join-Path $small 'out'
        $store = Join-Path $small 'store'
        $rows = 1..30 | ForEach-Object { [pscustomobject]@{ Hostname = 'full-{0:d2}' -f $_; Dhcp = 'true' } }

        $made = @($rows | New-DisklessHostIso -ConfigDriveOnly -OutputDirectory $out -StateDirectory $store -ErrorVariable failed -ErrorAction SilentlyContinue 3>$null)
        $failed | Should -Not -BeNullOrEmpty
        $made.Count | Should -BeLessThan 30
        @(Get-Identity $store) | ForEach-Object { $_.Name | Should -Not -BeLike '.*'; $_.Files | Should -Be 3 }
        @(Get-ChildItem -LiteralPath $out -Force -Filter '.*.tmp' -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty
        foreach ($image in $made) {
            $image.Sha256 | Should -Be (Get-FileHash -LiteralPath $image.Path).Hash.ToLowerInvariant()
        }

        Remove-Item -LiteralPath $filler
        $rerun = @($rows | New-DisklessHostIso -ConfigDriveOnly -OutputDirectory $out -StateDirectory $store -Force 3>$null)
        $rerun | Should -HaveCount 30
        foreach ($image in $made) { ($rerun | Where-Object Hostname -EQ $image.Hostname).DockerUuid | Should -Be $image.DockerUuid }
        @(Get-Identity $store).Count | Should -Be 30
    }

    It 'never lets a concurrent run replace an image without -Force; every returned Sha256 matches the file' {
        $out = Join-Path $TestDrive 'concurrent'
        $store = Join-Path $TestDrive 'concurrent-store'
        $batch = "1..15 | ForEach-Object { [pscustomobject]@{ Hostname = 'twin-{0:d2}' -f `$_; Dhcp = 'true' } } | " +
            "New-DisklessHostIso -BaseIso '$base' -OutputDirectory '$out' -StateDirectory '$store'"
        $runs = 'a', 'b' | ForEach-Object { Start-Batch $batch (Join-Path $TestDrive "concurrent-$_.xml") }
        $runs | ForEach-Object { $_.WaitForExit(120000) | Should -BeTrue }
        $a = Import-Clixml (Join-Path $TestDrive 'concurrent-a.xml')
        $b = Import-Clixml (Join-Path $TestDrive 'concurrent-b.xml')

        $twice = @($a.Made.Hostname | Where-Object { $_ -in $b.Made.Hostname })
        $twice | Should -BeNullOrEmpty -Because 'no image may be made by both runs'
        ($a.Made.Count + $b.Made.Count) | Should -Be 15 -Because "made by a: $($a.Made.Hostname -join ', '); by b: $($b.Made.Hostname -join ', ')"
        @($a.Failed) + @($b.Failed) | Should -HaveCount 15
        @($a.Failed) + @($b.Failed) | ForEach-Object { $_ | Should -Be "OutputExists$errorSuffix" }
        foreach ($image in @($a.Made) + @($b.Made)) {
            $image.Sha256 | Should -Be (Get-FileHash -LiteralPath $image.Path).Hash.ToLowerInvariant()
            (Import-RancherAgentState -IsoPath $image.Path).DockerUuid | Should -Be (Import-RancherAgentState -LiteralPath $image.StatePath).DockerUuid
        }
        @(Get-Identity $store).Count | Should -Be 15
    }

    It 'refuses an -OutFile that is the base under another name, even with -Force' {
        $copy = Join-Path $TestDrive 'guard.iso'
        Copy-Item -LiteralPath $base -Destination $copy
        $link = Join-Path $TestDrive 'GUARD-link.iso'
        & ln $copy $link
        New-DisklessHostIso -Hostname guard -Dhcp $true -BaseIso $copy -OutFile $link -Force -ErrorVariable failed -ErrorAction SilentlyContinue 3>$null
        $failed.FullyQualifiedErrorId | Should -Be "OutputIsBase$errorSuffix"
        (Get-FileHash -LiteralPath $copy).Hash | Should -Be (Get-FileHash -LiteralPath $base).Hash
    }
}

Describe 'The CSV contract' {
    It 'warns once per batch about a misspelt column, suggesting the parameter' {
        $csv = Join-Path $TestDrive 'misspelt.csv'
        'Hostname,Adress,Dnss,IP', 'typo-1,10.0.0.5/24,10.0.0.1,10.0.0.5', 'typo-2,10.0.0.6/24,10.0.0.1,10.0.0.6' | Set-Content -LiteralPath $csv
        $made = @(Import-Csv $csv | New-DisklessHostIso -Dhcp $true -ConfigDriveOnly -OutputDirectory (Join-Path $TestDrive 'typo') -WarningVariable warned 3>$null)
        $made | Should -HaveCount 2
        $columns = @($warned | Where-Object Message -Like '*reads no column*')
        $columns | Should -HaveCount 1
        $columns[0].Message | Should -BeLike "*'Adress' (did you mean Address?)*'Dnss' (did you mean Dns?)*'IP' (did you mean Address?)*"
    }

    It 'matches header names after trimming spaces' {
        $csv = Join-Path $TestDrive 'padded.csv'
        'Hostname ,  Address,Gateway ,Mtu ', 'padded-1,10.0.0.7/24,10.0.0.1,1400' | Set-Content -LiteralPath $csv
        $image = Import-Csv $csv | New-DisklessHostIso -ConfigDriveOnly -OutputDirectory (Join-Path $TestDrive 'padded') -WarningVariable warned 3>$null
        $image.Hostname | Should -Be 'padded-1'
        $userData = [Text.Encoding]::UTF8.GetString((Get-IsoItemContent -LiteralPath $image.Path -ItemPath /openstack/latest/user_data -AsByteStream))
        $userData | Should -Match '10\.0\.0\.7/24'
        $userData | Should -Match 'mtu: 1400'
        @($warned | Where-Object Message -Like '*reads no column*') | Should -BeNullOrEmpty
    }

    It 'fails a row whose AgentState or StateDelivery cell does not convert, naming it, and keeps the later row numbers' {
        $state = Join-Path $TestDrive 'given-state'
        New-RancherAgentState | Export-RancherAgentState -Path $state
        $csv = Join-Path $TestDrive 'identity-cells.csv'
        'Hostname,Dhcp,AgentState,StateDelivery', 'cell-1,true,,', 'cell-2,true,,Floppy', "cell-3,true,$(Join-Path $TestDrive 'no-such-state'),",
            "cell-4,true,$state,WriteFiles", 'cell-5,true,,bad' | Set-Content -LiteralPath $csv
        $made = @(Import-Csv $csv | New-DisklessHostIso -ConfigDriveOnly -StateDirectory (Join-Path $TestDrive 'cells-store') -OutputDirectory (Join-Path $TestDrive 'cells') -ErrorVariable failed -ErrorAction SilentlyContinue 3>$null)
        $made.Hostname | Should -Be @('cell-1', 'cell-4')
        $failed.FullyQualifiedErrorId | Should -Be @("InvalidStateDelivery$errorSuffix", "InvalidAgentState$errorSuffix", "InvalidStateDelivery$errorSuffix")
        $failed[0].ToString() | Should -BeLike "cell-2 (input row 2): *StateDelivery 'Floppy'*ConfigDrive or WriteFiles*"
        $failed[1].ToString() | Should -BeLike "cell-3 (input row 3): *AgentState '*no-such-state'*not a readable state folder*"
        $failed[2].ToString() | Should -BeLike "cell-5 (input row 5): *"
    }

    It 'stops a CSV read with the wrong delimiter, saying to use Import-Csv -Delimiter' {
        $csv = Join-Path $TestDrive 'semicolon.csv'
        'Hostname;Address', 'semi-1;10.0.0.8/24' | Set-Content -LiteralPath $csv
        { Import-Csv $csv | New-DisklessHostIso -ConfigDriveOnly -OutputDirectory (Join-Path $TestDrive 'semi') -ErrorAction Stop } |
            Should -Throw -ErrorId "CsvDelimiter$errorSuffix" -ExpectedMessage '*Import-Csv -Delimiter ";"*'
        Join-Path $TestDrive 'semi' | Should -Not -Exist
    }

    It 'refuses settings that -UserDataPath or -CloudConfig would drop' {
        $userData = Join-Path $TestDrive 'user_data'
        [IO.File]::WriteAllText($userData, "#cloud-config`nhostname: own`n")
        New-DisklessHostIso -Hostname own -UserDataPath $userData -Address 10.0.0.9/24 -ConfigDriveOnly -OutputDirectory $TestDrive -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.FullyQualifiedErrorId | Should -Be "SettingsNotApplicable$errorSuffix"
        $failed[0].ToString() | Should -BeLike '*-Address*'
        $config = New-RancherCloudConfig -Hostname cc -Dhcp $true
        $config | New-DisklessHostIso -Mtu 1400 -ConfigDriveOnly -OutputDirectory $TestDrive -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused.FullyQualifiedErrorId | Should -Be "SettingsNotApplicable$errorSuffix"
        $refused[0].ToString() | Should -BeLike '*-Mtu*'
    }

    It 'gives every bad row of a 500-row hostile CSV exactly one error naming its host and input row, and every good row one image' -Tag Slow {
        $lines = [System.Collections.Generic.List[string]]::new()
        $lines.Add('Hostname,Address,Gateway,Mtu,Dhcp,HostLabel')
        $expected = [System.Collections.Generic.List[object]]::new()
        $good = [System.Collections.Generic.List[string]]::new()
        for ($row = 1; $row -le 500; $row++) {
            $name = 'node-{0:d3}' -f $row
            switch ($row % 10) {
                1 { $lines.Add("$name,,,15OO,false,"); $expected.Add(@($row, 'InvalidMtu', $name, '15OO')) }
                2 { $lines.Add("$name,,,,maybe,"); $expected.Add(@($row, 'InvalidDhcp', $name, 'maybe')) }
                3 { $lines.Add(",10.0.0.1/24,,,false,"); $expected.Add(@($row, 'InvalidHostname', '', '')) }
                4 { $lines.Add("$name,,,,true,role"); $expected.Add(@($row, 'InvalidHostLabel', $name, 'role')) }
                5 { $lines.Add("$name,10.0.0.300/24,,,false,"); $expected.Add(@($row, 'InvalidAddress', $name, '10.0.0.300/24')) }
                6 {
                    if ($good.Count -eq 0) { $lines.Add("$name,,,,true,"); $good.Add($name) }
                    else { $twin = $good[$good.Count - 1]; $lines.Add("$twin,,,,true,"); $expected.Add(@($row, 'DuplicateHostname', $twin, '')) }
                }
                # A cell over two lines: the file's line numbers run ahead of the input rows.
                7 { $lines.Add("`"$name`",`"10.1.0.7/24`",,`"1500`",`"false`",`"role=worker;`nzone=a`""); $good.Add($name) }
                default { $lines.Add("$name,,,,true,"); $good.Add($name) }
            }
        }
        $csv = Join-Path $TestDrive 'hostile.csv'
        $lines | Set-Content -LiteralPath $csv
        $store = Join-Path $TestDrive 'hostile-store'
        $elapsed = Measure-Command {
            $script:made = @(Import-Csv $csv | New-DisklessHostIso -ConfigDriveOnly -RegistrationUrl $url -OutputDirectory (Join-Path $TestDrive 'hostile') -StateDirectory $store `
                    -ErrorVariable failed -ErrorAction SilentlyContinue -InformationVariable summary 3>$null)
        }

        $made.Hostname | Should -Be $good
        $failed | Should -HaveCount $expected.Count
        $index = 0
        foreach ($bad in $expected) {
            $row, $id, $hostname, $value = $bad
            $failure = $failed[$index++]
            $failure.FullyQualifiedErrorId | Should -Be "$id$errorSuffix"
            $prefix = if ($hostname) { "$hostname (input row $row): " } else { "(no hostname) (input row $row): " }
            $failure.ToString() | Should -BeLike "$([WildcardPattern]::Escape($prefix))*$([WildcardPattern]::Escape($value))*"
        }
        $summary[-1].MessageData | Should -BeLike "$($good.Count) made, $($expected.Count) failed: node-001 (input row 1), node-002 (input row 2), input row 3, *"
        $elapsed.TotalSeconds | Should -BeLessThan 60
    }
}

Describe 'Scheduled scripts' -Tag LinuxOnly {
    BeforeAll {
        . "$PSScriptRoot/CattleServer.ps1"
        $script:server = Start-CattleServer
    }

    AfterAll {
        Stop-CattleServer $server
    }

    It 'runs the README''s Remove-RancherHost clean-up under -NonInteractive, keeping the newest of each hostname' {
        $old = Add-CattleHost $server -Hostname twice
        $new = Add-CattleHost $server -Hostname twice
        $single = Add-CattleHost $server -Hostname once
        $readme = Get-Content -Raw -LiteralPath (Join-Path $PSScriptRoot '../../README.md')
        $cleanUp = [regex]::Match($readme, '(?m)^Get-RancherHost -Duplicate \|.*\r?\n.*Remove-RancherHost.*$').Value -replace '\s+#.*$'
        $cleanUp | Should -Not -BeNullOrEmpty
        $env:RANCHER_URL = $server.Url
        $env:RANCHER_ACCESS_KEY = $CattleKeys.EnvAccess
        $env:RANCHER_SECRET_KEY = $CattleKeys.EnvSecret
        try {
            $script = Join-Path $TestDrive 'clean-up.ps1'
            "Import-Module '$env:DISKLESSRANCHER_MODULE'", "`$ErrorActionPreference = 'Stop'",
            "`$PSDefaultParameterValues['*-RancherHost:AllowUnencryptedAuthentication'] = `$true", $cleanUp | Set-Content -LiteralPath $script
            $output = & $pwsh -NoProfile -NonInteractive -File $script 2>&1
        }
        finally {
            Remove-Item Env:RANCHER_URL, Env:RANCHER_ACCESS_KEY, Env:RANCHER_SECRET_KEY
        }
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
        Get-CattleHostState $server $old | Should -BeIn 'removing', 'removed'
        Get-CattleHostState $server $new | Should -Be 'active'
        Get-CattleHostState $server $single | Should -Be 'active'
    }

    It 'exits non-zero from pwsh -File when a row failed, with the pattern the README shows' {
        $csv = Join-Path $TestDrive 'scheduled.csv'
        'Hostname,Address,Mtu', 'sched-1,10.0.0.5/24,1500', 'sched-2,10.0.0.6/24,15OO' | Set-Content -LiteralPath $csv
        $script = Join-Path $TestDrive 'scheduled.ps1'
        @"
Import-Module '$env:DISKLESSRANCHER_MODULE'
Import-Csv '$csv' | New-DisklessHostIso -ConfigDriveOnly -OutputDirectory '$(Join-Path $TestDrive 'sched')' -ErrorVariable failed -InformationAction Continue
if (`$failed) { exit 1 }
"@ | Set-Content -LiteralPath $script
        $output = & $pwsh -NoProfile -NonInteractive -File $script 2>&1
        $LASTEXITCODE | Should -Be 1
        ($output -join "`n") | Should -BeLike '*1 made, 1 failed: sched-2 (input row 2).*'
        Join-Path $TestDrive 'sched/sched-1.iso' | Should -Exist
    }
}
