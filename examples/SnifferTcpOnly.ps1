<#
.SYNOPSIS
    Sniffer lab 2: TCP only. Captures the segments of a few short connections and prints one line each.
.DESCRIPTION
    A listener on a free loopback port and a background client that connects, says hello and closes,
    five times. -Protocol Tcp and -Port run in the kernel, so nothing else reaches the script. Needs root.
#>
param([string] $ModulePath = (Join-Path $PSScriptRoot '../PSSocket.psd1'), [int] $Count = 10)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

$listener = [System.Net.Sockets.TcpListener]::new([ipaddress]::Loopback, 0)
$listener.Start()
$port = $listener.LocalEndpoint.Port
$clients = Start-ThreadJob {
    foreach ($i in 1..20) {
        $c = [System.Net.Sockets.TcpClient]::new('127.0.0.1', $using:port)
        $s = $c.GetStream(); $s.Write([byte[]][char[]]"hello $i", 0, 7); $c.Close()
        Start-Sleep -Milliseconds 200
    }
}
$server = Start-ThreadJob { foreach ($i in 1..20) { ($using:listener).AcceptTcpClient().Close() } }
try {
    $segments = Receive-RawPacket -Interface lo -Protocol Tcp -Port $port -Count $Count -Duration 30
}
finally {
    $listener.Stop()                # first: it ends the server job's pending accept
    $clients, $server | Remove-Job -Force
}

$segments | ForEach-Object { '{0,3} {1}:{2} -> {3}:{4} {5}' -f $_.Number, $_.Source, $_.SourcePort, $_.Destination, $_.DestinationPort, $_.TcpFlags }
if (@($segments).Count -ne $Count -or ($segments.Protocol | Where-Object { $_ -ne 'Tcp' })) { throw 'Expected only TCP segments.' }
'LAB OK'
