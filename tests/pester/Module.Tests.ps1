BeforeDiscovery {
    . "$PSScriptRoot/Common.ps1"
    $script:cmdlets = @(Get-Command -Module DisklessRancher -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    . "$PSScriptRoot/Common.ps1"
    $script:moduleRoot = $env:DISKLESSRANCHER_MODULE
    $script:manifestPath = Join-Path $moduleRoot 'DisklessRancher.psd1'
    $script:commonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters +
        [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
}

Describe 'The module as built' {
    It 'has a manifest that Test-ModuleManifest accepts, for both editions and Windows PowerShell 5.1' {
        $manifest = Test-ModuleManifest -Path $manifestPath -ErrorAction Stop
        $manifest.PowerShellVersion | Should -Be ([version] '5.1')
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $manifest.PrivateData.PSData.Tags | Should -Not -BeNullOrEmpty
        $manifest.PrivateData.PSData.ProjectUri | Should -Not -BeNullOrEmpty
        $manifest.PrivateData.PSData.LicenseUri | Should -Not -BeNullOrEmpty
        $manifest.PrivateData.PSData.ReleaseNotes | Should -Not -BeNullOrEmpty
    }

    It 'exports exactly the cmdlets its assembly defines, listed by name in the manifest' {
        $data = Import-PowerShellDataFile $manifestPath
        $data.CmdletsToExport | Should -Not -Contain '*'
        $assembly = [System.Reflection.Assembly]::LoadFile((Join-Path $moduleRoot 'DisklessRancher.dll'))
        $defined = $assembly.GetExportedTypes() |
            ForEach-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } |
            ForEach-Object { "$($_.VerbName)-$($_.NounName)" }
        @($data.CmdletsToExport | Sort-Object) | Should -Be @($defined | Sort-Object)
        @((Get-Command -Module DisklessRancher).Name | Sort-Object) | Should -Be @($defined | Sort-Object)
    }

    It 'keeps third-party assemblies under Dependencies and never ships PowerShell itself' {
        $rootDlls = (Get-ChildItem $moduleRoot -Filter *.dll).Name | Sort-Object
        $rootDlls | Should -Be @('DisklessRancher.Core.dll', 'DisklessRancher.dll', 'DisklessRancher.Files.dll', 'DisklessRancher.Iso9660.dll')
        Get-ChildItem $moduleRoot -Recurse -Filter 'System.Management.Automation.dll' | Should -BeNullOrEmpty
        Join-Path $moduleRoot 'Dependencies/YamlDotNet.dll' | Should -Exist
    }

    It 'has a view for every type its cmdlets output' {
        [xml] $format = Get-Content -Raw (Join-Path $moduleRoot 'DisklessRancher.Format.ps1xml')
        $viewed = @($format.Configuration.ViewDefinitions.View.ViewSelectedBy.TypeName)
        $outputs = Get-Command -Module DisklessRancher | ForEach-Object OutputType | ForEach-Object Type |
            Where-Object { $_ -and -not $_.IsPrimitive -and $_ -notin [string], [byte[]], [object], [void] } |
            ForEach-Object FullName | Sort-Object -Unique
        $outputs | Should -Not -BeNullOrEmpty
        foreach ($type in $outputs) { $type | Should -BeIn $viewed -Because "$type is output by a cmdlet" }
    }

    It 'survives Remove-Module and Import-Module twice in one session' {
        Remove-Module DisklessRancher
        Import-Module $moduleRoot
        Remove-Module DisklessRancher
        Import-Module $moduleRoot
        Get-Module DisklessRancher | Should -Not -BeNullOrEmpty
    }

    # Linux only: the Windows lane's PowerShell has no PSResourceGet.
    It 'packages into a .nupkg that Install-PSResource installs from a folder repository and that then imports by name' -Tag LinuxOnly {
        $repository = Join-Path $TestDrive 'repository'
        $null = New-Item -ItemType Directory -Path $repository
        $name = "DisklessRancherTest$PID"
        Register-PSResourceRepository -Name $name -Uri $repository -Trusted
        try {
            Publish-PSResource -Path $moduleRoot -Repository $name
        }
        finally {
            Unregister-PSResourceRepository -Name $name
        }
        Get-ChildItem $repository -Filter 'DisklessRancher.*.nupkg' | Should -HaveCount 1

        # A user's install, in a home folder of its own so that nothing outside the test is touched.
        $userHome = Join-Path $TestDrive 'home'
        $null = New-Item -ItemType Directory -Path $userHome
        $script = @"
Register-PSResourceRepository -Name local -Uri '$repository' -Trusted
Install-PSResource -Name DisklessRancher -Repository local -Scope CurrentUser -TrustRepository -Quiet
Import-Module DisklessRancher
(Get-Module DisklessRancher).ModuleBase
(Get-Command -Module DisklessRancher).Count
"@
        $environment = @{ HOME = $userHome; XDG_DATA_HOME = $null; XDG_CONFIG_HOME = $null; XDG_CACHE_HOME = $null; PSModulePath = $null }
        $saved = @{}
        foreach ($key in $environment.Keys) { $saved[$key] = [Environment]::GetEnvironmentVariable($key); [Environment]::SetEnvironmentVariable($key, $environment[$key]) }
        try {
            $output = pwsh -NoProfile -NonInteractive -Command $script
        }
        finally {
            foreach ($key in $saved.Keys) { [Environment]::SetEnvironmentVariable($key, $saved[$key]) }
        }
        $LASTEXITCODE | Should -Be 0
        $output[-2] | Should -BeLike "$userHome*"
        [int] $output[-1] | Should -Be (Get-Command -Module DisklessRancher).Count
    }
}

Describe 'Help for <Name>' -ForEach $cmdlets {
    BeforeAll {
        $script:help = Get-Help $Name -Full
        $script:command = Get-Command $Name
    }

    It 'has a synopsis and a description of its own' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match "^\s*$Name\s"
        ($help.Description.Text -join '') | Should -Not -BeNullOrEmpty
    }

    It 'has at least two examples, each with code and a remark' {
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
        foreach ($example in $help.Examples.Example) {
            $example.Code | Should -Not -BeNullOrEmpty
            ($example.Remarks.Text -join '') | Should -Not -BeNullOrEmpty
        }
    }

    It 'documents every parameter, and nothing that is not a parameter' {
        $actual = @($command.Parameters.Keys | Where-Object { $_ -notin $commonParameters })
        # platyPS pages may document -WhatIf and -Confirm as parameters of their own; those are allowed.
        $documented = @($help.Parameters.Parameter | ForEach-Object Name | Where-Object { $_ -and $_ -notin $commonParameters })
        foreach ($parameter in $actual) {
            $parameter | Should -BeIn $documented -Because "$Name -$parameter must be documented"
            $entry = $help.Parameters.Parameter | Where-Object Name -EQ $parameter
            ($entry.Description.Text -join '') | Should -Not -BeNullOrEmpty -Because "$Name -$parameter needs a description"
        }
        foreach ($parameter in $documented) {
            $parameter | Should -BeIn $actual -Because "$Name documents -$parameter, which it does not have"
        }
    }

    It 'shows each parameter set in its syntax with exactly that set''s parameters, switches as [-Switch]' {
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters
        $items = @($help.Syntax.SyntaxItem)
        $items.Count | Should -Be @($command.ParameterSets).Count
        $shown = @($items | ForEach-Object { (@($_.Parameter | ForEach-Object Name) | Sort-Object) -join ' ' })
        foreach ($set in $command.ParameterSets) {
            $names = (@($set.Parameters.Name | Where-Object { $_ -notin $common }) | Sort-Object) -join ' '
            $names | Should -BeIn $shown -Because "the syntax of $Name must show its parameter set $($set.Name), -WhatIf and -Confirm included"
        }
        $syntax = $help.Syntax | Out-String -Width 1000
        foreach ($switch in $command.Parameters.Values | Where-Object { $_.SwitchParameter -and $_.Name -notin $common }) {
            $syntax | Should -Not -Match "-$($switch.Name) <" -Because "-$($switch.Name) is a switch and takes no value"
            $syntax | Should -Match "\[-$($switch.Name)\]"
        }
    }

    It 'has no online link that Get-Help -Online cannot open' {
        $uris = @($help.RelatedLinks.NavigationLink | ForEach-Object { $_.Uri } | Where-Object { $_ })
        foreach ($uri in $uris) { $uri | Should -Match '^https?://' }
        if (-not $uris) {
            { Get-Help $Name -Online -ErrorAction Stop } | Should -Throw '*(URI) of the Help topic is not specified*'
        }
    }

    It 'declares what it outputs' {
        $command.OutputType | Should -Not -BeNullOrEmpty
    }
}

