BeforeAll {
    . "$PSScriptRoot/Common.ps1"
    . "$PSScriptRoot/IsoTestImages.ps1"
    $script:images = New-IsoTestImages -Folder $TestDrive
    $script:rancherOs = $images['xorriso-rancheros']

    $script:notAnIso = Join-Path $TestDrive 'random.bin'
    [System.IO.File]::WriteAllBytes($notAnIso, [byte[]] (1..200000 | ForEach-Object { $_ % 251 }))
    $script:truncated = Join-Path $TestDrive 'truncated.img'
    $bytes = [System.IO.File]::ReadAllBytes($rancherOs)
    [System.IO.File]::WriteAllBytes($truncated, $bytes[0..($bytes.Length / 2 - 1)])
    $script:missing = Join-Path $TestDrive 'missing.iso'

    function New-Copy([string] $Source, [string] $Name) {
        $target = Join-Path $TestDrive $Name
        Copy-Item -LiteralPath $Source -Destination $target -Force
        Set-ItemProperty -LiteralPath $target -Name IsReadOnly -Value $false
        $target
    }
}

Describe 'Get-IsoVolume' {
    It 'describes the RancherOS-shaped image as isoinfo, blkid and xorriso do' {
        $volume = Get-IsoVolume -Path $rancherOs
        $volume.Path | Should -Be $rancherOs
        $volume.VolumeLabel | Should -Be 'RancherOS'
        $volume.JolietLabel | Should -Be 'RancherOS'
        Get-BlkidLabel $rancherOs | Should -Be $volume.JolietLabel
        (& isoinfo -d -i $rancherOs) -match '^Volume size is: ' | Should -Be "Volume size is: $($volume.VolumeSpaceSize)"
        $volume.DataPreparerId | Should -BeLike 'XORRISO-*'
        $volume.LogicalBlockSize | Should -Be 2048
        $volume.Length | Should -Be (Get-Item $rancherOs).Length
        $volume.HasRockRidge | Should -BeTrue
        $volume.HasJoliet | Should -BeTrue
        $volume.CreationTime | Should -Not -BeNullOrEmpty

        $report = Get-XorrisoBootReport $rancherOs
        $volume.BootEntries | Should -HaveCount 1
        $boot = $volume.BootEntries[0]
        $boot.PlatformName | Should -Be 'BIOS'
        $boot.Emulation | Should -Be 'NoEmulation'
        $boot.LoadSize | Should -Be 4
        $report | Should -Match "El Torito boot img :\s+1\s+BIOS\s+y\s+none\s+0x0000\s+0x00\s+4\s+$($boot.LoadLba)\b"
        $boot.HasBootInfoTable | Should -BeTrue
        $boot.BootInfoTableValid | Should -BeTrue
        $volume.SystemArea.IsIsohybrid | Should -BeTrue
        $volume.SystemArea.MbrBootLba | Should -Be ($boot.LoadLba * 4)
        $volume.SystemArea.Partitions | Should -HaveCount 1
        $partition = $volume.SystemArea.Partitions[0]
        $report | Should -Match "MBR partition      :\s+1\s+0x80\s+0x17\s+0\s+$($partition.SectorCount)\b"
        $volume.BootSummary | Should -Match 'BIOS no-emul LBA \d+ \(boot-info-table ok\); isohybrid MBR'
    }

    It 'reports no Joliet label and no boot for an image without them' {
        $volume = Get-IsoVolume -LiteralPath $images['genisoimage-no-joliet']
        $volume.VolumeLabel | Should -Be 'GenPlain'
        $volume.JolietLabel | Should -BeNullOrEmpty
        $volume.HasJoliet | Should -BeFalse
        $volume.BootEntries | Should -HaveCount 0
        $volume.SystemArea.Kind | Should -Be 'None'
        $volume.BootSummary | Should -Be 'not bootable'
    }

    It 'expands wildcards and writes one object per image' {
        $volumes = Get-IsoVolume -Path (Join-Path $TestDrive '*.iso')
        $volumes | Should -HaveCount $images.Count
        @($volumes.VolumeLabel | Sort-Object) | Should -Be @('GenJoliet', 'GenPlain', 'NoJoliet', 'PYCDLIB', 'RancherOS')
    }

    It 'takes strings and FileInfo objects from the pipeline' {
        @($images.Values | Get-IsoVolume) | Should -HaveCount $images.Count
        @(Get-ChildItem -LiteralPath $TestDrive -Filter *.iso | Get-IsoVolume).Path | Should -Contain $rancherOs
    }

    It 'treats wildcard characters literally with -LiteralPath' {
        $odd = New-Copy $rancherOs 'odd[1].iso'
        (Get-IsoVolume -LiteralPath $odd).Path | Should -Be $odd
    }

    It 'gives error <Id> for <Case> and goes on with the next image' -ForEach @(
        @{ Case = 'a missing path'; Id = 'PathNotFound'; Target = 'missing' }
        @{ Case = 'a directory'; Id = 'PathIsDirectory'; Target = 'directory' }
        @{ Case = 'a file that is not an ISO'; Id = 'NotAnIso'; Target = 'notAnIso' }
        @{ Case = 'a truncated image'; Id = 'IsoTruncated'; Target = 'truncated' }
    ) {
        $bad = @{ missing = $missing; directory = $TestDrive; notAnIso = $notAnIso; truncated = $truncated }[$Target]
        $errors = $null
        $volumes = @(Get-IsoVolume -LiteralPath $bad, $rancherOs -ErrorVariable errors -ErrorAction SilentlyContinue)
        $volumes | Should -HaveCount 1
        $volumes[0].Path | Should -Be $rancherOs
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -Be "$Id,DisklessRancher.Commands.GetIsoVolumeCommand"
        $errors[0].TargetObject | Should -Be $bad
    }
}

