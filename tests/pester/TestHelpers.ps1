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

# A throwaway sshd on loopback (port read back from a bound probe, throwaway host and user keys)
# whose powershell subsystem is this pwsh, for real Invoke-Command -HostName tests. Needs root
# (it logs in as the current user). Returns what Invoke-Command needs; Stop-TestSshd ends it.
function Start-TestSshd {
    $dir = Join-Path ([IO.Path]::GetTempPath()) ('pssocket-ssh-' + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory $dir
    ssh-keygen -q -t ed25519 -N '' -f "$dir/host_key" | Out-Null
    ssh-keygen -q -t ed25519 -N '' -f "$dir/user_key" | Out-Null
    Copy-Item "$dir/user_key.pub" "$dir/authorized_keys"
    # The dotnet tool's pwsh is a dll: sshd's subsystem gets a script that runs it with -sshs.
    Set-Content "$dir/pwsh-sshs" "#!/bin/sh`nexec '$([Environment]::ProcessPath)' '$PSHOME/pwsh.dll' -sshs -NoLogo -NoProfile`n"
    chmod 700 "$dir/pwsh-sshs"
    $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()
    @(
        'ListenAddress 127.0.0.1', "Port $port", "HostKey $dir/host_key", "PidFile $dir/sshd.pid",
        "AuthorizedKeysFile $dir/authorized_keys", 'StrictModes no', 'PermitRootLogin prohibit-password',
        'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'UsePAM no', "Subsystem powershell $dir/pwsh-sshs"
    ) | Set-Content "$dir/sshd_config"
    $null = New-Item -ItemType Directory /run/sshd -Force # sshd's privilege-separation directory

    $start = [System.Diagnostics.ProcessStartInfo]::new('/usr/sbin/sshd')
    '-D', '-e', '-f', "$dir/sshd_config" | ForEach-Object { $start.ArgumentList.Add($_) }
    $start.RedirectStandardError = $true
    $sshd = [System.Diagnostics.Process]::Start($start)
    $server = [pscustomobject]@{ Process = $sshd; Dir = $dir; Port = $port; Log = ''
        Connection = @{ HostName = '127.0.0.1'; Port = $port; UserName = (id -un); KeyFilePath = "$dir/user_key"; ConnectingTimeout = 60000
            Options = @{ StrictHostKeyChecking = 'no'; UserKnownHostsFile = '/dev/null'; LogLevel = 'ERROR' } } }
    # sshd -e logs to stderr; 'Server listening' means the port is bound.
    $deadline = [datetime]::UtcNow.AddSeconds(20)
    while ($server.Log -notmatch 'Server listening') {
        $line = $sshd.StandardError.ReadLineAsync()
        if (-not $line.Wait([math]::Max(1, ($deadline - [datetime]::UtcNow).TotalMilliseconds)) -or $null -eq $line.Result) {
            Stop-TestSshd $server
            throw "sshd did not start listening: $($server.Log)"
        }
        $server.Log += $line.Result + "`n"
    }
    $server
}

function Stop-TestSshd($Server) {
    if (-not $Server) { return }
    if ($Server.Process) { $Server.Process.Kill($true); $null = $Server.Process.WaitForExit(10000); $Server.Process.Dispose() }
    Remove-Item -Recurse -Force $Server.Dir -ErrorAction Ignore
}

function Open-TestConnectionPair {
    <#
    .SYNOPSIS
        A loopback listener on a port the system picked, with one accepted connection: sets
        $script:listener, $script:client and $script:server in the calling test file's scope.
    #>
    $script:listener = New-TcpListener -Port 0
    $script:client = New-TcpConnection -ComputerName 127.0.0.1 -Port $script:listener.LocalPort -Timeout 5
    $script:server = Wait-TcpConnection -Listener $script:listener -Timeout 5
}

function Close-TestConnectionPair {
    $script:client, $script:server | Close-TcpConnection -ErrorAction SilentlyContinue
    Stop-TcpListener $script:listener -ErrorAction SilentlyContinue
}
