# Sockets family: every cmdlet over real loopback sockets. Ports come from port 0 (read back from
# the object) and readiness is never waited for with sleeps: a listener accepts into its backlog
# as soon as New-TcpListener returns, and an echo server is bound when Start-EchoServer returns.
BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    # The staged manifest TestHelpers imported, for thread jobs and lab scripts to import too.
    $script:Manifest = $manifest

    # A UDP port that is free right now (bound, read back, released): only for -SourcePort, whose
    # caller retries with another port when someone took this one meanwhile.
    function Get-FreeUdpPort {
        $probe = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, 0))
        try { $probe.Client.LocalEndPoint.Port } finally { $probe.Dispose() }
    }

    # A TCP port where connects are refused: a bound socket that never listens, held until AfterAll,
    # so no other process can start listening there meanwhile.
    $script:HeldSockets = [System.Collections.Generic.List[System.Net.Sockets.Socket]]::new()
    function Get-RefusedTcpPort([int] $Port = 0) {
        $s = [System.Net.Sockets.Socket]::new('InterNetwork', 'Stream', 'Tcp')
        try { $s.Bind([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, $Port)) }
        catch { $s.Dispose(); throw }
        $script:HeldSockets.Add($s)
        $s.LocalEndPoint.Port
    }
}

AfterAll {
    Stop-EchoServer -All -ErrorAction SilentlyContinue
    $script:HeldSockets | ForEach-Object Dispose
}

