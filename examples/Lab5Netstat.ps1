<#
.SYNOPSIS
    Lab 5's netstat checks: a server LISTENING with its process, both ends ESTABLISHED with
    their processes, and TIME_WAIT after the client closes.
.DESCRIPTION
    The server runs in its own PowerShell process (a background job), the client in this one,
    so Get-SocketConnection shows two different owners, as netstat -anp does for the lab's two
    programs. The client closes first (the active close), so its side of the connection waits
    in TIME_WAIT while the server's side is gone.
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../PSSocket.psd1')
)
$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path   # jobs start in another directory
Import-Module $ModulePath

# The server: listen, tell the client where, accept one connection, read until it closes.
$server = Start-Job {
    Import-Module $using:ModulePath
    $listener = New-TcpListener -Port 0
    [pscustomobject]@{ Port = $listener.LocalPort; ProcessId = $PID }
    $connection = Wait-TcpConnection -Listener $listener -Timeout 60
    while (Receive-TcpData -Connection $connection -Timeout 60) { }   # until the client closes
    Close-TcpConnection $connection
    Stop-TcpListener $listener
}

try {
    # The job's first output is the port; wait for it with a deadline, not a fixed sleep.
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    do { $hello = Receive-Job $server } until ($hello -or $server.State -ne 'Running' -or [DateTime]::UtcNow -gt $deadline)
    if (-not $hello) { throw "The server did not start: $($server.State) $($server.ChildJobs[0].JobStateInfo.Reason)" }
    $port = $hello.Port

    '== 1. The server is LISTENING, owned by its own process'
    $listening = Get-SocketConnection -Protocol Tcp -LocalPort $port -State Listen
    $listening | Format-Table | Out-String -Width 80
    if ($listening.ProcessId -ne $hello.ProcessId) { throw "The listener's owner is $($listening.ProcessId), not the server ($($hello.ProcessId))." }

    '== 2. The client connects: both ends ESTABLISHED, each with its process'
    $client = New-TcpConnection -ComputerName 127.0.0.1 -Port $port -Timeout 10
    Send-TcpData -Connection $client -InputObject 'hello from the client'
    $deadline = [DateTime]::UtcNow.AddSeconds(10)
    do { $ends = Get-SocketConnection -Protocol Tcp -State Established -LocalPort $port, $client.LocalPort } until (@($ends | Where-Object ProcessId).Count -eq 2 -or [DateTime]::UtcNow -gt $deadline)
    $ends | Format-Table | Out-String -Width 80
    $serverEnd = $ends | Where-Object LocalPort -eq $port
    $clientEnd = $ends | Where-Object LocalPort -eq $client.LocalPort
    if ($serverEnd.ProcessId -ne $hello.ProcessId -or $clientEnd.ProcessId -ne $PID) { throw 'The two ends do not show their own processes.' }

    '== 3. The client closes first: its side waits in TIME_WAIT'
    $clientPort = $client.LocalPort
    Close-TcpConnection $client
    $null = $server | Wait-Job -Timeout 60
    $deadline = [DateTime]::UtcNow.AddSeconds(10)
    do { $timeWait = Get-SocketConnection -Protocol Tcp -LocalPort $clientPort -State TimeWait } until ($timeWait -or [DateTime]::UtcNow -gt $deadline)
    $timeWait | Format-Table | Out-String -Width 80
    if (-not $timeWait -or $timeWait.RemotePort -ne $port) { throw 'No TIME_WAIT on the client side after its active close.' }
    "TIME_WAIT belongs to the kernel now: no process owns it ($(if ($null -eq $timeWait.ProcessId) { 'none' } else { $timeWait.ProcessId }))."
}
finally {
    $server | Remove-Job -Force
}
'LAB OK'
