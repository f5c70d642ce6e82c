#requires -Modules Pester
# Host family: the service registry, byte order, the kernel's socket table, name resolution and
# Wait-Socket. Expected values come from outside the module: libc through python3, ss, the RFCs.

BeforeDiscovery {
    . $PSScriptRoot/HelpPages.ps1
    $script:HelpExamples = Get-HelpPageExample -Name Get-ServicePort, ConvertTo-NetworkOrder, ConvertFrom-NetworkOrder, Get-SocketConnection, Resolve-HostAddress, Wait-Socket
}

BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    $script:Manifest = $manifest
}

Describe 'Get-ServicePort' {
    It 'names port 22 ssh, as libc does' {
        Assert-TestPeer python3
        $s = Get-ServicePort 22
        $s.Name | Should -Be (python3 -c "import socket; print(socket.getservbyport(22, 'tcp'))")
        $s.Name | Should -Be 'ssh'
        $s.Port | Should -Be 22
        $s.Protocol | Should -Be 'tcp'
    }

    It 'gives 20 and 21 for ftp' {
        $ftp = Get-ServicePort ftp
        $ftp.Port | Should -Be 20, 21
        $ftp.Name | Should -Be 'ftp-data', 'ftp'
    }

    It 'has the course table: <Name> is <Ports>' -ForEach @(
        @{ Name = 'ftp'; Ports = 20, 21 }, @{ Name = 'ssh'; Ports = @(22) }, @{ Name = 'telnet'; Ports = @(23) }
        @{ Name = 'smtp'; Ports = @(25) }, @{ Name = 'dns'; Ports = 53, 53 }, @{ Name = 'dhcp'; Ports = 67, 68 }
        @{ Name = 'http'; Ports = @(80) }, @{ Name = 'pop3'; Ports = @(110) }, @{ Name = 'imap'; Ports = @(143) }
        @{ Name = 'https'; Ports = 443, 443 }
    ) {
        (Get-ServicePort $Name).Port | Should -Be $Ports
    }

    It 'round-trips name to port to name for every registered service' {
        $all = Get-ServicePort
        $all.Count | Should -BeGreaterThan 300
        foreach ($s in $all | Get-Random -Count 60 -SetSeed 8) {
            (Get-ServicePort -Port $s.Port -Protocol $s.Protocol).Name | Should -Be $s.Name
            (Get-ServicePort $s.Name -Protocol $s.Protocol).Port | Should -Contain $s.Port
        }
    }

    It 'filters by -Protocol and takes wildcards' {
        (Get-ServicePort domain -Protocol Udp).Protocol | Should -Be 'udp'
        (Get-ServicePort 'http*' -Protocol Tcp).Name | Should -Contain 'http-alt'
        Get-ServicePort 'zz-no-such*' | Should -BeNullOrEmpty
    }

    It 'reports an unknown name or port with ServiceNotFound and goes on' {
        $r = Get-ServicePort no-such-service, 22, 65000 -ErrorVariable ev -ErrorAction SilentlyContinue
        $r.Name | Should -Be 'ssh'
        $ev.FullyQualifiedErrorId | Should -Be 'ServiceNotFound,PSSocket.Commands.GetServicePortCommand', 'ServiceNotFound,PSSocket.Commands.GetServicePortCommand'
        $ev[0].TargetObject | Should -Be 'no-such-service'
        $ev[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        { Get-ServicePort 70000 -ErrorAction Stop } | Should -Throw -ErrorId 'PortOutOfRange,PSSocket.Commands.GetServicePortCommand'
    }

    It 'takes ports from other cmdlets objects by property name' {
        $r = [pscustomobject]@{ Port = 22 }, [pscustomobject]@{ LocalPort = 53 } | Get-ServicePort -Protocol Tcp
        $r.Name | Should -Be 'ssh', 'domain'
        $r.Protocol | Should -Be 'tcp', 'tcp'
        (22, 'ftp' | Get-ServicePort).Port | Should -Be 22, 20, 21
    }

    It 'names ports the same way in -Explain and in Test-TcpPort' {
        $explain = ConvertFrom-TcpHeader -InputObject '0016 008f 00000000 00000000 5002 ffff 0000 0000' -Explain
        ($explain | Where-Object Name -eq 'SourcePort').Meaning | Should -BeLike "$((Get-ServicePort 22).Name)*"
        ($explain | Where-Object Name -eq 'DestinationPort').Meaning | Should -BeLike "$((Get-ServicePort 143).Name)*"
        (Test-TcpPort -Port 143 -Timeout 1).Service | Should -Be (Get-ServicePort 143).Name
    }

    It 'completes service names' {
        $c = TabExpansion2 -inputScript 'Get-ServicePort tel' -cursorColumn 'Get-ServicePort tel'.Length
        $c.CompletionMatches.CompletionText | Should -Contain 'telnet'
    }

    It 'fits 80 columns and exports clean CSV' {
        $text = Get-ServicePort ftp, imap | Out-String -Width 80
        $text | Should -Match 'ftp-data\s+20\s+tcp'
        ($text -split "`n" | Where-Object { $_.TrimEnd().Length -gt 80 }) | Should -BeNullOrEmpty
        $csv = Get-ServicePort 22, 80 -Protocol Tcp | ConvertTo-Csv | ConvertFrom-Csv
        $csv.Name | Should -Be 'ssh', 'http'
        $csv.Port | Should -Be '22', '80'
        $csv[1].Aliases | Should -Be 'www'
        (Get-ServicePort 80 -Protocol Tcp).Aliases | Should -Contain 'www'
    }
}

Describe 'ConvertTo-NetworkOrder and ConvertFrom-NetworkOrder' {
    It 'teaches htons: 20001 is 4E 21 on the wire and htons gives what Python gives' {
        Assert-TestPeer python3
        $v = ConvertTo-NetworkOrder 20001 -Size 16
        $v.NetworkHex | Should -Be '4E21'
        $v.NetworkOrder | Should -Be 0x4E, 0x21
        [string]$v.NetworkOrderValue | Should -Be (python3 -c 'import socket; print(socket.htons(20001))')
        [string]$v.Value | Should -Be '20001'
    }

    It 'takes the number by name with -Value (0x4E21 is 20001)' {
        (ConvertTo-NetworkOrder -Value 20001 -Size 16).NetworkHex | Should -Be '4E21'
    }

    It 'gives 7F 00 00 01 and 2130706433 for 127.0.0.1, as inet_aton does, and back' {
        Assert-TestPeer python3
        $v = ConvertTo-NetworkOrder -IPAddress 127.0.0.1
        $v.NetworkHex | Should -Be (python3 -c "import socket; print(socket.inet_aton('127.0.0.1').hex().upper())")
        [string]$v.Value | Should -Be '2130706433'
        [string]$v.NetworkOrderValue | Should -Be (python3 -c "import socket, struct; print(struct.unpack('=I', socket.inet_aton('127.0.0.1'))[0])")
        ($v | ConvertFrom-NetworkOrder).Address | Should -Be '127.0.0.1'
        (ConvertFrom-NetworkOrder '7F 00 00 01' -AsIPAddress).Address | Should -Be '127.0.0.1'
        [string](ConvertFrom-NetworkOrder '7F 00 00 01').Value | Should -Be '2130706433'
        (ConvertFrom-NetworkOrder -Value ([ulong][string]$v.NetworkOrderValue) -AsIPAddress).Address | Should -Be '127.0.0.1'
        (ConvertTo-NetworkOrder 2130706433 -Size 32 | ConvertFrom-NetworkOrder -AsIPAddress).Address | Should -Be '127.0.0.1'
    }

    It 'does IPv6 as inet_pton does' {
        Assert-TestPeer python3
        (ConvertTo-NetworkOrder -IPAddress 2001:db8::1).NetworkHex | Should -Be (python3 -c "import socket; print(socket.inet_pton(socket.AF_INET6, '2001:db8::1').hex().upper())")
        (ConvertFrom-NetworkOrder ([byte[]](,0 * 15 + 1)) -AsIPAddress).Address | Should -Be '::1'
    }

    It 'round-trips random 16, 32 and 64-bit values with ntohs/ntohl as Python computes them' {
        Assert-TestPeer python3
        $r = [System.Random]::new(8)
        $cases = foreach ($size in 16, 32, 64) {
            foreach ($i in 1..40) {
                $v = [ulong]$r.NextInt64() -shl 1 -bxor [ulong]$r.Next()
                if ($size -lt 64) { $v = $v % ([ulong]1 -shl $size) }
                [pscustomobject]@{ Value = [ulong]$v; Size = $size }
            }
        }
        $lines = ($cases | ForEach-Object { "$($_.Value) $($_.Size)" }) | python3 -c "import struct, sys`nfmt = {16: 'H', 32: 'I', 64: 'Q'}`nfor line in sys.stdin:`n  v, s = map(int, line.split())`n  w = struct.pack('!' + fmt[s], v)`n  print(w.hex().upper(), struct.unpack('=' + fmt[s], w)[0])"
        $lines | Should -HaveCount $cases.Count
        for ($i = 0; $i -lt $cases.Count; $i++) {
            $hex, $hton = $lines[$i] -split ' '
            $to = ConvertTo-NetworkOrder $cases[$i].Value -Size $cases[$i].Size
            $to.NetworkHex | Should -Be $hex
            [string]$to.NetworkOrderValue | Should -Be $hton
            [string]($to | ConvertFrom-NetworkOrder).Value | Should -Be ([string]$cases[$i].Value)
            [string](ConvertFrom-NetworkOrder -Value ([ulong]$hton) -Size $cases[$i].Size).Value | Should -Be ([string]$cases[$i].Value)
        }
    }

    It 'refuses values too wide, and byte counts that are no number, per input' {
        $r = ConvertTo-NetworkOrder 65536, 7 -Size 16 -ErrorVariable ev -ErrorAction SilentlyContinue
        [string]$r.Value | Should -Be '7'
        $ev[0].FullyQualifiedErrorId | Should -Be 'ValueOutOfRange,PSSocket.Commands.ConvertToNetworkOrderCommand'
        $ev[0].TargetObject | Should -Be 65536
        { ConvertFrom-NetworkOrder '01 02 03' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidLength,PSSocket.Commands.ConvertFromNetworkOrderCommand'
        { ConvertFrom-NetworkOrder 'zz' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidHexString,PSSocket.Commands.ConvertFromNetworkOrderCommand'
        { ConvertTo-NetworkOrder -1 -ErrorAction Stop } | Should -Throw
    }

    It 'survives Export-Clixml and converts back from the imported object' {
        $path = Join-Path $TestDrive 'order.xml'
        ConvertTo-NetworkOrder -IPAddress 192.168.1.20 | Export-Clixml $path
        $back = Import-Clixml $path | ConvertFrom-NetworkOrder
        $back.Address | Should -Be '192.168.1.20'
        $csv = ConvertTo-NetworkOrder 20001 | ConvertTo-Csv | ConvertFrom-Csv
        $csv.NetworkHex | Should -Be '4E21'
        $csv.Value | Should -Be '20001'
    }

    It 'fits 80 columns' {
        $text = ConvertTo-NetworkOrder 20001, ([ulong]::MaxValue) | Out-String -Width 80
        $text | Should -Match '20001\s+16\s+4E21\s+214E\s+8526'
        ($text -split "`n" | Where-Object { $_.TrimEnd().Length -gt 80 }) | Should -BeNullOrEmpty
    }
}

Describe 'Get-SocketConnection' {
    BeforeEach { Open-TestConnectionPair }
    AfterEach { Close-TestConnectionPair }

    It 'shows the listener LISTENING with this process as owner' {
        $e = $listener | Get-SocketConnection
        $e | Should -HaveCount 1
        $e.State | Should -Be 'Listen'
        $e.LocalPort | Should -Be $listener.LocalPort
        $e.ProcessId | Should -Be $PID
        $e.ProcessName | Should -Be (Get-Content "/proc/$PID/comm")
        $e.User | Should -Be (id -un)
    }

    It 'shows both ends of a connection ESTABLISHED, each from its own object' {
        $c = $client | Get-SocketConnection
        $s = $server | Get-SocketConnection
        $c.State, $s.State | Should -Be 'Established', 'Established'
        $c.RemotePort | Should -Be $listener.LocalPort
        $s.RemotePort | Should -Be $client.LocalPort
        $c.ProcessId, $s.ProcessId | Should -Be $PID, $PID
    }

    It 'filters by port, state, protocol, process and -Listening' {
        $mine = Get-SocketConnection -Protocol Tcp -LocalPort $listener.LocalPort, $client.LocalPort -ProcessId $PID
        $mine | Should -HaveCount 3
        (Get-SocketConnection -LocalPort $listener.LocalPort -State Listen).State | Should -Be 'Listen'
        (Get-SocketConnection -Listening -LocalPort $listener.LocalPort, $client.LocalPort).LocalPort | Should -Be $listener.LocalPort
        (Get-SocketConnection -RemotePort $listener.LocalPort).LocalPort | Should -Be $client.LocalPort
        Get-SocketConnection -Protocol Udp -LocalPort $listener.LocalPort | Should -BeNullOrEmpty
    }

    It 'agrees with ss -tanp on the test ports' {
        Assert-TestPeer ss
        # The test's own three sockets by full local and remote endpoint: a port number alone also
        # matches another test's socket (a TIME-WAIT on ::1, say) that reuses the number meanwhile.
        $own = "$($listener.LocalAddress):$($listener.LocalPort) 0.0.0.0:*",
            "$($client.LocalAddress):$($client.LocalPort) $($client.RemoteAddress):$($client.RemotePort)",
            "$($server.LocalAddress):$($server.LocalPort) $($server.RemoteAddress):$($server.RemotePort)"
        $filter = "sport = :$($listener.LocalPort) or sport = :$($client.LocalPort)"
        $ss = ss -tanpH $filter | ForEach-Object {
            $f = $_ -split '\s+'
            if ("$($f[3]) $($f[4])" -in $own) { $f[0, 3, 4] -join ' ' }
        } | Sort-Object
        $ours = Get-SocketConnection -Protocol Tcp -LocalPort $listener.LocalPort, $client.LocalPort | ForEach-Object {
            $peer = if ($_.RemotePort) { "$($_.RemoteAddress):$($_.RemotePort)" } else { "$($_.RemoteAddress):*" }
            $endpoints = "$($_.LocalAddress):$($_.LocalPort) $peer"
            if ($endpoints -in $own) { "$(@{ Listen = 'LISTEN'; Established = 'ESTAB' }[$_.State.ToString()]) $endpoints" }
        } | Sort-Object
        $ss | Should -HaveCount 3
        $ours | Should -Be $ss
    }

    It 'shows TIME_WAIT on the side that closed first' {
        $port = $client.LocalPort
        Close-TcpConnection $client
        $null = Receive-TcpData -Connection $server -Timeout 5   # the end of the stream
        Close-TcpConnection $server
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        do { $tw = Get-SocketConnection -LocalPort $port -State TimeWait } until ($tw -or [DateTime]::UtcNow -gt $deadline)
        $tw.State | Should -Be 'TimeWait'
        $tw.RemotePort | Should -Be $listener.LocalPort
        $tw.ProcessId | Should -BeNullOrEmpty
    }

    It 'lists an AF_UNIX listener with its path' {
        $path = Join-Path $TestDrive 'lab.sock'
        $u = New-TcpListener -UnixPath $path
        try {
            $e = $u | Get-SocketConnection
            $e.Protocol | Should -Be 'Unix'
            $e.LocalAddress | Should -Be $path
            $e.State | Should -Be 'Listen'
            $e.ProcessId | Should -Be $PID
        }
        finally { Stop-TcpListener $u }
    }

    It 'survives Export-Clixml and a background job with its fields' {
        $path = Join-Path $TestDrive 'table.xml'
        $listener | Get-SocketConnection | Export-Clixml $path
        $back = Import-Clixml $path
        # PowerShell's serializer turns enums into their number, as for every enum of the module.
        $back.State | Should -Be ([PSSocket.Core.Host.SocketTableState]::Listen)
        $back.LocalPort | Should -Be $listener.LocalPort
        $back.ProcessId | Should -Be $PID
        $port = $listener.LocalPort
        $fromJob = Start-Job { Import-Module $using:Manifest; Get-SocketConnection -LocalPort $using:port -Listening } | Wait-Job -Timeout 60 | Receive-Job
        $fromJob.ProcessId | Should -Be $PID
        $fromJob.State | Should -Be ([PSSocket.Core.Host.SocketTableState]::Listen)
    }

    It 'refuses objects that are no socket of this module' {
        'text' | Get-SocketConnection -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev[0].FullyQualifiedErrorId | Should -Be 'InvalidInputObject,PSSocket.Commands.GetSocketConnectionCommand'
        $ev[0].TargetObject | Should -Be 'text'
    }

    It 'reads like netstat -anp at 80 columns and exports clean CSV' {
        $rows = Get-SocketConnection -LocalPort $listener.LocalPort, $client.LocalPort
        $text = $rows | Out-String -Width 80
        $text | Should -Match "tcp\s+0\s+0\s+127\.0\.0\.1:$($listener.LocalPort)\s+0\.0\.0\.0:\*\s+Listen\s+$PID/"
        ($text -split "`n" | Where-Object { $_.TrimEnd().Length -gt 80 }) | Should -BeNullOrEmpty
        $csv = $rows | ConvertTo-Csv | ConvertFrom-Csv
        ($csv | Where-Object State -eq 'Listen').ProcessId | Should -Be "$PID"
    }
}

Describe 'Resolve-HostAddress' {
    It 'resolves localhost to what getent ahosts says' {
        Assert-TestPeer getent
        $expected = getent ahosts localhost | ForEach-Object { ($_ -split '\s+')[0] } | Sort-Object -Unique
        $r = Resolve-HostAddress localhost
        $r.Addresses | Sort-Object -Unique | Should -Be $expected
        $r.Query | Should -Be 'localhost'
    }

    It 'gives the machine''s own name and FQDN with -Local, as hostname does' {
        Assert-TestPeer hostname
        $me = Resolve-HostAddress -Local
        $me.HostName | Should -Be (hostname)
        $me.FullyQualifiedName | Should -Be (hostname -f)
        (Resolve-HostAddress $me.HostName).Addresses | Should -Not -BeNullOrEmpty
    }

    It 'reverse-resolves 127.0.0.1 and ::1 as getent hosts does' {
        Assert-TestPeer getent
        foreach ($address in '127.0.0.1', '::1') {
            $line = getent hosts $address
            if ($LASTEXITCODE -eq 0) {
                (Resolve-HostAddress $address).HostName | Should -Be ($line -split '\s+')[1]
            }
            else {
                Resolve-HostAddress $address -ErrorVariable ev -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
                $ev[0].TargetObject | Should -Be $address
                $ev[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            }
        }
    }

    It 'reports an unknown name with the resolver''s reason and goes on with the next' {
        $r = 'no-such-host.invalid', 'localhost' | Resolve-HostAddress -ErrorVariable ev -ErrorAction SilentlyContinue
        $r.Query | Should -Be 'localhost'
        $ev[0].FullyQualifiedErrorId | Should -Be 'HostNotFound,PSSocket.Commands.ResolveHostAddressCommand'
        $ev[0].TargetObject | Should -Be 'no-such-host.invalid'
        $ev[0].Exception.Message | Should -Match ([regex]::Escape($ev[0].Exception.InnerException.Message))
    }

    It 'keeps one family with -AddressFamily' {
        (Resolve-HostAddress localhost -AddressFamily IPv4).Addresses | Should -Contain '127.0.0.1'
        (Resolve-HostAddress localhost -AddressFamily IPv4).Addresses | Where-Object { $_ -match ':' } | Should -BeNullOrEmpty
    }

    It 'exports its addresses as one clean CSV cell' {
        $r = Resolve-HostAddress localhost -AddressFamily IPv4
        $csv = $r | ConvertTo-Csv | ConvertFrom-Csv
        $csv.Addresses | Should -Be ($r.Addresses -join ' ')
        $csv.Addresses | Should -Not -Match 'System\.'
    }

    It 'fits 80 columns' {
        $text = Resolve-HostAddress localhost, 127.0.0.1 | Out-String -Width 80
        $text | Should -Match 'localhost'
        ($text -split "`n" | Where-Object { $_.TrimEnd().Length -gt 80 }) | Should -BeNullOrEmpty
    }
}

Describe 'Wait-Socket' {
    BeforeEach { Open-TestConnectionPair }
    AfterEach { Close-TestConnectionPair }

    It 'says a listener with a client waiting is ready to accept' {
        Wait-Socket $listener -Timeout 0 | Should -BeNullOrEmpty
        $second = New-TcpConnection -Port $listener.LocalPort -Timeout 5
        try {
            $r = Wait-Socket $listener -Timeout 10
            $r.ReadyFor | Should -Be 'Accept'
            $r.Socket | Should -Be $listener
            $accepted = Wait-TcpConnection -Listener $r.Socket -Timeout 1
            $accepted.RemotePort | Should -Be $second.LocalPort
            $accepted | Close-TcpConnection
        }
        finally { $second | Close-TcpConnection }
    }

    It 'picks the connection with data and says how many bytes' {
        Wait-Socket $server, $listener -Timeout 0.2 | Should -BeNullOrEmpty
        Send-TcpData -Connection $client -InputObject 'hello' -NoNewline
        $r = $listener, $server | Wait-Socket -Timeout 10
        $r.Socket | Should -Be $server
        $r.ReadyFor | Should -Be 'Read'
        (Receive-TcpData -Connection $r.Socket -Count 5 -Timeout 5).Text | Should -Be 'hello'
    }

    It 'with -Read waits for data only, not for room to write' {
        Wait-Socket -InputObject $server -Read -Timeout 0.2 | Should -BeNullOrEmpty
        Send-TcpData -Connection $client -InputObject 'x' -NoNewline
        $r = Wait-Socket -InputObject $server -Read -Timeout 10
        $r.ReadyFor | Should -Be 'Read'
    }

    It 'says when the peer closed' {
        Close-TcpConnection $client
        $r = Wait-Socket $server -Timeout 10
        $r.ReadyFor | Should -Be 'Closed'
        $r.Available | Should -Be 0
    }

    It 'serves a UDP socket beside TCP and tells writable connections with -Write' {
        $udp = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, 0))
        try {
            Send-UdpDatagram -ComputerName 127.0.0.1 -Port $udp.Client.LocalEndPoint.Port -InputObject 'ping'
            $r = Wait-Socket $udp, $server -Timeout 10
            $r.Kind | Should -Be 'Udp'
            $r.ReadyFor | Should -Be 'Read'
            (Wait-Socket $client -Write -Timeout 10).ReadyFor | Should -Be 'Write'
        }
        finally { $udp.Dispose() }
    }

    It 'returns nothing and no error when the timeout passes' {
        $elapsed = Measure-Command { $r = Wait-Socket $server -Timeout 0.3 -ErrorVariable ev }
        $r | Should -BeNullOrEmpty
        $ev | Should -BeNullOrEmpty
        $elapsed.TotalSeconds | Should -BeGreaterOrEqual 0.28
    }

    It 'stops on Ctrl+C (PowerShell.Stop) while waiting without a timeout' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$Manifest'; `$l = New-TcpListener -Port 0; try { Wait-Socket `$l } finally { Stop-TcpListener `$l }")
            $async = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while ($ps.InvocationStateInfo.State -ne 'Running' -and [DateTime]::UtcNow -lt $deadline) { [System.Threading.Thread]::Sleep(10) }
            $async.IsCompleted | Should -BeFalse
            $elapsed = Measure-Command { $ps.Stop() }
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $elapsed.TotalSeconds | Should -BeLessThan 5
        }
        finally { $ps.Dispose() }
    }

    It 'reports closed sockets and foreign objects per input and waits on the rest' {
        $gone = New-TcpListener -Port 0
        Stop-TcpListener $gone
        Send-TcpData -Connection $client -InputObject 'x' -NoNewline
        $r = Wait-Socket $gone, 'text', $server -Timeout 10 -ErrorVariable ev -ErrorAction SilentlyContinue
        $r.Socket | Should -Be $server
        $ev.FullyQualifiedErrorId | Should -Be 'SocketClosed,PSSocket.Commands.WaitSocketCommand', 'InvalidInputObject,PSSocket.Commands.WaitSocketCommand'
        $ev[1].TargetObject | Should -Be 'text'
    }

    It 'fits 80 columns' {
        Send-TcpData -Connection $client -InputObject 'x' -NoNewline
        $text = Wait-Socket $server -Timeout 10 | Out-String -Width 80
        $text | Should -Match "Connection\s+127\.0\.0\.1:$($listener.LocalPort)\s+127\.0\.0\.1:$($client.LocalPort)\s+Read\s+1"
        ($text -split "`n" | Where-Object { $_.TrimEnd().Length -gt 80 }) | Should -BeNullOrEmpty
    }
}

