BeforeAll {
    . "$PSScriptRoot/Common.ps1"

    $script:pwsh = Join-Path $PSHOME 'pwsh'
    $script:url = 'http://rancher.lab:8080/v1/scripts/0123456789ABCDEF0123:1700000000000:c2lnbmF0dXJl'

    function Invoke-Child {
        # Runs a script in a pwsh of its own, so that a crash (a stack overflow ends the process) is a failed test,
        # not a dead test run; returns what the script exported and the exit code.
        param([string] $Script)
        $results = Join-Path $TestDrive "results-$([guid]::NewGuid().ToString('n')).xml"
        $file = Join-Path $TestDrive "child-$([guid]::NewGuid().ToString('n')).ps1"
        @(
            "Import-Module '$env:DISKLESSRANCHER_MODULE'"
            "`$env:XDG_DATA_HOME = '$env:XDG_DATA_HOME'"
            "`$ErrorActionPreference = 'Continue'"
            "`$url = '$url'"
            $Script
            "`$result | Export-Clixml -LiteralPath '$results'"
        ) | Set-Content -LiteralPath $file
        $output = & $pwsh -NoProfile -NonInteractive -File $file 2>&1
        [pscustomobject]@{
            ExitCode = $LASTEXITCODE
            Output   = "$output"
            Result   = if (Test-Path -LiteralPath $results) { Import-Clixml -LiteralPath $results }
        }
    }

    function Get-Nested([int] $Depth) { 'runcmd: ' + ('[' * $Depth) + (']' * $Depth) }

    function Get-BillionLaughs {
        $lines = @("runcmd:", "- &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]")
        foreach ($i in 1..9) { $lines += "- &a$i [" + ((1..10 | ForEach-Object { "*a$($i - 1)" }) -join ', ') + ']' }
        ($lines -join "`n") + "`n"
    }
}

