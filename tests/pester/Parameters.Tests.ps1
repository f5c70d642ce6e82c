# Parameters that no other Pester file used: each is exercised here at the cmdlet level, and each
# test checks what the parameter changes. The contract test tests/PSSocket.Tests/ParameterCoverageTests.cs
# fails for any cmdlet parameter that no Pester file names. New-Packet's fields are judged by
# tshark, not by our own decoder.
BeforeDiscovery {
    # CI sets PSSOCKET_REQUIRE_PEERS=1: there a missing tshark fails the tests instead of skipping them.
    $script:NoTshark = -not (Get-Command tshark -ErrorAction SilentlyContinue) -and $env:PSSOCKET_REQUIRE_PEERS -ne '1'
}

BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    $script:Manifest = $manifest

    # tshark's reading of packets written with Export-Pcap: one hashtable per packet, field → text.
    function Read-Tshark([object[]] $Packet, [string[]] $Field) {
        $file = Join-Path $TestDrive "p$([guid]::NewGuid().ToString('n')).pcapng"
        $Packet | Export-Pcap -Path $file
        $arguments = @('-n', '-r', $file, '-o', 'tcp.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE',
            '-T', 'fields', '-E', 'separator=/t', '-E', 'occurrence=a', '-E', 'aggregator=,') + ($Field | ForEach-Object { '-e', $_ })
        $lines = & tshark @arguments 2>$null
        $LASTEXITCODE | Should -Be 0
        foreach ($line in $lines) {
            $values = $line -split "`t"
            $row = @{}
            for ($i = 0; $i -lt $Field.Count; $i++) { $row[$Field[$i]] = $values[$i] }
            $row
        }
    }
}

AfterAll {
    Stop-EchoServer -All -ErrorAction SilentlyContinue
}

