BeforeAll { . $PSScriptRoot/TestHelpers.ps1 }

Describe 'Views show received control characters escaped (#11 item 8)' {
    BeforeAll {
        # An OSC title change, a BEL, a one-byte CSI (C1) and a bidi override: what a hostile peer sends.
        $script:hostile = "hi`e]0;pwned`a`r`n" + [char]0x9b + '2J' + [char]0x202e + 'gnp.exe'
        $script:echo = Start-EchoServer -Protocol Udp
        $script:reply = Send-UdpDatagram -ComputerName 127.0.0.1 -Port $echo.LocalPort -InputObject $hostile -WaitForReply -Timeout 5
    }
    AfterAll { Stop-EchoServer $echo }

    It 'keeps the data itself intact' {
        $reply.Text | Should -BeExactly $hostile
    }

    It 'escapes them in the <View> view at <Width> columns' -TestCases @(
        @{ View = 'table'; Width = 80 }, @{ View = 'table'; Width = 120 }
        @{ View = 'list'; Width = 80 }, @{ View = 'list'; Width = 120 }
    ) {
        $text = if ($View -eq 'table') { $reply | Format-Table | Out-String -Width $Width } else { $reply | Format-List | Out-String -Width $Width }
        $text | Should -Not -Match '[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]' -Because 'only line breaks of the layout may remain'
        ($text -split "`n" | Where-Object { $_ -match '\\e\]0;pwned' }) | Should -Not -BeNullOrEmpty -Because 'the escape is shown, visibly'
        if ($View -eq 'list') { $text | Should -Match ([regex]::Escape('\x07\r\n\x9b2J\x202egnp.exe')) }
    }

    It 'escapes every C0, DEL and C1 character through the one helper' {
        $all = -join ((0..0x1f) + 0x7f + (0x80..0x9f) | ForEach-Object { [char]$_ })
        $shown = [PSSocket.Infrastructure.DisplayText]::Escape($all)
        $shown | Should -Not -Match '[\x00-\x1f\x7f-\x9f]'
        $shown | Should -BeLike '\x00\x01*\t\n\x0b\x0c\r*\e*\x7f\x80*\x9f'
        [PSSocket.Infrastructure.DisplayText]::Shorten('abcdefghij', 6) | Should -Be 'abc...'
        [PSSocket.Infrastructure.DisplayText]::Escape('plain text') | Should -BeExactly 'plain text'
    }
}

Describe 'Packet views readable at 80 columns (#12 item 7)' {
    # The pattern for every table view: render it at 80 and 120 columns and look for each key
    # column's value whole on the row (Out-String cuts a column with '…').
    It 'shows the packet Info and both ends of IPv6 addresses at <Width> columns' -TestCases @(@{ Width = 80 }, @{ Width = 120 }) {
        $p = New-Packet -Udp 2001:db8:85a3::8a2e:370:7334 fe80::1ff:fe23:4567:890a -SourcePort 5353 -DestinationPort 53 -Payload q
        $lines = @(($p | Format-Table | Out-String -Width $Width) -split "`r?`n" | Where-Object { $_ -match "^\s+1 " })
        $lines.Count | Should -Be 1
        $row = $lines[0]
        $row.Length | Should -BeLessOrEqual $Width
        $row | Should -Match '2001:db.*7334' -Because 'a long address keeps its start and its end'
        $row | Should -Match 'fe80:.*890a'
        $row | Should -Match '5353 → 53'
        if ($Width -ge 120) { $row | Should -Match ([regex]::Escape($p.Info)) -Because 'at 120 columns Info is whole' }
        else { ($row -split '\s+Udp\s+\d+\s+')[1].Length | Should -BeGreaterOrEqual 15 -Because 'Info takes the rest of the line' }
    }

    It 'keeps Value and Meaning of -Explain at <Width> columns' -TestCases @(@{ Width = 80 }, @{ Width = 120 }) {
        $text = ConvertFrom-IPv4Header '45 00 00 3c 1c 46 40 00 40 06 b1 e6 ac 10 0a 63 ac 10 0a 0c' -Explain | Out-String -Width $Width
        $ttl = ($text -split "`r?`n") | Where-Object { $_ -match '^TTL\s' }
        $ttl | Should -Match '\b64\s+64 hops left\s*$'
        $src = ($text -split "`r?`n") | Where-Object { $_ -match '^SourceAddress\s' }
        $src | Should -Match '172\.16\.10\.99\s+172\.16\.10\.99\s*$'
        (ConvertFrom-IPv4Header '45 00 00 3c 1c 46 40 00 40 06 b1 e6 ac 10 0a 63 ac 10 0a 0c' -Explain | Format-List | Out-String -Width $Width) | Should -Match 'Bits\s+: 01000000'
    }
}

