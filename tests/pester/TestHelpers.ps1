# Dot-sourced by every *.Tests.ps1: imports the staged module fresh.
$script:RepoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
$version = (Import-PowerShellDataFile "$RepoRoot/PSSocket.psd1").ModuleVersion
$manifest = "$RepoRoot/out/PSSocket/$version/PSSocket.psd1"
if (-not (Test-Path $manifest)) { throw "Build first (dotnet build PSSocket.sln): $manifest is missing." }
Import-Module $manifest -Force -ErrorAction Stop
