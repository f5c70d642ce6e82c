<#
.SYNOPSIS
    Sniffer lab 4: unpack every IPv4 and TCP field of each captured segment.
.DESCRIPTION
    The course unpacks the IPv4 header with struct.unpack('!BBHHHBBH4s4s', ...) and then the TCP
    header. This script does the same arithmetic on the captured bytes and prints it beside the
    decoded objects' fields; the two must agree. Traffic: a few loopback TCP connections. Needs root.
#>
param([string] $ModulePath = (Join-Path $PSScriptRoot '../PSSocket.psd1'), [int] $Count = 4)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

function Get-Word([byte[]] $b, [int] $at) { ([int]$b[$at] -shl 8) -bor $b[$at + 1] }
function Get-Long([byte[]] $b, [int] $at) { ([uint32](Get-Word $b $at) -shl 16) -bor [uint32](Get-Word $b ($at + 2)) }

$listener = [System.Net.Sockets.TcpListener]::new([ipaddress]::Loopback, 0)
$listener.Start()
$port = $listener.LocalEndpoint.Port
$clients = Start-ThreadJob { foreach ($i in 1..20) { $c = [System.Net.Sockets.TcpClient]::new('127.0.0.1', $using:port); $c.Close(); Start-Sleep -Milliseconds 200 } }
$server = Start-ThreadJob { foreach ($i in 1..20) { ($using:listener).AcceptTcpClient().Close() } }
try {
    $segments = Receive-RawPacket -Interface lo -Protocol Tcp -Port $port -Count $Count -Duration 30
}
finally {
    $listener.Stop()                # first: it ends the server job's pending accept
    $clients, $server | Remove-Job -Force
}

foreach ($p in $segments) {
    $b = $p.Data
    $ip = 14                                   # lo frames carry a 14-byte Ethernet header
    $ihl = ($b[$ip] -band 0x0F) * 4
    $tcp = $ip + $ihl
    $byHand = [ordered]@{
        Version = $b[$ip] -shr 4; IHL = $b[$ip] -band 0x0F; TOS = $b[$ip + 1]; TotalLength = Get-Word $b ($ip + 2)
        Identification = Get-Word $b ($ip + 4); Flags = $b[$ip + 6] -shr 5; FragmentOffset = (Get-Word $b ($ip + 6)) -band 0x1FFF
        TTL = $b[$ip + 8]; Protocol = $b[$ip + 9]; HeaderChecksum = Get-Word $b ($ip + 10)
        Source = ([ipaddress]::new($b[($ip + 12)..($ip + 15)])).ToString(); Destination = ([ipaddress]::new($b[($ip + 16)..($ip + 19)])).ToString()
        SourcePort = Get-Word $b $tcp; DestinationPort = Get-Word $b ($tcp + 2); Sequence = Get-Long $b ($tcp + 4); Acknowledgment = Get-Long $b ($tcp + 8)
        DataOffset = $b[$tcp + 12] -shr 4; TcpFlags = (Get-Word $b ($tcp + 12)) -band 0x1FF; Window = Get-Word $b ($tcp + 14)
        TcpChecksum = Get-Word $b ($tcp + 16); UrgentPointer = Get-Word $b ($tcp + 18)
    }
    $decoded = [ordered]@{
        Version = $p.IPv4.Version; IHL = $p.IPv4.Ihl; TOS = ($p.IPv4.Dscp -shl 2) -bor $p.IPv4.Ecn; TotalLength = $p.IPv4.TotalLength
        Identification = $p.IPv4.Identification; Flags = [int]$p.IPv4.Flags; FragmentOffset = $p.IPv4.FragmentOffset
        TTL = $p.IPv4.Ttl; Protocol = $p.IPv4.Protocol; HeaderChecksum = $p.IPv4.HeaderChecksum
        Source = "$($p.IPv4.SourceAddress)"; Destination = "$($p.IPv4.DestinationAddress)"
        SourcePort = $p.Tcp.SourcePort; DestinationPort = $p.Tcp.DestinationPort; Sequence = $p.Tcp.SequenceNumber; Acknowledgment = $p.Tcp.AcknowledgmentNumber
        DataOffset = $p.Tcp.DataOffset; TcpFlags = [int]$p.Tcp.Flags; Window = $p.Tcp.Window
        TcpChecksum = $p.Tcp.Checksum; UrgentPointer = $p.Tcp.UrgentPointer
    }
    "--- packet $($p.Number): $($p.Info)"
    foreach ($field in $byHand.Keys) {
        '{0,-15} {1,-12} {2}' -f $field, $byHand[$field], $decoded[$field]
        if ("$($byHand[$field])" -ne "$($decoded[$field])") { throw "Field ${field}: by hand $($byHand[$field]), decoded $($decoded[$field])" }
    }
}
'LAB OK'