Describe 'CRC views readable at 80 columns (#12 item 7)' {
    It 'Get-CrcModel keeps RefOut, XorOut and Check at <Width> columns' -TestCases @(@{ Width = 80 }, @{ Width = 120 }) {
        $row = @((Get-CrcModel CRC-32 | Out-String -Width $Width) -split "`r?`n" | Where-Object { $_ -match '^CRC-32/ISO-HDLC' })[0]
        $row.Length | Should -BeLessOrEqual $Width
        # RevEng catalogue: width=32 poly=0x04c11db7 init=0xffffffff refin=true refout=true xorout=0xffffffff check=0xcbf43926
        $row | Should -Match '^CRC-32/ISO-HDLC\s+32 0x04C11DB7\s+0xFFFFFFFF\s+yes yes 0xFFFFFFFF\s+0xCBF43926\s*$'
    }

    It 'Get-Crc keeps the whole CRC-82 hex and the Source at <Width> columns' -TestCases @(@{ Width = 80 }, @{ Width = 120 }) {
        $row = @((Get-Crc -InputObject '123456789' -Model CRC-82/DARC | Out-String -Width $Width) -split "`r?`n" | Where-Object { $_ -match '^CRC-82' })[0]
        $row.Length | Should -BeLessOrEqual $Width
        $row | Should -Match '\b09EA83F625023801FD612\b' -Because 'the catalogue check value of CRC-82/DARC is 0x09ea83f625023801fd612'
        $row | Should -Match 'InputObject\s*$'
    }
}

Describe 'Socket views readable at 80 columns (#12 item 7)' {
    BeforeAll {
        $script:tcp = Start-EchoServer
        $script:udp = Start-EchoServer -Protocol Udp -Address ::1
        $script:conn = New-TcpConnection -ComputerName 127.0.0.1 -Port $tcp.LocalPort
    }
    AfterAll { Close-TcpConnection $conn; Stop-EchoServer $tcp; Stop-EchoServer $udp }

    It 'keeps every column header whole and on one line at <Width> columns' -TestCases @(@{ Width = 80 }, @{ Width = 120 }) {
        foreach ($case in @(
                @{ Object = @($tcp, $udp); Headers = 'Id', 'Proto', 'Local Address', 'State', 'Transform', 'Drop', 'Active', 'In', 'Echoed', 'Dropped' }
                @{ Object = @($conn); Headers = 'Id', 'Proto', 'Local Address', 'Foreign Address', 'State', 'Sent', 'Received' }
                @{ Object = @(Test-TcpPort -ComputerName 127.0.0.1 -Port $tcp.LocalPort); Headers = 'ComputerName', 'Address', 'Port', 'State', 'Service', 'Latency (ms)' })) {
            $lines = @(($case.Object | Format-Table | Out-String -Width $Width) -split "`r?`n" | Where-Object { $_.Trim() })
            $header = $lines[0]
            foreach ($h in $case.Headers) { $header | Should -Match ([regex]::Escape($h)) -Because "'$h' is a key column" }
            $lines[1] | Should -Match '^[\s-]+$' -Because 'the header is one line, not wrapped'
            $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual $Width }
        }
        $row = @(($conn | Out-String -Width $Width) -split "`r?`n" | Where-Object { $_ -match 'Established' })[0]
        $row | Should -Match "127\.0\.0\.1:$($tcp.LocalPort)\s+Established\s+0\s+0\s*$"
    }
}

