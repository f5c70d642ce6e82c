# Imports the cmdlet assembly built for the running .NET: PowerShell 7.6 and later run on
# .NET 10, whose build of the engine has the 256/512-bit carry-less-multiply CRC kernels;
# PowerShell 7.4 and 7.5 load the net8.0 build.
function Get-PSSocketBuild {
    param([Parameter(Mandatory)] [Version] $Runtime)
    if ($Runtime.Major -ge 10) { 'net10.0' } else { 'net8.0' }
}

# Where the builds sit: in a built clone the root manifest has only sources beside it and the
# build is staged under out/PSSocket/<version>/; in the staged or installed module they sit
# beside module/.
function Get-PSSocketAssembly {
    param([Parameter(Mandatory)] [string] $ModuleBase, [Parameter(Mandatory)] [Version] $Version, [Parameter(Mandatory)] [string] $Framework)
    $staged = Join-Path $ModuleBase 'out' 'PSSocket' $Version $Framework 'PSSocket.dll'
    if (Test-Path -LiteralPath $staged) { return $staged }
    Join-Path $ModuleBase $Framework 'PSSocket.dll'
}

$base = Split-Path $PSScriptRoot -Parent
$version = (Import-PowerShellDataFile -LiteralPath (Join-Path $base 'PSSocket.psd1')).ModuleVersion
$assembly = Get-PSSocketAssembly -ModuleBase $base -Version $version -Framework (Get-PSSocketBuild ([Environment]::Version))
if (-not (Test-Path -LiteralPath $assembly)) {
    throw [System.IO.FileNotFoundException]::new("PSSocket is not built: $assembly is missing (run: dotnet build PSSocket.sln -c Release).", $assembly)
}
Import-Module $assembly -ErrorAction Stop

# The packet type data names getters in that assembly, so it loads after it (a manifest's
# TypesToProcess would load first and fail), and leaves with the module so a re-import is clean.
$types = Join-Path $PSScriptRoot 'PSSocket.types.ps1xml'
Update-TypeData -PrependPath $types
$ExecutionContext.SessionState.Module.OnRemove = { Remove-TypeData -Path $types }.GetNewClosure()
