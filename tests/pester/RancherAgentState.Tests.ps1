BeforeAll {
    . "$PSScriptRoot/Common.ps1"
    $script:names = '.docker_uuid', '.physical_host_uuid', '.registration_token'
}

Describe 'New-RancherAgentState' {
    It 'makes distinct UUIDv4 identities with 128-hex tokens' {
        $states = New-RancherAgentState -Count 50
        $states.Count | Should -Be 50
        ($states.DockerUuid + $states.PhysicalHostUuid | Sort-Object -Unique).Count | Should -Be 100
        ($states.RegistrationToken | Sort-Object -Unique).Count | Should -Be 50
        $states | ForEach-Object {
            $_.DockerUuid | Should -MatchExactly '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'
            $_.RegistrationToken | Should -MatchExactly '^[0-9a-f]{128}$'
        }
    }

    It 'never shows the token in the default views or ToString' {
        $state = New-RancherAgentState
        foreach ($text in @(($state | Out-String), ($state | Format-List | Out-String), ($state | Format-Table | Out-String), "$state")) {
            $text | Should -Not -BeLike "*$($state.RegistrationToken.Substring(0, 12))*"
            $text | Should -BeLike "*$($state.DockerUuid)*"
        }
    }
}

Describe 'Export-RancherAgentState' {
    It 'writes the three files as the agent does, 0600, and Get-ChildItem -Force sees them' -Tag LinuxOnly {
        $state = New-RancherAgentState
        $folder = Join-Path $TestDrive 'export1'
        $state | Export-RancherAgentState -Path $folder
        (Get-ChildItem -LiteralPath $folder -Force).Name | Sort-Object | Should -Be ($names | Sort-Object)
        @(Get-ChildItem -LiteralPath $folder).Count | Should -Be 0 -Because 'PowerShell hides dotfiles without -Force'
        [System.IO.File]::ReadAllText((Join-Path $folder '.docker_uuid')) | Should -BeExactly $state.DockerUuid
        [System.IO.File]::ReadAllText((Join-Path $folder '.physical_host_uuid')) | Should -BeExactly $state.PhysicalHostUuid
        [System.IO.File]::ReadAllText((Join-Path $folder '.registration_token')) | Should -BeExactly ($state.RegistrationToken + "`n")
        foreach ($name in $names) { & stat -c '%a' (Join-Path $folder $name) | Should -Be '600' }
        & stat -c '%a' $folder | Should -Be '700' -Because 'the folder it made is kept to its owner'
    }

    It 'writes nothing under -WhatIf' {
        $folder = Join-Path $TestDrive 'whatif'
        New-RancherAgentState | Export-RancherAgentState -Path $folder -WhatIf
        Test-Path -LiteralPath $folder | Should -BeFalse
    }

    It 'refuses to overwrite without -Force, overwrites with it, and outputs with -PassThru' {
        $folder = Join-Path $TestDrive 'export2'
        $first = New-RancherAgentState
        $first | Export-RancherAgentState -Path $folder
        New-RancherAgentState | Export-RancherAgentState -Path $folder -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OutputExists,*'
        (Import-RancherAgentState -LiteralPath $folder).DockerUuid | Should -Be $first.DockerUuid
        $second = New-RancherAgentState
        $out = $second | Export-RancherAgentState -Path $folder -Force -PassThru
        $out.DockerUuid | Should -Be $second.DockerUuid
        (Import-RancherAgentState -LiteralPath $folder).RegistrationToken | Should -Be $second.RegistrationToken
    }

    It 'refuses a second state for the same folder in one call, even with -Force' {
        $folder = Join-Path $TestDrive 'export3'
        $states = New-RancherAgentState -Count 2
        $states | Export-RancherAgentState -Path $folder -Force -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OutputExists,*'
        (Import-RancherAgentState -LiteralPath $folder).DockerUuid | Should -Be $states[0].DockerUuid
    }

    It 'keeps the token out of Verbose output' {
        $state = New-RancherAgentState
        $verbose = $state | Export-RancherAgentState -Path (Join-Path $TestDrive 'verbose') -Verbose 4>&1
        ($verbose | Out-String) | Should -Not -BeLike "*$($state.RegistrationToken.Substring(0, 12))*"
        ($verbose | Out-String) | Should -BeLike "*$($state.DockerUuid)*"
    }
}