Describe 'Every view escapes text from the network or a file (#11 item 8)' {
    BeforeAll {
        # A screen clear, a carriage return, a BEL, a NUL and a right-to-left override: what a
        # hostile peer, file name, DNS answer or interface name can hold.
        $script:evil = "ok`e[2J`r`a`0" + [char]0x202e + 'gnp'
        # The same, as the views must show it (written out here, not computed by DisplayText).
        $script:shown = 'ok\e[2J\r\x07\x00\x202egnp'
        $script:echo = Start-EchoServer -Protocol Udp

        # Renders $Object as a table and as a list at 80 and 120 columns and checks each: no control
        # character but the layout's line breaks, the escaped text visible whole in the list, and in
        # the table too with -InTable (where the view has a column for it).
        function Assert-Escaped([object[]] $Object, [string] $Because, [switch] $InTable) {
            foreach ($width in 80, 120) {
                $table = $Object | Format-Table | Out-String -Width $width
                $list = $Object | Format-List | Out-String -Width $width
                foreach ($text in $table, $list) {
                    $text | Should -Not -Match '[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]' -Because "$Because at $width columns shows no raw control character"
                }
                if ($InTable) { $table | Should -Match '\\e\[2J' -Because "$Because at $width columns shows the escape visibly in the table" }
                ($list -replace '\s*\r?\n\s*', '') | Should -Match ([regex]::Escape($shown)) -Because "$Because lists the whole text escaped at $width columns"
            }
        }

        # A view's type name on an object with hostile text: how to reach a view whose real object
        # the test cannot make hostile (a DNS answer, the socket table, an interface name).
        function New-ViewObject([string] $TypeName, [hashtable] $Property) {
            $o = [pscustomobject]$Property
            $o.PSObject.TypeNames.Insert(0, $TypeName)
            $o
        }
    }
    AfterAll { Stop-EchoServer $echo }

    It 'escapes reassembled conversation text and each message (Get-PacketConversation)' {
        $packets = @(
            New-Packet -Tcp 10.0.0.1 10.0.0.2 -SourcePort 40000 -DestinationPort 80 -Flags Syn
            New-Packet -Tcp 10.0.0.2 10.0.0.1 -SourcePort 80 -DestinationPort 40000 -Flags Syn, Ack -AcknowledgmentNumber 1
            New-Packet -Tcp 10.0.0.1 10.0.0.2 -SourcePort 40000 -DestinationPort 80 -Flags Ack, Psh -SequenceNumber 1 -AcknowledgmentNumber 1 -Payload $evil)
        $conversation = $packets | Get-PacketConversation
        $conversation.ClientText | Should -BeExactly $evil -Because 'the data itself stays intact'
        Assert-Escaped $conversation 'a conversation'
        Assert-Escaped @($packets | Get-PacketConversation -Message) 'a conversation message' -InTable
    }

    It 'escapes a reply in Test-UdpEcho results' {
        $result = @(Test-UdpEcho -ComputerName 127.0.0.1 -Port $echo.LocalPort -Count 1 -InputObject $evil -Timeout 5)
        $result[0].Reply | Should -BeExactly $evil
        Assert-Escaped $result 'a UDP echo reply' -InTable
    }

    It 'escapes a file name in Get-Checksum and Get-Crc results' {
        # An OSC title change and a BEL in a file name ('[' would be a wildcard to -Path).
        $file = Join-Path $TestDrive "f`e]0;t`a.bin"
        [IO.File]::WriteAllBytes($file, [byte[]](0x31, 0x32, 0x33))
        foreach ($result in @(Get-Checksum -LiteralPath $file), @(Get-Crc -LiteralPath $file -Model CRC-32)) {
            foreach ($width in 80, 120) {
                $text = $result | Out-String -Width $width
                $text | Should -Not -Match '[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]'
                ($text -replace '\s*\r?\n\s*', '') | Should -Match 'f\\e\]0;t\\x07\.bin'
            }
        }
    }

    It 'escapes a pcapng comment and interface name in the packet list' {
        $path = Join-Path $TestDrive 'c.pcapng'
        New-Packet -Udp 10.0.0.1 10.0.0.2 -DestinationPort 53 | Export-Pcap -Path $path -Comment $evil
        $packet = Import-Pcap -Path $path
        $packet.Comment | Should -BeExactly $evil
        foreach ($width in 80, 120) {
            $text = $packet | Format-List | Out-String -Width $width
            $text | Should -Not -Match '[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e]'
            ($text -replace '\s*\r?\n\s*', '') | Should -Match ([regex]::Escape("Comment : $shown").Replace('\ ', '\s*'))
        }
        $fake = New-ViewObject PSSocket.Core.Packets.Packet @{ Number = 1; Timestamp = [datetimeoffset]::UnixEpoch; Time = '1970-01-01T00:00:00.000000000Z'; Interface = $evil; Source = '10.0.0.1'; Destination = '10.0.0.2'; Protocol = 'Udp'; Length = 28; Info = '0 → 53 Len=0'; Comment = $evil }
        Assert-Escaped $fake 'an interface name in a packet'
    }

    It 'escapes <Name>' -TestCases @(
        @{ Name = 'a DNS answer (Resolve-HostAddress)'; Type = 'PSSocket.Core.Host.HostEntry'; Property = @{ Query = 'q'; HostName = "ok`e[2J`r`a`0$([char]0x202e)gnp"; Aliases = @("ok`e[2J`r`a`0$([char]0x202e)gnp"); Addresses = @('192.0.2.1') } }
        @{ Name = 'a process name and socket path (Get-SocketConnection)'; Type = 'PSSocket.Core.Host.SocketTableEntry'; Property = @{ Protocol = 'Unix'; Family = 'Unix'; LocalAddress = "ok`e[2J`r`a`0$([char]0x202e)gnp"; State = 'Listen'; ProcessId = 7; ProcessName = "ok`e[2J`r`a`0$([char]0x202e)gnp"; User = 'u' } }
        @{ Name = 'a services file entry (Get-ServicePort)'; Type = 'PSSocket.Core.Host.ServicePort'; Property = @{ Name = "ok`e[2J`r`a`0$([char]0x202e)gnp"; Port = 1; Protocol = 'tcp'; Aliases = @(); Description = "ok`e[2J`r`a`0$([char]0x202e)gnp" } }
        @{ Name = 'an interface name (Get-CaptureInterface)'; Type = 'PSSocket.Core.Capture.CaptureInterface'; Property = @{ Name = "ok`e[2J`r`a`0$([char]0x202e)gnp"; Index = 9; IsUp = $true; LinkType = 'Ethernet'; Addresses = @() } }
        @{ Name = 'an AF_UNIX endpoint (Wait-Socket)'; Type = 'PSSocket.Core.Host.SocketReadiness'; Property = @{ Kind = 'Connection'; LocalEndPoint = "ok`e[2J`r`a`0$([char]0x202e)gnp"; RemoteEndPoint = ''; ReadyFor = 'Read'; Available = 0 } }
        @{ Name = 'a service name (Test-TcpPort)'; Type = 'PSSocket.Core.Sockets.TcpPortResult'; Property = @{ ComputerName = 'h'; Address = '192.0.2.1'; Port = 1; State = 'Open'; Service = "ok`e[2J`r`a`0$([char]0x202e)gnp"; LatencyMilliseconds = 1.0 } }
        @{ Name = 'a field meaning (-Explain)'; Type = 'PSSocket.Core.Packets.HeaderField'; Property = @{ Header = 'TCP'; Name = 'DestinationPort'; BitOffset = 16; BitLength = 16; Bits = '0'; Value = 1; Meaning = "ok`e[2J`r`a`0$([char]0x202e)gnp" } }
    ) {
        Assert-Escaped (New-ViewObject $Type $Property) $Name -InTable
    }
}

