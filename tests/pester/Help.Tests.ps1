#requires -Modules Pester
# The help: generated syntax and parameter metadata agree with the cmdlets, stated defaults are the
# real ones, every cmdlet has a synopsis and examples, the offline examples run, and every example
# whose page states its output prints that output.

BeforeDiscovery {
    $root = (Resolve-Path "$PSScriptRoot/../..").Path
    $pages = @(Get-ChildItem "$root/docs/en-US" -Filter *.md)
    if ($pages.Count -eq 0) { throw "no help pages in $root/docs/en-US" }

    . $PSScriptRoot/HelpPages.ps1
    $script:Examples = Get-HelpPageExample -Folder "$root/docs/en-US"
    if (@($Examples).Count -eq 0) { throw 'no examples found in docs/en-US' }

    # Families whose examples need no server, capture or peer: every one of their examples runs here.
    # The Packets examples run in Packets.Tests.ps1 beside seed captures; the socket ones start servers.
    $offlineNouns = 'Checksum', 'Parity', 'Crc', 'CrcModel'
    $script:Offline = @($Examples | Where-Object { ($_.Name -split '-', 2)[1] -in $offlineNouns })
    $script:Stated = @($Examples | Where-Object { $null -ne $_.Output -and -not $_.OutputVaries })
    $script:Cmdlets = @(Import-PowerShellDataFile "$root/PSSocket.psd1").CmdletsToExport | ForEach-Object { @{ Name = $_ } }
}

BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    $script:Common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters

    # Output as a reader compares it: spaces inside a line collapsed, blank lines and trailing
    # spaces dropped, and a table's dashed rule lines equal whatever their widths.
    function ConvertTo-ComparableText([string] $Text) {
        @($Text -split '\r?\n' | ForEach-Object { ($_ -replace '\s+', ' ').Trim() } | Where-Object { $_ } |
            ForEach-Object { if ($_ -match '^[- ]+$') { '---' } else { $_ } }) -join "`n"
    }

    # Runs an example as a user would type it; any error fails it, the rest is its output.
    function Invoke-Example([string] $Code) {
        & ([scriptblock]::Create($Code)) 2>&1 | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { throw $_ } else { $_ } }
    }

    function Format-Default($Value) {
        if ($Value -is [array]) { return ($Value | ForEach-Object { Format-Default $_ }) -join ', ' }
        [System.Management.Automation.LanguagePrimitives]::ConvertTo($Value, [string], [cultureinfo]::InvariantCulture)
    }
}

