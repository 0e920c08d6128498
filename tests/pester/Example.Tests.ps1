# The README's first command ends with examples/Invoke-Example.ps1: it must leave the user's identity store alone.
BeforeAll {
    . "$PSScriptRoot/Common.ps1"
}

Describe 'The example' {
    It 'keeps its hosts'' identities beside its images, never in the user''s identity store' {
        $out = Join-Path $TestDrive 'example'
        $base = New-RancherOsTestIso -Path (Join-Path $TestDrive 'rancheros.iso')
        # The child PowerShell has this test's per-user data folder (XDG_DATA_HOME), so its identity store is $IdentityStore.
        $shown = & pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot '../../examples/Invoke-Example.ps1') `
            -ModulePath $env:DISKLESSRANCHER_MODULE -OutputDirectory $out -BaseIso $base.FullName 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($shown -join "`n")

        $IdentityStore | Should -Not -Exist
        foreach ($hostname in (Import-Csv (Join-Path $PSScriptRoot '../../examples/hosts.csv')).Hostname) {
            $kept = Join-Path $out "identities/$hostname"
            (Import-RancherAgentState -LiteralPath $kept).DockerUuid |
                Should -BeExactly (Import-RancherAgentState -IsoPath (Join-Path $out "$hostname.iso")).DockerUuid
        }
    }
}
