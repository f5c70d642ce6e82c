#requires -Modules Pester
# The build as users meet it: the loader's choice of build, the root manifest of a built clone,
# the shared peer switch of the test suite.

BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    $script:Stage = Split-Path (Get-Module PSSocket).Path -Parent | Split-Path -Parent
}

Describe 'The loader' {
    It 'imports the net10.0 build in the pwsh the suite runs (7.6, on .NET 10)' {
        $PSVersionTable.PSVersion | Should -BeGreaterOrEqual ([version]'7.6')
        [Environment]::Version.Major | Should -Be 10
        (Get-Command Get-Crc).DLL | Should -Be (Join-Path $Stage 'net10.0' 'PSSocket.dll')
    }

    It 'would choose <Build> on .NET <Runtime>' -ForEach @(
        @{ Runtime = '8.0.11'; Build = 'net8.0' }
        @{ Runtime = '9.0.0'; Build = 'net8.0' }
        @{ Runtime = '10.0.0'; Build = 'net10.0' }
        @{ Runtime = '11.0.1'; Build = 'net10.0' }
    ) {
        InModuleScope PSSocket -Parameters @{ Runtime = $Runtime } { param($Runtime) Get-PSSocketBuild -Runtime $Runtime } | Should -Be $Build
    }

    It 'finds the staged build from a clone and the build beside module/ in a staged or installed module' {
        $clone = Join-Path $TestDrive 'clone'
        $staged = New-Item -ItemType Directory (Join-Path $clone 'out/PSSocket/1.2.3/net8.0')
        New-Item -ItemType File (Join-Path $staged 'PSSocket.dll') | Out-Null
        $installed = New-Item -ItemType Directory (Join-Path $TestDrive 'installed/net8.0')
        InModuleScope PSSocket -Parameters @{ Clone = $clone; Installed = (Split-Path $installed -Parent) } {
            param($Clone, $Installed)
            Get-PSSocketAssembly -ModuleBase $Clone -Version 1.2.3 -Framework net8.0
            Get-PSSocketAssembly -ModuleBase $Installed -Version 1.2.3 -Framework net8.0
        } | Should -Be @((Join-Path $staged 'PSSocket.dll'), (Join-Path $installed 'PSSocket.dll'))
    }

    It 'loads the net8.0 build, which PowerShell 7.4 and 7.5 get, and its cmdlets work' {
        $dll = Join-Path $Stage 'net8.0' 'PSSocket.dll'
        $r = Start-Job { Import-Module $using:dll -ErrorAction Stop; (Get-Crc -InputObject '123456789' -Model CRC-32).Hex; (Get-Command Get-Crc).DLL } | Receive-Job -Wait -AutoRemoveJob
        $r | Should -Be @('CBF43926', $dll)
    }
}

Describe 'The root manifest of a built clone' {
    It 'imports the staged build, with its formats and help' {
        $root = $RepoRoot
        $r = Start-Job {
            Import-Module (Join-Path $using:root 'PSSocket.psd1') -ErrorAction Stop
            (Get-Command Get-Crc).DLL
            (Get-Help Get-Crc).Synopsis
            (Get-Help about_PSSocket | Out-String) -match 'PSSocket'
            (Get-Crc -InputObject '123456789' -Model CRC-32 | Out-String -Width 80) -match 'CRC-32/ISO-HDLC +CBF43926'
        } | Receive-Job -Wait -AutoRemoveJob
        $r[0] | Should -Be (Join-Path $Stage 'net10.0' 'PSSocket.dll')
        $r[1] | Should -Match '^Computes CRCs'
        $r[2] | Should -BeTrue
        $r[3] | Should -BeTrue
    }
}

Describe 'Assert-TestPeer' {
    BeforeAll { $script:Before = $env:PSSOCKET_REQUIRE_PEERS }
    AfterAll { $env:PSSOCKET_REQUIRE_PEERS = $Before }

    It 'lets a test with its programs present run on' {
        $env:PSSOCKET_REQUIRE_PEERS = '1'
        Assert-TestPeer sh
    }

    It 'fails a test whose program is missing under PSSOCKET_REQUIRE_PEERS=1, naming the program' {
        $env:PSSOCKET_REQUIRE_PEERS = '1'
        { Assert-TestPeer pssocket-no-such-program } | Should -Throw '*PSSOCKET_REQUIRE_PEERS=1*pssocket-no-such-program*'
    }

    It 'skips a test whose program is missing without the switch' {
        $env:PSSOCKET_REQUIRE_PEERS = $null
        # Set-ItResult signals the skip by throwing Pester's own exception out of the test.
        $e = { Assert-TestPeer pssocket-no-such-program } | Should -Throw -PassThru
        $e.Exception.Message | Should -Match 'is skipped, because needs pssocket-no-such-program'
    }
}
