<#
.SYNOPSIS
    Lab: the UDP ping client, with round-trip times, "Request timed out" and a summary.
.DESCRIPTION
    Pings a UDP echo server 10 times, waiting one second for each reply. Without -ComputerName
    and -Port it starts the lab's server itself: an echo server that drops 30% of datagrams.
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../PSSocket.psd1'),
    [string] $ComputerName = '127.0.0.1',
    [int] $Port,
    [int] $Count = 10,
    [double] $Timeout = 1
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

$server = $null
if (-not $Port) {
    $server = Start-EchoServer -Protocol Udp -DropRate 0.3
    $Port = $server.LocalPort
}
try {
    $out = Test-UdpEcho -ComputerName $ComputerName -Port $Port -Count $Count -Timeout $Timeout
    foreach ($probe in $out | Select-Object -First $Count) { $probe.ToString() }
    $summary = $out | Select-Object -Last 1
    $summary | Format-Table
}
finally { if ($server) { Stop-EchoServer $server } }

if ($summary.Sent -ne $Count -or ($server -and $summary.Received -ne $server.DatagramsEchoed)) { throw 'The ping summary does not match what the server did.' }
'LAB OK'