Describe 'YAML and hashtables beyond bounds: one named error per row, and the process lives on' {
    It 'fails each row whose addition is nested 10^5 or 10^6 deep, an alias bomb, 50 MiB or tagged, and makes the others' {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'additions')
        $files = [ordered]@{
            'deep-5'  = Get-Nested 100000
            'deep-6'  = Get-Nested 1000000
            'laughs'  = Get-BillionLaughs
            'big'     = "runcmd:`n" + ("- echo $('x' * 1000)`n" * (50 * 1024))
            'tagged'  = "runcmd: [!!python/object/apply:os.system [id]]`n"
            'runcmd1' = "runcmd: [1]`n"
        }
        foreach ($name in $files.Keys) { [IO.File]::WriteAllText((Join-Path $folder "$name.yaml"), $files[$name]) }
        $csv = Join-Path $TestDrive 'hostile.csv'
        $lines = @('Hostname,Dhcp,CloudConfigAddition', 'good-1,true,')
        $lines += $files.Keys | ForEach-Object { "$_,true,$(Join-Path $folder "$_.yaml")" }
        $lines += "inline-deep,true,$(Get-Nested 100000)"
        $lines += 'good-2,true,rancher: {console: debian}'
        $lines | Set-Content -LiteralPath $csv

        $child = Invoke-Child @"
`$made = @(Import-Csv '$csv' | New-RancherCloudConfig -ErrorVariable failed 2>`$null)
`$result = [pscustomobject]@{ Made = @(`$made.Hostname); Ids = @(`$failed.FullyQualifiedErrorId); Messages = @(`$failed | ForEach-Object { `$_.Exception.Message }) }
"@
        $child.ExitCode | Should -Be 0 -Because $child.Output
        $child.Result.Made | Should -Be @('good-1', 'good-2')
        $child.Result.Ids | Should -Be @(1..7 | ForEach-Object { 'InvalidCloudConfigAddition,DisklessRancher.Commands.NewRancherCloudConfigCommand' })
        $messages = $child.Result.Messages
        $messages[0] | Should -BeLike '*deep-5.yaml*nested deeper than 64 levels*'
        $messages[1] | Should -BeLike '*deep-6.yaml*nested deeper than 64 levels*'
        $messages[2] | Should -BeLike '*laughs.yaml*aliases are expanded*'
        $messages[3] | Should -BeLike '*big.yaml*more than the 16,777,216 bytes allowed*'
        $messages[4] | Should -BeLike '*tagged.yaml*!!python/object/apply:os.system*core schema*'
        $messages[5] | Should -BeLike '*''runcmd`[0`]''*yaml.StringandSlice*config/yaml/command.go*'
        $messages[6] | Should -BeLike '*YAML text*nested deeper than 64 levels*'
    }

    It 'fails a hashtable that contains itself or is nested 10^5 deep, and goes on' {
        $child = Invoke-Child @'
$self = @{ rancher = @{} }; $self.rancher.self = $self
$list = [System.Collections.ArrayList]::new(); $null = $list.Add($list)
$deep = @{}; $inner = $deep; foreach ($i in 1..100000) { $next = @{}; $inner.a = $next; $inner = $next }
$failures = foreach ($addition in $self, @{ runcmd = $list }, @{ rancher = $deep }) {
    New-RancherCloudConfig -Hostname bad -CloudConfigAddition $addition -ErrorVariable failed 2>$null
    $failed | ForEach-Object { [pscustomobject]@{ Id = $_.FullyQualifiedErrorId; Message = $_.Exception.Message } }
}
$result = [pscustomobject]@{ Failures = @($failures); After = (New-RancherCloudConfig -Hostname after -CloudConfigAddition @{ rancher = @{ console = 'debian' } }).Hostname }
'@
        $child.ExitCode | Should -Be 0 -Because $child.Output
        $child.Result.Failures | Should -HaveCount 3
        $child.Result.Failures.Id | Should -Be @(1..3 | ForEach-Object { 'InvalidCloudConfigAddition,DisklessRancher.Commands.NewRancherCloudConfigCommand' })
        $child.Result.Failures[0].Message | Should -BeLike '*nested deeper than 64 levels (does the dictionary contain itself?)*'
        $child.Result.Failures[1].Message | Should -BeLike '*contain itself*'
        $child.Result.Failures[2].Message | Should -BeLike '*nested deeper than 64 levels*'
        $child.Result.After | Should -Be 'after'
    }

    It 'refuses a -UserDataPath nested 10^5 deep, and reports an image whose user_data is, in Test-DisklessHostIso and Import-RancherAgentState' {
        $base = (New-RancherOsTestIso -Path (Join-Path $TestDrive 'base.iso')).FullName
        $work = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'images')
        $deepUserData = Join-Path $work 'deep_user_data'
        [IO.File]::WriteAllText($deepUserData, "#cloud-config`nhostname: deep`n$(Get-Nested 100000)`n")
        $good = New-DisklessHostIso -Hostname crafted -Dhcp $true -StateDelivery WriteFiles -RegistrationUrl $url -BaseIso $base -OutputDirectory $work
        $crafted = Join-Path $work 'crafted-deep.iso'
        Copy-Item -LiteralPath $good.Path -Destination $crafted
        $out = & xorriso -dev $crafted -boot_image any replay -map $deepUserData /openstack/latest/user_data -commit 2>&1
        $LASTEXITCODE | Should -Be 0 -Because "$out"

        $child = Invoke-Child @"
New-DisklessHostIso -Hostname from-file -UserDataPath '$deepUserData' -BaseIso '$base' -OutputDirectory '$work' -ErrorVariable failedFile 2>`$null
`$check = Test-DisklessHostIso -LiteralPath '$crafted'
Import-RancherAgentState -IsoPath '$crafted' -ErrorVariable failedImport 2>`$null
`$result = [pscustomobject]@{
    FileId = @(`$failedFile.FullyQualifiedErrorId); FileMessage = "`$failedFile"
    Passed = `$check.Passed; Parses = (`$check.Checks | Where-Object Name -EQ UserDataParses)
    ImportId = @(`$failedImport.FullyQualifiedErrorId); ImportMessage = "`$failedImport"
    After = (New-DisklessHostIso -Hostname after -Dhcp `$true -BaseIso '$base' -OutputDirectory '$work').Hostname
}
"@
        $child.ExitCode | Should -Be 0 -Because $child.Output
        $child.Result.FileId | Should -Be 'InvalidUserData,DisklessRancher.Commands.NewDisklessHostIsoCommand'
        $child.Result.FileMessage | Should -BeLike '*deep_user_data*nested deeper than 64 levels*'
        $child.Result.Passed | Should -BeFalse
        $child.Result.Parses.Passed | Should -BeFalse
        $child.Result.Parses.Detail | Should -BeLike '*nested deeper than 64 levels*'
        $child.Result.ImportId | Should -BeLike 'InvalidAgentState,*'
        $child.Result.ImportMessage | Should -BeLike '*user_data cannot be read*nested deeper than 64 levels*'
        $child.Result.After | Should -Be 'after'
    }
}

Describe 'One rule set for every entry point' {
    It 'refuses the same addition with the same reason in New-RancherCloudConfig, New-DisklessHostIso and New-DisklessHostNetBoot, and Test-DisklessHostIso fails it in a user_data' {
        $base = (New-RancherOsTestIso -Path (Join-Path $TestDrive 'rules-base.iso')).FullName
        $addition = "mounts: [[nfs.lab:/export, [b]]]`n"
        $reason = '*''mounts`[0`]`[1`]''*the mounts field of config.CloudConfig is `[`]`[`]string, in config/types.go*'
        New-RancherCloudConfig -Hostname r1 -CloudConfigAddition $addition -ErrorVariable cloud -ErrorAction SilentlyContinue
        New-DisklessHostIso -Hostname r2 -Dhcp $true -CloudConfigAddition $addition -BaseIso $base -OutputDirectory (Join-Path $TestDrive 'rules-iso') -ErrorVariable iso -ErrorAction SilentlyContinue
        New-DisklessHostNetBoot -Hostname r3 -MacAddress 52:54:00:12:34:56 -Dhcp $true -CloudConfigAddition $addition -BaseIso $base -BaseUrl http://boot.lab/ -OutputDirectory (Join-Path $TestDrive 'rules-netboot') -ErrorVariable netboot -ErrorAction SilentlyContinue
        foreach ($failure in $cloud, $iso, $netboot) {
            $failure | Should -HaveCount 1
            $failure[0].FullyQualifiedErrorId | Should -BeLike 'InvalidCloudConfigAddition,*'
            $failure[0].Exception.Message | Should -BeLike $reason
        }

        $userData = Join-Path $TestDrive 'mounts_user_data'
        [IO.File]::WriteAllText($userData, "#cloud-config`nhostname: r4`n$addition")
        $image = New-DisklessHostIso -Hostname r4 -Dhcp $true -BaseIso $base -OutputDirectory (Join-Path $TestDrive 'rules-iso') -WarningAction SilentlyContinue
        $out = & xorriso -dev $image.Path -boot_image any replay -map $userData /openstack/latest/user_data -commit 2>&1
        $LASTEXITCODE | Should -Be 0 -Because "$out"
        $parses = (Test-DisklessHostIso -LiteralPath $image.Path).Checks | Where-Object Name -EQ UserDataParses
        $parses.Passed | Should -BeFalse
        $parses.Detail | Should -BeLike '*RancherOS would refuse it: mounts`[0`]`[1`]*config/types.go*'
    }
}
