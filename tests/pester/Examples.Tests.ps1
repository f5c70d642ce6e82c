#requires -Modules Pester
# The README's quickstart and the offline lab scripts run as written, in a fresh pwsh.

BeforeDiscovery {
    $script:Scripts = @(
        @{ Name = 'Quickstart.ps1'; Expect = 'hello over TCP' }
        @{ Name = 'CrcLab.ps1'; Expect = '1101011111001' }
    )
}

BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
}

Describe 'Example scripts' {
    It 'runs <Name>' -ForEach $Scripts {
        $out = & pwsh -NoProfile -NonInteractive -File (Join-Path $RepoRoot "examples/$Name") 2>&1
        $text = $out | Out-String
        $LASTEXITCODE | Should -Be 0 -Because $text
        $out | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | Should -BeNullOrEmpty -Because $text
        $text | Should -Match $Expect
    }
}
