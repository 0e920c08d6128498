<#
.SYNOPSIS
    Converts platyPS-format cmdlet markdown (docs/en-US/<Cmdlet>.md) into the MAML file PowerShell's Get-Help reads,
    and about_*.md topics into about_*.help.txt.
.DESCRIPTION
    Understands the sections platyPS writes: SYNOPSIS, SYNTAX, DESCRIPTION, EXAMPLES (### titles with a code block
    and remarks), PARAMETERS (### -Name, a description and a yaml block of attributes), INPUTS, OUTPUTS, NOTES and
    RELATED LINKS. A cmdlet file that lacks a synopsis, an example or a parameter's attribute block is an error,
    so the build fails rather than shipping thin help.
#>
param(
    [Parameter(Mandatory)] [string] $MarkdownFolder,
    [Parameter(Mandatory)] [string] $OutputFolder,
    [string] $HelpFileName = 'DisklessRancher.dll-Help.xml'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

function Split-Sections {
    # Splits markdown into (heading, body) pairs at the given heading level, outside fenced code blocks.
    param([string[]] $Lines, [int] $Level)
    $prefix = ('#' * $Level) + ' '
    $sections = [System.Collections.Generic.List[object]]::new()
    $current = $null
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line -match '^```') { $inFence = -not $inFence }
        if (-not $inFence -and $line.StartsWith($prefix)) {
            $current = [pscustomobject]@{ Title = $line.Substring($prefix.Length).Trim(); Lines = [System.Collections.Generic.List[string]]::new() }
            $sections.Add($current)
        }
        elseif ($current) {
            $current.Lines.Add($line)
        }
    }
    $sections
}

function Get-Section {
    param($Sections, [string] $Title)
    $Sections | Where-Object Title -EQ $Title | Select-Object -First 1
}

function Get-Paragraphs {
    # Text outside code fences, split into paragraphs at blank lines.
    param([string[]] $Lines)
    $paragraphs = [System.Collections.Generic.List[string]]::new()
    $buffer = [System.Collections.Generic.List[string]]::new()
    $inFence = $false
    foreach ($line in $Lines + '') {
        if ($line -match '^```') { $inFence = -not $inFence; continue }
        if ($inFence) { continue }
        if ($line.Trim() -eq '') {
            if ($buffer.Count) { $paragraphs.Add(($buffer -join ' ').Trim()); $buffer.Clear() }
        }
        else { $buffer.Add($line.Trim()) }
    }
    $paragraphs
}

function Get-FencedBlocks {
    param([string[]] $Lines)
    $blocks = [System.Collections.Generic.List[object]]::new()
    $buffer = $null
    foreach ($line in $Lines) {
        if ($line -match '^```(\w*)') {
            if ($null -eq $buffer) { $buffer = [pscustomobject]@{ Language = $Matches[1]; Lines = [System.Collections.Generic.List[string]]::new() } }
            else { $blocks.Add($buffer); $buffer = $null }
        }
        elseif ($null -ne $buffer) { $buffer.Lines.Add($line) }
    }
    $blocks
}

function ConvertFrom-ParameterYaml {
    param([string[]] $Lines)
    $attributes = @{}
    foreach ($line in $Lines) {
        if ($line -match '^([A-Za-z ]+):\s*(.*)$') { $attributes[$Matches[1].Trim()] = $Matches[2].Trim() }
    }
    $attributes
}