Describe 'Help' {
    It 'every exported cmdlet has a synopsis and an example' {
        foreach ($cmd in Get-Command -Module PSSocket) {
            $help = Get-Help $cmd.Name -Full
            $help.Synopsis | Should -Not -BeNullOrEmpty -Because $cmd.Name
            $help.Synopsis | Should -Not -Match '^\s*Get-|^\s*\w+-\w+\s*\[' -Because "$($cmd.Name) needs a real synopsis, not the syntax"
            @($help.Examples.Example).Count | Should -BeGreaterThan 0 -Because $cmd.Name
        }
    }

    It 'the cmdlets checked one by one below are all the module exports' {
        $Cmdlets.Name | Sort-Object | Should -Be ((Get-Command -Module PSSocket).Name | Sort-Object)
    }

    It 'the help syntax of <Name> is Get-Command -Syntax' -ForEach $Cmdlets {
        $lines = { param($text) @($text -split '\r?\n' | ForEach-Object { ($_ -replace '\s+', ' ').Trim() } | Where-Object { $_ }) }
        $fromHelp = & $lines ((Get-Help $Name).Syntax | Out-String -Width 4096)
        $fromCommand = & $lines (Get-Command $Name -Syntax)
        $fromHelp | Should -Be $fromCommand
    }

    It 'the parameter metadata of <Name> in help is the cmdlet''s' -ForEach $Cmdlets {
        $cmd = Get-Command $Name
        $help = Get-Help $Name -Full
        $described = @{}
        foreach ($p in @($help.parameters.parameter)) { $described[$p.name] = $p }
        foreach ($parameter in $cmd.Parameters.Values | Where-Object Name -NotIn $Common) {
            $p = $described[$parameter.Name]
            $p | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name) of $Name needs help"
            # Get-Help has one value per parameter: position and Required as in the first parameter
            # set (Get-Command's order) that has the parameter; pipeline input when any set takes it.
            $first = $cmd.ParameterSets | ForEach-Object { $_.Parameters | Where-Object Name -EQ $parameter.Name } | Select-Object -First 1
            $position = if ($first.Position -lt 0) { 'named' } else { "$($first.Position)" }
            $byValue = [bool]($parameter.ParameterSets.Values | Where-Object ValueFromPipeline)
            $byName = [bool]($parameter.ParameterSets.Values | Where-Object ValueFromPipelineByPropertyName)
            $pipeline = switch ("$byValue$byName") {
                'TrueTrue' { 'True (ByValue, ByPropertyName)' }
                'TrueFalse' { 'True (ByValue)' }
                'FalseTrue' { 'True (ByPropertyName)' }
                default { 'False' }
            }
            $aliases = if ($parameter.Aliases.Count) { $parameter.Aliases -join ', ' } else { 'none' }
            $because = "-$($parameter.Name) of $Name"
            $p.position | Should -Be $position -Because $because
            $p.required | Should -Be ($first.IsMandatory.ToString().ToLowerInvariant()) -Because $because
            $p.pipelineInput | Should -Be $pipeline -Because $because
            $p.aliases | Should -Be $aliases -Because $because
            $p.globbing | Should -Be ([bool]($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })).ToString().ToLowerInvariant() -Because $because
        }
    }

    It 'the defaults the help of <Name> states are the cmdlet''s own' -ForEach $Cmdlets {
        $cmd = Get-Command $Name
        # A new cmdlet object holds each parameter's initial value: the default when it is not bound.
        $fresh = [Activator]::CreateInstance($cmd.ImplementingType)
        foreach ($p in @((Get-Help $Name -Full).parameters.parameter)) {
            if ($p.name -in 'WhatIf', 'Confirm' -or $cmd.Parameters[$p.name].SwitchParameter) { continue }
            if ($p.defaultValue -eq 'None') { continue }
            $p.defaultValue | Should -Be (Format-Default $fresh.($p.name)) -Because "the help of $Name states -$($p.name) defaults to $($p.defaultValue)"
        }
    }

    It 'example <Title> of <Name> runs without error' -ForEach $Offline {
        Push-Location $TestDrive
        try {
            $null = Invoke-Example $Code
        }
        finally {
            Pop-Location
        }
    }
}

Describe 'Help examples that state their output' {
    BeforeAll {
        # What the stated examples read: a small capture in each format, as in Packets.Tests.ps1.
        $script:Work = Join-Path $TestDrive 'stated'
        New-Item -ItemType Directory $Work | Out-Null
        $seed = @(
            New-Packet -Tcp -Source 127.0.0.1 -Destination 127.0.0.1 -SourcePort 40000 -DestinationPort 59000 -Flags Syn -LinkType Ethernet
            New-Packet -Icmp -Source 127.0.0.1 -Destination 127.0.0.1 -LinkType Ethernet
        )
        $seed | Export-Pcap -Path (Join-Path $Work capture.pcap) -Format Pcap
        $seed | Export-Pcap -Path (Join-Path $Work capture.pcapng)
    }

    It 'some examples state their output' {
        # The comparison below must have something to compare.
        $Stated.Count | Should -BeGreaterThan 10
    }

    It '<Name>, <Title>, prints what its page says' -ForEach $Stated {
        Push-Location $Work
        try {
            # 120 columns: a common console width, wide enough that no default table drops a column.
            $printed = Invoke-Example $Code | Out-String -Width 120
        }
        finally {
            Pop-Location
        }
        ConvertTo-ComparableText $printed | Should -BeExactly (ConvertTo-ComparableText $Output)
    }
}
