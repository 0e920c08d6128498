# Runs as Windows only (the win-x64 PowerShell under Wine, started by tests/windows/Invoke-WineLane.ps1): drive
# letters, backslashes, case-insensitive names, %LOCALAPPDATA% and ReplaceFile, where the Linux runs cannot go.
BeforeAll {
    . "$PSScriptRoot/../pester/Common.ps1"
    . "$PSScriptRoot/../pester/CattleServer.ps1"

    $script:url = 'http://rancher.lab:8080/v1/scripts/0123456789ABCDEF0123:1700000000000:c2lnbmF0dXJl'
    $script:hostsCsv = Join-Path $PSScriptRoot '../../examples/hosts.csv'
    $script:store = Join-Path $env:LOCALAPPDATA 'DisklessRancher\state'
    $script:work = 'C:\DisklessRancher tests'
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction Ignore
    $null = New-Item -ItemType Directory -Path $work
    $script:base = Join-Path $work 'rancheros.iso'
    Copy-Item -LiteralPath $env:DISKLESSRANCHER_BASE_ISO -Destination $base
    $script:isoErrorSuffix = ',DisklessRancher.Commands.NewDisklessHostIsoCommand'

    function Get-FileHashes {
        # Every file under a folder (hidden ones too) with its hash and last write time.
        param([string] $Path)
        Get-ChildItem -LiteralPath $Path -Recurse -File -Force | Sort-Object FullName |
            ForEach-Object { '{0} {1} {2}' -f $_.FullName.Substring($Path.Length), (Get-FileHash -LiteralPath $_.FullName).Hash, $_.LastWriteTimeUtc.Ticks }
    }
}

Describe 'Running as Windows' {
    It 'is Windows to PowerShell, with a C: drive and the per-user data folder' {
        $IsWindows | Should -BeTrue
        $PSVersionTable.PSVersion.ToString() | Should -Be '7.6.9'
        $env:LOCALAPPDATA | Should -Match '^C:\\users\\[^\\]+\\AppData\\Local$'
    }
}