function Write-Paragraphs {
    param([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs)
    foreach ($paragraph in $Paragraphs) { $Writer.WriteElementString('maml', 'para', $maml, $paragraph) }
}

function Read-CmdletHelp {
    param([System.IO.FileInfo] $File)
    $lines = Get-Content -LiteralPath $File.FullName
    $top = Split-Sections $lines 1 | Select-Object -First 1
    if (-not $top) { throw "$($File.Name): no '# <Cmdlet-Name>' heading." }
    $sections = Split-Sections $top.Lines 2
    $name = $top.Title
    $synopsis = @(Get-Paragraphs (Get-Section $sections 'SYNOPSIS').Lines)
    if (-not $synopsis) { throw "$($File.Name): the SYNOPSIS section is empty." }

    $examples = foreach ($example in Split-Sections (Get-Section $sections 'EXAMPLES').Lines 3) {
        $code = Get-FencedBlocks $example.Lines | Select-Object -First 1
        if (-not $code) { throw "$($File.Name): example '$($example.Title)' has no code block." }
        [pscustomobject]@{ Title = $example.Title; Code = ($code.Lines -join "`n"); Remarks = @(Get-Paragraphs $example.Lines) }
    }
    if (-not $examples) { throw "$($File.Name): no example." }

    $parameters = foreach ($parameter in Split-Sections (Get-Section $sections 'PARAMETERS').Lines 3) {
        if ($parameter.Title -eq 'CommonParameters') { continue }
        $yaml = Get-FencedBlocks $parameter.Lines | Where-Object Language -EQ 'yaml' | Select-Object -First 1
        if (-not $yaml) { throw "$($File.Name): parameter $($parameter.Title) has no yaml attribute block." }
        $attributes = ConvertFrom-ParameterYaml $yaml.Lines
        [pscustomobject]@{
            Name        = $parameter.Title.TrimStart('-')
            Description = @(Get-Paragraphs $parameter.Lines)
            Type        = $attributes['Type']
            Sets        = @(($attributes['Parameter Sets'] ?? '(All)') -split ',\s*')
            Aliases     = $attributes['Aliases']
            Required    = $attributes['Required'] -eq 'True'
            Position    = ($attributes['Position'] ?? 'Named')
            Default     = ($attributes['Default value'] ?? 'None')
            Pipeline    = ($attributes['Accept pipeline input'] ?? 'False')
            Wildcards   = ($attributes['Accept wildcard characters'] ?? 'False') -eq 'True'
            Values      = @(if ($attributes['Accepted values']) { $attributes['Accepted values'] -split ',\s*' })
        }
    }

    $typeEntries = {
        param($Section)
        if (-not $Section) { return }
        foreach ($entry in Split-Sections $Section.Lines 3) {
            [pscustomobject]@{ Name = $entry.Title; Description = @(Get-Paragraphs $entry.Lines) }
        }
    }
    $setNames = @(Split-Sections (Get-Section $sections 'SYNTAX').Lines 3 | ForEach-Object { ($_.Title -replace '\s*\(Default\)$', '') })
    [pscustomobject]@{
        Name        = $name
        Synopsis    = $synopsis -join ' '
        Description = @(Get-Paragraphs (Get-Section $sections 'DESCRIPTION').Lines)
        SetNames    = $setNames
        Examples    = @($examples)
        Parameters  = @($parameters)
        Inputs      = @(& $typeEntries (Get-Section $sections 'INPUTS'))
        Outputs     = @(& $typeEntries (Get-Section $sections 'OUTPUTS'))
        Notes       = @(if (Get-Section $sections 'NOTES') { Get-Paragraphs (Get-Section $sections 'NOTES').Lines })
        Links       = @(if (Get-Section $sections 'RELATED LINKS') {
                (Get-Section $sections 'RELATED LINKS').Lines | Where-Object { $_ -match '^\[(.+)\]\((.*)\)' } |
                    ForEach-Object { [pscustomobject]@{ Text = $Matches[1]; Uri = $Matches[2] } }
            })
    }
}

function Write-ParameterElement {
    # In a syntax item a switch has no value element, so that Get-Help shows [-Force] rather than [-Force <SwitchParameter>].
    param([System.Xml.XmlWriter] $Writer, $Parameter, [switch] $InSyntax)
    $Writer.WriteStartElement('command', 'parameter', $command)
    $Writer.WriteAttributeString('required', $Parameter.Required.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', 'true')
    $Writer.WriteAttributeString('globbing', $Parameter.Wildcards.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', $Parameter.Pipeline)
    $Writer.WriteAttributeString('position', $Parameter.Position.ToLowerInvariant())
    $Writer.WriteAttributeString('aliases', $(if ($Parameter.Aliases) { $Parameter.Aliases } else { 'none' }))
    $Writer.WriteElementString('maml', 'name', $maml, $Parameter.Name)
    $Writer.WriteStartElement('maml', 'description', $maml)
    Write-Paragraphs $Writer $Parameter.Description
    $Writer.WriteEndElement()
    if ($Parameter.Values) {
        $Writer.WriteStartElement('command', 'parameterValueGroup', $command)
        foreach ($value in $Parameter.Values) {
            $Writer.WriteStartElement('command', 'parameterValue', $command)
            $Writer.WriteAttributeString('required', 'false')
            $Writer.WriteAttributeString('variableLength', 'false')
            $Writer.WriteString($value)
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }
    $isSwitch = $Parameter.Type -eq 'SwitchParameter'
    if (-not ($isSwitch -and $InSyntax)) {
        $Writer.WriteStartElement('command', 'parameterValue', $command)
        $Writer.WriteAttributeString('required', (-not $isSwitch).ToString().ToLowerInvariant())
        $Writer.WriteAttributeString('variableLength', 'false')
        $Writer.WriteString($Parameter.Type)
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $dev)
    $Writer.WriteElementString('maml', 'name', $maml, $Parameter.Type)
    $Writer.WriteEndElement()
    $Writer.WriteElementString('dev', 'defaultValue', $dev, $Parameter.Default)
    $Writer.WriteEndElement()
}

function Write-TypeList {
    param([System.Xml.XmlWriter] $Writer, [string] $ListName, [string] $ItemName, $Entries)
    $Writer.WriteStartElement('command', $ListName, $command)
    foreach ($entry in $Entries) {
        $Writer.WriteStartElement('command', $ItemName, $command)
        $Writer.WriteStartElement('dev', 'type', $dev)
        $Writer.WriteElementString('maml', 'name', $maml, $entry.Name)
        $Writer.WriteEndElement()
        $Writer.WriteStartElement('maml', 'description', $maml)
        Write-Paragraphs $Writer $entry.Description
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-CommandElement {
    param([System.Xml.XmlWriter] $Writer, $Help)
    $verb, $noun = $Help.Name -split '-', 2
    $Writer.WriteStartElement('command', 'command', $command)
    $Writer.WriteStartElement('command', 'details', $command)
    $Writer.WriteElementString('command', 'name', $command, $Help.Name)
    $Writer.WriteElementString('command', 'verb', $command, $verb)
    $Writer.WriteElementString('command', 'noun', $command, $noun)
    $Writer.WriteStartElement('maml', 'description', $maml)
    Write-Paragraphs $Writer @($Help.Synopsis)
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('maml', 'description', $maml)
    Write-Paragraphs $Writer $Help.Description
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'syntax', $command)
    $setNames = if ($Help.SetNames) { $Help.SetNames } else { @('__AllParameterSets') }
    foreach ($set in $setNames) {
        $Writer.WriteStartElement('command', 'syntaxItem', $command)
        $Writer.WriteElementString('maml', 'name', $maml, $Help.Name)
        foreach ($parameter in $Help.Parameters | Where-Object { $_.Sets -contains '(All)' -or $_.Sets -contains $set -or $setNames.Count -eq 1 }) {
            Write-ParameterElement $Writer $parameter -InSyntax
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'parameters', $command)
    foreach ($parameter in $Help.Parameters) { Write-ParameterElement $Writer $parameter }
    $Writer.WriteEndElement()

    Write-TypeList $Writer 'inputTypes' 'inputType' $Help.Inputs
    Write-TypeList $Writer 'returnValues' 'returnValue' $Help.Outputs

    $Writer.WriteStartElement('maml', 'alertSet', $maml)
    $Writer.WriteStartElement('maml', 'alert', $maml)
    Write-Paragraphs $Writer $Help.Notes
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'examples', $command)
    foreach ($example in $Help.Examples) {
        $Writer.WriteStartElement('command', 'example', $command)
        $Writer.WriteElementString('maml', 'title', $maml, "-------------------------- $($example.Title) --------------------------")
        $Writer.WriteElementString('dev', 'code', $dev, $example.Code)
        $Writer.WriteStartElement('dev', 'remarks', $dev)
        Write-Paragraphs $Writer $example.Remarks
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $command)
    foreach ($link in $Help.Links) {
        $Writer.WriteStartElement('maml', 'navigationLink', $maml)
        $Writer.WriteElementString('maml', 'linkText', $maml, $link.Text)
        # A link to another page of this help (Get-IsoVolume.md) names the command; only a web address is a URI,
        # since Get-Help -Online opens the first one it finds.
        $Writer.WriteElementString('maml', 'uri', $maml, $(if ($link.Uri -match '^https?://') { $link.Uri } else { '' }))
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()
}

$maml = 'http://schemas.microsoft.com/maml/2004/10'
$command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'

$null = New-Item -ItemType Directory -Path $OutputFolder -Force
$cmdletFiles = Get-ChildItem -LiteralPath $MarkdownFolder -Filter '*-*.md' | Sort-Object Name
$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$writer = [System.Xml.XmlWriter]::Create((Join-Path $OutputFolder $HelpFileName), $settings)
try {
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems')
    $writer.WriteAttributeString('schema', 'maml')
    $writer.WriteAttributeString('xmlns', 'maml', $null, $maml)
    $writer.WriteAttributeString('xmlns', 'command', $null, $command)
    $writer.WriteAttributeString('xmlns', 'dev', $null, $dev)
    foreach ($file in $cmdletFiles) { Write-CommandElement $writer (Read-CmdletHelp $file) }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
}
finally {
    $writer.Dispose()
}

foreach ($about in Get-ChildItem -LiteralPath $MarkdownFolder -Filter 'about_*.md') {
    $text = (Get-Content -LiteralPath $about.FullName) -replace '^#+\s*', '' -join [Environment]::NewLine
    Set-Content -LiteralPath (Join-Path $OutputFolder ($about.BaseName + '.help.txt')) -Value $text -Encoding utf8NoBOM
}
