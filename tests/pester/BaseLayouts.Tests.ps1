# Host images made from bases with the partition layouts live ISOs have, booted in QEMU under SeaBIOS and OVMF,
# as a CD and as a disk (a USB stick): the config drive must be found and read byte-exact every time.
BeforeAll {
    . "$PSScriptRoot/Common.ps1"
    . "$PSScriptRoot/IsoTestImages.ps1"

    $script:url = 'http://rancher.example:8080/v1/scripts/0123456789ABCDEF:1514678400000:abcdefghij'
    $bases = Get-BootBases

    $script:out = Join-Path $TestDrive 'hosts'
    $script:state = Join-Path $TestDrive 'state'
    $script:images = @{}
    foreach ($kind in 'gpt-appended', 'mbr', 'grown-keep', 'udf') {
        $images[$kind] = New-DisklessHostIso -Hostname "h-$kind" -BaseIso (Join-Path $bases "$kind.iso") -OutputDirectory $out `
            -RegistrationUrl $url -StateDirectory $state -WarningAction SilentlyContinue
    }
    # A host image made again, for another host, from the GPT one.
    $images['again'] = New-DisklessHostIso -Hostname 'h-again' -BaseIso $images['gpt-appended'].Path -OutputDirectory $out `
        -RegistrationUrl $url -StateDirectory $state

    function Get-UserDataHash([string] $Path) {
        $bytes = [byte[]] (Get-IsoItemContent -LiteralPath $Path -ItemPath /openstack/latest/user_data -AsByteStream)
        (Get-FileHash -InputStream ([IO.MemoryStream]::new($bytes))).Hash.ToLowerInvariant()
    }
}

Describe 'Host images from bases of every partition layout' {
    It 'passes Test-DisklessHostIso and blkid for the <_> base' -ForEach 'gpt-appended', 'mbr', 'grown-keep', 'udf', 'again' {
        $image = $images[$_]
        $result = Test-DisklessHostIso $image.Path
        $result.FailedChecks | Should -BeNullOrEmpty -Because ($result.Checks -join "`n")
        Get-BlkidLabel $image.Path | Should -BeExactly 'config-2'
    }

    It 'keeps nothing of the first host''s token in the image made again for another host' {
        $first = [IO.File]::ReadAllText((Join-Path $state 'h-gpt-appended/.registration_token')).Trim()
        & grep -a -q -F $first $images['again'].Path
        $LASTEXITCODE | Should -Be 1
        & grep -a -q -F $first $images['gpt-appended'].Path
        $LASTEXITCODE | Should -Be 0
    }

    It 'refuses a base whose MBR has a partition appended after the volume, and writes nothing' {
        $efi = Join-Path $TestDrive 'efi.img'
        [IO.File]::WriteAllBytes($efi, [byte[]]::new(1MB))
        $appended = Invoke-IsoTool $TestDrive 'mbr-appended' xorriso -as mkisofs -quiet -R -J -V Appended `
            -append_partition 2 0xef $efi -o '{0}' (Join-Path $PSScriptRoot '../fixtures/boot')
        $refused = Join-Path $TestDrive 'refused'
        New-DisklessHostIso -Hostname h1 -BaseIso $appended -OutputDirectory $refused -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure.FullyQualifiedErrorId | Should -Be 'IsoPartitionCannotGrow,DisklessRancher.Commands.NewDisklessHostIsoCommand'
        $failure[0].ToString() | Should -BeLike "*MBR partition 1 of '$appended'*appended_part_as_gpt*"
        Get-ChildItem -LiteralPath $refused -Force -Filter *.iso* -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'warns, naming the base, when it drops a UDF bridge''s recognition' {
        $udf = Invoke-IsoTool $TestDrive 'udf' genisoimage -quiet -udf -R -J -V CDROM -o '{0}' (Join-Path $PSScriptRoot '../fixtures/boot')
        $image = New-DisklessHostIso -Hostname h-udf-warned -BaseIso $udf -OutputDirectory (Join-Path $TestDrive 'udf-out') -WarningVariable warned -WarningAction SilentlyContinue
        $warned | Where-Object { $_.Message -like "*'$udf' is a UDF bridge*" } | Should -HaveCount 1
        (& blkid -p -o value -s TYPE $image.Path) | Should -Be 'iso9660'
        Get-BlkidLabel $image.Path | Should -BeExactly 'config-2'
    }
}

BeforeDiscovery {
    $matrix = @(
        @{ Kind = 'gpt-appended'; As = 'cdrom'; Firmware = 'bios' }
        @{ Kind = 'gpt-appended'; As = 'disk'; Firmware = 'bios' }
        @{ Kind = 'gpt-appended'; As = 'cdrom'; Firmware = 'uefi' }
        @{ Kind = 'gpt-appended'; As = 'disk'; Firmware = 'uefi' }
        @{ Kind = 'mbr'; As = 'disk'; Firmware = 'bios' }
        @{ Kind = 'mbr'; As = 'cdrom'; Firmware = 'uefi' }
        @{ Kind = 'grown-keep'; As = 'disk'; Firmware = 'bios' }
        @{ Kind = 'udf'; As = 'cdrom'; Firmware = 'bios' }
        @{ Kind = 'again'; As = 'disk'; Firmware = 'uefi' }
    )
}

# The boots of the matrix run side by side: they start together and each test reads its own.
Describe 'The boot matrix' -Tag 'Boot' -ForEach @{ Matrix = $matrix } {
    BeforeAll {
        $script:boots = @{}
        foreach ($case in $Matrix) {
            $boots["$($case.Kind) $($case.As) $($case.Firmware)"] =
                Start-IsoBoot -Path $images[$case.Kind].Path -As $case.As -Firmware $case.Firmware -TimeoutSec 240
        }
    }

    AfterAll { Stop-Boot }

    It 'boots the <Kind> host image as <As> under <Firmware>: the drive is found, user_data and state arrive byte-exact' -ForEach $Matrix {
        $image = $images[$Kind]
        $boot = Receive-Boot $boots["$Kind $As $Firmware"]
        $boot.Done | Should -BeTrue -Because $boot.Console
        $boot.ConfigDrive | Should -Not -Be 'none' -Because $boot.Console
        $boot.UserDataSha256 | Should -Be (Get-UserDataHash $image.Path)
        $boot.FailedCommand | Should -BeNullOrEmpty
        $boot.State['.docker_uuid'] | Should -Be (ConvertTo-HexString ([Text.Encoding]::ASCII.GetBytes($image.DockerUuid)))
    }
}
