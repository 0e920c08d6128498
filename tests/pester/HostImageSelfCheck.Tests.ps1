# No host image exists that Test-DisklessHostIso would fail: a base without Rock Ridge is refused up front, an
# image that fails a check is never put in place, and every base of the ISO corpus gives a passing image or an
# error for its row.
BeforeAll {
    . "$PSScriptRoot/Common.ps1"
    . "$PSScriptRoot/IsoTestImages.ps1"

    $script:url = 'http://rancher.example:8080/v1/scripts/0123456789ABCDEF:1514678400000:abcdefghij'
    $script:tree = Join-Path $TestDrive 'tree'
    $null = New-Item -ItemType Directory -Force -Path "$tree/boot/isolinux", "$tree/openstack/latest"
    Copy-Item /usr/lib/ISOLINUX/isolinux.bin "$tree/boot/isolinux/"
    Set-Content -LiteralPath "$tree/openstack/latest/user_data" -Value "#cloud-config`nhostname: base`n" -NoNewline

    function Get-IsoCorpus {
        # The corpus the engine's xunit tests use (tests/fixtures/new-iso-corpus.sh), in the same cached folder.
        $script = Join-Path $PSScriptRoot '../fixtures/new-iso-corpus.sh'
        $hash = (Get-FileHash -LiteralPath $script -Algorithm SHA256).Hash.Substring(0, 16).ToLowerInvariant()
        $folder = Join-Path $script:FixtureCache "iso-corpus-$hash"
        & bash $script $folder | Out-Host
        if ($LASTEXITCODE -ne 0) { throw 'Could not make the ISO corpus.' }
        Get-Content -LiteralPath (Join-Path $folder 'corpus.tsv') | ForEach-Object {
            $name, $kind, $null = $_ -split "`t"
            [pscustomobject]@{ Name = $name; Kind = $kind; Path = Join-Path $folder "$name.iso" }
        }
    }
}