Describe 'Host lab scripts' {
    It 'runs <Name>' -ForEach @(
        @{ Name = 'Lab5Netstat.ps1'; Expect = '(?s)LISTENING.*Listen.*ESTABLISHED.*Established.*TIME_WAIT.*TimeWait.*LAB OK' }
        @{ Name = 'SelectServer.ps1'; Expect = '(?s)accepted.*accepted.*udp from.*closed.*closed.*LAB OK' }
    ) {
        $script = Join-Path $RepoRoot "examples/$Name"
        # A fresh pwsh as the README runs it; where the tests run under `dotnet pwsh` and no pwsh
        # is on PATH, the same script runs in this session instead.
        if (Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue) {
            $out = & pwsh -NoProfile -NonInteractive -File $script -ModulePath $Manifest 2>&1
            $LASTEXITCODE | Should -Be 0 -Because ($out | Out-String)
        }
        else {
            $out = & $script -ModulePath $Manifest 2>&1
        }
        $text = $out | Out-String
        $out | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | Should -BeNullOrEmpty -Because $text
        $text | Should -Match $Expect
    }
}

Describe 'Host help examples' {
    It 'example <Number> of <Name> runs without error' -ForEach $HelpExamples {
        Push-Location $TestDrive
        try {
            $null = & ([scriptblock]::Create($Code)) 2>&1 | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { throw $_ } }
        }
        finally {
            Pop-Location
        }
    }
}
