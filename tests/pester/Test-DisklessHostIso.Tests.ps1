BeforeAll {
    . "$PSScriptRoot/Common.ps1"
    . "$PSScriptRoot/IsoTestImages.ps1"

    $script:base = (New-RancherOsTestIso -Path (Join-Path $TestDrive 'base.iso')).FullName
    $script:url = 'http://rancher.example:8080/v1/scripts/0123456789ABCDEF:1514678400000:abcdefghij'
    $script:allChecks = 'VolumeLabel', 'UserDataPresent', 'UserDataFormat', 'UserDataParses', 'StateFiles', 'BootInfoTable', 'IsohybridMbr', 'Partitions', 'NamesVisible'

    function New-HostTree {
        # A folder laid out as the config drive: openstack/latest/user_data and state/, as the users' guide makes it.
        param([string] $Name, [string] $Hostname = 'h1', $State = (New-RancherAgentState), [string] $StateDelivery = 'ConfigDrive')
        $tree = Join-Path $TestDrive "tree-$Name"
        $null = New-Item -ItemType Directory -Force -Path "$tree/openstack/latest"
        $config = @{ Hostname = $Hostname; RegistrationUrl = $url; StateDelivery = $StateDelivery; Path = "$tree/openstack/latest/user_data" }
        if ($State) { $config.AgentState = $State }
        New-RancherCloudConfig @config
        if ($State -and $StateDelivery -eq 'ConfigDrive') { $State | Export-RancherAgentState -Path "$tree/state" }
        $tree
    }

    function New-HostIsoByHand {
        # The guide's way: the base plus the tree, appended by xorriso with every boot path replayed.
        param([string] $Name, [string] $Tree, [string] $Label = 'config-2')
        $iso = Join-Path $TestDrive "$Name.iso"
        Copy-Item -LiteralPath $base -Destination $iso
        $map = foreach ($folder in 'openstack', 'state') {
            if (Test-Path -LiteralPath "$Tree/$folder") { '-map', "$Tree/$folder", "/$folder" }
        }
        $out = & xorriso -dev $iso -joliet on -boot_image any replay -volid $Label @map -commit 2>&1
        if ($LASTEXITCODE -ne 0) { throw "xorriso failed for ${iso}: $out" }
        $iso
    }

    function Set-UserData {
        # Rewrites the tree's user_data with exact bytes.
        param([string] $Tree, [byte[]] $Bytes)
        [System.IO.File]::WriteAllBytes("$Tree/openstack/latest/user_data", $Bytes)
    }

    function Get-UserDataText([string] $Tree) { [System.IO.File]::ReadAllText("$Tree/openstack/latest/user_data") }

    function Edit-ImageByte {
        # Writes bytes into a copy of an image at an absolute offset.
        param([string] $Source, [string] $Name, [long] $Offset, [byte[]] $Bytes)
        $copy = Join-Path $TestDrive "$Name.iso"
        Copy-Item -LiteralPath $Source -Destination $copy
        $stream = [System.IO.File]::Open($copy, 'Open', 'ReadWrite')
        try { $stream.Position = $Offset; $stream.Write($Bytes, 0, $Bytes.Length) } finally { $stream.Dispose() }
        $copy
    }

    function Get-Check($Result, [string] $Name) { $Result.Checks | Where-Object Name -EQ $Name }

    $script:goodState = New-RancherAgentState
    $script:goodTree = New-HostTree -Name good -Hostname 'node-01' -State $goodState
    $script:good = New-HostIsoByHand -Name good -Tree $goodTree
}

