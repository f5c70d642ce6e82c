<#
.SYNOPSIS
    Sniffer lab 5: capture until Ctrl+C, then print how many packets of each protocol were seen.
.DESCRIPTION
    Makes its own traffic to 127.0.0.3 (UDP datagrams, TCP connections, pings) and captures
    everything to or from that address (-Address runs in the kernel). Press Ctrl+C to stop; the
    counts print either way. -Duration bounds the capture for unattended runs. Needs root.
#>
param([string] $ModulePath = (Join-Path $PSScriptRoot '../PSSocket.psd1'), [double] $Duration = 0)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

$address = [ipaddress]'127.0.0.3'
$udp = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new($address, 0))
$listener = [System.Net.Sockets.TcpListener]::new($address, 0)
$listener.Start()
$traffic = Start-ThreadJob {
    $u = [System.Net.Sockets.UdpClient]::new()
    foreach ($i in 1..100) {
        $null = $u.Send([byte[]](1, 2, 3), 3, '127.0.0.3', ($using:udp).Client.LocalEndPoint.Port)
        if ($i % 10 -eq 1) { ([System.Net.Sockets.TcpClient]::new('127.0.0.3', ($using:listener).LocalEndpoint.Port)).Close() }
        if ($i % 10 -eq 5 -and (Get-Command ping -ErrorAction SilentlyContinue)) { $null = ping -c 1 -W 1 127.0.0.3 }
        Start-Sleep -Milliseconds 100
    }
}
$server = Start-ThreadJob { foreach ($i in 1..10) { ($using:listener).AcceptTcpClient().Close() } }

$counts = [ordered]@{}
$total = 0
$capture = @{ Interface = 'lo'; Address = $address }
if ($Duration -gt 0) { $capture.Duration = $Duration }
try {
    Receive-RawPacket @capture | ForEach-Object {
        $counts[$_.Protocol.ToString()] = 1 + [int]$counts[$_.Protocol.ToString()]
        $total++
    }
}
finally {
    # Runs on Ctrl+C too: the capture has already stopped and freed its socket.
    $udp.Dispose(); $listener.Stop()  # first: it ends the server job's pending accept
    $traffic, $server | Remove-Job -Force
    "Captured $total packets:"
    $counts.GetEnumerator() | ForEach-Object { '  {0,-8} {1,6}' -f $_.Key, $_.Value }
}
if ($total -eq 0) { throw 'Nothing was captured.' }
'LAB OK'
