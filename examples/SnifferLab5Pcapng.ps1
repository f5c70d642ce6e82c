<#
.SYNOPSIS
    Lab 5: capture a client/server exchange and save it as pcapng for Wireshark.
.DESCRIPTION
    Starts the module's TCP echo server (upper-casing) on a free loopback port, runs a client that
    connects, sends a line, reads the reply and closes, a few times in the background, and captures
    that port to a pcapng file while it happens. Open the file in Wireshark (Follow TCP Stream).
    With tshark installed the script checks the file with it. Needs root.
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../PSSocket.psd1'),
    [string] $Path = (Join-Path ([IO.Path]::GetTempPath()) 'lab5.pcapng'),
    [double] $Duration = 4
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

$server = Start-EchoServer -Protocol Tcp -Port 0 -Transform Upper
$port = $server.LocalPort
$client = Start-ThreadJob {
    Import-Module $using:ModulePath
    foreach ($i in 1..5) {
        $c = New-TcpConnection -ComputerName 127.0.0.1 -Port $using:port
        Send-TcpData -Connection $c -InputObject "hello $i"
        $null = Receive-TcpData -Connection $c -Line -Timeout 5
        Close-TcpConnection -Connection $c
        Start-Sleep -Milliseconds 500
    }
}
try {
    Receive-RawPacket -Interface lo -Protocol Tcp -Port $port -Duration $Duration -Path $Path -Verbose
}
finally {
    $client | Remove-Job -Force
    Stop-EchoServer $server
}

$packets = Import-Pcap $Path
"$($packets.Count) packets saved to $Path"
$syns = @($packets | Where-Object TcpFlags -EQ 'Syn').Count
if ($syns -lt 1) { throw 'The capture holds no connection.' }
if (Get-Command tshark -ErrorAction SilentlyContinue) {
    $tsharkCount = @(tshark -n -r $Path -Y 'tcp.flags.syn == 1 && tcp.flags.ack == 0' 2>$null).Count
    "tshark reads the file: $tsharkCount connection(s) opened"
    if ($tsharkCount -ne $syns) { throw "tshark counts $tsharkCount SYNs, Import-Pcap $syns." }
}
'LAB OK'
