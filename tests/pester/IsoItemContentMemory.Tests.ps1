BeforeAll {
    . "$PSScriptRoot/Common.ps1"

    function New-PatchedIso {
        # A genisoimage image of a small tree, then a Python script patches its directory records.
        param([string] $Path, [string] $Tree, [string] $Patch)
        & genisoimage -quiet -o $Path $Tree
        if ($LASTEXITCODE -ne 0) { throw "genisoimage failed for $Path." }
        & /usr/bin/python3 -c $Patch $Path
        if ($LASTEXITCODE -ne 0) { throw "Could not patch $Path." }
    }

    function Measure-ContentInChild {
        # Streams an item in a fresh pwsh and returns the bytes seen and the process's peak working set.
        param([string] $Iso, [string] $ItemPath, [int] $First = 0)
        $limit = if ($First -gt 0) { "| Select-Object -First $First" } else { '' }
        $script = @"
Import-Module '$env:DISKLESSRANCHER_MODULE'
`$bytes = 0L; `$chunks = 0
Get-IsoItemContent -LiteralPath '$Iso' -ItemPath '$ItemPath' -AsByteStream $limit | ForEach-Object { `$bytes += `$_.Length; `$chunks++ }
'{0} {1} {2}' -f `$bytes, `$chunks, [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64
"@
        $answer = pwsh -NoProfile -NonInteractive -Command $script
        if ($LASTEXITCODE -ne 0) { throw "The child pwsh failed: $answer" }
        $bytes, $chunks, $peak = ($answer | Select-Object -Last 1) -split ' '
        [pscustomobject]@{ Bytes = [long] $bytes; Chunks = [int] $chunks; PeakWorkingSet = [long] $peak }
    }

    # A 3 GiB file: the record of a one-byte file points past the image's end, and the file is extended, sparse.
    $script:bigTree = Join-Path $TestDrive 'big'
    New-Item -ItemType Directory -Path $bigTree | Out-Null
    Set-Content -LiteralPath (Join-Path $bigTree 'BIG.BIN') -Value 'x' -NoNewline
    $script:bigIso = Join-Path $TestDrive 'big.iso'
    New-PatchedIso -Path $bigIso -Tree $bigTree -Patch @'
import os, struct, sys
path = sys.argv[1]
with open(path, 'r+b') as f:
    data = f.read()
    end = len(data) // 2048
    root = struct.unpack_from('<I', data, 16 * 2048 + 158)[0] * 2048
    at = data.index(b'BIG.BIN;1', root) - 33
    size = 3 * 1024 ** 3
    f.seek(at + 2); f.write(struct.pack('<I', end) + struct.pack('>I', end) + struct.pack('<I', size) + struct.pack('>I', size))
os.truncate(path, end * 2048 + 3 * 1024 ** 3)
'@

    # 1,201 records of one multi-extent file, each extent the whole 11 MB image (about 13 GB in all).
    $script:chainTree = Join-Path $TestDrive 'chain'
    New-Item -ItemType Directory -Path $chainTree | Out-Null
    0..1200 | ForEach-Object { New-Item -ItemType File -Path (Join-Path $chainTree ('F{0:D4}' -f $_)) | Out-Null }
    [System.IO.File]::WriteAllBytes((Join-Path $chainTree 'PAD'), [byte[]]::new(11MB))
    $script:chainIso = Join-Path $TestDrive 'chain.iso'
    New-PatchedIso -Path $chainIso -Tree $chainTree -Patch @'
import struct, sys
path = sys.argv[1]
with open(path, 'r+b') as f:
    data = bytearray(f.read())
    size = len(data)
    records = []
    position = data.index(b'F0000.;1') - 33
    while len(records) < 1201:
        if data[position] == 0:
            position = (position // 2048 + 1) * 2048
            continue
        records.append(position)
        position += data[position]
    for i, at in enumerate(records):
        data[at + 2:at + 18] = struct.pack('<I', 0) + struct.pack('>I', 0) + struct.pack('<I', size) + struct.pack('>I', size)
        data[at + 25] = 0x80 if i < 1200 else 0
        data[at + 33:at + 41] = b'F0000.;1'
    f.seek(0); f.write(data)
'@
}

Describe 'Get-IsoItemContent memory' {
    It 'streams a 3 GiB file in 1 MiB chunks with a flat working set' {
        $result = Measure-ContentInChild -Iso $bigIso -ItemPath /big.bin
        $result.Bytes | Should -Be (3 * 1GB)
        $result.Chunks | Should -Be 3072
        $result.PeakWorkingSet | Should -BeLessThan 400MB
    }

    It 'lists 1,201 multi-extent records as one file and streams it without holding it' {
        $item = Get-IsoItem -LiteralPath $chainIso -ItemPath /f0000
        $item.Length | Should -Be (1201L * (Get-Item -LiteralPath $chainIso).Length)
        $result = Measure-ContentInChild -Iso $chainIso -ItemPath /f0000 -First 40
        $result.Chunks | Should -Be 40
        $result.PeakWorkingSet | Should -BeLessThan 400MB
    }

    It 'refuses <Case> as text with IsoItemTooLargeForText' -ForEach @(
        @{ Case = 'a 3 GiB file'; Iso = 'big.iso'; ItemPath = '/big.bin' }
        @{ Case = 'the crafted chain'; Iso = 'chain.iso'; ItemPath = '/f0000' }
    ) {
        $errors = $null
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        Get-IsoItemContent -LiteralPath (Join-Path $TestDrive $Iso) -ItemPath $ItemPath -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 5
        $errors[0].FullyQualifiedErrorId | Should -Be 'IsoItemTooLargeForText,DisklessRancher.Commands.GetIsoItemContentCommand'
        $errors[0].Exception.Message | Should -Match '-AsByteStream'
    }

    It 'writes chunks that Set-Content -AsByteStream joins into the file' {
        $text = Join-Path $TestDrive 'text'
        New-Item -ItemType Directory -Path $text | Out-Null
        $data = [byte[]]::new(2.5MB)
        [System.Random]::new(7).NextBytes($data)
        [System.IO.File]::WriteAllBytes((Join-Path $text 'DATA.BIN'), $data)
        $iso = Join-Path $TestDrive 'data.iso'
        & genisoimage -quiet -o $iso $text
        $copy = Join-Path $TestDrive 'copy.bin'
        Get-IsoItemContent -LiteralPath $iso -ItemPath /data.bin -AsByteStream | Set-Content -LiteralPath $copy -AsByteStream
        (Get-FileHash $copy).Hash | Should -Be (Get-FileHash (Join-Path $text 'DATA.BIN')).Hash
        @(Get-IsoItemContent -LiteralPath $iso -ItemPath /data.bin -AsByteStream).Count | Should -Be 3
    }
}

Describe 'Get-IsoItemContent -AsByteStream -Raw' {
    BeforeAll {
        $script:rawTree = Join-Path $TestDrive 'raw'
        New-Item -ItemType Directory -Path $rawTree | Out-Null
        $script:rawData = [byte[]]::new(2.5MB)
        [System.Random]::new(11).NextBytes($rawData)
        [System.IO.File]::WriteAllBytes((Join-Path $rawTree 'DATA.BIN'), $rawData)
        [System.IO.File]::WriteAllBytes((Join-Path $rawTree 'ONE.BIN'), [byte[]] @(42))
        $script:rawIso = Join-Path $TestDrive 'raw.iso'
        & genisoimage -quiet -o $rawIso $rawTree
    }

    It 'writes the whole file as one byte[] for a <Case>' -ForEach @(
        @{ Case = 'file of 2.5 MiB (three chunks without -Raw)'; ItemPath = '/data.bin'; Chunks = 3 }
        @{ Case = 'one-byte file'; ItemPath = '/one.bin'; Chunks = 1 }
    ) {
        $bytes = Get-IsoItemContent -LiteralPath $rawIso -ItemPath $ItemPath -AsByteStream -Raw
        $bytes.GetType().FullName | Should -Be 'System.Byte[]'
        $expected = [System.IO.File]::ReadAllBytes((Join-Path $rawTree $ItemPath.TrimStart('/').ToUpperInvariant()))
        [Convert]::ToBase64String($bytes) | Should -BeExactly ([Convert]::ToBase64String($expected))
        @(Get-IsoItemContent -LiteralPath $rawIso -ItemPath $ItemPath -AsByteStream).Count | Should -Be $Chunks
    }

    It 'refuses a file over 256 MiB with IsoItemTooLargeForRaw, naming the limit, without reading it' {
        $errors = $null
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        Get-IsoItemContent -LiteralPath $bigIso -ItemPath /big.bin -AsByteStream -Raw -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 5
        $errors[0].FullyQualifiedErrorId | Should -Be 'IsoItemTooLargeForRaw,DisklessRancher.Commands.GetIsoItemContentCommand'
        $errors[0].Exception.Message | Should -BeLike '*3221225472 bytes, more than the 268435456 (256 MiB)*leave out -Raw*'
    }

    It 'runs the help''s copy examples as written, with no cmdlet parameter Windows PowerShell 5.1 lacks' {
        $help = Get-Content -LiteralPath (Join-Path $PSScriptRoot '../../docs/en-US/Get-IsoItemContent.md') -Raw
        $examples = [regex]::Matches($help, '### Example \d+: (Read a file as one byte array|Copy a file of any size[^\n]*)\n```powershell\n(.*?)\n```', 'Singleline')
        $examples.Count | Should -Be 2
        $folder = Join-Path $TestDrive 'examples'
        $null = New-Item -ItemType Directory -Path $folder
        $tree = Join-Path $TestDrive 'example-tree'
        $null = New-Item -ItemType Directory -Path "$tree/boot", "$tree/openstack/latest"
        [System.IO.File]::WriteAllBytes("$tree/boot/initrd-v1.5.8", $rawData)
        [System.IO.File]::WriteAllText("$tree/openstack/latest/user_data", "#cloud-config`nhostname: h1`n")
        & genisoimage -quiet -R -o (Join-Path $folder 'rancheros.iso') $tree
        Copy-Item (Join-Path $folder 'rancheros.iso') (Join-Path $folder 'host1.iso')
        Push-Location $folder
        try {
            foreach ($example in $examples) {
                $code = $example.Groups[2].Value
                $code | Should -Not -Match 'Set-Content|Out-File|-Encoding'
                & ([scriptblock]::Create($code))
            }
        }
        finally {
            Pop-Location
        }
        (Get-FileHash (Join-Path $folder 'initrd')).Hash | Should -Be (Get-FileHash "$tree/boot/initrd-v1.5.8").Hash
        (Get-FileHash (Join-Path $folder 'user_data')).Hash | Should -Be (Get-FileHash "$tree/openstack/latest/user_data").Hash
    }
}
