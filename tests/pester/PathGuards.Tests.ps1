BeforeAll {
    . "$PSScriptRoot/Common.ps1"

    $script:base = (New-RancherOsTestIso -Path (Join-Path $TestDrive 'rancheros.iso')).FullName
    $script:iso = 'DisklessRancher.Commands.NewDisklessHostIsoCommand'
    $script:netBoot = 'DisklessRancher.Commands.NewDisklessHostNetBootCommand'

    function Invoke-Bounded {
        # Runs a script in a child pwsh that is killed after $TimeoutSec: a read that blocks for ever fails the test
        # instead of hanging it. Returns what the script printed (errors as "ERROR <id>: <message>").
        param([string] $Script, [int] $TimeoutSec = 60)
        $wrapped = "`$ErrorActionPreference = 'Stop'; Import-Module '$env:DISKLESSRANCHER_MODULE'; `$env:XDG_DATA_HOME = '$TestDrive/user-data'; " +
            "try { $Script } catch { 'ERROR ' + `$_.FullyQualifiedErrorId + ': ' + `$_.Exception.Message }"
        $info = [System.Diagnostics.ProcessStartInfo]::new((Join-Path $PSHOME 'pwsh'))
        foreach ($argument in '-NoProfile', '-NonInteractive', '-Command', $wrapped) { $info.ArgumentList.Add($argument) }
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $child = [System.Diagnostics.Process]::Start($info)
        $output = $child.StandardOutput.ReadToEndAsync()
        $errors = $child.StandardError.ReadToEndAsync()
        if (-not $child.WaitForExit($TimeoutSec * 1000)) {
            $child.Kill($true)
            throw "The command did not finish within $TimeoutSec s: $Script"
        }
        $output.Result + $errors.Result
    }
}

