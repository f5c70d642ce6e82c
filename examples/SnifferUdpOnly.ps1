<#
.SYNOPSIS
    Sniffer lab 3: UDP only. Captures datagrams to one port and prints their payloads.
.DESCRIPTION
    A background job sends numbered datagrams to a socket on a free loopback port; the capture takes
    only UDP to that port (in the kernel) and prints each payload. Needs root.
#>
param([string] $ModulePath = (Join-Path $PSScriptRoot '../PSSocket.psd1'), [int] $Count = 5)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

$udp = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([ipaddress]::Loopback, 0))
$port = $udp.Client.LocalEndPoint.Port
$sender = Start-ThreadJob {
    $c = [System.Net.Sockets.UdpClient]::new()
    foreach ($i in 1..200) { $b = [Text.Encoding]::ASCII.GetBytes("datagram $i"); $null = $c.Send($b, $b.Length, '127.0.0.1', $using:port); Start-Sleep -Milliseconds 50 }
}
try {
    $datagrams = Receive-RawPacket -Interface lo -Protocol Udp -Port $port -Count $Count -Duration 30
}
finally {
    $sender | Remove-Job -Force
    $udp.Dispose()
}

foreach ($d in $datagrams) { '{0} {1}:{2} -> {3}:{4} "{5}"' -f $d.Number, $d.Source, $d.SourcePort, $d.Destination, $d.DestinationPort, [Text.Encoding]::ASCII.GetString($d.Payload) }
if (@($datagrams | Where-Object Protocol -EQ 'Udp').Count -ne $Count) { throw 'Expected only UDP datagrams.' }
'LAB OK'
