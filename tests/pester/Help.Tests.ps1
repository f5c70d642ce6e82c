#requires -Modules Pester
# Every cmdlet has help with examples, and the examples of the offline families really run.

BeforeDiscovery {
    $root = (Resolve-Path "$PSScriptRoot/../..").Path
    $ns = @{ command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'; dev = 'http://schemas.microsoft.com/maml/dev/2004/10' }
    # Families whose examples need no server or capture file run here as written; Packets.Tests.ps1
    # runs the Packets examples beside seed captures, Sockets.Tests.ps1 drives servers itself.
    # A missing help file must fail discovery (and with it the Pester gate), not quietly yield no tests.
    $offline = 'Integrity', 'Crc' | ForEach-Object {
        $file = "$root/module/help/$_.help.xml"
        if (-not (Test-Path -LiteralPath $file)) { throw "Help file $file is missing: its examples cannot be run." }
        $file
    }
    $script:Examples = foreach ($file in $offline) {
        $commands = Select-Xml -Path $file -XPath '//command:command' -Namespace $ns
        foreach ($c in $commands) {
            $name = $c.Node.details.name.Trim()
            $i = 0
            foreach ($code in (Select-Xml -Xml $c.Node -XPath './/dev:code' -Namespace $ns)) {
                $i++
                @{ Name = $name; Number = $i; Code = $code.Node.InnerText }
            }
        }
    }
    if (@($script:Examples).Count -eq 0) { throw "No examples found in $($offline -join ', ')." }
}

BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
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

    It 'example <Number> of <Name> runs without error' -ForEach $Examples {
        Push-Location $TestDrive
        try {
            $null = & ([scriptblock]::Create($Code)) 2>&1 | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { throw $_ } }
        }
        finally {
            Pop-Location
        }
    }
}