Describe 'The last column wraps rather than being cut at 80 columns (#12 item 7)' {
    BeforeAll {
        # The text of a table without its layout: wrapped cells join up, so a value that wrapped is
        # found whole (spaces are dropped, since a wrap may fall on one).
        function Get-Packed([object[]] $Object, [int] $Width) {
            $text = $Object | Format-Table | Out-String -Width $Width
            foreach ($line in $text -split "`r?`n") { $line.Length | Should -BeLessOrEqual $Width -Because $line }
            $text -replace '\s', ''
        }
    }

    It 'shows a SYN''s whole Info, options included, at <Width> columns' -TestCases @(@{ Width = 80 }, @{ Width = 120 }) {
        $p = New-Packet -Tcp 10.0.0.1 10.0.0.2 -SourcePort 50000 -DestinationPort 80 -Flags Syn -MaximumSegmentSize 1460 -SackPermitted -Timestamp 1, 0 -WindowScale 7 -LinkType Ethernet
        # Wireshark's Info for this SYN (window 65535, the builder's default).
        Get-Packed $p $Width | Should -Match ([regex]::Escape(('50000 → 80 [SYN] Seq=0 Win=65535 Len=0 MSS=1460 SACK_PERM TSval=1 TSecr=0 WS=128' -replace '\s', '')))
    }

    It 'shows Test-Crc''s Model, Expected, Actual, Length and Source at <Width> columns' -TestCases @(@{ Width = 80 }, @{ Width = 120 }) {
        $packed = Get-Packed (Test-Crc -InputObject '123456789' -Model CRC-32 -Expected 0xCBF43926) $Width
        # RevEng: CRC-32/ISO-HDLC check=0xcbf43926 over the 9 bytes of '123456789'.
        $packed | Should -Match 'CRC-32/ISO-HDLCTrueCrcCBF43926CBF439269InputObject'
    }

    It 'shows Test-Checksum''s whole Reason at <Width> columns' -TestCases @(@{ Width = 80 }, @{ Width = 120 }) {
        # Fletcher-16 of 'abcde' is 0xC8F0 (Wikipedia's worked example).
        Get-Packed ('abcde' | Test-Checksum -Algorithm Fletcher16 -Expected 0xc8f0) $Width | Should -Match 'Fletcher16True0xc8f00xc8f0Thecomputedchecksum0xc8f0equalstheexpectedvalue\.'
    }

    It 'shows Test-UdpEcho''s whole Reply at <Width> columns' -TestCases @(@{ Width = 80 }, @{ Width = 120 }) {
        $echo = Start-EchoServer -Protocol Udp
        try {
            $result = Test-UdpEcho -ComputerName 127.0.0.1 -Port $echo.LocalPort -Count 1 -Timeout 5 -InputObject 'a reply long enough to need the rest of the line'
            Get-Packed $result $Width | Should -Match "1127\.0\.0\.1:$($echo.LocalPort)Success[\d.]+areplylongenoughtoneedtherestoftheline"
        }
        finally { Stop-EchoServer $echo }
    }

    It 'shows a whole file path in Get-Checksum and Get-Crc at <Width> columns' -TestCases @(@{ Width = 80 }, @{ Width = 120 }) {
        $file = Join-Path $TestDrive 'a-file-name-long-enough-to-pass-the-end-of-an-80-column-line.bin'
        [IO.File]::WriteAllBytes($file, [Text.Encoding]::ASCII.GetBytes('123456789'))
        # CRC-32 check value of '123456789' (RevEng): CBF43926.
        Get-Packed (Get-Crc -LiteralPath $file -Model CRC-32) $Width | Should -Match ('CBF43926' + '3421780262' + '9' + [regex]::Escape(($file -replace '\s', '')))
        Get-Packed (Get-Checksum -LiteralPath $file) $Width | Should -Match ([regex]::Escape(($file -replace '\s', '')))
    }
}