Describe 'New-Packet fields as tshark reads them' {
    It 'writes the TCP fields: -SequenceNumber -AcknowledgmentNumber -Window -UrgentPointer -WindowScale -SackPermitted -Timestamp' -Skip:$NoTshark {
        $p = New-Packet -Tcp -Source 192.0.2.1 -Destination 198.51.100.7 -SourcePort 40000 -DestinationPort 59000 -Flags 'Ack,Urg' -SequenceNumber 3000000000 -AcknowledgmentNumber 123456789 -Window 4321 -UrgentPointer 77 -WindowScale 9 -SackPermitted -Timestamp 1111, 2222 -Payload 'data'
        $t = Read-Tshark $p 'tcp.seq_raw', 'tcp.ack_raw', 'tcp.window_size_value', 'tcp.urgent_pointer', 'tcp.options.wscale.shift', 'tcp.option_kind', 'tcp.options.timestamp.tsval', 'tcp.options.timestamp.tsecr', 'tcp.checksum.status', 'tcp.flags'
        $t['tcp.seq_raw'] | Should -Be '3000000000'
        $t['tcp.ack_raw'] | Should -Be '123456789'
        $t['tcp.window_size_value'] | Should -Be '4321'
        $t['tcp.urgent_pointer'] | Should -Be '77'
        $t['tcp.options.wscale.shift'] | Should -Be '9'
        $t['tcp.option_kind'] -split ',' | Should -Contain '4'   # SACK permitted
        $t['tcp.options.timestamp.tsval'] | Should -Be '1111'
        $t['tcp.options.timestamp.tsecr'] | Should -Be '2222'
        $t['tcp.checksum.status'] | Should -Be '1'
        $t['tcp.flags'] | Should -Be '0x0030'
    }

    It 'writes raw TCP options with -TcpOption and any header length with -DataOffset' -Skip:$NoTshark {
        $withOptions = New-Packet -Tcp -Source 192.0.2.1 -Destination 198.51.100.7 -TcpOption ([byte[]](1, 1, 4, 2))
        $lying = New-Packet -Tcp -Source 192.0.2.1 -Destination 198.51.100.7 -DataOffset 6 -Payload 'abcd'
        $rows = @(Read-Tshark $withOptions, $lying 'tcp.hdr_len', 'tcp.option_kind')
        $rows[0]['tcp.hdr_len'] | Should -Be '24'
        $rows[0]['tcp.option_kind'] | Should -Be '1,1,4'
        $rows[1]['tcp.hdr_len'] | Should -Be '24'   # the 4 payload bytes read as header
    }

    It 'writes the IPv4 fields: -Ttl -Identification -IPFlags -FragmentOffset -Dscp -Ecn -IPOption' -Skip:$NoTshark {
        $p = New-Packet -Udp -Source 192.0.2.1 -Destination 198.51.100.7 -DestinationPort 9 -Ttl 17 -Identification 0xBEEF -IPFlags MoreFragments -FragmentOffset 100 -Dscp 46 -Ecn 1 -IPOption ([byte[]](0x94, 0x04, 0, 0))
        $t = Read-Tshark $p 'ip.ttl', 'ip.id', 'ip.flags.mf', 'ip.flags.df', 'ip.frag_offset', 'ip.dsfield.dscp', 'ip.dsfield.ecn', 'ip.hdr_len', 'ip.opt.type', 'ip.checksum.status'
        $t['ip.ttl'] | Should -Be '17'
        $t['ip.id'] | Should -Be '0xbeef'
        ($t['ip.flags.mf'], $t['ip.flags.df']) | Should -Be @('1', '0')   # True/False in tshark's words
        $t['ip.frag_offset'] | Should -Be '100'   # tshark 4.0 shows the field itself, in eight-byte units
        $t['ip.dsfield.dscp'] | Should -Be '46'
        $t['ip.dsfield.ecn'] | Should -Be '1'
        $t['ip.hdr_len'] | Should -Be '24'
        $t['ip.opt.type'] | Should -Be '148'     # 0x94 Router Alert
        $t['ip.checksum.status'] | Should -Be '1'
    }

    It 'writes what it is told even when wrong: -TotalLength -IPChecksum -Protocol -UdpLength' -Skip:$NoTshark {
        $p = New-Packet -Udp -Source 192.0.2.1 -Destination 198.51.100.7 -Payload 'abcd' -TotalLength 40 -IPChecksum 0x1234 -UdpLength 10
        $q = New-Packet -Udp -Source 192.0.2.1 -Destination 198.51.100.7 -Protocol 253
        $rows = @(Read-Tshark $p, $q 'ip.len', 'ip.checksum', 'ip.checksum.status', 'udp.length', 'ip.proto')
        $rows[0]['ip.len'] | Should -Be '40'
        $rows[0]['ip.checksum'] | Should -Be '0x1234'
        $rows[0]['ip.checksum.status'] | Should -Be '0'
        $rows[0]['udp.length'] | Should -Be '10'
        $rows[1]['ip.proto'] | Should -Be '253'
    }

    It 'writes the IPv6 -FlowLabel and ICMP -IcmpType -IcmpCode' -Skip:$NoTshark {
        $v6 = New-Packet -Udp -Source 2001:db8::1 -Destination 2001:db8::2 -FlowLabel 0x12345
        $unreachable = New-Packet -Icmp -Source 192.0.2.1 -Destination 198.51.100.7 -IcmpType 3 -IcmpCode 3
        $rows = @(Read-Tshark $v6, $unreachable 'ipv6.flow', 'icmp.type', 'icmp.code')
        $rows[0]['ipv6.flow'] | Should -Be '0x012345'
        ($rows[1]['icmp.type'], $rows[1]['icmp.code']) | Should -Be @('3', '3')
    }

    It 'frames Ethernet with -SourceMac and -DestinationMac' -Skip:$NoTshark {
        $p = New-Packet -Tcp -Source 192.0.2.1 -Destination 198.51.100.7 -LinkType Ethernet -SourceMac 02:00:00:00:00:01 -DestinationMac 02:00:00:00:00:02
        $t = Read-Tshark $p 'eth.src', 'eth.dst', 'eth.type'
        ($t['eth.src'], $t['eth.dst'], $t['eth.type']) | Should -Be @('02:00:00:00:00:01', '02:00:00:00:00:02', '0x0800')
    }
}

