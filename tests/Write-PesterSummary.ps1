<#
.SYNOPSIS
    Writes the totals of a Pester run as JSON, with each failure's name and the first line of its error, so that the
    test command can repeat the failures after its totals.
#>
param(
    [Parameter(Mandatory)] [object] $Result,
    [Parameter(Mandatory)] [string] $SummaryPath
)

function Get-FirstErrorLine([object] $ErrorRecord) {
    $line = "$(@($ErrorRecord)[0])" -split "`n" | Where-Object { $_.Trim() } | Select-Object -First 1
    if ($line) { $line } else { 'no error of its own (its block failed)' }
}

$failures = @(
    foreach ($test in $Result.Failed) { "$($test.ExpandedPath): $(Get-FirstErrorLine $test.ErrorRecord)" }
    foreach ($block in $Result.FailedBlocks) { "$($block.ExpandedPath) (its set-up): $(Get-FirstErrorLine $block.ErrorRecord)" }
    foreach ($container in $Result.FailedContainers) { "$($container.Item): $(Get-FirstErrorLine $container.ErrorRecord)" }
)
[pscustomobject]@{
    Passed      = $Result.PassedCount
    Failed      = $Result.FailedCount + $Result.FailedBlocksCount + $Result.FailedContainersCount
    Skipped     = $Result.SkippedCount
    FailedTests = $failures
} | ConvertTo-Json | Set-Content -LiteralPath $SummaryPath