Describe 'The main job, as the README runs it on Windows' {
    BeforeAll {
        $script:images = Join-Path $work 'images'
        $script:made = @(Import-Csv $hostsCsv | New-DisklessHostIso -BaseIso $base -RegistrationUrl $url -OutputDirectory $images `
                -WarningVariable announced -WarningAction SilentlyContinue)
        $script:announced = $announced
    }

    It 'makes one image per row of examples/hosts.csv under C:\, each passing Test-DisklessHostIso from Get-ChildItem *.iso' {
        $made.Hostname | Should -Be @('rancher-host-01', 'rancher-host-02', 'rancher-host-03')
        $made.Path | Should -Be @('rancher-host-01', 'rancher-host-02', 'rancher-host-03' | ForEach-Object { "$images\$_.iso" })
        $checks = @(Get-ChildItem "$images\*.iso" | Test-DisklessHostIso)
        $checks | Should -HaveCount 3
        foreach ($check in $checks) { $check.Passed | Should -BeTrue -Because ($check.Checks | Out-String -Width 300) }
    }

    It 'leaves no file hidden and no temporary behind' {
        Get-ChildItem -LiteralPath $images -Force | Where-Object { $_.Attributes -band [IO.FileAttributes]::Hidden } | Should -BeNullOrEmpty
        Get-ChildItem -LiteralPath $images -Force -Name | Should -Be @('rancher-host-01.iso', 'rancher-host-02.iso', 'rancher-host-03.iso')
    }

    It 'keeps each identity in the default store under %LOCALAPPDATA%, announcing each new one' {
        $made.StatePath | Should -Be @('rancher-host-01', 'rancher-host-02', 'rancher-host-03' | ForEach-Object { Join-Path $store $_ })
        foreach ($image in $made) {
            (Get-Content -LiteralPath (Join-Path $image.StatePath '.docker_uuid') -Raw) | Should -BeExactly $image.DockerUuid
        }
        @($announced | Where-Object Message -Like '*register with Rancher again*') | Should -HaveCount 3
    }

    It 'reuses every identity on a second run into another folder, with hostnames in other cases, saying nothing new' {
        $csv = Join-Path $work 'hosts-upper.csv'
        Import-Csv $hostsCsv | ForEach-Object { $_.Hostname = $_.Hostname.ToUpperInvariant(); $_ } | Export-Csv -LiteralPath $csv
        $again = @(Import-Csv $csv | New-DisklessHostIso -BaseIso $base -RegistrationUrl $url -OutputDirectory (Join-Path $work 'next-month') `
                -WarningVariable warned -WarningAction SilentlyContinue)
        $again.DockerUuid | Should -Be $made.DockerUuid
        $again.StatePath | Should -Be $made.StatePath
        @($warned | Where-Object Message -Like '*register with Rancher again*') | Should -BeNullOrEmpty
        (Get-ChildItem -LiteralPath $store -Directory -Force -Name | Where-Object { $_ -like 'rancher-host-0*' }) | Should -BeExactly @('rancher-host-01', 'rancher-host-02', 'rancher-host-03')
    }

    It 'refuses an -OutFile that is the base named in another case, even with -Force' {
        $upperBase = $base.ToUpperInvariant()
        New-DisklessHostIso -Hostname case-base -Dhcp $true -BaseIso $base -OutFile $upperBase -StateDirectory (Join-Path $work 'case-state') -Force `
            -ErrorVariable failed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $failed.FullyQualifiedErrorId | Should -Be "OutputIsBase$isoErrorSuffix"
        (Test-DisklessHostIso -LiteralPath $base).Hostname | Should -BeNullOrEmpty
    }
}

Describe 'Windows path forms for -StateDirectory and -LiteralPath' {
    It 'finds the same identity through <Form>' -ForEach @(
        @{ Form = 'a drive letter and backslashes'; Path = 'C:\DisklessRancher tests\path-state' }
        @{ Form = 'forward slashes'; Path = 'C:/DisklessRancher tests/path-state' }
        @{ Form = 'another case'; Path = 'c:\DISKLESSRANCHER TESTS\Path-State' }
        @{ Form = 'a relative path from C:\'; Path = 'DisklessRancher tests\path-state' }
        @{ Form = 'a PSDrive'; Path = 'RancherState:\' }
    ) {
        $null = New-PSDrive -Name RancherState -PSProvider FileSystem -Root 'C:\DisklessRancher tests\path-state' -Scope Global -ErrorAction Ignore
        Push-Location C:\
        try {
            $image = New-DisklessHostIso -Hostname path-host -Dhcp $true -ConfigDriveOnly -StateDirectory $Path -OutputDirectory (Join-Path $work 'paths') -Force `
                -WarningVariable warned -WarningAction SilentlyContinue
        }
        finally { Pop-Location }
        $image.StatePath | Should -Be 'C:\DisklessRancher tests\path-state\path-host'
        $script:pathUuids += @($image.DockerUuid)
        @($pathUuids | Select-Object -Unique) | Should -HaveCount 1
    }

    It 'writes and reads files whose names hold brackets through -LiteralPath' {
        $folder = Join-Path $work 'rack[1]'
        $image = New-DisklessHostIso -Hostname bracket-host -Dhcp $true -ConfigDriveOnly -OutFile (Join-Path $folder 'host[a].iso') -StateDirectory (Join-Path $work 'state[1]') `
            -WarningAction SilentlyContinue
        $image.Path | Should -Be "$folder\host[a].iso"
        (Test-DisklessHostIso -LiteralPath $image.Path).Hostname | Should -Be 'bracket-host'
        (Get-IsoVolume -LiteralPath $image.Path).VolumeLabel | Should -Be 'config-2'
        (Import-RancherAgentState -LiteralPath (Join-Path $work 'state[1]\bracket-host')).DockerUuid | Should -Be $image.DockerUuid
    }
}

Describe 'Network boot publish on Windows' {
    BeforeAll {
        $script:www = Join-Path $work 'www'
        $script:netCsv = Join-Path $work 'netboot.csv'
        'Hostname,MacAddress,Dhcp', 'net-01,52:54:00:ab:cd:01,true', 'net-02,52-54-00-AB-CD-02,true' | Set-Content -LiteralPath $netCsv
        $script:published = @(Import-Csv $netCsv | New-DisklessHostNetBoot -BaseIso $base -OutputDirectory $www -BaseUrl http://boot.lab/rancher `
                -StateDirectory (Join-Path $work 'net-state') -RegistrationUrl $url -WarningAction SilentlyContinue)
    }

    It 'writes the tree with Windows paths, web.config included, nothing hidden' {
        $published | Should -HaveCount 2
        foreach ($name in 'boot.ipxe', 'web.config', 'hosts\52-54-00-ab-cd-01.ipxe', 'hosts\52-54-00-ab-cd-02.yaml') { Join-Path $www $name | Should -Exist }
        Get-ChildItem -LiteralPath $www -Recurse -Force | Where-Object { $_.Attributes -band [IO.FileAttributes]::Hidden } | Should -BeNullOrEmpty
        Get-Content -LiteralPath (Join-Path $www 'hosts\52-54-00-ab-cd-01.ipxe') -Raw | Should -Match 'http://boot\.lab/rancher/hosts/52-54-00-ab-cd-01\.yaml'
    }

    It 'changes no file when the same rows are published again' {
        $before = Get-FileHashes $www
        Start-Sleep -Milliseconds 50
        $again = @(Import-Csv $netCsv | New-DisklessHostNetBoot -BaseIso $base -OutputDirectory $www -BaseUrl http://boot.lab/rancher `
                -StateDirectory (Join-Path $work 'net-state') -RegistrationUrl $url -WarningAction SilentlyContinue)
        $again.DockerUuid | Should -Be $published.DockerUuid
        Get-FileHashes $www | Should -Be $before
    }
}

