# Dot-sourced by the ISO cmdlet tests: images made by real tools (xorriso, genisoimage, pycdlib) from a small tree.
function New-IsoTestImages {
    param([Parameter(Mandatory)] [string] $Folder)
    $tree = Join-Path $Folder 'tree'
    $null = New-Item -ItemType Directory -Force -Path "$tree/boot/isolinux", "$tree/state", "$tree/openstack/latest"
    Copy-Item /usr/lib/ISOLINUX/isolinux.bin "$tree/boot/isolinux/"
    Set-Content -LiteralPath "$tree/state/.docker_uuid" -Value '0b8e3d6c-7c3f-4e0f-9a51-2c8e7b4f1d93' -NoNewline
    Set-Content -LiteralPath "$tree/openstack/latest/user_data" -Value "#cloud-config`nhostname: h1`n" -NoNewline

    $images = [ordered]@{}
    $images['xorriso-rancheros'] = (New-RancherOsTestIso -Path (Join-Path $Folder 'xorriso-rancheros.iso')).FullName
    $images['xorriso-no-joliet'] = Invoke-IsoTool $Folder 'xorriso-no-joliet' xorriso -as mkisofs -quiet -l -R -V NoJoliet -o '{0}' $tree
    $images['genisoimage-joliet'] = Invoke-IsoTool $Folder 'genisoimage-joliet' genisoimage -quiet -R -J -V GenJoliet `
        -b boot/isolinux/isolinux.bin -c boot/isolinux/boot.cat -no-emul-boot -boot-load-size 4 -boot-info-table -o '{0}' $tree
    $images['genisoimage-no-joliet'] = Invoke-IsoTool $Folder 'genisoimage-no-joliet' genisoimage -quiet -R -V GenPlain -o '{0}' $tree
    $images['pycdlib'] = Invoke-IsoTool $Folder 'pycdlib' /usr/bin/python3 -c @'
import pycdlib, io, sys
iso = pycdlib.PyCdlib()
iso.new(interchange_level=3, rock_ridge='1.09', joliet=3, vol_ident='PYCDLIB')
data = b'#cloud-config\n'
iso.add_fp(io.BytesIO(data), len(data), '/USER_DAT.;1', rr_name='user_data', joliet_path='/user_data')
iso.write(sys.argv[1])
'@ '{0}'
    $images
}

function Invoke-IsoTool {
    # Runs a tool with '{0}' in its arguments replaced by the image path; returns the path.
    param([string] $Folder, [string] $Name, [string] $Tool)
    $path = Join-Path $Folder "$Name.iso"
    $arguments = $args | ForEach-Object { $_ -replace '^\{0\}$', $path }
    & $Tool @arguments 2>&1 | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "$Tool failed to make $path." }
    $path
}

function Get-XorrisoBootReport {
    param([string] $Path)
    (& xorriso -indev $Path -report_el_torito plain -report_system_area plain 2>$null) -join "`n"
}

function Get-BlkidLabel {
    param([string] $Path)
    (& blkid -p -o value -s LABEL $Path) -join ''
}
