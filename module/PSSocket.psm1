# Imports the cmdlet assembly built for the running .NET: PowerShell 7.6 and later run on
# .NET 10, whose build of the engine has the 256/512-bit carry-less-multiply CRC kernels;
# PowerShell 7.4 and 7.5 load the net8.0 build.
$framework = if ([Environment]::Version.Major -ge 10) { 'net10.0' } else { 'net8.0' }
$assembly = Join-Path (Split-Path $PSScriptRoot -Parent) $framework 'PSSocket.dll'
Import-Module $assembly -ErrorAction Stop

# The packet type data names getters in that assembly, so it loads after it (a manifest's
# TypesToProcess would load first and fail), and leaves with the module so a re-import is clean.
$types = Join-Path $PSScriptRoot 'PSSocket.types.ps1xml'
Update-TypeData -PrependPath $types
$ExecutionContext.SessionState.Module.OnRemove = { Remove-TypeData -Path $types }.GetNewClosure()
