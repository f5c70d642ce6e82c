<#
.SYNOPSIS
    Lab: the UDP ping client, with round-trip times, "Request timed out" and a summary.
.DESCRIPTION
    Pings a UDP echo server 10 times, waiting one second for each reply. Without -ComputerName
    and -Port it starts the lab's server itself: an echo server that drops 30% of datagrams.
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../PSSocket.psd1'),
    [string] $ComputerName = 'localhost',
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
    $probes = Test-UdpEcho -ComputerName $ComputerName -Port $Port -Count $Count -Timeout $Timeout
    $probes | ForEach-Object ToString
    # The summary as ping prints it, from the probe results (Test-UdpEcho -Summary gives it as an object instead).
    $replies = @($probes | Where-Object Status -eq 'Success')
    $rtt = $replies | Measure-Object RoundTripMilliseconds -Minimum -Average -Maximum
    '{0} sent, {1} received, {2:0}% loss' -f $probes.Count, $replies.Count, (100 * ($probes.Count - $replies.Count) / $probes.Count)
    if ($replies) { 'rtt min/avg/max = {0:0.000}/{1:0.000}/{2:0.000} ms' -f $rtt.Minimum, $rtt.Average, $rtt.Maximum }
}
finally { if ($server) { Stop-EchoServer $server } }

if ($probes.Count -ne $Count -or ($server -and $replies.Count -ne $server.DatagramsEchoed)) { throw 'The ping summary does not match what the server did.' }
'LAB OK'
