BeforeAll {
    . "$PSScriptRoot/Common.ps1"
    . "$PSScriptRoot/IsoTestImages.ps1"
    $script:images = New-IsoTestImages -Folder $TestDrive
    $script:rancherOs = $images['xorriso-rancheros']
    $script:extracted = Join-Path $TestDrive 'extracted'
    & osirrox -indev $rancherOs -extract / $extracted 2>$null
    if ($LASTEXITCODE -ne 0) { throw 'osirrox could not extract the test image.' }
    & chmod -R u+rwx $extracted
}

Describe 'Get-IsoItem' {
    It 'lists every item with the names, sizes and kinds osirrox extracts' {
        $items = Get-IsoItem -Path $rancherOs -Recurse
        $expected = Get-ChildItem -LiteralPath $extracted -Recurse -Force | ForEach-Object {
            [pscustomobject]@{
                FullName    = '/' + [System.IO.Path]::GetRelativePath($extracted, $_.FullName)
                IsDirectory = $_.PSIsContainer
                Length      = if ($_.PSIsContainer) { 0 } else { $_.Length }
            }
        } | Sort-Object FullName
        $actual = $items | Select-Object FullName, IsDirectory, Length | Sort-Object FullName
        ($actual | ConvertTo-Json) | Should -Be ($expected | ConvertTo-Json)
    }

    It 'lists a directory''s content, or a single file, with Rock Ridge attributes' {
        @(Get-IsoItem $rancherOs -ItemPath /boot/isolinux).Name | Should -Contain 'isolinux.bin'
        $bin = Get-IsoItem $rancherOs -ItemPath /boot/isolinux/isolinux.bin
        $bin.FullName | Should -Be '/boot/isolinux/isolinux.bin'
        $bin.Name | Should -Be 'isolinux.bin'
        $bin.ImagePath | Should -Be $rancherOs
        $bin.Length | Should -Be (Get-Item /usr/lib/ISOLINUX/isolinux.bin).Length
        $bin.IsDirectory | Should -BeFalse
        $bin.Mode -band 0xF000 | Should -Be 0x8000
        $bin.UnixMode | Should -Match '^-r'
        $bin.LastWriteTime | Should -Not -BeNullOrEmpty
        $bin.Lba | Should -Be (Get-IsoVolume $rancherOs).BootEntries[0].LoadLba
        (Get-IsoItem $rancherOs -ItemPath /boot).Name | Should -Contain 'isolinux'
    }

    It 'shows dotfiles and lowercase names by their real names' {
        $state = Get-IsoItem -Path $images['pycdlib']
        $state.Name | Should -Be @('user_data')
        (Get-IsoItem $images['genisoimage-joliet'] -ItemPath /state).Name | Should -Be @('.docker_uuid')
        (Get-IsoItem $images['xorriso-no-joliet'] -ItemPath /state/.docker_uuid).Length | Should -Be 36
    }

    It 'takes FileInfo objects from the pipeline' {
        (Get-Item -LiteralPath $rancherOs | Get-IsoItem -ItemPath /boot/global.cfg).FullName | Should -Be '/boot/global.cfg'
    }

    It 'gives IsoItemNotFound for a path that is not in the image and goes on' {
        $errors = $null
        $items = @(Get-IsoItem -LiteralPath $rancherOs, $images['genisoimage-joliet'] -ItemPath /state/.docker_uuid -ErrorVariable errors -ErrorAction SilentlyContinue)
        $items | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'IsoItemNotFound,DisklessRancher.Commands.GetIsoItemCommand'
    }

    It 'gives NotAnIso for a file that is not an ISO' {
        $errors = $null
        Get-IsoItem -LiteralPath $PSCommandPath -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -Be 'NotAnIso,DisklessRancher.Commands.GetIsoItemCommand'
    }
}

Describe 'Get-IsoItemContent' {
    It 'reads a file as UTF-8 text exactly as isoinfo extracts it' {
        $text = Get-IsoItemContent -Path $rancherOs -ItemPath /boot/global.cfg
        $text | Should -BeOfType [string]
        $text | Should -BeExactly (((& isoinfo -R -i $rancherOs -x /boot/global.cfg) -join "`n") + "`n")
        $text | Should -Match '^APPEND rancher.autologin=tty1'
    }

    It 'reads a file as bytes with -AsByteStream' {
        $bytes = Get-IsoItemContent $rancherOs /boot/isolinux/isolinux.bin -AsByteStream
        , $bytes | Should -BeOfType [byte[]]
        $hash = [System.Security.Cryptography.SHA256]::HashData([byte[]] $bytes)
        [Convert]::ToHexString($hash) | Should -Be (Get-FileHash (Join-Path $extracted 'boot/isolinux/isolinux.bin')).Hash
    }

    It 'gives <Id> for <Case>' -ForEach @(
        @{ Case = 'a directory'; Id = 'IsoItemIsDirectory'; ItemPath = '/boot' }
        @{ Case = 'a missing file'; Id = 'IsoItemNotFound'; ItemPath = '/boot/nothing' }
    ) {
        $errors = $null
        Get-IsoItemContent -LiteralPath $rancherOs -ItemPath $ItemPath -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -Be "$Id,DisklessRancher.Commands.GetIsoItemContentCommand"
    }
}