Describe 'TCP listener, connection and framing' {
    BeforeEach { Open-TestConnectionPair }
    AfterEach { Close-TestConnectionPair }

    It 'binds loopback on a port the system picked and describes both ends' {
        $listener.LocalAddress | Should -Be '127.0.0.1'
        $listener.LocalPort | Should -BeGreaterThan 0
        $listener.State | Should -Be 'Listening'
        $client.RemotePort | Should -Be $listener.LocalPort
        $server.RemotePort | Should -Be $client.LocalPort
        $server.State | Should -Be 'Established'
        $listener.ConnectionsAccepted | Should -Be 1
    }

    It 'sends strings as lines and reads them back with -Line' {
        'first', 'second' | Send-TcpData -Connection $client
        (Receive-TcpData -Connection $server -Line -Timeout 5).Text | Should -Be 'first'
        $m = Receive-TcpData -Connection $server -Line -Timeout 5
        $m.Text | Should -Be 'second'
        $m.Length | Should -Be 6
        $m.Connection.Id | Should -Be $server.Id
        $server.BytesReceived | Should -Be 13
        $client.BytesSent | Should -Be 13
    }

    It 'frames exactly -Count bytes, up to a -Delimiter, and what is available' {
        Send-TcpData -Connection $client -InputObject 'HEADbody|tail' -NoNewline
        (Receive-TcpData -Connection $server -Count 4).Text | Should -Be 'HEAD'
        (Receive-TcpData -Connection $server -Delimiter '|').Text | Should -Be 'body'
        (Receive-TcpData -Connection $server).Text | Should -Be 'tail'
    }

    It 'sends a whole byte array, also when PowerShell unrolls it in the pipeline' {
        [byte[]]$bytes = 0, 1, 2, 255
        $bytes | Send-TcpData -Connection $client
        Send-TcpData -Connection $client -InputObject ([byte[]](7, 8))
        $m = Receive-TcpData -Connection $server -Count 6
        $m.Data | Should -Be @(0, 1, 2, 255, 7, 8)
    }

    It 'reports the peer closing as state Closed and no output, never an empty message' {
        Send-TcpData -Connection $client -InputObject 'bye'
        Close-TcpConnection $client
        (Receive-TcpData -Connection $server -UntilClosed -Timeout 5).Text | Should -Be "bye`n"
        $server.State | Should -Be 'Closed'
        Receive-TcpData -Connection $server -Timeout 5 | Should -BeNullOrEmpty
    }

    It 'half-closes with -Shutdown Send and still receives the answer' {
        Send-TcpData -Connection $client -InputObject 'question' -NoNewline
        Close-TcpConnection -Connection $client -Shutdown Send
        $client.State | Should -Be 'SendShutdown'
        (Receive-TcpData -Connection $server -UntilClosed -Timeout 5).Text | Should -Be 'question'
        Send-TcpData -Connection $server -InputObject 'answer' -NoNewline
        Close-TcpConnection $server
        (Receive-TcpData -Connection $client -UntilClosed -Timeout 5).Text | Should -Be 'answer'
        $client.State | Should -Be 'Closed'
    }

    It 'times out a receive with TimedOut and keeps the partial data' {
        Send-TcpData -Connection $client -InputObject 'partial' -NoNewline
        Receive-TcpData -Connection $server -Line -Timeout 0.2 -ErrorVariable ev -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $ev[0].FullyQualifiedErrorId | Should -Be 'TimedOut,PSSocket.Commands.ReceiveTcpDataCommand'
        $ev[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $ev[0].TargetObject | Should -Be "127.0.0.1:$($client.LocalPort)"
        Send-TcpData -Connection $client -InputObject ' line'
        (Receive-TcpData -Connection $server -Line -Timeout 5).Text | Should -Be 'partial line'
    }

    It 'reports a reset mid-stream as ConnectionReset' {
        Close-TcpConnection -Connection $client -Reset
        Receive-TcpData -Connection $server -Timeout 5 -ErrorVariable ev -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $ev[0].FullyQualifiedErrorId | Should -Be 'ConnectionReset,PSSocket.Commands.ReceiveTcpDataCommand'
        $ev[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $server.State | Should -Be 'Closed'
    }

    It 'echoes a received message back exactly when it is piped to Send-TcpData' {
        Send-TcpData -Connection $client -InputObject 'ping'
        Receive-TcpData -Connection $server -Line | Send-TcpData
        (Receive-TcpData -Connection $client -Line -Timeout 5).Text | Should -Be 'ping'
    }

    It 'shows a connection like a netstat line' {
        $text = $client | Format-Table | Out-String
        $text | Should -Match 'Foreign Address'
        $text | Should -Match ([regex]::Escape("127.0.0.1:$($listener.LocalPort)"))
        $text | Should -Match 'Established'
    }
}

Describe 'TCP errors' {
    It 'names a refused connect ConnectionRefused with the endpoint as target' {
        $port = Get-RefusedTcpPort
        New-TcpConnection -ComputerName 127.0.0.1 -Port $port -ErrorVariable ev -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $ev[0].FullyQualifiedErrorId | Should -Be 'ConnectionRefused,PSSocket.Commands.NewTcpConnectionCommand'
        $ev[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $ev[0].TargetObject | Should -Be "127.0.0.1:$port"
    }

    It 'names a host that does not resolve HostNotFound' {
        New-TcpConnection -ComputerName 'no-such-host.invalid' -Port 80 -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev[0].FullyQualifiedErrorId | Should -Be 'HostNotFound,PSSocket.Commands.NewTcpConnectionCommand'
        $ev[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $ev[0].TargetObject | Should -Be 'no-such-host.invalid'
    }

    It 'refuses a port out of range with PortOutOfRange' {
        New-TcpConnection -Port 70000 -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev[0].FullyQualifiedErrorId | Should -Be 'PortOutOfRange,PSSocket.Commands.NewTcpConnectionCommand'
        { New-TcpListener -Port 65536 } | Should -Throw -ErrorId 'PortOutOfRange,PSSocket.Commands.NewTcpListenerCommand'
    }

    It 'refuses a port in use with AddressAlreadyInUse' {
        $l = New-TcpListener -Port 0
        try {
            { New-TcpListener -Port $l.LocalPort } | Should -Throw -ErrorId 'AddressAlreadyInUse,PSSocket.Commands.NewTcpListenerCommand'
        }
        finally { Stop-TcpListener $l }
    }

    It 'frees the port at once when a listener stops' {
        $l = New-TcpListener -Port 0
        Stop-TcpListener $l
        $again = New-TcpListener -Port $l.LocalPort
        $again.LocalPort | Should -Be $l.LocalPort
        Stop-TcpListener $again
    }

    It 'times out an accept with TimedOut' {
        $l = New-TcpListener -Port 0
        try {
            Wait-TcpConnection -Listener $l -Timeout 0.1 -ErrorVariable ev -ErrorAction SilentlyContinue
            $ev[0].FullyQualifiedErrorId | Should -Be 'TimedOut,PSSocket.Commands.WaitTcpConnectionCommand'
        }
        finally { Stop-TcpListener $l }
    }

    It 'refuses a privileged port without privilege with AccessDenied' -Skip:($IsWindows -or (id -u) -eq '0') {
        { New-TcpListener -Port 80 } | Should -Throw -ErrorId 'AccessDenied,PSSocket.Commands.NewTcpListenerCommand'
    }
}

Describe 'IPv6, dual mode and AF_UNIX' {
    It 'connects over IPv6 loopback' {
        $l = New-TcpListener -Address ::1 -Port 0
        $c = New-TcpConnection -ComputerName ::1 -Port $l.LocalPort -AddressFamily IPv6
        $s = Wait-TcpConnection $l -Timeout 5
        $s.RemoteAddress | Should -Be '::1'
        ($c | Format-Table | Out-String) | Should -Match ([regex]::Escape("[::1]:$($l.LocalPort)"))
        $c, $s | Close-TcpConnection
        Stop-TcpListener $l
    }

    It 'shows IPv4 peers of a dual-mode listener as IPv4' {
        $l = New-TcpListener -Address :: -Port 0 -DualMode
        $c = New-TcpConnection -ComputerName 127.0.0.1 -Port $l.LocalPort
        $s = Wait-TcpConnection $l -Timeout 5
        $s.RemoteAddress | Should -Be '127.0.0.1'
        $c, $s | Close-TcpConnection
        Stop-TcpListener $l
    }

    It 'serves AF_UNIX streams with the same send, receive and close cmdlets' -Skip:$IsWindows {
        $path = Join-Path ([System.IO.Path]::GetTempPath()) "pssocket-$([guid]::NewGuid().ToString('n')).sock"
        $l = New-TcpListener -UnixPath $path
        $c = New-TcpConnection -UnixPath $path
        $s = Wait-TcpConnection $l -Timeout 5
        $c.Transport | Should -Be 'Unix'
        'over unix' | Send-TcpData -Connection $c
        (Receive-TcpData -Connection $s -Line -Timeout 5).Text | Should -Be 'over unix'
        $c, $s | Close-TcpConnection
        Stop-TcpListener $l
        Test-Path $path | Should -BeFalse
    }
}

Describe 'AF_UNIX paths that do not exist' {
    It 'names the missing socket file and the missing directory' -Skip:$IsWindows {
        New-TcpConnection -UnixPath /nonexistent-pssocket.sock -Timeout 2 -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev[0].FullyQualifiedErrorId | Should -Be 'UnixSocketNotFound,PSSocket.Commands.NewTcpConnectionCommand'
        $ev[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $ev[0].TargetObject | Should -Be '/nonexistent-pssocket.sock'
        $ev[0].Exception.Message | Should -Match 'does not exist'
        { New-TcpListener -UnixPath /nonexistent-pssocket/dir/x.sock -ErrorAction Stop } | Should -Throw -ErrorId 'UnixSocketDirectoryNotFound,PSSocket.Commands.NewTcpListenerCommand'
    }
}

Describe 'Send-TcpData one-shot' {
    It 'connects, sends, half-closes and writes the whole reply' {
        $echo = Start-EchoServer -Protocol Tcp -Transform Upper
        try {
            $reply = Send-TcpData -ComputerName localhost -Port $echo.LocalPort -InputObject 'shout' -WaitForReply -Timeout 5
            $reply.Text | Should -Be "SHOUT`n"
        }
        finally { Stop-EchoServer $echo }
    }
}

Describe 'Echo servers' -Tag Udp {
    It 'runs a TCP echo server with live counters (the echo lab)' {
        $echo = Start-EchoServer -Protocol Tcp
        try {
            $echo.LocalAddress | Should -Be '127.0.0.1'
            $c = New-TcpConnection -Port $echo.LocalPort
            'hello' | Send-TcpData -Connection $c
            (Receive-TcpData -Connection $c -Line -Timeout 5).Text | Should -Be 'hello'
            $c | Close-TcpConnection
            (Get-EchoServer -Id $echo.Id).BytesSent | Should -Be 6
            $echo.ConnectionsAccepted | Should -Be 1
        }
        finally { Stop-EchoServer $echo }
        $echo.State | Should -Be 'Stopped'
        Get-EchoServer -Id $echo.Id -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev[0].FullyQualifiedErrorId | Should -Be 'EchoServerNotFound,PSSocket.Commands.GetEchoServerCommand'
    }

    It 'serves 100 clients at once (the flood lab)' {
        $echo = Start-EchoServer -Protocol Tcp
        try {
            $connections = 1..100 | ForEach-Object { New-TcpConnection -Port $echo.LocalPort }
            $i = 0
            foreach ($c in $connections) { Send-TcpData -Connection $c -InputObject "client $((++$i))" }
            $replies = foreach ($c in $connections) { (Receive-TcpData -Connection $c -Line -Timeout 10).Text }
            $replies | Should -HaveCount 100
            $replies[0] | Should -Be 'client 1'
            $replies[99] | Should -Be 'client 100'
            $echo.ConnectionsAccepted | Should -Be 100
            $connections | Close-TcpConnection
        }
        finally { Stop-EchoServer $echo }
    }

    It 'refuses DropRate on TCP' {
        { Start-EchoServer -Protocol Tcp -DropRate 0.5 } | Should -Throw -ErrorId 'DropRateNeedsUdp,PSSocket.Commands.StartEchoServerCommand'
    }

    It 'upper-cases UDP and drops about DropRate, with exact counters (the UDP drops lab)' {
        $echo = Start-EchoServer -Protocol Udp -Transform Upper -DropRate 0.6
        try {
            # One datagram at a time, each waiting for its echo: paced, so the kernel loses none.
            $replies = 1..30 | ForEach-Object {
                Send-UdpDatagram -Port $echo.LocalPort -InputObject "message $_" -WaitForReply -Timeout 0.5 -ErrorAction SilentlyContinue
            }
            $echo.DatagramsReceived | Should -Be 30
            ($echo.DatagramsEchoed + $echo.DatagramsDropped) | Should -Be 30
            @($replies).Count | Should -Be $echo.DatagramsEchoed
            $replies | ForEach-Object { $_.Text | Should -MatchExactly '^MESSAGE \d+$' }
            # Binomial(30, 0.6): mean 18, standard deviation 2.7; four of them either side.
            $echo.DatagramsDropped | Should -BeGreaterOrEqual 8
            $echo.DatagramsDropped | Should -BeLessOrEqual 28
        }
        finally { Stop-EchoServer $echo }
    }

    It 'stops servers by Id and frees their ports at once' {
        $a = Start-EchoServer -Protocol Tcp
        $b = Start-EchoServer -Protocol Udp
        (Get-EchoServer).Id | Should -Contain $a.Id
        Stop-EchoServer -Id $a.Id, $b.Id -PassThru | Should -HaveCount 2
        $l = New-TcpListener -Port $a.LocalPort
        Stop-TcpListener $l
    }
}

Describe 'UDP datagrams and ping' -Tag Udp {
    It 'receives datagrams and answers each to its sender' {
        $job = Start-ThreadJob {
            Import-Module $using:Manifest
            Receive-UdpDatagram -Port 0 -Count 1 -Timeout 20 -Verbose | Send-UdpDatagram -InputObject 'pong'
        }
        try {
            # The receiver binds port 0 in another thread and says which port it got.
            $port = Wait-BoundPort $job
            $reply = Send-UdpDatagram -ComputerName 127.0.0.1 -Port $port -InputObject 'ping' -WaitForReply -Timeout 5
            $reply.Text | Should -Be 'pong'
            $reply.RemotePort | Should -Be $port
        }
        finally { $job | Wait-Job -Timeout 20 | Remove-Job -Force }
    }

    It 'sends from -SourcePort and gets the reply there' {
        $echo = Start-EchoServer -Protocol Udp
        try {
            # A port free a moment ago may have been taken meanwhile: then try another one.
            $reply = $null
            for ($try = 0; $try -lt 5 -and -not $reply; $try++) {
                $source = Get-FreeUdpPort
                $reply = Send-UdpDatagram -ComputerName 127.0.0.1 -Port $echo.LocalPort -SourcePort $source -InputObject 'from a fixed port' -WaitForReply -Timeout 5 -ErrorAction SilentlyContinue -ErrorVariable busy
                if (-not $reply) { $busy[0].FullyQualifiedErrorId | Should -Match '^AddressAlreadyInUse,' }
            }
            $reply.Text | Should -Be 'from a fixed port'
            $reply.LocalPort | Should -Be $source
            $reply.RemotePort | Should -Be $echo.LocalPort
        }
        finally { Stop-EchoServer $echo }
    }

    It 'refuses a broadcast destination without -Broadcast' {
        Send-UdpDatagram -ComputerName 255.255.255.255 -Port 9 -InputObject 'x' -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev[0].FullyQualifiedErrorId | Should -Be 'AccessDenied,PSSocket.Commands.SendUdpDatagramCommand'
        $ev[0].TargetObject | Should -Be '255.255.255.255:9'
    }

    It 'times out a receive with TimedOut and frees the port' {
        $said = Receive-UdpDatagram -Port 0 -Timeout 0.1 -Verbose -ErrorVariable ev -ErrorAction SilentlyContinue 4>&1
        $port = [int]("$($said[0])" -replace '^.*:(\d+)\s*$', '$1')
        $port | Should -BeGreaterThan 0
        $ev[0].FullyQualifiedErrorId | Should -Be 'TimedOut,PSSocket.Commands.ReceiveUdpDatagramCommand'
        $again = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, $port))
        $again.Dispose()
    }

    It 'pings an echo server (the UDP ping lab)' {
        $echo = Start-EchoServer -Protocol Udp
        try {
            $results = $echo | Test-UdpEcho -Count 5 -Timeout 1
            $results | Should -HaveCount 5
            $results | ForEach-Object { $_ | Should -BeOfType ([PSSocket.Core.Sockets.UdpPingResult]) }
            $results.Sequence | Should -Be @(1, 2, 3, 4, 5)
            $results.Status | Should -Not -Contain 'TimedOut'
            $summary = $echo | Test-UdpEcho -Count 5 -Timeout 1 -Summary
            $summary | Should -HaveCount 1
            $summary.Sent | Should -Be 5
            $summary.Received | Should -Be 5
            $summary.LossPercent | Should -Be 0
            $summary.MinimumMilliseconds | Should -BeLessOrEqual $summary.MaximumMilliseconds
        }
        finally { Stop-EchoServer $echo }
    }

    It 'reports Request timed out when nothing answers' {
        $silent = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, 0))
        try {
            $out = Test-UdpEcho -ComputerName 127.0.0.1 -Port $silent.Client.LocalEndPoint.Port -Count 2 -Timeout 0.2
            ($out | Where-Object Status -eq 'TimedOut') | Should -HaveCount 2
            ($out[0] | Format-Table | Out-String) | Should -Match 'Request timed out'
            (Test-UdpEcho -ComputerName 127.0.0.1 -Port $silent.Client.LocalEndPoint.Port -Count 2 -Timeout 0.2 -Summary).LossPercent | Should -Be 100
        }
        finally { $silent.Dispose() }
    }

    It 'counts each probe a dropping server drops as timed out' {
        $echo = Start-EchoServer -Protocol Udp -DropRate 0.5
        try {
            # 2 s: an echo delayed past the timeout on a loaded machine would count as lost here
            # but as echoed by the server.
            $summary = Test-UdpEcho -Port $echo.LocalPort -Count 10 -Timeout 2 -Summary
            $summary.Received | Should -Be $echo.DatagramsEchoed
            ($summary.Sent - $summary.Received) | Should -Be $echo.DatagramsDropped
        }
        finally { Stop-EchoServer $echo }
    }
}

Describe 'UDP replies are matched to their probe and peer' -Tag Udp {
    BeforeAll {
        # A UDP peer the test controls: answers each datagram with $Answer (default: the same bytes)
        # after $DelayMs, from its own port or, with $FromOtherPort, from another socket.
        function Start-UdpPeer([int] $Count, [int] $DelayMs = 0, [string] $Answer, [switch] $FromOtherPort) {
            $server = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, 0))
            $other = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, 0))
            $server.Client.ReceiveTimeout = 20000
            $job = Start-ThreadJob -ArgumentList $server, $other, $Count, $DelayMs, $Answer, $FromOtherPort.IsPresent {
                param($server, $other, $count, $delayMs, $answer, $fromOther)
                $from = [System.Net.IPEndPoint]::new([System.Net.IPAddress]::Any, 0)
                for ($i = 0; $i -lt $count; $i++) {
                    $data = $server.Receive([ref]$from)
                    if ($delayMs) { Start-Sleep -Milliseconds $delayMs }   # the peer's behaviour under test, not a readiness wait
                    if ($answer) { $data = [Text.Encoding]::ASCII.GetBytes($answer) }
                    $sender = if ($fromOther) { $other } else { $server }
                    [void]$sender.Send($data, $data.Length, $from)
                }
            }
            [pscustomobject]@{ Port = $server.Client.LocalEndPoint.Port; Job = $job; Sockets = $server, $other }
        }
        function Stop-UdpPeer($peer) {
            $peer.Sockets | ForEach-Object Dispose
            $peer.Job | Wait-Job -Timeout 20 | Remove-Job -Force
        }
    }

    It 'counts a reply that comes after the timeout as lost, even with the same payload every time' {
        $peer = Start-UdpPeer -Count 6 -DelayMs 350
        try {
            $results = Test-UdpEcho -ComputerName 127.0.0.1 -Port $peer.Port -Count 6 -Timeout 0.25 -InputObject ping
            $results.Status | Should -Be @('TimedOut', 'TimedOut', 'TimedOut', 'TimedOut', 'TimedOut', 'TimedOut')
            $results | ForEach-Object { $_.RoundTripMilliseconds | Should -BeNullOrEmpty }
        }
        finally { Stop-UdpPeer $peer }
    }

    It 'does not take a reply from another port of the server as an echo' {
        $peer = Start-UdpPeer -Count 3 -FromOtherPort
        try {
            $summary = Test-UdpEcho -ComputerName 127.0.0.1 -Port $peer.Port -Count 3 -Timeout 0.5 -InputObject ping -Summary
            $summary.Received | Should -Be 0
            $summary.LossPercent | Should -Be 100
        }
        finally { Stop-UdpPeer $peer }
    }

    It 'gives a reply with other bytes its own status, WrongReply, with the reply and its time' {
        $peer = Start-UdpPeer -Count 2 -Answer pong
        try {
            $results = Test-UdpEcho -ComputerName 127.0.0.1 -Port $peer.Port -Count 2 -Timeout 5 -InputObject ping
            $results.Status | Should -Be @('WrongReply', 'WrongReply')
            $results.Reply | Should -Be @('pong', 'pong')
            $results[0].RoundTripMilliseconds | Should -BeGreaterThan 0
            $results[0].ToString() | Should -Match '^Wrong reply from 127\.0\.0\.1:\d+: seq=1'
        }
        finally { Stop-UdpPeer $peer }
    }

    It 'reports a closed port as PortUnreachable, not as a timeout' {
        $port = Get-FreeUdpPort
        (Test-UdpEcho -ComputerName 127.0.0.1 -Port $port -Count 1 -Timeout 5).Status | Should -Be 'PortUnreachable'
    }

    It 'pings a server that listens on 127.0.0.1 only through localhost, whichever address localhost names first' {
        $echo = Start-EchoServer -Protocol Udp -Address 127.0.0.1
        try {
            $results = Test-UdpEcho -ComputerName localhost -Port $echo.LocalPort -Count 2 -Timeout 5
            $results.Status | Should -Be @('Success', 'Success')
            $results[0].Destination | Should -Be "127.0.0.1:$($echo.LocalPort)"
            $echo.DatagramsReceived | Should -Be 2
        }
        finally { Stop-EchoServer $echo }
    }

    It 'Send-UdpDatagram -WaitForReply takes the reply only from the peer it sent to' {
        $silent = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, 0))
        $source = Get-FreeUdpPort
        # An intruder keeps sending to the client's port while it waits for the silent server.
        $intruder = Start-ThreadJob -ArgumentList $source {
            param($source)
            $u = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, 0))
            $bytes = [Text.Encoding]::ASCII.GetBytes('spoofed')
            $until = [DateTime]::UtcNow.AddSeconds(2)
            while ([DateTime]::UtcNow -lt $until) { [void]$u.Send($bytes, $bytes.Length, '127.0.0.1', $source); [Threading.Thread]::Sleep(20) }
            $u.Dispose()
        }
        try {
            $reply = Send-UdpDatagram -ComputerName 127.0.0.1 -Port $silent.Client.LocalEndPoint.Port -SourcePort $source -InputObject hi -WaitForReply -Timeout 1 -ErrorVariable ev -ErrorAction SilentlyContinue
            $reply | Should -BeNullOrEmpty
            $ev[0].FullyQualifiedErrorId | Should -Be 'TimedOut,PSSocket.Commands.SendUdpDatagramCommand'
        }
        finally {
            $intruder | Wait-Job -Timeout 20 | Remove-Job -Force
            $silent.Dispose()
        }
    }

    It 'says why when there is nothing to send' {
        Send-UdpDatagram -ComputerName 127.0.0.1 -Port 9 -InputObject $null -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev[0].FullyQualifiedErrorId | Should -Be 'NoDataToSend,PSSocket.Commands.SendUdpDatagramCommand'
        $ev[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'Test-UdpEcho | Export-Csv gives one row per probe and nothing else' {
        $echo = Start-EchoServer -Protocol Udp
        $csv = Join-Path ([System.IO.Path]::GetTempPath()) "pssocket-$([guid]::NewGuid().ToString('n')).csv"
        try {
            Test-UdpEcho -Port $echo.LocalPort -Count 3 | Export-Csv $csv
            $rows = Import-Csv $csv
            $rows | Should -HaveCount 3
            $rows.Sequence | Should -Be @('1', '2', '3')
            $rows.Status | Should -Be @('Success', 'Success', 'Success')
            Test-UdpEcho -Port $echo.LocalPort -Count 3 -Summary | Export-Csv $csv
            (Import-Csv $csv).Sent | Should -Be '3'
        }
        finally { Stop-EchoServer $echo; Remove-Item $csv -ErrorAction SilentlyContinue }
    }
}

Describe 'Receive-UdpDatagram limits and load' -Tag Udp {
    It 'with -Count 0 and no -Timeout keeps receiving past the 30 s default until stopped' {
        $port = Get-FreeUdpPort
        $job = Start-ThreadJob { Import-Module $using:Manifest; Receive-UdpDatagram -Port $using:port -Count 0 }
        try {
            # 31 s of silence: longer than the per-datagram default, which must not apply to -Count 0.
            $job | Wait-Job -Timeout 31 | Out-Null
            $job.State | Should -Be 'Running'
            $reply = Send-UdpDatagram -ComputerName 127.0.0.1 -Port $port -InputObject 'still there'
            $deadline = [DateTime]::UtcNow.AddSeconds(10)
            while (-not $job.Output.Count -and [DateTime]::UtcNow -lt $deadline) { $job | Wait-Job -Timeout 0.1 | Out-Null }
            $job.Output[0].Text | Should -Be 'still there'
            $job.Error | Should -BeNullOrEmpty
        }
        finally { $job | Stop-Job -PassThru | Remove-Job -Force }
    }

    It 'with -Count 0 -Timeout ends quietly after that much silence' {
        $port = Get-FreeUdpPort
        Receive-UdpDatagram -Port $port -Count 0 -Timeout 0.2 -ErrorVariable ev
        $ev | Should -BeNullOrEmpty
        (Receive-UdpDatagram -Port $port -Count 0 -Timeout 0.2 -Summary).Received | Should -Be 0
    }

    It 'keeps receiving while the pipeline is stalled and warns of exactly what the kernel dropped' -Skip:(-not $IsLinux) {
        $port = Get-FreeUdpPort
        $total = 120000
        $sender = Start-ThreadJob -ArgumentList $port, $total {
            param($port, $total)
            # Ready when the receiver holds the port (binding it here then fails): no sleep needed.
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while ([DateTime]::UtcNow -lt $deadline) {
                try { [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, $port)).Dispose() } catch { break }
            }
            $u = [System.Net.Sockets.UdpClient]::new()
            $u.Connect('127.0.0.1', $port)
            $payload = [byte[]]::new(1000)
            for ($i = 0; $i -lt $total; $i++) { [void]$u.Send($payload, $payload.Length) }
            $u.Dispose()
        }
        try {
            $script:stalled = $false
            $received = Receive-UdpDatagram -Port $port -Address 127.0.0.1 -Count 0 -Timeout 3 -WarningVariable w -WarningAction SilentlyContinue |
                ForEach-Object { if (-not $script:stalled) { $script:stalled = $true; $sender | Wait-Job -Timeout 60 | Out-Null }; $_ } |
                Measure-Object | Select-Object -ExpandProperty Count
            $sender.State | Should -Be 'Completed'
            # The consumer slept through the whole flood: 64 MiB of queue plus the kernel buffer cannot hold 120 MB.
            $w | Should -HaveCount 1
            $dropped = [long]([regex]::Match($w[0].Message, 'dropped (\d+) datagram').Groups[1].Value)
            $dropped | Should -BeGreaterThan 0
            ($received + $dropped) | Should -Be $total
        }
        finally { $sender | Remove-Job -Force }
    }
}