Describe 'Header -Explain and -InputObject' {
    It 'explains a UDP header with -Explain' {
        $rows = ConvertFrom-UdpHeader -Explain 'a00a0035000c1234'
        ($rows | ForEach-Object Name) | Should -Be @('SourcePort', 'DestinationPort', 'Length', 'Checksum')
        ($rows | Where-Object Name -EQ 'DestinationPort').Value | Should -Be 53
        ($rows | Where-Object Name -EQ 'Length').Bits | Should -Be '00000000 00001100'
    }

    It 'explains an ICMP header with -Explain' {
        $rows = ConvertFrom-IcmpHeader -Explain '0800f7ff00000000'
        ($rows | Where-Object Name -EQ 'Type').Value | Should -Be 8
        ($rows | Where-Object Name -EQ 'Type').BitLength | Should -Be 8
        ($rows | Where-Object Name -EQ 'Checksum').Bits | Should -Be '11110111 11111111'
    }

    It 'reads an IPv6 header given as -InputObject' {
        $h = ConvertFrom-IPv6Header -InputObject '6000000000083a40fe800000000000000000000000000001ff020000000000000000000000000001'
        $h.HopLimit | Should -Be 64
        $h.NextHeader | Should -Be 58
        $h.SourceAddress.ToString() | Should -Be 'fe80::1'
        $h.DestinationAddress.ToString() | Should -Be 'ff02::1'
    }
}

Describe 'Integrity parameters' {
    It 'Find-CrcModel -Encoding reads the sample in that encoding' {
        # CRC-32 of UTF-16LE "123456789": Python's zlib.crc32 gives 0xa290e877. Only the right bytes match.
        $expected = 0xa290e877u
        (Find-CrcModel -InputObject '123456789' -Crc $expected -Encoding Unicode -Width 32).Name | Should -Contain 'CRC-32/ISO-HDLC'
        (Find-CrcModel -InputObject '123456789' -Crc $expected -Encoding Utf8 -Width 32).Name | Should -Not -Contain 'CRC-32/ISO-HDLC'
    }

    It 'Test-Crc checks a custom model given by -Width -Polynomial -Init -ReflectIn -ReflectOut -XorOut' {
        # CRC-32/ISO-HDLC spelled out: its catalogue check value is 0xCBF43926.
        (Test-Crc -InputObject '123456789' -Expected 0xCBF43926u -Width 32 -Polynomial 0x04C11DB7 -Init 0xFFFFFFFF -ReflectIn -ReflectOut -XorOut 0xFFFFFFFF).Valid | Should -BeTrue
        # CRC-16/XMODEM's check value is 0x31C3; without reflection the same polynomial gives it.
        (Test-Crc -InputObject '123456789' -Expected 0x31C3 -Width 16 -Polynomial 0x1021 -Init 0 -XorOut 0).Valid | Should -BeTrue
        (Test-Crc -InputObject '123456789' -Expected 0x31C3 -Width 16 -Polynomial 0x1021 -Init 0 -XorOut 0 -ReflectIn -ReflectOut).Valid | Should -BeFalse
    }

    It 'Test-Crc -Encoding decides which bytes are checked' {
        $crc = 0xa290e877u   # zlib.crc32 of UTF-16LE "123456789"
        (Test-Crc -InputObject '123456789' -Expected $crc -Encoding Unicode).Valid | Should -BeTrue
        (Test-Crc -InputObject '123456789' -Expected $crc -Encoding Utf8).Valid | Should -BeFalse
    }

    It 'Test-Checksum reads files by -Path (wildcards) and -LiteralPath, and text by -Encoding' {
        # RFC 1071's example bytes 00 01 f2 03 f4 f5 f6 f7 sum to 0xddf2, so the checksum is 0x220d.
        $bytes = [byte[]](0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7)
        $literal = Join-Path $TestDrive 'rfc[1071].bin'
        [System.IO.File]::WriteAllBytes($literal, $bytes)
        [System.IO.File]::WriteAllBytes((Join-Path $TestDrive 'plain1071.bin'), $bytes)
        (Test-Checksum -LiteralPath $literal -Expected 0x220d).Valid | Should -BeTrue
        $found = @(Test-Checksum -Path (Join-Path $TestDrive 'plain10*.bin') -Expected 0x220d)
        $found | Should -HaveCount 1
        $found[0].Valid | Should -BeTrue
        # "ab" is 0x6162 in ASCII and 0x6100 0x6200 in UTF-16LE: ~0x6162 = 0x9e9d, ~0xc300 = 0x3cff.
        (Test-Checksum -InputObject 'ab' -Expected 0x9e9d -Encoding Ascii).Valid | Should -BeTrue
        (Test-Checksum -InputObject 'ab' -Expected 0x3cff -Encoding Unicode).Valid | Should -BeTrue
    }
}

