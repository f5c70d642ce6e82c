# Dot-sourced by every *.Tests.ps1: imports the staged module fresh.
$script:RepoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
$version = (Import-PowerShellDataFile "$RepoRoot/PSSocket.psd1").ModuleVersion
# PesterSuiteTests points PSSOCKET_TEST_MANIFEST at a copy of the staged module that carries the
# assemblies of its own test folder, which coverage instruments.
$manifest = if ($env:PSSOCKET_TEST_MANIFEST) { $env:PSSOCKET_TEST_MANIFEST } else { "$RepoRoot/out/PSSocket/$version/PSSocket.psd1" }
if (-not (Test-Path $manifest)) { throw "Build first (dotnet build PSSocket.sln): $manifest is missing." }
Import-Module $manifest -Force -ErrorAction Stop

# A test that drives a real program (tshark, tcpdump, ss, ...) calls this first: where the program
# is missing the test is skipped with the reason, or fails under PSSOCKET_REQUIRE_PEERS=1 (CI sets
# it after installing the peers, so it can never pass by skipping). Same rule as the xunit PeerFact.
function Assert-TestPeer {
    param([Parameter(Mandatory)] [string[]] $Name)
    $missing = @($Name | Where-Object { -not (Get-Command $_ -CommandType Application -ErrorAction Ignore) })
    if ($missing.Count -eq 0) { return }
    $reason = "needs $($missing -join ', '), not found on PATH (see README `"Test peers`")"
    if ($env:PSSOCKET_REQUIRE_PEERS -eq '1') { throw "PSSOCKET_REQUIRE_PEERS=1 and this test $reason." }
    Set-ItResult -Skipped -Because $reason
}

# The port a server in a thread job bound (it binds port 0 and says where: as information, or with -Verbose).
function Wait-BoundPort($Job) {
    for ($i = 0; $i -lt 200; $i++) {
        # Invoke-SocketServer announces itself as information tagged PSSocket.Listening.
        foreach ($record in @($Job.Information)) {
            if ($record.Tags -contains 'PSSocket.Listening') { return [int]$record.MessageData.LocalPort }
        }
        foreach ($record in @($Job.Verbose)) {
            # Only a port that ends the line: "[::1] ..." must not read as port 1.
            if ("$record" -match '(?:port |:)(\d+)\s*$') { return [int]$Matches[1] }
        }
        if ($Job.State -in 'Failed', 'Completed', 'Stopped') { break }
        Start-Sleep -Milliseconds 50
    }
    throw "The server job did not report its port: $($Job | Receive-Job -Keep 2>&1 | Out-String)"
}