Describe 'Echo server counters under a flood' -Tag Udp {
    It 'accounts for every datagram sent: received plus overflowed, and received = echoed + dropped' -Skip:(-not $IsLinux) {
        $echo = Start-EchoServer -Protocol Udp -DropRate 0.5
        try {
            $echo.DatagramsOverflowed | Should -Be 0 -Because 'the kernel reports the drop count of the server''s sockets on Linux'
            $u = [System.Net.Sockets.UdpClient]::new()
            $u.Connect('127.0.0.1', $echo.LocalPort)
            $payload = [byte[]]::new(64)
            $total = 50000
            for ($i = 0; $i -lt $total; $i++) { [void]$u.Send($payload, $payload.Length) }
            $u.Dispose()
            # The server drains its queue in the background: wait (bounded) until every datagram is accounted for.
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while (($echo.DatagramsReceived + $echo.DatagramsOverflowed) -lt $total -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            ($echo.DatagramsReceived + $echo.DatagramsOverflowed) | Should -Be $total
            ($echo.DatagramsEchoed + $echo.DatagramsDropped) | Should -Be $echo.DatagramsReceived
        }
        finally { Stop-EchoServer $echo }
    }
}

Describe 'Invoke-SocketServer' {
    It 'runs the handler on the pipeline thread for each line and sends its output back (the chat lab)' {
        $l = New-TcpListener -Port 0
        $port = $l.LocalPort
        $job = Start-ThreadJob {
            Import-Module $using:Manifest
            $c = New-TcpConnection -Port $using:port
            foreach ($line in 'hi', 'how are you', 'bye') {
                Send-TcpData -Connection $c -InputObject $line
                (Receive-TcpData -Connection $c -Line -Timeout 10).Text
            }
            Close-TcpConnection $c
        }
        try {
            $handled = Invoke-SocketServer -Listener $l -Count 3 -Timeout 20 -PassThru -ScriptBlock {
                param($request)
                "[$($request.RemotePort)] $($_.Text.ToUpperInvariant())"
            }
            $handled | Should -HaveCount 3
            $replies = $job | Wait-Job -Timeout 20 | Receive-Job
            $replies | Should -HaveCount 3
            $replies[0] | Should -Match '^\[\d+\] HI$'
            $replies[2] | Should -Match '^\[\d+\] BYE$'
            $handled[1].Text | Should -Be 'how are you'
        }
        finally {
            $job | Remove-Job -Force
            Stop-TcpListener $l
        }
    }

    It 'passes received data as a value and never evaluates it' {
        $l = New-TcpListener -Port 0
        $port = $l.LocalPort
        $marker = Join-Path ([System.IO.Path]::GetTempPath()) "pssocket-$([guid]::NewGuid().ToString('n'))"
        $payload = '$(Set-Content -Path ''' + $marker + ''' -Value pwned)'
        $job = Start-ThreadJob {
            Import-Module $using:Manifest
            $c = New-TcpConnection -Port $using:port
            Send-TcpData -Connection $c -InputObject $using:payload
            (Receive-TcpData -Connection $c -Line -Timeout 10).Text
            Close-TcpConnection $c
        }
        try {
            Invoke-SocketServer -Listener $l -Count 1 -Timeout 20 -ScriptBlock { "echo: $($_.Text)" }
            $job | Wait-Job -Timeout 20 | Receive-Job | Should -Be "echo: $payload"
            Test-Path $marker | Should -BeFalse
        }
        finally {
            $job | Remove-Job -Force
            Stop-TcpListener $l
        }
    }

    It 'serves UDP datagrams and answers each sender' {
        $job = Start-ThreadJob {
            Import-Module $using:Manifest
            Invoke-SocketServer -Protocol Udp -Port 0 -Count 1 -Timeout 20 -Verbose -ScriptBlock { "got $($_.Length) bytes" }
        }
        try {
            $port = Wait-BoundPort $job
            $reply = Send-UdpDatagram -ComputerName 127.0.0.1 -Port $port -InputObject 'abcd' -WaitForReply -Timeout 5
            $reply.Text | Should -Be 'got 4 bytes'
        }
        finally { $job | Wait-Job -Timeout 20 | Remove-Job -Force }
    }

    It 'reports a handler failure and keeps serving' {
        $l = New-TcpListener -Port 0
        $port = $l.LocalPort
        $job = Start-ThreadJob {
            Import-Module $using:Manifest
            $c = New-TcpConnection -Port $using:port
            'boom', 'fine' | Send-TcpData -Connection $c
            (Receive-TcpData -Connection $c -Line -Timeout 10).Text
            Close-TcpConnection $c
        }
        try {
            Invoke-SocketServer -Listener $l -Count 2 -Timeout 20 -ErrorVariable ev -ErrorAction SilentlyContinue -ScriptBlock {
                if ($_.Text -eq 'boom') { throw 'handler broke' }
                'ok'
            }
            $ev[0].FullyQualifiedErrorId | Should -Be 'HandlerFailed,PSSocket.Commands.InvokeSocketServerCommand'
            $job | Wait-Job -Timeout 20 | Receive-Job | Should -Be 'ok'
        }
        finally {
            $job | Remove-Job -Force
            Stop-TcpListener $l
        }
    }
}

Describe 'Invoke-SocketServer replies and endpoint' -Tag Udp {
    BeforeAll {
        # Runs Invoke-SocketServer -Port 0 in a thread job and reads the port it announces.
        function Start-HandlerJob([string] $Protocol, [scriptblock] $Handler) {
            $job = Start-ThreadJob -ArgumentList $Protocol, $Handler.ToString() {
                param($protocol, $handler)
                Import-Module $using:Manifest
                Invoke-SocketServer -Protocol $protocol -Count 1 -Timeout 20 -ScriptBlock ([scriptblock]::Create($handler))
            }
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while (-not ($job.Information | Where-Object Tags -Contains 'PSSocket.Listening') -and [DateTime]::UtcNow -lt $deadline) { $job | Wait-Job -Timeout 0.05 | Out-Null }
            $where = ($job.Information | Where-Object Tags -Contains 'PSSocket.Listening' | Select-Object -First 1).MessageData
            [pscustomobject]@{ Job = $job; Port = $where.LocalPort; Where = $where }
        }
    }

    It 'announces the port it picked, in its progress and as information for the script' {
        $server = Start-HandlerJob -Protocol Tcp -Handler { 'hello' }
        try {
            $server.Port | Should -BeGreaterThan 0
            $server.Where.LocalAddress | Should -Be '127.0.0.1'
            ($server.Job.Progress.StatusDescription -join ' ') | Should -Match "port|:$($server.Port)"
            $c = New-TcpConnection -Port $server.Port -Timeout 5
            Send-TcpData -Connection $c -InputObject 'x'
            (Receive-TcpData -Connection $c -Line -Timeout 10).Text | Should -Be 'hello'
            Close-TcpConnection $c
        }
        finally { $server.Job | Wait-Job -Timeout 20 | Remove-Job -Force }
    }

    It 'sends a returned byte array as its bytes over TCP' {
        $server = Start-HandlerJob -Protocol Tcp -Handler { [byte[]](0x41, 0x42, 0x0a) }
        try {
            $c = New-TcpConnection -Port $server.Port -Timeout 5
            Send-TcpData -Connection $c -InputObject 'x'
            # The server ends after one request and closes the connection: everything it sent is there.
            (Receive-TcpData -Connection $c -UntilClosed -Timeout 10).Data | Should -Be @(0x41, 0x42, 0x0a)
            Close-TcpConnection $c
        }
        finally { $server.Job | Wait-Job -Timeout 20 | Remove-Job -Force }
    }

    It 'sends a returned byte array as one datagram of its bytes over UDP' {
        $server = Start-HandlerJob -Protocol Udp -Handler { [byte[]](0x41, 0x42) }
        try {
            (Send-UdpDatagram -Port $server.Port -InputObject 'x' -WaitForReply -Timeout 10).Data | Should -Be @(0x41, 0x42)
        }
        finally { $server.Job | Wait-Job -Timeout 20 | Remove-Job -Force }
    }

    It 'sends an object as the text PowerShell shows for it' {
        $server = Start-HandlerJob -Protocol Udp -Handler { [pscustomobject]@{ Name = 'alice'; Score = 42 } }
        try {
            $text = (Send-UdpDatagram -Port $server.Port -InputObject 'x' -WaitForReply -Timeout 10).Text
            $text | Should -Match 'Name\s+Score'
            $text | Should -Match 'alice\s+42'
        }
        finally { $server.Job | Wait-Job -Timeout 20 | Remove-Job -Force }
    }
}

Describe 'UDP with a hosts file that lists ::1 first' -Tag HostsFile {
    It 'runs every UDP test with localhost resolving to ::1 first' -Skip:(-not $IsLinux -or (id -u) -ne '0' -or -not (Get-Command unshare -ErrorAction SilentlyContinue)) {
        $hosts = Join-Path ([System.IO.Path]::GetTempPath()) "pssocket-hosts-$([guid]::NewGuid().ToString('n'))"
        Set-Content -Path $hosts -Value "::1 localhost ip6-localhost`n127.0.0.1 localhost"
        $pester = (Get-Module Pester).Path
        $inner = @"
if (([System.Net.Dns]::GetHostAddresses('localhost'))[0].ToString() -ne '::1') { throw 'the private hosts file is not in effect' }
Import-Module '$pester'
`$c = New-PesterConfiguration
`$c.Run.Path = '$PSCommandPath'
`$c.Filter.Tag = 'Udp'
`$c.Run.PassThru = `$true
`$c.Output.Verbosity = 'Minimal'
`$r = Invoke-Pester -Configuration `$c
"PASSED=`$(`$r.PassedCount) FAILED=`$(`$r.FailedCount)"
"@
        try {
            # A private mount namespace: /etc/hosts is replaced for the child only.
            $out = & unshare -m -- sh -c 'mount --bind "$1" /etc/hosts && exec "$2" -NoProfile -NonInteractive -Command "$3"' sh $hosts (Get-Command pwsh).Source $inner 2>&1
            $text = $out | Out-String
            $text | Should -Match 'PASSED=(\d+) FAILED=0' -Because $text
            [int]([regex]::Match($text, 'PASSED=(\d+)').Groups[1].Value) | Should -BeGreaterOrEqual 15 -Because $text
        }
        finally { Remove-Item $hosts -ErrorAction SilentlyContinue }
    }
}

Describe 'Test-TcpPort' {
    It 'tells open and closed ports apart' {
        $open = New-TcpListener -Port 0
        $closed = Get-RefusedTcpPort
        try {
            $results = Test-TcpPort -ComputerName 127.0.0.1 -Port $open.LocalPort, $closed -Timeout 2 -ThrottleLimit 2
            $results | Should -HaveCount 2
            ($results | Where-Object Port -eq $open.LocalPort).State | Should -Be 'Open'
            ($results | Where-Object Port -eq $closed).State | Should -Be 'Closed'
            ($results | Format-Table | Out-String) | Should -Match 'Latency'
        }
        finally { Stop-TcpListener $open }
    }

    It 'names well-known services' -Skip:(-not (Test-Path /etc/services)) {
        # Probe a well-known port this test holds itself (bound, not listening), never one where a
        # real service (sshd on 22) may answer; its name comes from /etc/services, not from us.
        $known = @{}
        foreach ($line in Get-Content /etc/services) {
            if ($line -match '^([\w-]+)\s+(\d+)/tcp\b' -and -not $known.ContainsKey([int]$Matches[2])) { $known[[int]$Matches[2]] = $Matches[1] }
        }
        $held = $null
        foreach ($candidate in 5432, 3306, 6379, 5900, 1433, 8080) {
            if (-not $known.ContainsKey($candidate)) { continue }
            try { $held = Get-RefusedTcpPort -Port $candidate; break } catch { }
        }
        if (-not $held) { Set-ItResult -Skipped -Because 'every candidate well-known port is in use on this machine'; return }
        $r = Test-TcpPort -ComputerName 127.0.0.1 -Port $held -Timeout 1
        $r.State | Should -Be 'Closed'
        $r.Service | Should -Be $known[$held]
    }

    It 'reports a host that does not resolve and goes on with the next' {
        $open = New-TcpListener -Port 0
        try {
            $r = 'no-such-host.invalid', '127.0.0.1' | Test-TcpPort -Port $open.LocalPort -ErrorVariable ev -ErrorAction SilentlyContinue
            $ev[0].FullyQualifiedErrorId | Should -Be 'HostNotFound,PSSocket.Commands.TestTcpPortCommand'
            $r.State | Should -Be 'Open'
        }
        finally { Stop-TcpListener $open }
    }
}

Describe 'Course lab scripts' {
    It 'runs <Name>' -ForEach @(
        @{ Name = 'TcpEchoLab.ps1' }
        @{ Name = 'ChatServer.ps1' }
        @{ Name = 'HundredClients.ps1' }
        @{ Name = 'UdpUpperWithDrops.ps1' }
        @{ Name = 'UdpPingLab.ps1' }
    ) {
        $script = Join-Path $RepoRoot "examples/$Name"
        $out = & pwsh -NoProfile -NonInteractive -File $script -ModulePath $Manifest 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($out | Out-String)
        ($out | Out-String) | Should -Match 'LAB OK'
    }
}
