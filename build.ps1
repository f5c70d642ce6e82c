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
.EXAMPLE
    ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package')]
    [string] $Task = 'Build',

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
}