Describe 'Only regular files are read' {
    BeforeAll {
        $script:fifo = Join-Path $TestDrive 'fifo'
        if (-not $IsWindows) { & mkfifo $fifo }
    }

    It 'refuses a named pipe as -BaseIso at once, naming the parameter' -Tag LinuxOnly {
        $said = Invoke-Bounded "New-DisklessHostIso -Hostname h1 -BaseIso '$fifo' -OutputDirectory '$TestDrive/fifo-out' -StateDirectory '$TestDrive/fifo-state' -Dhcp `$true"
        $said | Should -Match "ERROR NotARegularFile,$iso"
        $said | Should -Match ([regex]::Escape("-BaseIso '$fifo' is a named pipe (FIFO), not a regular file."))
    }

    It 'refuses a named pipe and a device as -CloudConfigAddition, naming the row, and makes the other rows' -Tag LinuxOnly {
        $said = Invoke-Bounded (
            "`$rows = @([pscustomobject]@{ Hostname = 'a1'; CloudConfigAddition = '$fifo' }, [pscustomobject]@{ Hostname = 'a2'; CloudConfigAddition = '/dev/zero' }, [pscustomobject]@{ Hostname = 'a3' }); " +
            "`$rows | New-DisklessHostIso -BaseIso '$base' -OutputDirectory '$TestDrive/add-out' -StateDirectory '$TestDrive/add-state' -Dhcp `$true -ErrorAction Continue -WarningAction SilentlyContinue 2>&1 | ForEach-Object { `"`$_`" }")
        $said | Should -Match 'a1 \(input row 1\): .*CloudConfigAddition.*is a named pipe \(FIFO\), not a regular file'
        $said | Should -Match 'a2 \(input row 2\): .*CloudConfigAddition.*is a character device, not a regular file'
        Join-Path $TestDrive 'add-out/a3.iso' | Should -Exist
        Join-Path $TestDrive 'add-out/a1.iso' | Should -Not -Exist
    }

    It 'refuses a folder and a file above the stated size as -UserDataPath, naming the parameter and the row' {
        $big = Join-Path $TestDrive 'big-user_data'
        $stream = [IO.File]::Create($big)
        $stream.SetLength(16MB + 1)
        $stream.Dispose()
        $rows = @([pscustomobject]@{ Hostname = 'u1'; UserDataPath = $TestDrive }, [pscustomobject]@{ Hostname = 'u2'; UserDataPath = $big })
        $null = $rows | New-DisklessHostIso -BaseIso $base -OutputDirectory (Join-Path $TestDrive 'ud-out') -StateDirectory (Join-Path $TestDrive 'ud-state') `
            -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $failures | Should -HaveCount 2
        "$($failures[0])" | Should -Match '^u1 \(input row 1\): .*-UserDataPath is a folder, not a regular file\.'
        "$($failures[1])" | Should -Match '^u2 \(input row 2\): .*-UserDataPath is 16,777,217 bytes, more than the 16,777,216 bytes allowed\.'
    }
}

# Linux only: Wine 8.0's CreateSymbolicLinkW returns success and makes nothing, so the Windows lane cannot make the links.
Describe 'Guards compare the places paths resolve to' -Tag LinuxOnly {
    It 'refuses a dangling symbolic link as -StateDirectory, naming the link and its target' {
        $link = Join-Path $TestDrive 'dangling-state'
        $null = New-Item -ItemType SymbolicLink -Path $link -Target (Join-Path $TestDrive 'nowhere')
        { New-DisklessHostIso -Hostname d1 -BaseIso $base -OutputDirectory (Join-Path $TestDrive 'd-out') -StateDirectory $link -Dhcp $true -ErrorAction Stop } |
            Should -Throw -ExpectedMessage "The state folder '$link' is a symbolic link to '$(Join-Path $TestDrive 'nowhere')', which does not exist*"
    }

    It 'refuses a -StateDirectory that is a link into the served tree' {
        $tree = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'served-1/www')
        $inside = New-Item -ItemType Directory -Path (Join-Path $tree 'identities')
        $link = Join-Path $TestDrive 'served-1/state-link'
        $null = New-Item -ItemType SymbolicLink -Path $link -Target $inside.FullName
        { New-DisklessHostNetBoot -Hostname h1 -MacAddress 52:54:00:00:00:01 -BaseIso $base -BaseUrl 'http://boot.lab' -OutputDirectory $tree -StateDirectory $link -ErrorAction Stop } |
            Should -Throw -ErrorId "StateDirectoryServed,$netBoot"
        Get-ChildItem -LiteralPath $inside | Should -BeNullOrEmpty
    }

    It 'refuses an -OutputDirectory that is a link to a folder holding the store, also reached through ..' {
        $holder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'served-2/holder')
        $store = Join-Path $holder 'state'
        $link = Join-Path $TestDrive 'served-2/www'
        $null = New-Item -ItemType SymbolicLink -Path $link -Target $holder.FullName
        { New-DisklessHostNetBoot -Hostname h1 -MacAddress 52:54:00:00:00:01 -BaseIso $base -BaseUrl 'http://boot.lab' -OutputDirectory $link -StateDirectory $store -ErrorAction Stop } |
            Should -Throw -ErrorId "StateDirectoryServed,$netBoot"
        { New-DisklessHostNetBoot -Hostname h1 -MacAddress 52:54:00:00:00:01 -BaseIso $base -BaseUrl 'http://boot.lab' -OutputDirectory "$holder/x/.." -StateDirectory "$link/state" -ErrorAction Stop } |
            Should -Throw -ErrorId "StateDirectoryServed,$netBoot"
        Join-Path $holder 'boot.ipxe' | Should -Not -Exist
    }

    It 'refuses a Set-IsoVolumeLabel -Destination that is a link to the source, even with -Force' {
        $source = Join-Path $TestDrive 'label-source.iso'
        Copy-Item -LiteralPath $base -Destination $source
        $link = Join-Path $TestDrive 'label-link.iso'
        $null = New-Item -ItemType SymbolicLink -Path $link -Target $source
        { Set-IsoVolumeLabel -LiteralPath $source -Label OTHER -Destination $link -Force -ErrorAction Stop } |
            Should -Throw -ExpectedMessage "The destination '$link' is the source image*"
        (Get-Item -LiteralPath $link).LinkTarget | Should -Be $source
    }
}
