<#
.SYNOPSIS
    Lab: a TCP echo server that reports who connected, and its client, on loopback.
.DESCRIPTION
    socket/bind/listen/accept on the server side, socket/connect on the client side, then
    send, receive and close: the first socket lab, step by step, with PSSocket cmdlets.
    Everything runs in this one session; the kernel completes the handshake into the
    listener's backlog, so no second window is needed.
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../PSSocket.psd1'),
    [string] $Message = 'Hello, socket world'
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

# Server: bind loopback, port 0 = any free port.
$listener = New-TcpListener -Port 0
"Server listening on $($listener.LocalAddress):$($listener.LocalPort)"

# Client: connect.
$client = New-TcpConnection -ComputerName 127.0.0.1 -Port $listener.LocalPort

# Server: accept and report the peer, as the lab server prints it.
$server = Wait-TcpConnection -Listener $listener -Timeout 5
"Connected by $($server.RemoteAddress):$($server.RemotePort)"

# Client sends a line; the server echoes it back exactly as it came.
Send-TcpData -Connection $client -InputObject $Message
Receive-TcpData -Connection $server -Line -Timeout 5 | Send-TcpData

$reply = Receive-TcpData -Connection $client -Line -Timeout 5
"Client received: $($reply.Text)"
$client, $server | Format-Table

$client, $server | Close-TcpConnection
Stop-TcpListener $listener
if ($reply.Text -ne $Message) { throw "The echo came back as '$($reply.Text)'." }
'LAB OK'