Describe 'Import-RancherAgentState' {
    BeforeAll {
        $script:root = Join-Path $TestDrive 'hosts'
        $script:a = New-RancherAgentState
        $script:b = New-RancherAgentState
        $a | Export-RancherAgentState -Path (Join-Path $root 'a')
        $b | Export-RancherAgentState -Path (Join-Path $root 'b')
    }

    It 'reads every folder a wildcard names, and round-trips Export' {
        $states = Import-RancherAgentState -Path (Join-Path $root '*') | Sort-Object DockerUuid
        $expected = @($a, $b) | Sort-Object DockerUuid
        $states.Count | Should -Be 2
        for ($i = 0; $i -lt 2; $i++) {
            $states[$i].DockerUuid | Should -Be $expected[$i].DockerUuid
            $states[$i].PhysicalHostUuid | Should -Be $expected[$i].PhysicalHostUuid
            $states[$i].RegistrationToken | Should -Be $expected[$i].RegistrationToken
        }
    }

    It 'takes folders from the pipeline: strings and Get-ChildItem -Directory' {
        @((Join-Path $root 'a') | Import-RancherAgentState).DockerUuid | Should -Be $a.DockerUuid
        @(Get-ChildItem -LiteralPath $root -Directory | Import-RancherAgentState).Count | Should -Be 2
    }

    It 'tolerates CRLF and trailing whitespace from a copy by hand' {
        $folder = Join-Path $TestDrive 'crlf'
        $null = New-Item -ItemType Directory -Path $folder
        Set-Content -LiteralPath (Join-Path $folder '.docker_uuid') -Value "$($a.DockerUuid)`r`n" -NoNewline
        Set-Content -LiteralPath (Join-Path $folder '.physical_host_uuid') -Value "$($a.PhysicalHostUuid)  `r`n" -NoNewline
        Set-Content -LiteralPath (Join-Path $folder '.registration_token') -Value "$($a.RegistrationToken)`r`n" -NoNewline
        (Import-RancherAgentState -LiteralPath $folder).RegistrationToken | Should -Be $a.RegistrationToken
    }

    It 'names the missing file, gives its id, and still reads the other folders' {
        $broken = Join-Path $TestDrive 'broken'
        $b | Export-RancherAgentState -Path $broken
        Remove-Item -LiteralPath (Join-Path $broken '.physical_host_uuid') -Force
        $states = Import-RancherAgentState -LiteralPath $broken, (Join-Path $root 'a') -ErrorVariable err -ErrorAction SilentlyContinue
        @($states).DockerUuid | Should -Be $a.DockerUuid
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'AgentStateFileMissing,*'
        $err[0].Exception.Message | Should -BeLike '*.physical_host_uuid*does not exist*'
        $err[0].TargetObject | Should -Be $broken
    }

    It 'names a malformed file and what is wrong, without quoting the token' {
        $bad = Join-Path $TestDrive 'bad'
        $b | Export-RancherAgentState -Path $bad
        $almost = $b.RegistrationToken.Substring(2)
        Set-Content -LiteralPath (Join-Path $bad '.registration_token') -Value $almost
        Import-RancherAgentState -LiteralPath $bad -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidAgentState,*'
        $err[0].Exception.Message | Should -BeLike '*.registration_token*128 hexadecimal characters*'
        ($err[0] | Out-String) | Should -Not -BeLike "*$($almost.Substring(0, 12))*"
    }

    It 'reports a path that does not exist or is a file' {
        Import-RancherAgentState -LiteralPath (Join-Path $TestDrive 'nowhere') -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound,*'
        Import-RancherAgentState -LiteralPath (Join-Path $root 'a/.docker_uuid') -ErrorVariable err2 -ErrorAction SilentlyContinue
        $err2[0].FullyQualifiedErrorId | Should -BeLike 'PathNotDirectory,*'
    }
}
