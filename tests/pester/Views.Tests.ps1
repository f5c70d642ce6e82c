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
