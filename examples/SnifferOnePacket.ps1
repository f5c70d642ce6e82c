<#
.SYNOPSIS
    Sniffer lab 1: capture one packet and show what is in it.
.DESCRIPTION
    Binds a UDP socket on loopback, lets a background job send it a datagram a few times a second,
    and captures one of them with a kernel filter on that port. Needs root (raw capture).
#>
param([string] $ModulePath = (Join-Path $PSScriptRoot '../PSSocket.psd1'))
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

$udp = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([ipaddress]::Loopback, 0))
$port = $udp.Client.LocalEndPoint.Port
$sender = Start-ThreadJob {
    $c = [System.Net.Sockets.UdpClient]::new()
    $bytes = [Text.Encoding]::ASCII.GetBytes('one packet, please')
    foreach ($i in 1..100) { $null = $c.Send($bytes, $bytes.Length, '127.0.0.1', $using:port); Start-Sleep -Milliseconds 100 }
}
try {
    $packet = Receive-RawPacket -Interface lo -Port $port -Count 1 -Duration 20
}
finally {
    $sender | Remove-Job -Force
    $udp.Dispose()
}

if (-not $packet) { throw 'No packet arrived.' }
$packet | Format-List Number, Timestamp, Interface, Source, Destination, Protocol, SourcePort, DestinationPort, Length, Info
'Payload: ' + [Text.Encoding]::ASCII.GetString($packet.Payload)
'LAB OK'
