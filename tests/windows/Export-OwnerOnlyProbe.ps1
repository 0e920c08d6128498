<#
.SYNOPSIS
    Runs as Windows (under Wine, with advapi32 calls traced): writes agent state, whose folder and files are kept to
    their owner, and prints the access list read back from one of them.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Folder
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
Remove-Item -LiteralPath $Folder -Recurse -Force -ErrorAction Ignore
New-RancherAgentState | Export-RancherAgentState -Path $Folder
"READ BACK: $((Get-Acl -LiteralPath (Join-Path $Folder '.registration_token')).Sddl)"
