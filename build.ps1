#requires -Version 7.4
<#
.SYNOPSIS
    Builds, stages, tests and packages PSSocket.
.DESCRIPTION
    Build   : restores the local tools (pwsh, Stryker) and runs dotnet build; the cmdlet project
              stages the module to out/PSSocket/<version>/ (manifest, LICENSE, module/ loader and
              formats, net8.0/ and net10.0/ assemblies, help generated from docs/en-US).
    Test    : Build, then every suite: xunit on net10.0 and net8.0, the contract tests, and the
              Pester suite in tests/pester through the pinned `dotnet pwsh`.
    Package : Build from an empty stage, then Compress-PSResource writes
              out/packages/PSSocket.<version>.nupkg, which Install-PSResource installs.
    Mutate  : dotnet-stryker over one engine folder (-Folder) with that folder's xunit tests only
              (tests/stryker/<Folder>.json, its choices in tests/stryker/README.md); Stryker builds
              what it needs; the report goes to out/stryker/<Folder>/.
              One folder at a time: a whole-engine run does not fit a small machine; -File narrows
              the run to some files of the folder (their names, e.g. -File HeaderChecksums.cs).
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Test
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Package
.EXAMPLE
    nice -n 10 dotnet pwsh ./build.ps1 -Task Mutate -Folder Packets -File HeaderChecksums.cs,UdpHeader.cs
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

    # Only the tests this VSTest filter selects (instead of the folder's), for a narrowed run that fits the time.
    [string] $TestFilter,

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Where Package writes the .nupkg.
    [string] $PackageDirectory = (Join-Path $PSScriptRoot 'out/packages'),

    # Package what is already staged (the Pester package test uses this; it must not rebuild under the running suite).
    [switch] $NoBuild
)

$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
$version = (Import-PowerShellDataFile ./PSSocket.psd1).ModuleVersion
$stage = Join-Path $PSScriptRoot "out/PSSocket/$version"

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE" }
}

# Mutate needs no staged module: Stryker builds the engine and its test project itself.
if (-not $NoBuild -and $Task -ne 'Mutate') {
    # A package holds exactly this build, nothing left staged by an older one.
    if ($Task -eq 'Package' -and (Test-Path $stage)) { Remove-Item -LiteralPath $stage -Recurse -Force }
    Invoke-Dotnet tool restore
    Invoke-Dotnet build PSSocket.sln -c $Configuration
}
foreach ($framework in 'net8.0', 'net10.0') {
    if ($Task -eq 'Mutate') { break }
    $built = (Get-Item (Join-Path $stage $framework 'PSSocket.dll')).VersionInfo.FileVersion
    if (-not $built.StartsWith($version)) { throw "$framework/PSSocket.dll is version $built but the manifest says $version" }
}

switch ($Task) {
    'Test' {
        Invoke-Dotnet test PSSocket.sln -c $Configuration --no-build
    }
    'Package' {
        New-Item -ItemType Directory -Force $PackageDirectory | Out-Null
        $package = Join-Path $PackageDirectory "PSSocket.$version.nupkg"
        Remove-Item -LiteralPath $package -ErrorAction Ignore
        Compress-PSResource -Path $stage -DestinationPath $PackageDirectory
        if (-not (Test-Path -LiteralPath $package)) { throw "Compress-PSResource did not write $package" }
        Write-Host "Packaged $package"
    }
    'Mutate' {
        $config = Join-Path $PSScriptRoot "tests/stryker/$Folder.json"
        $output = Join-Path $PSScriptRoot "out/stryker/$Folder"
        Invoke-Dotnet tool restore
        Push-Location (Join-Path $PSScriptRoot 'tests/PSSocket.Core.Tests')
        try {
            # 'A.cs,B.cs' arrives as one string when build.ps1 runs as a script file (dotnet pwsh ./build.ps1).
            $files = @($File -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ })
            $narrow = $files | ForEach-Object { '--mutate', "**/$Folder/$_" }
            if ($TestFilter) { $narrow += '--test-case-filter', $TestFilter }
            # Stryker compiles the mutants of every engine file whatever --mutate says; tests/stryker/Scope.targets
            # hides the files outside the run's scope from it, and Scope.CrossTargeting.targets builds net10.0 only.
            $env:PSSOCKET_MUTATE_SCOPE = if ($files) { ($files | ForEach-Object { "$Folder/$_" }) -join ';' } else { "$Folder/**" }
            $env:CustomAfterMicrosoftCommonTargets = Join-Path $PSScriptRoot 'tests/stryker/Scope.targets'
            $env:CustomAfterMicrosoftCommonCrossTargetingTargets = Join-Path $PSScriptRoot 'tests/stryker/Scope.CrossTargeting.targets'
            Invoke-Dotnet tool run dotnet-stryker --config-file $config --output $output --skip-version-check @narrow
        }
        finally {
            Remove-Item Env:PSSOCKET_MUTATE_SCOPE, Env:CustomAfterMicrosoftCommonTargets, Env:CustomAfterMicrosoftCommonCrossTargetingTargets -ErrorAction Ignore
            Pop-Location
        }
    }
}
