@{
    RootModule             = 'DisklessRancher.dll'
    ModuleVersion          = '0.1.0'
    CompatiblePSEditions   = @('Desktop', 'Core')
    GUID                   = '6f0e5c2a-3b7d-4d0e-9a51-2c8e7b4f1d93'
    Author                 = 'DisklessRancher contributors'
    CompanyName            = 'DisklessRancher'
    Copyright              = '(c) DisklessRancher contributors. MIT License.'
    Description            = 'Turns a RancherOS live ISO into per-host, disk-less Rancher host images: cloud-config, agent identity, config-drive label and boot paths, from one pipeline.'
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    TypesToProcess         = @('DisklessRancher.Types.ps1xml')
    FormatsToProcess       = @('DisklessRancher.Format.ps1xml')
    FunctionsToExport      = @()
    CmdletsToExport        = @(
        'Get-IsoVolume'
        'Set-IsoVolumeLabel'
        'New-RancherCloudConfig'
        'New-RancherAgentState'
        'Export-RancherAgentState'
        'Import-RancherAgentState'
        'Get-IsoItem'
        'Get-IsoItemContent'
        'Test-DisklessHostIso'
        'Connect-RancherServer'
        'Disconnect-RancherServer'
        'Invoke-RancherRegistration'
        'Get-RancherHost'
        'Wait-RancherHost'
        'Remove-RancherHost'
        'New-DisklessHostIso'
        'New-DisklessHostNetBoot'
        'Get-DisklessNetBootMachine'
    )
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('RancherOS', 'Rancher', 'ISO9660', 'ISO', 'CloudConfig', 'Diskless', 'PSEdition_Core', 'PSEdition_Desktop', 'Linux', 'Windows')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ProjectUri   = 'https://github.com/disklessrancher/DisklessRancher'
            ReleaseNotes = @'
First release.
- New-DisklessHostIso: one disk-less host image per host (CSV rows through the pipeline) from a RancherOS live ISO:
  the host's cloud-config, its agent identity (kept per host, so a rebuilt host registers as the same host), the
  config-2 label and the base's boot paths; Test-DisklessHostIso checks such images.
- New-RancherCloudConfig, New-/Export-/Import-RancherAgentState: the cloud-config and the agent identity on their own.
- Connect-/Disconnect-RancherServer, Invoke-RancherRegistration, Get-/Wait-/Remove-RancherHost: Rancher 1.6 hosts.
- Get-IsoVolume, Get-IsoItem, Get-IsoItemContent, Set-IsoVolumeLabel: reading ISO 9660 images and relabelling them.
'@
        }
    }
}