# Linux only: the other YamlDotNet comes from the NuGet packages folder, found through the .NET SDK.
Describe 'Beside another module that loaded YamlDotNet <Version> first' -Tag LinuxOnly -ForEach @(
    @{ Version = '13.7.1'; Older = $true }
    @{ Version = '18.1.0'; Older = $false }
) {
    It 'makes the same cloud-config in a fresh PowerShell' {
        $other = Join-Path (Get-NuGetPackageFolder) "yamldotnet/$Version/lib/netstandard2.0/YamlDotNet.dll"
        $other | Should -Exist
        $script = @"
Add-Type -LiteralPath '$other'
Import-Module '$env:DISKLESSRANCHER_MODULE'
`$config = New-RancherCloudConfig -Hostname h1 -Address 10.0.0.5/24 -Gateway 10.0.0.1 -Dns 1.1.1.1 -HostLabel @{ role = 'worker' } -RegistrationUrl 'http://rancher:8080/v1/scripts/A:1:s'
[Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes(`$config.Yaml))
[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'YamlDotNet' } |
    ForEach-Object { '{0}|{1}' -f `$_.GetName().Version.Major, [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).Name }
"@
        $output = pwsh -NoProfile -NonInteractive -Command $script
        $LASTEXITCODE | Should -Be 0
        $yaml = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($output[0]))
        $expected = New-RancherCloudConfig -Hostname h1 -Address 10.0.0.5/24 -Gateway 10.0.0.1 -Dns 1.1.1.1 -HostLabel @{ role = 'worker' } -RegistrationUrl 'http://rancher:8080/v1/scripts/A:1:s'
        $yaml | Should -BeExactly $expected.Yaml
        $loaded = $output | Select-Object -Skip 1
        $loaded | Should -Contain "$($Version.Split('.')[0])|Default"
        if ($Older) {
            # Ours loads beside the older copy, in a load context of its own.
            $loaded | Should -Contain '16|DisklessRancher.Dependencies'
        }
    }
}