Describe 'Set-IsoVolumeLabel' {
    It 'relabels an image made by <Kind> in place, changing only label bytes of descriptor sectors' -ForEach @(
        @{ Kind = 'xorriso-rancheros' }
        @{ Kind = 'xorriso-no-joliet' }
        @{ Kind = 'genisoimage-joliet' }
        @{ Kind = 'genisoimage-no-joliet' }
        @{ Kind = 'pycdlib' }
    ) {
        $original = $images[$Kind]
        $copy = New-Copy $original "$Kind-relabel.iso"
        $reportBefore = Get-XorrisoBootReport $copy

        Set-IsoVolumeLabel -LiteralPath $copy -Label config-2 | Should -BeNullOrEmpty

        Get-BlkidLabel $copy | Should -Be 'config-2'
        (& isoinfo -d -i $copy) | Should -Contain 'Volume id: config-2'
        Get-XorrisoBootReport $copy | Should -Be $reportBefore
        # cmp -l prints 1-based offsets of differing bytes.
        $offsets = @(& cmp -l $original $copy | ForEach-Object { [long] ($_.Trim() -split '\s+')[0] - 1 })
        $offsets.Count | Should -BeGreaterThan 0
        foreach ($offset in $offsets) {
            [math]::Floor($offset / 2048) | Should -BeIn (16..31)
            $offset % 2048 | Should -BeIn (40..71)
        }
    }

    It 'writes a copy with -Destination, leaving the source untouched and no temporary file' {
        $source = New-Copy $rancherOs 'dest-source.iso'
        $hash = (Get-FileHash -LiteralPath $source).Hash
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'dest-out') -Force
        $destination = Join-Path $folder 'config.iso'

        $volume = Set-IsoVolumeLabel -Path $source -Label config-2 -Destination $destination -PassThru

        $volume.Path | Should -Be $destination
        $volume.VolumeLabel | Should -Be 'config-2'
        $volume.JolietLabel | Should -Be 'config-2'
        (Get-FileHash -LiteralPath $source).Hash | Should -Be $hash
        Get-BlkidLabel $destination | Should -Be 'config-2'
        @(Get-ChildItem -LiteralPath $folder -Force).Name | Should -Be @('config.iso')
        (Get-Item -LiteralPath $destination).UnixMode | Should -Be '-rw-------' -Because 'the source may be a host image holding a token'
    }

    It 'refuses to overwrite a destination without -Force (OutputExists) and overwrites with it' {
        $destination = Join-Path $TestDrive 'exists.iso'
        Set-Content -LiteralPath $destination -Value 'keep me'
        $errors = $null
        Set-IsoVolumeLabel -LiteralPath $rancherOs -Label config-2 -Destination $destination -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -Be 'OutputExists,DisklessRancher.Commands.SetIsoVolumeLabelCommand'
        Get-Content -LiteralPath $destination | Should -Be 'keep me'

        Set-IsoVolumeLabel -LiteralPath $rancherOs -Label config-2 -Destination $destination -Force
        Get-BlkidLabel $destination | Should -Be 'config-2'
    }

    It 'puts the copy inside a destination directory under the source name' {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'into-dir') -Force
        Set-IsoVolumeLabel -LiteralPath $rancherOs -Label config-2 -Destination $folder
        Get-BlkidLabel (Join-Path $folder 'xorriso-rancheros.iso') | Should -Be 'config-2'
    }

    It 'changes nothing with -WhatIf' {
        $copy = New-Copy $rancherOs 'whatif.iso'
        $hash = (Get-FileHash -LiteralPath $copy).Hash
        Set-IsoVolumeLabel -LiteralPath $copy -Label config-2 -WhatIf
        Set-IsoVolumeLabel -LiteralPath $copy -Label config-2 -Destination (Join-Path $TestDrive 'whatif-out.iso') -WhatIf
        (Get-FileHash -LiteralPath $copy).Hash | Should -Be $hash
        Join-Path $TestDrive 'whatif-out.iso' | Should -Not -Exist
    }

    It 'keeps the exact case and accepts 32 characters on an image without Joliet' {
        $copy = New-Copy $images['xorriso-no-joliet'] 'long-label.iso'
        $label = 'Config-2 Label Of 32 Characters!'
        Set-IsoVolumeLabel -LiteralPath $copy -Label $label -PassThru | ForEach-Object VolumeLabel | Should -BeExactly $label
        (& isoinfo -d -i $copy) | Should -Contain "Volume id: $label"
    }

    It 'gives error <Id> for <Case> and goes on with the next image' -ForEach @(
        @{ Case = 'a missing path'; Id = 'PathNotFound'; Target = 'missing'; Label = 'config-2' }
        @{ Case = 'a directory'; Id = 'PathIsDirectory'; Target = 'directory'; Label = 'config-2' }
        @{ Case = 'a read-only file'; Id = 'AccessDenied'; Target = 'readOnly'; Label = 'config-2' }
        @{ Case = 'a file that is not an ISO'; Id = 'NotAnIso'; Target = 'notAnIso'; Label = 'config-2' }
        @{ Case = 'a truncated image'; Id = 'IsoTruncated'; Target = 'truncated'; Label = 'config-2' }
        @{ Case = 'a label Joliet cannot hold'; Id = 'LabelTooLongForJoliet'; Target = 'joliet'; Label = 'a-label-of-17-chr' }
        @{ Case = 'a label that is not printable ASCII'; Id = 'InvalidVolumeLabel'; Target = 'joliet'; Label = "caf$([char]0xE9)" }
    ) {
        $readOnly = New-Copy $rancherOs 'read-only.iso'
        Set-ItemProperty -LiteralPath $readOnly -Name IsReadOnly -Value $true
        $bad = @{ missing = $missing; directory = $TestDrive; readOnly = $readOnly; notAnIso = $notAnIso; truncated = $truncated; joliet = (New-Copy $rancherOs 'joliet.iso') }[$Target]
        $badHash = if (Test-Path -LiteralPath $bad -PathType Leaf) { (Get-FileHash -LiteralPath $bad).Hash }
        $good = New-Copy $images['xorriso-no-joliet'] 'good.iso'

        $errors = $null
        $bad, $good | Set-IsoVolumeLabel -Label $Label -ErrorVariable errors -ErrorAction SilentlyContinue

        $errors | Should -HaveCount $(if ($Target -eq 'joliet' -and $Id -eq 'InvalidVolumeLabel') { 2 } else { 1 })
        $errors[0].FullyQualifiedErrorId | Should -Be "$Id,DisklessRancher.Commands.SetIsoVolumeLabelCommand"
        if ($badHash) { (Get-FileHash -LiteralPath $bad).Hash | Should -Be $badHash }
        if ($Id -ne 'InvalidVolumeLabel') { (Get-IsoVolume -LiteralPath $good).VolumeLabel | Should -Be $Label }
        Set-ItemProperty -LiteralPath $readOnly -Name IsReadOnly -Value $false
    }
}
