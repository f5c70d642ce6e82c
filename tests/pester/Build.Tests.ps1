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
        $version = (Import-PowerShellDataFile (Join-Path $RepoRoot 'PSSocket.psd1')).ModuleVersion
        $r[0] | Should -Be (Join-Path $RepoRoot 'out/PSSocket' $version 'net10.0/PSSocket.dll')
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

Describe 'The package' {
    It 'carries the metadata a gallery shows, and the license it names' {
        $data = (Test-ModuleManifest (Join-Path $Stage 'PSSocket.psd1')).PrivateData.PSData
        $data.LicenseUri | Should -Match '/LICENSE$'
        $data.ProjectUri | Should -Match '^https://'
        $data.ReleaseNotes | Should -Match 'CHANGELOG'
        $data.Tags | Should -Contain 'PSEdition_Core'
        Get-Content (Join-Path $Stage 'LICENSE') -TotalCount 1 | Should -Be 'MIT License'
    }

    It 'installs from a local repository with Install-PSResource and imports by name' {
        $feed = Join-Path $TestDrive 'feed'
        & (Join-Path $RepoRoot 'build.ps1') -Task Package -NoBuild -PackageDirectory $feed
        $version = (Import-PowerShellDataFile (Join-Path $RepoRoot 'PSSocket.psd1')).ModuleVersion
        Test-Path (Join-Path $feed "PSSocket.$version.nupkg") | Should -BeTrue

        # A fresh pwsh whose home is empty: its repository list and user module path are its own,
        # so the install touches nothing of this machine and nothing staged is on its module path.
        $home_ = New-Item -ItemType Directory (Join-Path $TestDrive 'home')
        # .NET answers an empty LocalApplicationData while that folder does not exist, and
        # PSResourceGet would then keep its repository list relative to the current directory.
        $data = New-Item -ItemType Directory (Join-Path $home_ '.local/share')
        $script = {
            param($Feed)
            $ErrorActionPreference = 'Stop'
            Register-PSResourceRepository -Name PSSocketTestFeed -Uri $Feed -Trusted
            Install-PSResource -Name PSSocket -Repository PSSocketTestFeed -Scope CurrentUser -TrustRepository -Quiet
            Import-Module PSSocket
            $m = Get-Module PSSocket
            $m.Version.ToString()
            $m.ModuleBase
            (Get-Crc -InputObject '123456789' -Model CRC-32).Hex
            ('abcde' | Get-Checksum -Algorithm Fletcher16).Hex
            (Get-Help Get-Crc).Synopsis
        }
        $saved = $env:HOME, $env:XDG_DATA_HOME, $env:PSModulePath
        try {
            $env:HOME = $home_; $env:XDG_DATA_HOME = $data; $env:PSModulePath = $null
            $out = & pwsh -NoProfile -NonInteractive -Command "& { $script } -Feed '$feed'" 2>&1
        }
        finally { $env:HOME, $env:XDG_DATA_HOME, $env:PSModulePath = $saved }
        $text = $out | Out-String
        $LASTEXITCODE | Should -Be 0 -Because $text
        $out[0] | Should -Be $version -Because $text
        $out[1] | Should -BeLike "$home_*" -Because $text
        Get-ChildItem -Recurse -Force -Filter PSResourceRepository.xml $home_ | Should -Not -BeNullOrEmpty -Because 'the repository list lives in the empty home'
        Test-Path (Join-Path $RepoRoot 'PSResourceGet') | Should -BeFalse
        $out[2] | Should -Be 'CBF43926'
        $out[3] | Should -Be 'C8F0'
        $out[4] | Should -Match '^Computes CRCs'
    }
}
