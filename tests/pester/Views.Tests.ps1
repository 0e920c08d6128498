# What PowerShell shows of each output type: never a secret, whatever was shown before it and however wide the
# output, while scripts still read every value from the properties.
BeforeAll {
    . "$PSScriptRoot/Common.ps1"

    $script:signed = '0123456789ABCDEF0123:1700000000000:U2lnbmVkU2VjcmV0'
    $script:url = "http://rancher.lab:8080/v1/scripts/$signed"
    $script:store = Join-Path $TestDrive 'state'
    $base = New-RancherOsTestIso -Path (Join-Path $TestDrive 'rancheros.iso')
    $agentState = New-RancherAgentState
    $image = New-DisklessHostIso -Hostname view-host -BaseIso $base -OutputDirectory (Join-Path $TestDrive 'images') `
        -RegistrationUrl $url -StateDirectory $store -WarningAction SilentlyContinue
    $script:outputs = [ordered]@{
        RancherCloudConfig  = New-RancherCloudConfig -Hostname view-host -RegistrationUrl $url -AgentState $agentState -StateDelivery WriteFiles
        RancherAgentState   = $agentState
        RancherRegistration = [DisklessRancher.Core.Rancher.RancherRegistration]::new('http://rancher.lab:8080', '1a5', 'Default', $url,
            "sudo docker run --rm --privileged -v /var/run/docker.sock:/var/run/docker.sock rancher/agent:v1.2.11 $url", 'rancher/agent:v1.2.11', '1c3')
        DisklessHostImage   = $image
        HostImageTestResult = Test-DisklessHostIso -LiteralPath $image.Path
        NetBootHost         = New-DisklessHostNetBoot -Hostname view-net -MacAddress 52:54:00:12:34:56 -BaseIso (Get-BootableBaseIso) `
            -OutputDirectory (Join-Path $TestDrive 'www') -BaseUrl http://boot.lab/ -RegistrationUrl $url -StateDirectory $store -WarningAction SilentlyContinue
        IsoVolume           = Get-IsoVolume -LiteralPath $image.Path
        IsoItem             = Get-IsoItem -LiteralPath $image.Path -ItemPath /openstack/latest/user_data
    }
    # The secrets, and a prefix of each (a table cuts a long value short).
    $tokens = @($agentState.RegistrationToken) + @(Get-ChildItem -LiteralPath $store -Recurse -Force -Filter .registration_token |
            ForEach-Object { [IO.File]::ReadAllText($_.FullName).Trim() })
    $script:secrets = @($signed, $signed.Split(':')[-1]) + $tokens + @($tokens | ForEach-Object { $_.Substring(0, 12) })

    function Assert-NoSecret {
        param([string] $Text, [string] $Because)
        # A list view wraps long values over several lines: the secret is looked for in the text without its line breaks.
        $joined = $Text -replace '\s', ''
        foreach ($secret in $secrets) { $joined.Contains($secret) | Should -BeFalse -Because "$Because shows $secret" }
    }
}

Describe 'Views of <Name>' -ForEach @(
    @{ Name = 'RancherCloudConfig'; Shown = 'Hostname' }
    @{ Name = 'RancherAgentState'; Shown = 'DockerUuid' }
    @{ Name = 'RancherRegistration'; Shown = 'EnvironmentName' }
    @{ Name = 'DisklessHostImage'; Shown = 'Hostname' }
    @{ Name = 'HostImageTestResult'; Shown = 'Hostname' }
    @{ Name = 'NetBootHost'; Shown = 'Hostname' }
    @{ Name = 'IsoVolume'; Shown = 'VolumeLabel' }
    @{ Name = 'IsoItem'; Shown = 'Name' }
) {
    BeforeAll {
        $script:output = $outputs[$Name]
        $script:others = @((Get-Item -LiteralPath $TestDrive), [pscustomobject]@{ Name = 'another'; Value = 1 }) +
            @($outputs.Values | Where-Object { $_.GetType() -ne $output.GetType() })
    }

    It 'shows no secret alone, in a table, in a list or wide, at any width' {
        foreach ($width in 40, 80, 120, 300) {
            Assert-NoSecret ($output | Out-String -Width $width) "the default view at width $width"
            Assert-NoSecret ($output | Format-Table | Out-String -Width $width) "Format-Table at width $width"
            Assert-NoSecret ($output | Format-List | Out-String -Width $width) "Format-List at width $width"
            Assert-NoSecret ($output | Format-Wide | Out-String -Width $width) "Format-Wide at width $width"
            Assert-NoSecret (@($output, $output) | Out-String -Width $width) "two of them at width $width"
        }
    }

    It 'shows no secret after any other object, at any width' {
        foreach ($other in $others) {
            foreach ($width in 40, 80, 120, 300) {
                Assert-NoSecret (@($other, $output) | Out-String -Width $width) "$Name after a $($other.GetType().Name) at width $width"
            }
        }
        $others | Should -Not -BeNullOrEmpty
    }

    It 'still shows its <Shown> after another object' {
        $text = @((Get-Item -LiteralPath $TestDrive), $output) | Out-String -Width 120
        $output.$Shown | Should -Not -BeNullOrEmpty
        $text | Should -Match ([regex]::Escape($output.$Shown))
    }
}

Describe 'The properties behind the views' {
    It 'still hold the real values for scripts' {
        $outputs.RancherCloudConfig.RegistrationUrl | Should -BeExactly $url
        $outputs.RancherCloudConfig.Yaml | Should -Match ([regex]::Escape($signed))
        $outputs.RancherCloudConfig.Yaml | Should -Match $outputs.RancherAgentState.RegistrationToken
        $outputs.RancherAgentState.RegistrationToken | Should -Match '^[0-9a-f]{128}$'
        $outputs.RancherRegistration.RegistrationUrl | Should -BeExactly $url
        $outputs.RancherRegistration.Command | Should -Match ([regex]::Escape($url))
    }
}