Describe 'Set-IsoVolumeLabel on Windows' {
    It 'relabels in place' {
        $copy = Join-Path $work 'relabel.iso'
        Copy-Item -LiteralPath $base -Destination $copy
        Set-IsoVolumeLabel -LiteralPath $copy -Label config-2
        (Get-IsoVolume -LiteralPath $copy).VolumeLabel | Should -Be 'config-2'
        (Get-Item -LiteralPath $copy).Length | Should -Be (Get-Item -LiteralPath $base).Length
    }

    It 'treats a -Destination that is the source in another case as the source, with and without -Force' {
        $source = Join-Path $work 'Relabel-Source.iso'
        Copy-Item -LiteralPath $base -Destination $source
        $hash = (Get-FileHash -LiteralPath $source).Hash
        Set-IsoVolumeLabel -LiteralPath $source -Label config-2 -Destination $source -ErrorVariable exact -ErrorAction SilentlyContinue
        foreach ($force in $false, $true) {
            Set-IsoVolumeLabel -LiteralPath $source -Label config-2 -Destination $source.ToUpperInvariant() -Force:$force -ErrorVariable variant -ErrorAction SilentlyContinue
            $variant.FullyQualifiedErrorId | Should -Be $exact.FullyQualifiedErrorId -Because "-Force:$force"
            (Get-FileHash -LiteralPath $source).Hash | Should -Be $hash
        }
    }
}

Describe 'The CSV contract on Windows' {
    It 'names each bad row among good ones, with Windows reserved device names refused' {
        $csv = Join-Path $work 'mixed.csv'
        'Hostname,Address,Dhcp', 'good-1,,true', 'CON,,true', 'bad-address,10.0.0.300/24,false', 'nul.lab,,true', 'COM1,,true', 'lpt1,,true', 'good-2,,true' |
            Set-Content -LiteralPath $csv
        $out = Join-Path $work 'mixed'
        $made = @(Import-Csv $csv | New-DisklessHostIso -ConfigDriveOnly -OutputDirectory $out -StateDirectory (Join-Path $work 'mixed-state') `
                -ErrorVariable failed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $made.Hostname | Should -Be @('good-1', 'good-2')
        $failed | Should -HaveCount 5
        $failed[0].FullyQualifiedErrorId | Should -Be "InvalidHostname$isoErrorSuffix"
        $failed[0].ToString() | Should -BeLike '*input row 2*'
        $failed[1].FullyQualifiedErrorId | Should -Be "InvalidAddress$isoErrorSuffix"
        $failed[1].ToString() | Should -BeLike 'bad-address (input row 3)*'
        $failed[2..4].FullyQualifiedErrorId | Should -Be (@("InvalidHostname$isoErrorSuffix") * 3)
        Get-ChildItem -LiteralPath $out -Force -Name | Should -Be @('good-1.iso', 'good-2.iso')
    }
}

Describe 'The Rancher cmdlets on Windows, against the Cattle test server on 127.0.0.1' {
    BeforeAll {
        $script:server = [pscustomobject]@{ Url = $env:DISKLESSRANCHER_CATTLE_URL }
        $script:connection = @{ Url = $server.Url; Credential = (New-CattleCredential); AllowUnencryptedAuthentication = $true }
    }

    It 'registers, feeds New-RancherCloudConfig, and writes user_data readable through Windows paths' {
        $registration = Invoke-RancherRegistration @connection -Environment Default
        $registration.RegistrationUrl | Should -Match '/v1/scripts/'
        $path = Join-Path (New-Item -ItemType Directory -Path (Join-Path $work 'cloud')) 'user_data'
        $registration | New-RancherCloudConfig -Hostname win-cloud -Path $path
        (Get-Content -LiteralPath $path -Raw) | Should -Match '^#cloud-config'
    }

    It 'finds a booting host, waits until it is active, and removes the older of two duplicates' {
        $null = Add-CattleHost -Server $server -Hostname win-boot -ActiveAfterReads 1
        (Wait-RancherHost @connection -Environment Default -Hostname win-boot -TimeoutSec 30).State | Should -Be 'active'
        $old = Add-CattleHost -Server $server -Hostname win-dup
        $new = Add-CattleHost -Server $server -Hostname win-dup
        $removed = Get-RancherHost @connection -Environment Default -Hostname win-dup -Duplicate | Select-Object -First 1 |
            Remove-RancherHost @connection -Force -PassThru
        $removed.Id | Should -Be $old
        Get-CattleHostState $server $new | Should -Be 'active'
    }
}