Describe 'Host views keep the end of an address at 80 columns' {
    BeforeAll {
        function New-SocketRow([hashtable] $Property) {
            $o = [pscustomobject]$Property
            $o.PSObject.TypeNames.Insert(0, 'PSSocket.Core.Host.SocketTableEntry')
            $o
        }
    }

    It 'shortens a long address in the middle, so its port or file name stays on the row' {
        $rows = @(
            New-SocketRow @{ Protocol = 'Tcp'; Family = 'IPv4'; ReceiveQueue = 0; SendQueue = 0; LocalAddress = '192.168.100.200'; LocalPort = 54321; RemoteAddress = '192.168.100.201'; RemotePort = 65535; State = 'Established'; ProcessId = 7; ProcessName = 'sshd' }
            New-SocketRow @{ Protocol = 'Tcp'; Family = 'IPv6'; ReceiveQueue = 0; SendQueue = 0; LocalAddress = '2001:db8:85a3::8a2e:370:7334'; LocalPort = 45678; RemoteAddress = '::'; RemotePort = 0; State = 'Listen'; ProcessId = 7; ProcessName = 'sshd' }
            New-SocketRow @{ Protocol = 'Unix'; Family = 'Unix'; ReceiveQueue = 0; SendQueue = 0; LocalAddress = '/run/user/1000/pulse/native-socket'; State = 'Listen'; ProcessId = 7; ProcessName = 'pulse' })
        $lines = @(($rows | Out-String -Width 80) -split "`r?`n" | Where-Object { $_ -match '^(tcp|unix)' })
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
        # 17 characters each: the head, an ellipsis and the last 8 characters.
        $lines[0] | Should -Match '192\.168\.…00:54321\s+192\.168\.…01:65535\s+Established'
        $lines[1] | Should -Match '\[2001:db…4\]:45678\s+\[::\]:\*\s+Listen'
        $lines[2] | Should -Match '/run/use…e-socket\s+Listen'
    }

    It 'lists each interface address on a line of its own' {
        $o = [pscustomobject]@{ Index = 4; Name = 'eth0'; IsUp = $true; LinkType = 'Ethernet'; Mtu = 1500; MacAddress = '02:fc:00:00:00:01'; Addresses = @('192.0.2.2', 'fd00::2', 'fe80::fc:ff:fe00:1%4') }
        $o.PSObject.TypeNames.Insert(0, 'PSSocket.Core.Capture.CaptureInterface')
        $lines = @(($o | Format-Table | Out-String -Width 80) -split "`r?`n" | Where-Object { $_.Trim() })
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
        ($lines | ForEach-Object { $_.Trim() -replace '^.*\s', '' }) | Should -Contain 'fe80::fc:ff:fe00:1%4' -Because 'an IPv6 address is never broken across lines'
        $lines | Where-Object { $_ -match '\sfd00::2$' } | Should -Not -BeNullOrEmpty
    }
}
