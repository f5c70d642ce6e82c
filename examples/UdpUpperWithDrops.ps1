<#
.SYNOPSIS
    Lab: a UDP server that upper-cases what it gets and drops some datagrams on purpose.
.DESCRIPTION
    The client sends one message at a time and waits up to -Timeout seconds for the answer, so
    every missing answer is one the server chose to drop (the server's counters say exactly how
    many), not one the kernel lost to a flood.
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../PSSocket.psd1'),
    [double] $DropRate = 0.4,
    [int] $Count = 20,
    [double] $Timeout = 0.5
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

$server = Start-EchoServer -Protocol Udp -Transform Upper -DropRate $DropRate
"UDP server on $($server.LocalAddress):$($server.LocalPort), dropping $($DropRate * 100)%"
try {
    $answered = 0
    foreach ($i in 1..$Count) {
        $reply = Send-UdpDatagram -Port $server.LocalPort -InputObject "message $i" -WaitForReply -Timeout $Timeout -ErrorAction SilentlyContinue
        if ($reply) { $answered++; "message $i -> $($reply.Text)" } else { "message $i -> Request timed out" }
    }
    $server | Format-List DatagramsReceived, DatagramsEchoed, DatagramsDropped
}
finally { Stop-EchoServer $server }

if ($server.DatagramsReceived -ne $Count -or $server.DatagramsEchoed -ne $answered) {
    throw "Counters do not add up: received $($server.DatagramsReceived), echoed $($server.DatagramsEchoed), answers $answered."
}
'LAB OK'
