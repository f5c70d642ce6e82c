<#
.SYNOPSIS
    Lab: a TCP echo server hit by 100 clients in a loop, then by 100 clients at once.
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../PSSocket.psd1'),
    [int] $Clients = 100
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

$echo = Start-EchoServer -Protocol Tcp
try {
    # One after another: connect, send, receive, close.
    $inLoop = foreach ($i in 1..$Clients) {
        $c = New-TcpConnection -Port $echo.LocalPort
        Send-TcpData -Connection $c -InputObject "client $i"
        (Receive-TcpData -Connection $c -Line -Timeout 10).Text
        Close-TcpConnection $c
    }

    # All connected at once, then each one served.
    $connections = foreach ($i in 1..$Clients) { New-TcpConnection -Port $echo.LocalPort }
    $i = 0
    foreach ($c in $connections) { Send-TcpData -Connection $c -InputObject "parallel $((++$i))" }
    $atOnce = foreach ($c in $connections) { (Receive-TcpData -Connection $c -Line -Timeout 10).Text }
    "Active connections while all are open: $($echo.ActiveConnections)"
    $connections | Close-TcpConnection

    $echo | Format-List ConnectionsAccepted, ConnectionsRejected, BytesReceived, BytesSent
}
finally { Stop-EchoServer $echo }

$wrong = @(1..$Clients | Where-Object { $inLoop[$_ - 1] -ne "client $_" -or $atOnce[$_ - 1] -ne "parallel $_" })
if ($wrong.Count -gt 0 -or $echo.ConnectionsAccepted -ne 2 * $Clients) { throw "$($wrong.Count) clients got a wrong echo." }
'LAB OK'