Describe 'A base without Rock Ridge' {
    It 'is refused up front, saying how to make a usable base, and nothing is written (<Name>)' -ForEach @(
        @{ Name = 'plain'; Tool = 'genisoimage'; Options = @() }
        @{ Name = 'joliet-only'; Tool = 'genisoimage'; Options = @('-J') }
        @{ Name = 'joliet-only-isolinux'; Tool = 'genisoimage'; Options = @('-J', '-b', 'boot/isolinux/isolinux.bin', '-c', 'boot/isolinux/boot.cat', '-no-emul-boot', '-boot-load-size', '4', '-boot-info-table') }
    ) {
        $base = Invoke-IsoTool $TestDrive $Name $Tool -quiet @Options -V BASE -o '{0}' $tree
        $out = Join-Path $TestDrive "out-$Name"
        $made = New-DisklessHostIso -Hostname h1 -BaseIso $base -OutputDirectory $out -RegistrationUrl $url -ErrorVariable failure -ErrorAction SilentlyContinue
        $made | Should -BeNullOrEmpty
        $failure.FullyQualifiedErrorId | Should -Be 'BaseWithoutRockRidge,DisklessRancher.Commands.NewDisklessHostIsoCommand'
        $failure[0].ToString() | Should -BeLike "h1: The base image '$base' has no Rock Ridge*xorriso -as mkisofs -R -J*"
        $failure[0].TargetObject | Should -Not -BeNullOrEmpty
        Get-ChildItem -LiteralPath $out -Force -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'stops only its own row: the next row, from a base with Rock Ridge, is made' {
        $plain = Invoke-IsoTool $TestDrive 'plain-row' genisoimage -quiet -V PLAIN -o '{0}' $tree
        $rockRidge = Invoke-IsoTool $TestDrive 'rr-row' genisoimage -quiet -R -J -V RR -o '{0}' $tree
        $out = Join-Path $TestDrive 'rows'
        $made = foreach ($row in @{ Hostname = 'row-plain'; Base = $plain }, @{ Hostname = 'row-rr'; Base = $rockRidge }) {
            New-DisklessHostIso -Hostname $row.Hostname -BaseIso $row.Base -OutputDirectory $out -RegistrationUrl $url -ErrorVariable +failure -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        }
        $made.Hostname | Should -Be 'row-rr'
        $failure.FullyQualifiedErrorId | Should -Be 'BaseWithoutRockRidge,DisklessRancher.Commands.NewDisklessHostIsoCommand'
        (Test-DisklessHostIso $made.Path).Passed | Should -BeTrue
    }
}

Describe 'The check before an image is put in place' {
    It 'refuses an image that would fail Test-DisklessHostIso, naming the check, and writes nothing' {
        # A base whose ISOLINUX changed after its boot-info-table was written: every image from it fails BootInfoTable.
        $base = Invoke-IsoTool $TestDrive 'stale-table' genisoimage -quiet -R -J -V STALE -b boot/isolinux/isolinux.bin `
            -c boot/isolinux/boot.cat -no-emul-boot -boot-load-size 4 -boot-info-table -o '{0}' $tree
        $lba = [int] ([regex]::Match((& isoinfo -R -l -i $base | Select-String 'isolinux\.bin' | Select-Object -First 1).Line, '\[\s*(\d+)').Groups[1].Value)
        $stream = [IO.File]::Open($base, 'Open', 'ReadWrite')
        try { $stream.Position = $lba * 2048 + 1000; $stream.WriteByte(($stream.ReadByte() -bxor 0xFF)) } finally { $stream.Dispose() }
        (Test-DisklessHostIso $base).FailedChecks | Should -Contain 'BootInfoTable'

        $out = Join-Path $TestDrive 'out-stale'
        New-DisklessHostIso -Hostname h-stale -BaseIso $base -OutputDirectory $out -RegistrationUrl $url -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure.FullyQualifiedErrorId | Should -Be 'HostImageCheckFailed,DisklessRancher.Commands.NewDisklessHostIsoCommand'
        $failure[0].ToString() | Should -BeLike 'h-stale: The image for h-stale would fail Test-DisklessHostIso; nothing was written. BootInfoTable: *checksum*'
        Get-ChildItem -LiteralPath $out -Force -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe 'Host images from every base of the ISO corpus' {
    It 'gives, for every corpus base, an image that passes Test-DisklessHostIso or an error for its row' {
        $corpus = @(Get-IsoCorpus)
        $corpus.Count | Should -BeGreaterThan 150
        $out = Join-Path $TestDrive 'corpus-out'
        $made = @(foreach ($base in $corpus) {
                New-DisklessHostIso -Hostname "c$($base.Name)" -BaseIso $base.Path -OutputDirectory $out -RegistrationUrl $url `
                    -ErrorVariable +failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            })

        $refused = @{}
        foreach ($failure in $failures) { $refused[[string] $failure.TargetObject] = $failure.FullyQualifiedErrorId -replace ',.*$' }
        $bad = foreach ($image in $made) {
            $result = Test-DisklessHostIso $image.Path
            if (-not $result.Passed) { "$($image.Hostname): $($result.FailedChecks -join ', ')" }
        }
        $bad | Should -BeNullOrEmpty
        ($made.Count + $refused.Count) | Should -Be $corpus.Count
        # Exactly the bases without Rock Ridge are refused up front, and only the MBR-appended one for its partition.
        $withoutRockRidge = @($corpus | Where-Object { -not (Get-IsoVolume -LiteralPath $_.Path).HasRockRidge })
        $withoutRockRidge.Count | Should -BeGreaterThan 10
        foreach ($base in $withoutRockRidge) { $refused["c$($base.Name)"] | Should -Be 'BaseWithoutRockRidge' -Because $base.Name }
        Get-ChildItem -LiteralPath $out -Force -Filter '.*.tmp' | Should -BeNullOrEmpty
    }
}
