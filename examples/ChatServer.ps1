<#
.SYNOPSIS
    Lab: a chat server that answers each line until the client closes.
.DESCRIPTION
    Invoke-SocketServer runs the handler scriptblock for each line a client sends, on this
    thread, and sends back what it returns. The received text is only ever data ($_.Text): it is
    never run as code. A demo client in a thread job chats and then closes; with -Serve the
    script instead serves real clients (ncat 127.0.0.1 <port>) until they stay quiet for a minute.
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../PSSocket.psd1'),
    [switch] $Serve
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

$listener = New-TcpListener -Port 0
$port = $listener.LocalPort
"Chat server on 127.0.0.1:$port"
$handler = {
    param($request)
    switch ($request.Text) {
        'time' { Get-Date -Format o }
        'bye' { 'see you' }
        default { "[$($request.RemotePort)] you said: $($request.Text)" }
    }
}

if ($Serve) {
    Invoke-SocketServer -Listener $listener -Timeout 60 -PassThru -ScriptBlock $handler
    Stop-TcpListener $listener
    return
}

$client = Start-ThreadJob {
    Import-Module $using:ModulePath
    $c = New-TcpConnection -Port $using:port
    foreach ($line in 'hello', 'time', 'bye') {
        Send-TcpData -Connection $c -InputObject $line
        "client got: $((Receive-TcpData -Connection $c -Line -Timeout 10).Text)"
    }
    Close-TcpConnection $c
}
try {
    $requests = Invoke-SocketServer -Listener $listener -Count 3 -Timeout 30 -PassThru -ScriptBlock $handler
    $requests | Format-Table
    $conversation = $client | Wait-Job -Timeout 30 | Receive-Job
    $conversation
}
finally {
    $client | Remove-Job -Force
    Stop-TcpListener $listener
}
if (@($conversation).Count -ne 3 -or $conversation[2] -ne 'client got: see you') { throw 'The chat did not complete.' }
'LAB OK'
