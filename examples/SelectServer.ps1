<#
.SYNOPSIS
    The select() lab: one loop, no threads, serves two TCP clients and a UDP socket with Wait-Socket.
.DESCRIPTION
    The server holds a listener, the connections it accepts, and a UDP socket. Each turn of the
    loop asks Wait-Socket which of them are ready: a pending connection is accepted, a line from a
    client is answered in upper case, a closed client is dropped, and a datagram is answered back
    to its sender. The clients run in a thread job and report what they got back.
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../PSSocket.psd1')
)
$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path   # jobs start in another directory
Import-Module $ModulePath

$listener = New-TcpListener -Port 0
$udp = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, 0))
$udpPort = $udp.Client.LocalEndPoint.Port
$tcpPort = $listener.LocalPort
"Serving TCP on 127.0.0.1:$($listener.LocalPort) and UDP on 127.0.0.1:$udpPort from one loop"

$clients = Start-ThreadJob {
    Import-Module $using:ModulePath
    $a = New-TcpConnection -Port $using:tcpPort -Timeout 10
    $b = New-TcpConnection -Port $using:tcpPort -Timeout 10
    Send-TcpData -Connection $a -InputObject 'hello from a'
    Send-TcpData -Connection $b -InputObject 'hello from b'
    "a got: $((Receive-TcpData -Connection $a -Line -Timeout 10).Text)"
    "b got: $((Receive-TcpData -Connection $b -Line -Timeout 10).Text)"
    $reply = Send-UdpDatagram -ComputerName 127.0.0.1 -Port $using:udpPort -InputObject 'hello over udp' -WaitForReply -Timeout 10
    "udp got: $($reply.Text)"
    $a, $b | Close-TcpConnection
}

$connections = [System.Collections.Generic.List[object]]::new()
$served = @{ Tcp = 0; Udp = 0; Closed = 0 }
$deadline = [DateTime]::UtcNow.AddSeconds(60)
try {
    while (($served.Closed -lt 2 -or $served.Udp -lt 1) -and [DateTime]::UtcNow -lt $deadline) {
        foreach ($ready in Wait-Socket (@($listener, $udp) + $connections) -Timeout 1) {
            switch ($ready.ReadyFor) {
                'Accept' {
                    $connection = Wait-TcpConnection -Listener $listener -Timeout 1
                    $connections.Add($connection)
                    "accepted $($connection.RemoteAddress):$($connection.RemotePort)"
                }
                'Read' {
                    if ($ready.Kind -eq 'Udp') {
                        $from = [System.Net.IPEndPoint]::new([System.Net.IPAddress]::Any, 0)
                        $datagram = $udp.Receive([ref]$from)
                        $text = [System.Text.Encoding]::UTF8.GetString($datagram)
                        $answer = [System.Text.Encoding]::UTF8.GetBytes($text.ToUpperInvariant())
                        $null = $udp.Send($answer, $answer.Length, $from)
                        $served.Udp++
                        "udp from $($from): $text"
                    }
                    else {
                        $line = Receive-TcpData -Connection $ready.Socket -Line -Timeout 1
                        Send-TcpData -Connection $ready.Socket -InputObject $line.Text.ToUpperInvariant()
                        $served.Tcp++
                        "tcp from $($ready.RemoteEndPoint): $($line.Text)"
                    }
                }
                'Closed' {
                    "closed $($ready.RemoteEndPoint)"
                    Close-TcpConnection $ready.Socket
                    $null = $connections.Remove($ready.Socket)
                    $served.Closed++
                }
            }
        }
    }
    $report = $clients | Wait-Job -Timeout 30 | Receive-Job
    $report
}
finally {
    $clients | Remove-Job -Force
    $connections | Close-TcpConnection -ErrorAction SilentlyContinue
    Stop-TcpListener $listener
    $udp.Dispose()
}
if ($served.Tcp -ne 2 -or $served.Udp -ne 1 -or $served.Closed -ne 2) { throw "Served $($served.Tcp) TCP lines, $($served.Udp) datagrams, $($served.Closed) closes." }
if ('a got: HELLO FROM A' -notin $report -or 'b got: HELLO FROM B' -notin $report -or 'udp got: HELLO OVER UDP' -notin $report) { throw "The clients got: $report" }
'LAB OK'