Describe 'Test-DisklessHostIso on an image made the guide''s way' {
    It 'passes every check of a good host image, reports its hostname, and tools agree' {
        $result = Test-DisklessHostIso -Path $good
        $result.Passed | Should -BeTrue -Because (($result.Checks | Out-String -Width 300))
        $result.Path | Should -Be $good
        $result.Hostname | Should -BeExactly 'node-01'
        $result.Checks.Name | Should -Be $allChecks
        $result.FailedChecks | Should -HaveCount 0
        (Get-Check $result UserDataParses).Detail | Should -BeLike "*hostname 'node-01'*"
        (Get-Check $result StateFiles).Detail | Should -BeLike '*runcmd copies them*'
        (Get-Check $result BootInfoTable).Detail | Should -BeLike '*checksum valid*'
        (Get-Check $result NamesVisible).Detail | Should -BeLike '*Rock Ridge and Joliet*/state/.registration_token*'
        Get-BlkidLabel $good | Should -BeExactly 'config-2'
        Get-XorrisoBootReport $good | Should -Match 'boot-info-table'
        Get-XorrisoBootReport $good | Should -Match 'MBR isohybrid'
    }

    It 'fails only VolumeLabel when the label was left RancherOS' {
        $result = Test-DisklessHostIso -Path (New-HostIsoByHand -Name label -Tree $goodTree -Label RancherOS)
        $result.FailedChecks | Should -Be @('VolumeLabel')
        (Get-Check $result VolumeLabel).Detail | Should -BeLike "PVD 'RancherOS', Joliet SVD (LBA *) 'RancherOS':*config-2*"
    }

    It 'fails VolumeLabel when only the PVD says config-2, as blkid then reports the Joliet label' {
        $left = New-HostIsoByHand -Name label-left -Tree $goodTree -Label RancherOS
        $pvdOnly = Edit-ImageByte -Source $left -Name pvd-only -Offset (16 * 2048 + 40) -Bytes ([Text.Encoding]::ASCII.GetBytes('config-2'.PadRight(32)))
        Get-BlkidLabel $pvdOnly | Should -BeExactly 'RancherOS'
        $result = Test-DisklessHostIso -LiteralPath $pvdOnly
        $result.FailedChecks | Should -Be @('VolumeLabel')
        (Get-Check $result VolumeLabel).Detail | Should -BeLike "PVD 'config-2', Joliet SVD (LBA *) 'RancherOS':*"
    }

    It 'fails only UserDataPresent without user_data, and says the dependent checks were not made' {
        $tree = New-HostTree -Name nouserdata
        Remove-Item -Recurse -LiteralPath "$tree/openstack"
        $result = Test-DisklessHostIso (New-HostIsoByHand -Name nouserdata -Tree $tree)
        $result.FailedChecks | Should -Be @('UserDataPresent')
        (Get-Check $result UserDataPresent).Detail | Should -BeLike '/openstack/latest/user_data is missing*'
        (Get-Check $result UserDataParses).Detail | Should -BeLike 'Not checked*'
        $result.Hostname | Should -BeNullOrEmpty
    }

    It 'fails only UserDataFormat for a byte order mark' {
        $tree = New-HostTree -Name bom
        Set-UserData $tree ([byte[]](0xEF, 0xBB, 0xBF) + [Text.Encoding]::UTF8.GetBytes((Get-UserDataText $tree)))
        $result = Test-DisklessHostIso (New-HostIsoByHand -Name bom -Tree $tree)
        $result.FailedChecks | Should -Be @('UserDataFormat')
        (Get-Check $result UserDataFormat).Detail | Should -BeLike '*byte order mark (EF BB BF)*'
    }

    It 'passes CRLF line endings, which RancherOS trims from the first line, and fails UserDataFormat for UTF-16, saying so' {
        $tree = New-HostTree -Name crlf
        Set-UserData $tree ([Text.Encoding]::UTF8.GetBytes(((Get-UserDataText $tree) -replace "`n", "`r`n")))
        $result = Test-DisklessHostIso (New-HostIsoByHand -Name crlf -Tree $tree)
        $result.FailedChecks | Should -BeNullOrEmpty

        $tree = New-HostTree -Name utf16
        Set-UserData $tree ([Text.Encoding]::Unicode.GetPreamble() + [Text.Encoding]::Unicode.GetBytes((Get-UserDataText $tree)))
        $result = Test-DisklessHostIso (New-HostIsoByHand -Name utf16 -Tree $tree)
        $result.FailedChecks | Should -Contain 'UserDataFormat'
        (Get-Check $result UserDataFormat).Detail | Should -BeLike '*UTF-16*UTF-8 without a byte order mark*'
    }

    It 'fails only UserDataParses for a YAML syntax error, with its line' {
        $tree = New-HostTree -Name yaml
        $text = Get-UserDataText $tree
        Set-UserData $tree ([Text.Encoding]::UTF8.GetBytes($text + "mounts: [[/dev/sdb, /data`n"))
        $result = Test-DisklessHostIso (New-HostIsoByHand -Name yaml -Tree $tree)
        $result.FailedChecks | Should -Be @('UserDataParses')
        (Get-Check $result UserDataParses).Detail | Should -Match "YAML error at line \d+.*discards"
        (Get-Check $result StateFiles).Detail | Should -BeLike 'Not checked*'
        & /usr/bin/python3 -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' "$tree/openstack/latest/user_data" 2>$null
        $LASTEXITCODE | Should -Not -Be 0 -Because 'an independent parser rejects it too'
    }

    It 'fails only UserDataParses when no hostname is set' {
        $tree = New-HostTree -Name nohost
        Set-UserData $tree ([Text.Encoding]::UTF8.GetBytes(((Get-UserDataText $tree) -replace '(?m)^hostname: .*\n', '')))
        $result = Test-DisklessHostIso (New-HostIsoByHand -Name nohost -Tree $tree)
        $result.FailedChecks | Should -Be @('UserDataParses')
        (Get-Check $result UserDataParses).Detail | Should -BeLike '*sets no hostname*'
        $result.Hostname | Should -BeNullOrEmpty
    }

    It 'fails only StateFiles when a state file is missing' {
        $tree = New-HostTree -Name missingstate
        Remove-Item -LiteralPath "$tree/state/.physical_host_uuid" -Force
        $result = Test-DisklessHostIso (New-HostIsoByHand -Name missingstate -Tree $tree)
        $result.FailedChecks | Should -Be @('StateFiles')
        (Get-Check $result StateFiles).Detail | Should -BeLike '/state/.physical_host_uuid is missing*'
    }

    It 'fails only StateFiles for a UUID with a newline or a token without one, without quoting the token' {
        $state = New-RancherAgentState
        $tree = New-HostTree -Name badstate -State $state
        [IO.File]::WriteAllText("$tree/state/.docker_uuid", "$($state.DockerUuid)`n")
        [IO.File]::WriteAllText("$tree/state/.registration_token", $state.RegistrationToken)
        $result = Test-DisklessHostIso (New-HostIsoByHand -Name badstate -Tree $tree)
        $result.FailedChecks | Should -Be @('StateFiles')
        $detail = (Get-Check $result StateFiles).Detail
        $detail | Should -BeLike '*/state/.docker_uuid: the agent writes a lowercase UUID without a newline (36 bytes); this file holds 37 bytes (a newline)*'
        $detail | Should -BeLike '*/state/.registration_token: the agent writes 128 lowercase hexadecimal characters and one newline (129 bytes); this file holds 128 bytes (no newline)*'
        ($result | Format-List * | Out-String) | Should -Not -BeLike "*$($state.RegistrationToken.Substring(0, 16))*"
    }

    It 'fails StateFiles when the image carries /state but nothing copies it' {
        $tree = New-HostTree -Name uncopied -State $null
        New-RancherAgentState | Export-RancherAgentState -Path "$tree/state"
        $result = Test-DisklessHostIso (New-HostIsoByHand -Name uncopied -Tree $tree)
        $result.FailedChecks | Should -Be @('StateFiles')
        (Get-Check $result StateFiles).Detail | Should -BeLike '*carries /state, but no runcmd line copies it*'
    }

    It 'checks write_files entries when the state travels in the cloud-config' {
        $result = Test-DisklessHostIso (New-HostIsoByHand -Name writefiles -Tree (New-HostTree -Name writefiles -StateDelivery WriteFiles))
        $result.Passed | Should -BeTrue -Because (($result.Checks | Out-String -Width 300))
        (Get-Check $result StateFiles).Detail | Should -BeLike 'write_files writes the three files to /var/lib/rancher/state*'
        (Get-Check $result NamesVisible).Detail | Should -Not -BeLike '*/state/*'
    }

    It 'fails only StateFiles for a write_files entry that is not what the agent writes' {
        $state = New-RancherAgentState
        $tree = New-HostTree -Name badwritefiles -State $state -StateDelivery WriteFiles
        Set-UserData $tree ([Text.Encoding]::UTF8.GetBytes(((Get-UserDataText $tree).Replace($state.PhysicalHostUuid, $state.PhysicalHostUuid.ToUpperInvariant()))))
        $result = Test-DisklessHostIso (New-HostIsoByHand -Name badwritefiles -Tree $tree)
        $result.FailedChecks | Should -Be @('StateFiles')
        (Get-Check $result StateFiles).Detail | Should -BeLike 'write_files /var/lib/rancher/state/.physical_host_uuid: the agent writes a lowercase UUID*(uppercase digits)*'
    }

    It 'passes a host without state and says it registers anew at every boot' {
        $result = Test-DisklessHostIso (New-HostIsoByHand -Name nostate -Tree (New-HostTree -Name nostate -State $null))
        $result.Passed | Should -BeTrue
        (Get-Check $result StateFiles).Detail | Should -BeLike '*new Rancher host at every boot*'
    }

    It 'passes a #! script and says it is one' {
        $tree = New-HostTree -Name script -State $null
        Set-UserData $tree ([Text.Encoding]::UTF8.GetBytes("#!/bin/sh`necho hello`n"))
        $result = Test-DisklessHostIso (New-HostIsoByHand -Name script -Tree $tree)
        $result.Passed | Should -BeTrue
        (Get-Check $result UserDataFormat).Detail | Should -BeLike "A script ('#!/bin/sh'), not a cloud-config*"
    }

    It 'passes a #compose file, which RancherOS takes as services, and -UserDataPath takes it too' {
        $tree = New-HostTree -Name compose -State $null
        Set-UserData $tree ([Text.Encoding]::UTF8.GetBytes("#compose`nweb:`n  image: nginx`n"))
        $result = Test-DisklessHostIso (New-HostIsoByHand -Name compose -Tree $tree)
        $result.Passed | Should -BeTrue
        (Get-Check $result UserDataFormat).Detail | Should -BeLike 'A docker-compose file*'
        $file = Join-Path $TestDrive 'compose_user_data'
        [IO.File]::WriteAllText($file, "#compose`nweb:`n  image: nginx`n")
        $image = New-DisklessHostIso -Hostname composed -UserDataPath $file -BaseIso $base -OutputDirectory (Join-Path $TestDrive 'composed') -WarningAction SilentlyContinue
        # Nothing in a compose file copies /state, so the image carries none, and passes.
        ($image | Test-DisklessHostIso).FailedChecks | Should -Be @()
        Get-IsoItem -LiteralPath $image.Path -ItemPath /state -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'fails only BootInfoTable when isolinux.bin changed after its table was written' {
        $isolinux = Get-IsoItem -LiteralPath $good -ItemPath /boot/isolinux/isolinux.bin
        $offset = $isolinux.Lba * 2048 + 1000
        $stream = [IO.File]::OpenRead($good)
        try { $stream.Position = $offset; $flipped = [byte]($stream.ReadByte() -bxor 0xFF) } finally { $stream.Dispose() }
        $bad = Edit-ImageByte -Source $good -Name badchecksum -Offset $offset -Bytes $flipped
        $result = Test-DisklessHostIso $bad
        $result.FailedChecks | Should -Be @('BootInfoTable')
        (Get-Check $result BootInfoTable).Detail | Should -Match "boot entry 1 \(BIOS, LBA $($isolinux.Lba)\): checksum 0x[0-9a-f]{8} stored, 0x[0-9a-f]{8} computed"
    }

    It 'fails only IsohybridMbr when the image grew past its MBR partition' {
        $grown = Join-Path $TestDrive 'grown.iso'
        Copy-Item -LiteralPath $good -Destination $grown
        $stream = [IO.File]::Open($grown, 'Append')
        try { $stream.Write([byte[]]::new(1MB), 0, 1MB) } finally { $stream.Dispose() }
        $result = Test-DisklessHostIso $grown
        $result.FailedChecks | Should -Be @('IsohybridMbr')
        (Get-Check $result IsohybridMbr).Detail | Should -BeLike '*partition 1 ends at byte *bytes before the end of the file*grew after its MBR was written*'
    }

    It 'fails only IsohybridMbr when the partition ends before the ISO volume' {
        $short = Edit-ImageByte -Source $good -Name shortpartition -Offset (446 + 12) -Bytes ([BitConverter]::GetBytes([uint32]2048))
        $result = Test-DisklessHostIso $short
        $result.FailedChecks | Should -Be @('IsohybridMbr')
        (Get-Check $result IsohybridMbr).Detail | Should -BeLike 'partition 1 ends at byte 1048576, before the end of the ISO volume*'
    }

    It 'fails only IsohybridMbr when the MBR boot pointer misses the boot file' {
        $bad = Edit-ImageByte -Source $good -Name badpointer -Offset 432 -Bytes ([BitConverter]::GetBytes([uint64]140))
        $result = Test-DisklessHostIso $bad
        $result.FailedChecks | Should -Be @('IsohybridMbr')
        (Get-Check $result IsohybridMbr).Detail | Should -BeLike 'the MBR boot pointer is sector 140, the BIOS boot file is at LBA * (sector *)*'
    }

    It 'fails VolumeLabel and UserDataPresent for a bare base ISO, and nothing else' {
        $result = Test-DisklessHostIso $base
        $result.FailedChecks | Should -Be @('VolumeLabel', 'UserDataPresent')
        (Get-Check $result IsohybridMbr).Detail | Should -BeLike 'Boot pointer sector * = BIOS boot file LBA * x 4*'
    }

    It 'reports an image without Joliet by Rock Ridge alone' {
        $iso = Join-Path $TestDrive 'nojoliet.iso'
        & xorriso -as mkisofs -quiet -l -R -V config-2 -o $iso $goodTree 2>&1 | Out-Null
        $result = Test-DisklessHostIso $iso
        (Get-Check $result NamesVisible).Detail | Should -BeLike 'Rock Ridge (the image has no Joliet tree) list /openstack/latest/user_data*'
        $result.FailedChecks | Should -Be @()
    }

    It 'reports an image with Joliet but no Rock Ridge by Joliet, the names Linux shows' {
        $iso = Join-Path $TestDrive 'norr.iso'
        & genisoimage -quiet -J -V config-2 -o $iso $goodTree 2>&1 | Out-Null
        $result = Test-DisklessHostIso $iso
        (Get-Check $result NamesVisible).Detail | Should -BeLike 'Joliet (the image has no Rock Ridge; Linux reads Joliet) list /openstack/latest/user_data*'
        (Get-Check $result NamesVisible).Passed | Should -BeTrue
    }

    It 'fails NamesVisible for plain ISO 9660 names, saying what to do' {
        $iso = Join-Path $TestDrive 'plain.iso'
        & genisoimage -quiet -V config-2 -o $iso $goodTree 2>&1 | Out-Null
        $result = Test-DisklessHostIso $iso
        $result.FailedChecks | Should -Contain 'NamesVisible'
        (Get-Check $result NamesVisible).Detail | Should -BeLike '*neither Rock Ridge nor Joliet*Make the host image again from a base ISO with Rock Ridge*'
    }
}

Describe 'Test-DisklessHostIso as a cmdlet' {
    It 'takes wildcards, strings, FileInfo and objects with a Path property from the pipeline' {
        @(Test-DisklessHostIso -Path (Join-Path $TestDrive 'good*.iso')).Count | Should -Be 1
        @($good | Test-DisklessHostIso).Passed | Should -Be @($true)
        @(Get-Item -LiteralPath $good, $base | Test-DisklessHostIso).Passed | Should -Be @($true, $false)
        @([pscustomobject]@{ Path = $good; Hostname = 'node-01' } | Test-DisklessHostIso).Hostname | Should -Be 'node-01'
    }

    It 'writes only $true or $false with -Quiet' {
        Test-DisklessHostIso -Path $good, $base -Quiet | Should -Be @($true, $false)
    }

    It 'turns a file that is no ISO into one failed check, and a missing file into an error' {
        $text = Join-Path $TestDrive 'not-an-iso.iso'
        Set-Content -LiteralPath $text -Value 'hello'
        $result = Test-DisklessHostIso $text, (Join-Path $TestDrive 'nowhere.iso') -ErrorVariable err -ErrorAction SilentlyContinue
        $result.FailedChecks | Should -Be @('ImageReadable')
        $result.Checks[0].Detail | Should -BeLike '*too short*'
        Test-DisklessHostIso $text -Quiet | Should -BeFalse
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound,*'
    }

    It 'shows the verdict, hostname, image and every failed check within 80 columns, however long the path' {
        $deep = New-Item -ItemType Directory -Force -Path (Join-Path $TestDrive 'images-of-the-first-rack-in-the-second-room/made-on-a-monday')
        $bad = Copy-Item -LiteralPath $base -Destination (Join-Path $deep 'rancher-host-07.iso') -PassThru
        $lines = @(Test-DisklessHostIso $good, $bad.FullName | Out-String -Width 80 -Stream | Where-Object { $_.Trim() })
        foreach ($line in $lines) { $line.Length | Should -BeLessOrEqual 80 -Because "'$line' must fit 80 columns" }
        $lines[0] | Should -Match '^Passed\s+Hostname\s+Image\s+FailedChecks\s*$'
        $lines[2] | Should -Match '^True\s+node-01\s+good\.iso\s*$'
        $lines[3] | Should -Match '^False\s+rancher-host-07\.iso\s+VolumeLabel\s*$'
        $lines[4] | Should -Match '^\s+UserDataPresent\s*$'
        $lines.Count | Should -Be 5
        $checks = (Test-DisklessHostIso $base).Checks | Out-String -Width 80
        $checks | Should -Match 'VolumeLabel\s+False'
    }
}

Describe 'Import-RancherAgentState -IsoPath' {
    It 'reads back exactly the state that was exported into the image' {
        $state = Import-RancherAgentState -IsoPath $good
        $state.DockerUuid | Should -BeExactly $goodState.DockerUuid
        $state.PhysicalHostUuid | Should -BeExactly $goodState.PhysicalHostUuid
        $state.RegistrationToken | Should -BeExactly $goodState.RegistrationToken
        $state.Equals($goodState) | Should -BeTrue
    }

    It 'takes wildcards, IsoPath by property name, and a script block naming the image of a piped object' {
        @(Import-RancherAgentState -IsoPath (Join-Path $TestDrive 'goo?.iso')).DockerUuid | Should -Be $goodState.DockerUuid
        @([pscustomobject]@{ IsoPath = $good } | Import-RancherAgentState).DockerUuid | Should -Be $goodState.DockerUuid
        @([pscustomobject]@{ Path = $good; Hostname = 'node-01' } | Import-RancherAgentState -IsoPath { $_.Path }).DockerUuid | Should -Be $goodState.DockerUuid
    }

    It 'names the image and the file in its errors, and goes on with the next image' {
        $tree = New-HostTree -Name importbad
        [IO.File]::WriteAllText("$tree/state/.physical_host_uuid", 'not-a-uuid')
        $bad = New-HostIsoByHand -Name importbad -Tree $tree
        $states = Import-RancherAgentState -IsoPath $base, $bad, $good -ErrorVariable err -ErrorAction SilentlyContinue
        @($states).DockerUuid | Should -Be @($goodState.DockerUuid)
        $err.Count | Should -Be 2
        $err[0].FullyQualifiedErrorId | Should -BeLike 'AgentStateFileMissing,*'
        $err[0].Exception.Message | Should -BeExactly "Agent state file '/state/.docker_uuid' in the image '$base': the image has no such file."
        $err[0].TargetObject | Should -Be $base
        $err[1].FullyQualifiedErrorId | Should -BeLike 'InvalidAgentState,*'
        $err[1].Exception.Message | Should -BeLike "Agent state file '/state/.physical_host_uuid' in the image '$bad': expected a UUID*"
    }

    It 'reports a file that is no ISO and a folder given as an image' {
        $text = Join-Path $TestDrive 'plain.txt'
        Set-Content -LiteralPath $text -Value 'hello'
        Import-RancherAgentState -IsoPath $text, $TestDrive -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 2
        $err[0].FullyQualifiedErrorId | Should -BeLike 'NotAnIso,*'
        $err[1].FullyQualifiedErrorId | Should -BeLike 'PathIsDirectory,*'
    }
}

Describe '-ItemPath completion' {
    BeforeAll {
        function Get-Completion([string] $Line) { (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches }
    }

    It 'completes directories with a trailing slash and files inside them, for -Path and -LiteralPath' {
        (Get-Completion "Get-IsoItem -Path '$good' -ItemPath /bo").CompletionText | Should -Be @('/boot/')
        (Get-Completion "Get-IsoItemContent -LiteralPath '$good' -ItemPath /boot/isolinux/isol").CompletionText | Should -Be @('/boot/isolinux/isolinux.bin', '/boot/isolinux/isolinux.cfg')
        (Get-Completion "Get-IsoItemContent -LiteralPath '$good' -ItemPath /state/").CompletionText | Should -Be @('/state/.docker_uuid', '/state/.physical_host_uuid', '/state/.registration_token')
    }

    It 'resolves a relative -Path with wildcards against the current location, positional parameters too' {
        Push-Location $TestDrive
        try {
            (Get-Completion 'Get-IsoItem good.i* /openstack/latest/').CompletionText | Should -Be @('/openstack/latest/user_data')
            (Get-Completion 'Get-IsoItem -Path ./good.iso -ItemPath ope').CompletionText | Should -Be @('openstack/')
        }
        finally { Pop-Location }
    }

    It 'offers no item when the image is missing or not an ISO' {
        Get-Completion "Get-IsoItem -Path '$TestDrive/none.iso' -ItemPath /state/.d" | Should -BeNullOrEmpty
        Get-Completion "Get-IsoItem -Path '$PSCommandPath' -ItemPath /state/.d" | Should -BeNullOrEmpty
    }
}
