<#
.SYNOPSIS
    The module's main job on the bundled example: one bootable host image per row of examples/hosts.csv.
.DESCRIPTION
    Without -BaseIso, a small RancherOS-shaped live ISO is made first from Debian packages (rancheros' own xorriso
    flags, ISOLINUX, a Debian kernel and a busybox initramfs), so the images really boot.
    The example hosts' identities are kept in OutputDirectory/identities, never in the user's identity store: a real
    host named like an example host must not take the example's identity.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $OutputDirectory,
    [string] $BaseIso
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
$null = New-Item -ItemType Directory -Path $OutputDirectory -Force

if (-not $BaseIso) {
    $BaseIso = Join-Path $OutputDirectory 'rancheros.iso'
    Write-Host "Making a RancherOS-shaped base ISO from Debian packages: $BaseIso"
    $kit = Join-Path $OutputDirectory 'bootkit'
    & bash (Join-Path $PSScriptRoot '../tests/fixtures/boot/new-boot-kit.sh') $kit
    if ($LASTEXITCODE -ne 0) { throw 'Could not make the boot kit (is apt-get download available?).' }
    & bash (Join-Path $PSScriptRoot '../tests/fixtures/new-rancheros-iso.sh') $BaseIso 1 (Join-Path $kit 'vmlinuz') (Join-Path $kit 'initrd.gz')
    if ($LASTEXITCODE -ne 0) { throw 'Could not make the example base ISO (are xorriso and isolinux installed?).' }
}

Write-Host "`nThe base image:"
Get-IsoVolume -LiteralPath $BaseIso | Out-Host

# The registration URL would come from Rancher Server (Invoke-RancherRegistration); this one is an example.
$registrationUrl = 'http://rancher.example.org:8080/v1/scripts/0123456789ABCDEF0123:1514678400000:ZXhhbXBsZQ'
Write-Host "One image per row of examples/hosts.csv, into $OutputDirectory"
$images = Import-Csv (Join-Path $PSScriptRoot 'hosts.csv') |
    New-DisklessHostIso -BaseIso $BaseIso -RegistrationUrl $registrationUrl -OutputDirectory $OutputDirectory -Force `
        -StateDirectory (Join-Path $OutputDirectory 'identities') `
        -KernelArgument 'rancher.cloud_init.datasources=[configdrive:/media/config-2,cmdline]'
$images | Out-Host

Write-Host 'Their checks:'
$checks = $images | Test-DisklessHostIso
$checks | Out-Host
if ($checks.Passed -contains $false) { throw 'A host image failed its checks.' }
Get-IsoItem -LiteralPath $images[0].Path -ItemPath /openstack/latest/user_data | Out-Host