Describe 'Socket parameters' {
    It 'Invoke-SocketServer serves only -Address, closes the client past -MaxConnections and decodes with -Encoding' {
        $job = Start-ThreadJob {
            Import-Module $using:Manifest
            Invoke-SocketServer -Address ::1 -Port 0 -MaxConnections 1 -Encoding Latin1 -Count 2 -Timeout 30 -Verbose -ScriptBlock { "$($_.Text.Length):$($_.Text)" }
        }
        try {
            $port = Wait-BoundPort $job
            $first = New-TcpConnection -ComputerName ::1 -Port $port
            Send-TcpData -Connection $first -InputObject 'é' -Encoding Latin1
            (Receive-TcpData -Connection $first -Line -Encoding Latin1 -Timeout 10).Text | Should -Be '1:é'

            # One past the cap: accepted by the kernel, closed by the server without a word.
            $extra = New-TcpConnection -ComputerName ::1 -Port $port
            $got = Receive-TcpData -Connection $extra -Timeout 10 -ErrorVariable late -ErrorAction SilentlyContinue
            $got | Should -BeNullOrEmpty
            $late | Should -BeNullOrEmpty -Because 'the extra client is closed at once, not left to time out'

            # Bound to ::1 only: IPv4 loopback on the same port is refused.
            New-TcpConnection -ComputerName 127.0.0.1 -Port $port -Timeout 2 -ErrorVariable refused -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $refused[0].FullyQualifiedErrorId | Should -Match '^ConnectionRefused,'

            Send-TcpData -Connection $first -InputObject 'ok' -Encoding Latin1
            (Receive-TcpData -Connection $first -Line -Encoding Latin1 -Timeout 10).Text | Should -Be '2:ok'
            Close-TcpConnection $first, $extra
        }
        finally { $job | Wait-Job -Timeout 30 | Remove-Job -Force }
    }

    It 'Test-UdpEcho sends -InputObject in -Encoding and reads the reply the same way' {
        $echo = Start-EchoServer -Protocol Udp -Transform Upper
        try {
            # UTF-32 puts each letter in the low byte of four; the server upper-cases ASCII bytes only.
            $r = Test-UdpEcho -ComputerName 127.0.0.1 -Port $echo.LocalPort -Count 1 -Timeout 5 -InputObject 'hi' -Encoding Utf32 | Select-Object -First 1
            $r.Reply | Should -Be 'HI'
            $echo.BytesReceived | Should -Be 8
        }
        finally { Stop-EchoServer $echo }
    }

    It 'Receive-UdpDatagram listens on -Address and decodes with -Encoding; Send-UdpDatagram encodes with -Encoding' {
        $job = Start-ThreadJob {
            Import-Module $using:Manifest
            Receive-UdpDatagram -Address ::1 -Port 0 -Encoding Latin1 -Count 1 -Timeout 30 -Verbose
        }
        try {
            $port = Wait-BoundPort $job
            Send-UdpDatagram -ComputerName ::1 -Port $port -InputObject 'Grüße' -Encoding Latin1
            $d = $job | Wait-Job -Timeout 30 | Receive-Job
            $d.Text | Should -Be 'Grüße'
            $d.Length | Should -Be 5   # one byte per character in Latin-1
            $d.RemoteAddress.ToString() | Should -Be '::1'
        }
        finally { $job | Remove-Job -Force }
    }

    It 'Send-UdpDatagram -Broadcast allows the loopback broadcast address that is refused without it' {
        Send-UdpDatagram -ComputerName 127.255.255.255 -Port 9 -InputObject 'x' -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused[0].FullyQualifiedErrorId | Should -Be 'AccessDenied,PSSocket.Commands.SendUdpDatagramCommand'
        Send-UdpDatagram -ComputerName 127.255.255.255 -Port 9 -InputObject 'x' -Broadcast -ErrorVariable sent -ErrorAction SilentlyContinue
        $sent | Should -BeNullOrEmpty
    }

    It 'Start-EchoServer binds -Address and -Port, serves -MaxConnections clients and closes idle ones after -IdleTimeout' {
        $echo = Start-EchoServer -Protocol Tcp -Address ::1 -Port 0 -MaxConnections 1 -IdleTimeout 0.5
        try {
            $echo.LocalPort | Should -BeGreaterThan 0
            $echo.LocalAddress | Should -Be '::1'
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $c = New-TcpConnection -ComputerName ::1 -Port $echo.LocalPort
            Send-TcpData -Connection $c -InputObject 'hey'
            (Receive-TcpData -Connection $c -Line -Timeout 5).Text | Should -Be 'hey'
            $extra = New-TcpConnection -ComputerName ::1 -Port $echo.LocalPort
            Receive-TcpData -Connection $extra -Timeout 5 -ErrorAction Stop | Should -BeNullOrEmpty
            $echo.ConnectionsRejected | Should -Be 1
            # The first client now stays silent: closed by the server, not before the idle timeout.
            Receive-TcpData -Connection $c -Timeout 10 -ErrorAction Stop | Should -BeNullOrEmpty
            $clock.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 0.48
            Close-TcpConnection $c, $extra
        }
        finally { Stop-EchoServer -Server $echo }
        $echo.State | Should -Be 'Stopped'
    }

    It 'Stop-TcpListener -Listener -PassThru returns the stopped listener, which no longer accepts' {
        $l = New-TcpListener -Port 0
        $stopped = Stop-TcpListener -Listener $l -PassThru
        $stopped | Should -Be $l
        $stopped.State | Should -Be 'Stopped'
        New-TcpConnection -ComputerName 127.0.0.1 -Port $l.LocalPort -Timeout 2 -ErrorAction SilentlyContinue -ErrorVariable refused | Should -BeNullOrEmpty
        $refused[0].FullyQualifiedErrorId | Should -Match '^ConnectionRefused,'
    }

    It 'New-TcpListener -Backlog bounds the accept queue and Wait-TcpConnection -Count takes that many' {
        $l = New-TcpListener -Port 0 -Backlog 1
        try {
            $l.Backlog | Should -Be 1
            # Linux queues backlog + 1 finished handshakes; past that it drops the SYN, so the connect times out.
            $queued = 1..2 | ForEach-Object { New-TcpConnection -ComputerName 127.0.0.1 -Port $l.LocalPort -Timeout 5 }
            $queued | Should -HaveCount 2
            New-TcpConnection -ComputerName 127.0.0.1 -Port $l.LocalPort -Timeout 1 -ErrorVariable full -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $full[0].FullyQualifiedErrorId | Should -Match '^TimedOut,'
            $accepted = Wait-TcpConnection -Listener $l -Count 2 -Timeout 5
            $accepted | Should -HaveCount 2
            ($accepted.RemotePort | Sort-Object) | Should -Be ($queued.LocalPort | Sort-Object)
            $queued + $accepted | Close-TcpConnection
        }
        finally { Stop-TcpListener $l }
    }

    It 'New-TcpConnection -LocalPort connects from that port' {
        $l = New-TcpListener -Port 0
        try {
            # A port free a moment ago may be taken meanwhile by someone else: then try another one.
            $c = $null
            for ($try = 0; $try -lt 5 -and -not $c; $try++) {
                $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
                $probe.Start(); $local = $probe.LocalEndpoint.Port; $probe.Stop()
                $c = New-TcpConnection -ComputerName 127.0.0.1 -Port $l.LocalPort -LocalPort $local -ErrorAction SilentlyContinue -ErrorVariable busy
                if (-not $c) { $busy[0].FullyQualifiedErrorId | Should -Match '^AddressAlreadyInUse,' }
            }
            $c.LocalPort | Should -Be $local
            $s = Wait-TcpConnection -Listener $l -Timeout 5
            $s.RemotePort | Should -Be $local
            Close-TcpConnection $c, $s
        }
        finally { Stop-TcpListener $l }
    }

    It 'Receive-TcpData -Stream reads until the peer closes, -MaxLength refuses a longer line and leaves it buffered' {
        $l = New-TcpListener -Port 0
        try {
            $c = New-TcpConnection -ComputerName 127.0.0.1 -Port $l.LocalPort
            $s = Wait-TcpConnection -Listener $l -Timeout 5
            $sent = Send-TcpData -Connection $c -InputObject 'toolong' -PassThru
            $sent | Should -Be $c
            Receive-TcpData -Connection $s -Line -MaxLength 4 -Timeout 5 -ErrorVariable long -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $long[0].FullyQualifiedErrorId | Should -Match 'PSSocket.Commands.ReceiveTcpDataCommand$'
            (Receive-TcpData -Connection $s -Line -Timeout 5).Text | Should -Be 'toolong'
            'a', 'b', 'c' | Send-TcpData -Connection $c
            $closed = Close-TcpConnection $c -PassThru
            $closed.State | Should -Be 'Closed'
            $lines = Receive-TcpData -Connection $s -Line -Stream -Timeout 5
            $lines.Text | Should -Be @('a', 'b', 'c')
            Close-TcpConnection $s
        }
        finally { Stop-TcpListener $l }
    }
}
