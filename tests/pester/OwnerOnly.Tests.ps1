BeforeDiscovery {
    $script:canSwitchUser = $IsLinux -and (& id -u) -eq '0' -and (Get-Command setpriv, inotifywait -ErrorAction Ignore).Count -eq 2
}

BeforeAll {
    . "$PSScriptRoot/Common.ps1"

    $script:token = '0123456789ABCDEF0123:1700000000000:c2VjcmV0d2F0Y2hlZA'
    $script:url = "http://rancher.lab:8080/v1/scripts/$token"
    $script:base = (New-RancherOsTestIso -Path (Join-Path $TestDrive 'rancheros.iso')).FullName

    function Start-Watcher {
        # Another account (nobody) that opens every new file under the folders as it appears and reads all it can.
        param([string] $Report, [string[]] $Folders)
        $info = [System.Diagnostics.ProcessStartInfo]::new('setpriv')
        foreach ($argument in @('--reuid=65534', '--regid=65534', '--clear-groups', '/usr/bin/python3',
                (Join-Path $PSScriptRoot '../fixtures/watch-new-files.py'), $Report, $token) + $Folders) {
            $info.ArgumentList.Add($argument)
        }
        $info.RedirectStandardOutput = $true
        $watcher = [System.Diagnostics.Process]::Start($info)
        $watcher.StandardOutput.ReadLine() | Should -Be 'ready'
        $watcher
    }

    function Stop-Watcher {
        param([System.Diagnostics.Process] $Watcher, [string] $Report)
        & kill -TERM $Watcher.Id
        $Watcher.WaitForExit(30000) | Should -BeTrue
        Get-Content -LiteralPath $Report -Raw | ConvertFrom-Json -AsHashtable
    }

    function New-SharedFolder {
        # A folder that the other account may list and watch, as an output folder usually is.
        param([string] $Path, [string] $Mode = '755')
        $null = New-Item -ItemType Directory -Path $Path -Force
        & chmod $Mode $Path
        $Path
    }
}

Describe 'Files holding a secret, watched by another account while they are written' -Skip:(-not $canSwitchUser) {
    BeforeAll {
        & chmod 755 $TestDrive
        $script:reports = New-SharedFolder (Join-Path $TestDrive 'reports') 777
    }

    It 'lets it read no byte of any user_data, temporary or identity during a 300-host network boot publish' {
        $tree = New-SharedFolder (Join-Path $TestDrive 'www')
        $stores = New-SharedFolder (Join-Path $TestDrive 'net-stores')
        $report = Join-Path $reports 'net.json'
        $rows = foreach ($i in 1..300) {
            [pscustomobject]@{ Hostname = 'w-{0:d3}' -f $i; MacAddress = '52:54:00:02:{0:x2}:{1:x2}' -f [int][math]::Floor($i / 256), ($i % 256); Dhcp = 'true' }
        }
        $watcher = Start-Watcher $report @($tree, $stores)

        $made = @($rows | New-DisklessHostNetBoot -BaseIso $base -OutputDirectory $tree -BaseUrl 'http://boot.lab/' -StateDirectory (Join-Path $stores 'state') `
            -RegistrationUrl $url -WarningAction SilentlyContinue)
        $seen = Stop-Watcher $watcher $report

        $made | Should -HaveCount 300
        $secretFiles = @($seen.read.Keys | Where-Object { $_ -match '\.yaml|[/\\]state[/\\]' })
        $secretFiles | Where-Object { $seen.read[$_] -gt 0 } | Should -BeNullOrEmpty
        $seen.secret | Should -BeNullOrEmpty
        @($seen.read.Keys | Where-Object { $_ -like '*.ipxe' }).Count | Should -BeGreaterThan 100 -Because 'the watcher opened the scripts, which hold no secret'
    }

    It 'lets it read no byte of any image or temporary during a 10-image batch' {
        $images = New-SharedFolder (Join-Path $TestDrive 'images')
        $stores = New-SharedFolder (Join-Path $TestDrive 'iso-stores')
        $report = Join-Path $reports 'iso.json'
        $watcher = Start-Watcher $report @($images, $stores)

        $made = @(1..10 | ForEach-Object { [pscustomobject]@{ Hostname = 'i-{0:d2}' -f $_; Dhcp = 'true' } } |
            New-DisklessHostIso -BaseIso $base -OutputDirectory $images -StateDirectory (Join-Path $stores 'state') -RegistrationUrl $url)
        $seen = Stop-Watcher $watcher $report

        $made | Should -HaveCount 10
        $seen.read.Keys | Where-Object { $seen.read[$_] -gt 0 } | Should -BeNullOrEmpty
        $seen.secret | Should -BeNullOrEmpty
        @(Get-ChildItem -LiteralPath $images -Filter *.iso).Count | Should -Be 10
    }

    It 'lets it read no byte of a relabelled copy of an image, nor of exported agent state' {
        $shared = New-SharedFolder (Join-Path $TestDrive 'exports')
        $image = (New-DisklessHostIso -Hostname x-01 -BaseIso $base -OutputDirectory (Join-Path $TestDrive 'private') -StateDirectory (Join-Path $TestDrive 'x-state') -RegistrationUrl $url).Path
        $report = Join-Path $reports 'exports.json'
        $watcher = Start-Watcher $report @($shared)

        Set-IsoVolumeLabel -LiteralPath $image -Label RELABELLED -Destination (Join-Path $shared 'copy.iso')
        Import-RancherAgentState -IsoPath $image | Export-RancherAgentState -Path (Join-Path $shared 'state')
        New-RancherCloudConfig -Hostname x-01 -RegistrationUrl $url -Path (Join-Path $shared 'user_data') -Dhcp $true
        $seen = Stop-Watcher $watcher $report

        Join-Path $shared 'copy.iso' | Should -Exist
        Join-Path $shared 'user_data' | Should -Exist
        $seen.read.Keys | Where-Object { $seen.read[$_] -gt 0 } | Should -BeNullOrEmpty
        $seen.secret | Should -BeNullOrEmpty
    }
}
