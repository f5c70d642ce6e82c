#requires -Version 7.4
<#
.SYNOPSIS
    Builds, stages, tests and packages PSSocket.
.DESCRIPTION
    Build   : dotnet build; the cmdlet project stages the module to out/PSSocket/<version>/
              (manifest, module/ loader and formats, net8.0/ and net10.0/ assemblies, merged
              MAML help) and the same binaries beside the root manifest.
    Test    : Build, then every xunit suite; the contract suite runs tests/pester in a fresh
              `pwsh -NoProfile` against the staged module when Pester 5 is installed.
    Package : Build, then zips the staged module to out/PSSocket.<version>.zip.
    Mutate  : Build, then dotnet-stryker over one engine folder (-Folder) with that folder's xunit
              tests only (tests/stryker/<Folder>.json); the report goes to out/stryker/<Folder>/.
              One folder at a time: a whole-engine run does not fit a small machine; -File narrows
              the run to some files of the folder (their names, e.g. -File HeaderChecksums.cs).
.EXAMPLE
    ./build.ps1 -Task Test
.EXAMPLE
    flock /tmp/pssocket-cpu.lock pwsh ./build.ps1 -Task Mutate -Folder Integrity
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Mutate')]
    [string] $Task = 'Build',

    # The engine folder (src/PSSocket.Core/<Folder>) whose code Stryker mutates.
    [ValidateSet('Integrity', 'Packets', 'Sockets', 'Capture')]
    [string] $Folder = 'Integrity',

    # Only these files of the folder (names or globs relative to it), for a run that fits the time.
    [string[]] $File = @(),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
$version = (Import-PowerShellDataFile ./PSSocket.psd1).ModuleVersion
$stage = Join-Path $PSScriptRoot "out/PSSocket/$version"

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE" }
}

Invoke-Dotnet build PSSocket.sln -c $Configuration
foreach ($framework in 'net8.0', 'net10.0') {
    $built = (Get-Item (Join-Path $stage $framework 'PSSocket.dll')).VersionInfo.FileVersion
    if (-not $built.StartsWith($version)) { throw "$framework/PSSocket.dll is version $built but the manifest says $version" }
}

switch ($Task) {
    'Test' {
        Invoke-Dotnet test PSSocket.sln -c $Configuration --no-build
    }
    'Package' {
        $zip = Join-Path $PSScriptRoot "out/PSSocket.$version.zip"
        Compress-Archive -Path "$stage/*" -DestinationPath $zip -Force
        Write-Host "Packaged $zip"
    }
    'Mutate' {
        $config = Join-Path $PSScriptRoot "tests/stryker/$Folder.json"
        $output = Join-Path $PSScriptRoot "out/stryker/$Folder"
        Push-Location (Join-Path $PSScriptRoot 'tests/PSSocket.Core.Tests')
        try {
            $narrow = $File | ForEach-Object { '--mutate', "**/$Folder/$_" }
            Invoke-Dotnet tool run dotnet-stryker --config-file $config --output $output --skip-version-check @narrow
        }
        finally { Pop-Location }
    }
}
