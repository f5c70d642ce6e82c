BeforeAll { . $PSScriptRoot/TestHelpers.ps1 }

Describe 'ConvertFrom-IPv4Header' {
    BeforeAll {
        # The classic example header (RFC 791 layout, checksum b1e6).
        $script:hex = '45 00 00 3c 1c 46 40 00 40 06 b1 e6 ac 10 0a 63 ac 10 0a 0c'
        $script:bytes = [byte[]](0x45, 0x00, 0x00, 0x3c, 0x1c, 0x46, 0x40, 0x00, 0x40, 0x06, 0xb1, 0xe6, 0xac, 0x10, 0x0a, 0x63, 0xac, 0x10, 0x0a, 0x0c)
    }

    It 'decodes every field from hex text' {
        $h = ConvertFrom-IPv4Header $hex
        $h | Should -BeOfType ([PSSocket.Core.Packets.IPv4Header])
        $h.Version | Should -Be 4
        $h.Ihl | Should -Be 5
        $h.HeaderLength | Should -Be 20
        $h.TotalLength | Should -Be 60
        $h.Identification | Should -Be 0x1c46
        $h.Flags | Should -Be 'DontFragment'
        $h.Ttl | Should -Be 64
        $h.Protocol | Should -Be 6
        $h.ProtocolName | Should -Be 'TCP'
        $h.HeaderChecksum | Should -Be 0xb1e6
        $h.ChecksumStatus | Should -Be 'Valid'
        $h.SourceAddress.ToString() | Should -Be '172.16.10.99'
        $h.DestinationAddress.ToString() | Should -Be '172.16.10.12'
        $h.Problems | Should -Be 'PayloadTruncated' -Because 'only the 20-byte header is given, not the 40 bytes of payload TotalLength announces'
    }

    It 'takes a byte[] whole with -InputObject and unrolled from the pipeline alike' {
        (ConvertFrom-IPv4Header -InputObject $bytes).Identification | Should -Be 0x1c46
        $piped = @($bytes | ConvertFrom-IPv4Header)
        $piped.Count | Should -Be 1
        $piped[0].Identification | Should -Be 0x1c46
        (, $bytes | ConvertFrom-IPv4Header).ChecksumStatus | Should -Be 'Valid'
    }

    It 'takes a slice of a byte[] (object[] of bytes in PowerShell)' {
        $p = New-Packet -Tcp -Source 10.1.2.3 -Destination 10.3.2.1 -DestinationPort 80
        (ConvertFrom-IPv4Header -InputObject $p.Data[0..19]).SourceAddress.ToString() | Should -Be '10.1.2.3'
    }

    It 'refuses a header shorter than 20 bytes with HeaderTruncated, the input as target and both lengths' {
        foreach ($short in '45 00 00', '', '45 00 00 3c 1c 46 40 00 40 06 b1 e6 ac 10 0a 63 ac 10 0a') {
            $e = $null
            $out = @(ConvertFrom-IPv4Header -InputObject $short -ErrorAction SilentlyContinue -ErrorVariable e)
            $out.Count | Should -Be 0 -Because "'$short' has no whole IPv4 header: no made-up TTL, protocol or addresses"
            $e.Count | Should -Be 1
            $e[0].FullyQualifiedErrorId | Should -Be 'HeaderTruncated,PSSocket.Commands.ConvertFromIPv4HeaderCommand'
            $e[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $e[0].TargetObject | Should -Be $short
            $n = ($short -replace ' ').Length / 2
            $e[0].Exception.Message | Should -Match "at least 20 bytes; the input has $n\b"
        }
        (ConvertFrom-IPv4Header '44 00 00 3c 1c 46 40 00 40 06 b1 e6 ac 10 0a 63 ac 10 0a 0c').Problems | Should -Match 'BadIhl'
    }

    It 'explains the RFC 791 diagram one row per field' {
        $rows = ConvertFrom-IPv4Header -Explain $hex
        $rows[0] | Should -BeOfType ([PSSocket.Core.Packets.HeaderField])
        ($rows | ForEach-Object Name) | Should -Be @('Version', 'IHL', 'DSCP', 'ECN', 'TotalLength', 'Identification', 'Flags', 'FragmentOffset', 'TTL', 'Protocol', 'HeaderChecksum', 'SourceAddress', 'DestinationAddress')
        $ttl = $rows | Where-Object Name -EQ 'TTL'
        $ttl.BitOffset | Should -Be 64
        $ttl.BitLength | Should -Be 8
        $ttl.Bits | Should -Be '01000000'
        $ttl.Value | Should -Be 64
        ($rows | Where-Object Name -EQ 'Flags').Bits | Should -Be '010'
    }

    It 'rejects text that is not hex with InvalidHexString and goes on' {
        { ConvertFrom-IPv4Header 'zz' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidHexString,PSSocket.Commands.ConvertFromIPv4HeaderCommand'
        $out = @('zz', $hex) | ConvertFrom-IPv4Header -ErrorAction SilentlyContinue -ErrorVariable bad
        $out.Count | Should -Be 1
        $bad.Count | Should -Be 1
    }
}

Describe 'ConvertFrom-IPv6Header' {
    It 'decodes the fixed header and the upper-layer protocol' {
        $h = ConvertFrom-IPv6Header '6000000000083a40 00000000000000000000000000000001 00000000000000000000000000000001'
        $h | Should -BeOfType ([PSSocket.Core.Packets.IPv6Header])
        $h.Version | Should -Be 6
        $h.PayloadLength | Should -Be 8
        $h.NextHeader | Should -Be 58
        $h.UpperLayerProtocolName | Should -Be 'ICMPv6'
        $h.HopLimit | Should -Be 64
        $h.SourceAddress.ToString() | Should -Be '::1'
    }

    It 'explains eight fields' {
        (ConvertFrom-IPv6Header -Explain '6000000000083a400000000000000000000000000000000100000000000000000000000000000001').Count | Should -Be 8
    }
}

Describe 'ConvertFrom-TcpHeader' {
    It 'decodes a SYN and verifies its checksum against the addresses' {
        $p = New-Packet -Tcp -Source 127.0.0.1 -Destination 127.0.0.1 -SourcePort 40000 -DestinationPort 59000 -Flags Syn -MaximumSegmentSize 1460
        $segment = [byte[]]$p.Data[20..($p.Data.Length - 1)]
        $t = ConvertFrom-TcpHeader -InputObject $segment -SourceAddress 127.0.0.1 -DestinationAddress 127.0.0.1
        $t | Should -BeOfType ([PSSocket.Core.Packets.TcpHeader])
        $t.SourcePort | Should -Be 40000
        $t.DestinationPort | Should -Be 59000
        $t.Flags | Should -Be 'Syn'
        $t.MaximumSegmentSize | Should -Be 1460
        $t.ChecksumStatus | Should -Be 'Valid'
        (ConvertFrom-TcpHeader -InputObject $segment).ChecksumStatus | Should -Be 'Unverifiable'
        (ConvertFrom-TcpHeader -InputObject $segment -SourceAddress 127.0.0.2 -DestinationAddress 127.0.0.1).ChecksumStatus | Should -Be 'Invalid'
    }

    It 'needs both addresses for the pseudo-header' {
        { ConvertFrom-TcpHeader 'a00a005000000000000000005002ffff00000000' -SourceAddress 127.0.0.1 } | Should -Throw -ErrorId 'PseudoHeaderIncomplete,PSSocket.Commands.ConvertFromTcpHeaderCommand'
    }

    It 'explains each control bit' {
        $bits = ConvertFrom-TcpHeader -Explain 'a00a005000000000000000005002ffff00000000' | Where-Object BitLength -EQ 1
        ($bits | ForEach-Object Name) | Should -Be @('AE', 'CWR', 'ECE', 'URG', 'ACK', 'PSH', 'RST', 'SYN', 'FIN')
        ($bits | Where-Object Name -EQ 'SYN').Value | Should -BeTrue
        ($bits | Where-Object Name -EQ 'ACK').Value | Should -BeFalse
    }
}

Describe 'ConvertFrom-UdpHeader' {
    It 'reports a zero checksum as NotPresent' {
        $u = ConvertFrom-UdpHeader '04 d2 00 35 00 0c 00 00 68 69 21 0a'
        $u.SourcePort | Should -Be 1234
        $u.DestinationPort | Should -Be 53
        $u.Length | Should -Be 12
        $u.PayloadLength | Should -Be 4
        $u.ChecksumStatus | Should -Be 'NotPresent'
    }

    It 'verifies a built datagram' {
        $p = New-Packet -Udp -Source 10.0.0.1 -Destination 10.0.0.2 -SourcePort 5000 -DestinationPort 5001 -Payload 'ping'
        $u = ConvertFrom-UdpHeader -InputObject ([byte[]]$p.Data[20..($p.Data.Length - 1)]) -SourceAddress 10.0.0.1 -DestinationAddress 10.0.0.2
        $u.ChecksumStatus | Should -Be 'Valid'
    }
}

Describe 'ConvertFrom-IcmpHeader' {
    It 'decodes an echo request with a valid checksum' {
        $i = ConvertFrom-IcmpHeader '08 00 f7 fc 00 01 00 02'
        $i.Type | Should -Be 8
        $i.TypeName | Should -Be 'Echo (ping) request'
        $i.Identifier | Should -Be 1
        $i.SequenceNumber | Should -Be 2
        $i.ChecksumStatus | Should -Be 'Valid'
    }

    It 'decodes ICMPv6 with -IPv6 and checks the pseudo-header when given addresses' {
        $p = New-Packet -Icmp -Source ::1 -Destination ::1 -Identifier 7 -Sequence 1
        $icmp = [byte[]]$p.Data[40..($p.Data.Length - 1)]
        $i = ConvertFrom-IcmpHeader -IPv6 -InputObject $icmp -SourceAddress ::1 -DestinationAddress ::1
        $i.Type | Should -Be 128
        $i.ChecksumStatus | Should -Be 'Valid'
        (ConvertFrom-IcmpHeader -IPv6 -InputObject $icmp).ChecksumStatus | Should -Be 'Unverifiable'
    }
}

Describe 'ConvertFrom-Packet' {
    It 'decodes a raw IP packet with every layer' {
        $p = ConvertFrom-Packet -LinkType RawIP '4500001c0000400040013cdf7f0000017f0000010800f7ff00000000'
        $p | Should -BeOfType ([PSSocket.Core.Packets.Packet])
        $p.Protocol | Should -Be 'Icmp'
        $p.Source | Should -Be '127.0.0.1'
        $p.IPv4.ChecksumStatus | Should -Be 'Valid'
        $p.Icmp.ChecksumStatus | Should -Be 'Valid'
        $p.Info | Should -Be 'Echo (ping) request  id=0x0000, seq=0/0, ttl=64'
    }

    It 'collects piped bytes into one frame' {
        $built = New-Packet -Udp -Source 127.0.0.1 -Destination 127.0.0.1 -DestinationPort 53
        $p = @($built.Data | ConvertFrom-Packet -LinkType RawIP)
        $p.Count | Should -Be 1
        $p[0].DestinationPort | Should -Be 53
    }
}

Describe 'New-Packet' {
    It 'builds a SYN whose Info reads like tshark' {
        $p = New-Packet -Tcp -Source 127.0.0.1 -Destination 127.0.0.1 -SourcePort 40000 -DestinationPort 59000 -Flags Syn
        $p.Protocol | Should -Be 'Tcp'
        $p.TcpFlags | Should -Be 'Syn'
        $p.Length | Should -Be 40
        $p.LinkType | Should -Be 'RawIP'
        $p.Info | Should -Be '40000 → 59000 [SYN] Seq=0 Win=65535 Len=0'
        $p.Tcp.ChecksumStatus | Should -Be 'Valid'
    }

    It 'builds IPv6 UDP and ICMP echo' {
        $u = New-Packet -Udp -Source ::1 -Destination ::1 -SourcePort 5000 -DestinationPort 5001 -Payload 'hello'
        $u.IPv6.PayloadLength | Should -Be 13
        $u.Udp.ChecksumStatus | Should -Be 'Valid'
        $i = New-Packet -Icmp -Source ::1 -Destination ::1 -Identifier 1 -Sequence 2
        $i.Protocol | Should -Be 'IcmpV6'
        $i.Icmp.SequenceNumber | Should -Be 2
    }

    It 'writes a deliberately wrong checksum when asked' {
        $p = New-Packet -Icmp -Source 127.0.0.1 -Destination 127.0.0.1 -Checksum 0xdead
        $p.Icmp.Checksum | Should -Be 0xdead
        $p.Icmp.ChecksumStatus | Should -Be 'Invalid'
        $p.Problems | Should -Match 'BadChecksum'
    }

    It 'refuses mixed address families' {
        { New-Packet -Udp -Source 127.0.0.1 -Destination ::1 } | Should -Throw -ErrorId 'MixedAddressFamilies,PSSocket.Commands.NewPacketCommand'
    }
}

Describe 'Export-Pcap and Import-Pcap' {
    BeforeAll {
        $script:dir = Join-Path ([IO.Path]::GetTempPath()) ("pssocket-pester-" + [guid]::NewGuid())
        New-Item -ItemType Directory $dir | Out-Null
        $script:packets = @(
            New-Packet -Tcp -Source 127.0.0.1 -Destination 127.0.0.1 -SourcePort 40000 -DestinationPort 59000 -Flags Syn
            New-Packet -Tcp -Source 127.0.0.1 -Destination 127.0.0.1 -SourcePort 59000 -DestinationPort 40000 -Flags 'Syn,Ack'
            New-Packet -Udp -Source 10.0.0.1 -Destination 10.0.0.2 -SourcePort 5000 -DestinationPort 53 -Payload 'q'
            New-Packet -Icmp -Source ::1 -Destination ::1 -Sequence 1
        )
    }
    AfterAll { Remove-Item -Recurse -Force $dir }

    It 'round-trips packets through pcapng with comments' {
        $file = Join-Path $dir 'round.pcapng'
        $packets | Export-Pcap -Path $file -Comment 'lab 5'
        $back = @(Import-Pcap -Path $file)
        $back.Count | Should -Be 4
        $back[0].Number | Should -Be 1
        $back[0].Comment | Should -Be 'lab 5'
        $back[2].DestinationPort | Should -Be 53
        [Convert]::ToHexString($back[3].Data) | Should -Be ([Convert]::ToHexString($packets[3].Data))
    }

    It 'writes classic pcap, and refuses a second link type there' {
        $file = Join-Path $dir 'one.pcap'
        $eth = New-Packet -Udp -Source 127.0.0.1 -Destination 127.0.0.1 -DestinationPort 9 -LinkType Ethernet
        { $packets[0], $eth | Export-Pcap -Path $file -Format Pcap -ErrorAction Stop } | Should -Throw -ErrorId 'MixedLinkTypesInPcap,PSSocket.Commands.ExportPcapCommand'
        $packets[0], $eth, $packets[1] | Export-Pcap -Path $file -Format Pcap -ErrorAction SilentlyContinue -ErrorVariable refused
        $refused.Count | Should -Be 1
        @(Import-Pcap $file).Count | Should -Be 2
        { $packets[0] | Export-Pcap -Path $file -Format Pcap -Comment 'x' } | Should -Throw -ErrorId 'CommentNeedsPcapNg,PSSocket.Commands.ExportPcapCommand'
    }

    It 'warns when packet comments cannot go into a pcap file' {
        $commented = Join-Path $dir 'commented.pcapng'
        $packets[0..1] | Export-Pcap -Path $commented -Comment 'kept in pcapng'
        $file = Join-Path $dir 'uncommented.pcap'
        Import-Pcap $commented | Export-Pcap -Path $file -Format Pcap -WarningVariable warned -WarningAction SilentlyContinue
        @(Import-Pcap $file).Count | Should -Be 2
        $warned.Count | Should -Be 1
        "$($warned[0])" | Should -Match '^2 packet comment\(s\) were not written'
    }

    It 'appends, and -WhatIf writes nothing' {
        $file = Join-Path $dir 'append.pcapng'
        $packets | Export-Pcap -Path $file
        $packets | Export-Pcap -Path $file -Append
        @(Import-Pcap -LiteralPath $file).Count | Should -Be 8
        $none = Join-Path $dir 'none.pcapng'
        $packets | Export-Pcap -Path $none -WhatIf
        Test-Path $none | Should -BeFalse
        ($packets | Export-Pcap -Path (Join-Path $dir 'p.pcapng') -PassThru).Length | Should -BeGreaterThan 0
    }

    It 'takes an array of packets with -InputObject' {
        $file = Join-Path $dir 'array.pcapng'
        Export-Pcap -Path $file -InputObject $packets
        @(Import-Pcap $file).Count | Should -Be 4
    }

    It 'takes raw frames as byte[] with their link type' {
        $file = Join-Path $dir 'raw.pcap'
        , $packets[0].Data | Export-Pcap -Path $file -Format Pcap -LinkType RawIP
        (Import-Pcap $file).TcpFlags | Should -Be 'Syn'
    }

    It 'filters in the engine by protocol, port and address, with -Skip and -Count' {
        $file = Join-Path $dir 'filter.pcapng'
        $packets | Export-Pcap -Path $file
        @(Import-Pcap $file -Protocol Tcp).Count | Should -Be 2
        @(Import-Pcap $file -Protocol IPv6).Count | Should -Be 1
        @(Import-Pcap $file -Port 53).Number | Should -Be 3
        @(Import-Pcap $file -Address 10.0.0.2).Number | Should -Be 3
        @(Import-Pcap $file -Skip 1 -Count 2).Number | Should -Be @(2, 3)
    }

    It 'gives clean CSV columns through Where-Object and Export-Csv' {
        $file = Join-Path $dir 'csv.pcapng'
        $csv = Join-Path $dir 'syn.csv'
        $packets | Export-Pcap -Path $file
        Import-Pcap $file | Where-Object { $_.TcpFlags -band [PSSocket.Core.Packets.TcpFlags]::Syn } | Export-Csv -Path $csv
        $rows = @(Import-Csv $csv)
        $rows.Count | Should -Be 2
        $rows[0].PSObject.Properties.Name | Should -Be @('Number', 'Time', 'Source', 'Destination', 'Protocol', 'Length', 'SourcePort', 'DestinationPort', 'TcpFlags', 'CapturedLength', 'Info')
        $rows[0].Source | Should -Be '127.0.0.1'
        $rows[0].DestinationPort | Should -Be '59000'
        $rows[1].TcpFlags | Should -Be 'Syn, Ack'
        $rows[0].Info | Should -Be '40000 → 59000 [SYN] Seq=0 Win=65535 Len=0'
    }

    It 'reports a missing file and a file that is not a capture by ErrorId' {
        { Import-Pcap -LiteralPath (Join-Path $dir 'missing.pcap') -ErrorAction Stop } | Should -Throw -ErrorId 'CaptureFileNotFound,PSSocket.Commands.ImportPcapCommand'
        $text = Join-Path $dir 'text.pcap'
        'not a capture' | Set-Content $text
        { Import-Pcap $text -ErrorAction Stop } | Should -Throw -ErrorId 'UnknownCaptureFormat,PSSocket.Commands.ImportPcapCommand'
    }

    It 'writes files tshark reads with the same packet count and comments' {
        Assert-TestPeer tshark
        $file = Join-Path $dir 'tshark.pcapng'
        $packets | Export-Pcap -Path $file -Comment 'seen by tshark'
        $comments = @(tshark -r $file -T fields -e frame.comment 2>$null)
        $comments.Count | Should -Be 4
        $comments | ForEach-Object { $_ | Should -Be 'seen by tshark' }
    }
}

Describe 'Help examples of the Packets cmdlets' {
    It 'every example runs without an error' {
        $dir = Join-Path ([IO.Path]::GetTempPath()) ("pssocket-examples-" + [guid]::NewGuid())
        New-Item -ItemType Directory $dir | Out-Null
        Push-Location $dir
        try {
            # The files the examples read: a small capture in each format.
            $seed = @(
                New-Packet -Tcp -Source 127.0.0.1 -Destination 127.0.0.1 -SourcePort 40000 -DestinationPort 59000 -Flags Syn -LinkType Ethernet
                New-Packet -Icmp -Source 127.0.0.1 -Destination 127.0.0.1 -LinkType Ethernet
            )
            $seed | Export-Pcap -Path ./capture.pcap -Format Pcap
            $seed | Export-Pcap -Path ./capture.pcapng
            $failures = foreach ($name in 'ConvertFrom-IPv4Header', 'ConvertFrom-IPv6Header', 'ConvertFrom-TcpHeader', 'ConvertFrom-UdpHeader', 'ConvertFrom-IcmpHeader', 'ConvertFrom-Packet', 'New-Packet', 'Import-Pcap', 'Export-Pcap') {
                $examples = @((Get-Help $name -Full).examples.example)
                if ($examples.Count -eq 0) { "$name has no example" }
                foreach ($example in $examples) {
                    $code = ($example.code | Out-String).Trim()
                    try {
                        $null = Invoke-Expression $code -ErrorAction Stop 2>&1 | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { throw $_ } else { $_ } }
                    }
                    catch {
                        "$name example failed: $code -> $_"
                    }
                }
            }
            $failures | Should -BeNullOrEmpty
        }
        finally {
            Pop-Location
            Remove-Item -Recurse -Force $dir
        }
    }
}

Describe 'Packet objects tell the truth (#12 items 1-3)' {
    BeforeAll {
        $script:dir = Join-Path ([IO.Path]::GetTempPath()) ("pssocket-honest-" + [guid]::NewGuid())
        New-Item -ItemType Directory $dir | Out-Null
    }
    AfterAll { Remove-Item -Recurse -Force $dir }

    It 'refuses every header and frame shorter than its fixed part' -TestCases @(
        @{ Command = 'ConvertFrom-TcpHeader'; Hex = '01 02 03 04 05'; Fixed = 20 }
        @{ Command = 'ConvertFrom-UdpHeader'; Hex = '00 35 00'; Fixed = 8 }
        @{ Command = 'ConvertFrom-IcmpHeader'; Hex = '08 00 f7'; Fixed = 8 }
        @{ Command = 'ConvertFrom-IPv6Header'; Hex = '60 00 00 00 00 08 11 40'; Fixed = 40 }
        @{ Command = 'ConvertFrom-Packet'; Hex = 'ff ff ff'; Fixed = 14 }
    ) {
        $e = $null
        $out = @(& $Command $Hex -ErrorAction SilentlyContinue -ErrorVariable e)
        $out.Count | Should -Be 0
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeLike 'HeaderTruncated,PSSocket.Commands.*'
        $e[0].TargetObject | Should -Be $Hex
        $e[0].Exception.Message | Should -Match "at least $Fixed bytes; the input has $(($Hex -replace ' ').Length / 2)\b"
    }

    It 'shows a field a captured packet did not capture as $null' {
        $p = New-Packet -Tcp -Source 10.0.0.1 -Destination 10.0.0.2 -SourcePort 1234 -DestinationPort 80 -LinkType Ethernet
        $file = Join-Path $dir 'snap.pcap'
        $p | Export-Pcap -Path $file -Format Pcap
        # Cut the frame after 9 bytes of TCP header, as a snap length would (incl_len in the record header).
        $bytes = [IO.File]::ReadAllBytes($file)
        $cut = [byte[]]($bytes[0..23] + $bytes[24..31] + [BitConverter]::GetBytes([uint32]43) + $bytes[36..39] + $bytes[40..82])
        [IO.File]::WriteAllBytes($file, $cut)
        $q = Import-Pcap $file
        $q.Tcp.SourcePort | Should -Be 1234
        $q.Tcp.AcknowledgmentNumber | Should -BeNullOrEmpty
        $q.Tcp.Flags | Should -BeNullOrEmpty
        $q.Tcp.Window | Should -BeNullOrEmpty
        $q.Tcp.Checksum | Should -BeNullOrEmpty
        $null -eq $q.Tcp.Window | Should -BeTrue -Because 'not there is $null, never 0'
        $null -eq $q.TcpFlags | Should -BeTrue
    }

    It 'refuses a payload the length fields cannot count, naming the limit' -TestCases @(
        @{ Kind = 'Udp'; Address = '127.0.0.1'; Max = 65507 }
        @{ Kind = 'Tcp'; Address = '127.0.0.1'; Max = 65495 }
        @{ Kind = 'Udp'; Address = '::1'; Max = 65527 }
    ) {
        $kindSwitch = @{ $Kind = $true }
        $ok = New-Packet @kindSwitch -Source $Address -Destination $Address -Payload ([byte[]]::new($Max))
        $ok.Problems | Should -Be 'None'
        $ok.Length | Should -Be ($Max + $(if ($Address -eq '::1') { 40 } else { 20 }) + $(if ($Kind -eq 'Udp') { 8 } else { 20 }))
        $e = $null
        New-Packet @kindSwitch -Source $Address -Destination $Address -Payload ('x' * ($Max + 1)) -ErrorAction SilentlyContinue -ErrorVariable e
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -Be 'PayloadTooLarge,PSSocket.Commands.NewPacketCommand'
        $e[0].Exception.Message | Should -Match ([regex]::Escape($Max.ToString('N0', [cultureinfo]::InvariantCulture)))
        { New-Packet -Udp 127.0.0.1 127.0.0.1 -Payload ('x' * 70000) -ErrorAction Stop } | Should -Throw -ErrorId 'PayloadTooLarge,PSSocket.Commands.NewPacketCommand'
    }

    It 'accepts packets wherever bytes are accepted' {
        $p = New-Packet -Tcp -Source 10.0.0.1 -Destination 10.0.0.2 -SourcePort 1234 -DestinationPort 80 -LinkType Ethernet
        $file = Join-Path $dir 'pipe.pcapng'
        $p | Export-Pcap -Path $file
        (Import-Pcap $file | ConvertFrom-Packet).Tcp.DestinationPort | Should -Be 80
        ($p | ConvertFrom-IPv4Header).SourceAddress.ToString() | Should -Be '10.0.0.1'
        $tcp = $p | ConvertFrom-TcpHeader
        $tcp.DestinationPort | Should -Be 80
        $tcp.ChecksumStatus | Should -Be 'Valid' -Because 'the packet supplies the pseudo-header addresses'
        $u = New-Packet -Udp -Source ::1 -Destination ::1 -DestinationPort 53 -Payload q
        ($u | ConvertFrom-UdpHeader).ChecksumStatus | Should -Be 'Valid'
        ($u | ConvertFrom-IPv6Header).UpperLayerProtocol | Should -Be 17
        $i = New-Packet -Icmp -Source ::1 -Destination ::1 -Sequence 7
        ($i | ConvertFrom-IcmpHeader).SequenceNumber | Should -Be 7
        ($i | ConvertFrom-IcmpHeader).ChecksumStatus | Should -Be 'Valid'
        $e = $null
        $p | ConvertFrom-UdpHeader -ErrorAction SilentlyContinue -ErrorVariable e
        $e[0].FullyQualifiedErrorId | Should -Be 'PacketLacksLayer,PSSocket.Commands.ConvertFromUdpHeaderCommand'
    }

    It 'writes packets that went through Export-Clixml and Start-Job to a pcap file' {
        $made = 'a', 'bb', 'ccc' | New-Packet -Udp -Source 10.0.0.1 -Destination 10.0.0.2 -DestinationPort 9
        $xml = Join-Path $dir 'p.xml'
        $made | Export-Clixml $xml
        Import-Clixml $xml | ForEach-Object { $_ | Should -BeOfType ([PSSocket.Core.Packets.Packet]) -Because 'PowerShell rehydrates a deserialized packet' }
        Import-Clixml $xml | Export-Csv -Path (Join-Path $dir 'back.csv')
        Get-Content (Join-Path $dir 'back.csv') | Should -Be ($made | ConvertTo-Csv) -Because 'the copy writes the same cells'
        $file = Join-Path $dir 'clixml.pcapng'
        Import-Clixml $xml | Export-Pcap -Path $file -ErrorAction Stop
        $back = @(Import-Pcap $file)
        $back.Count | Should -Be 3
        foreach ($k in 0..2) {
            [Convert]::ToHexString($back[$k].Data) | Should -Be ([Convert]::ToHexString($made[$k].Data))
            $back[$k].Timestamp | Should -Be $made[$k].Timestamp
        }

        $manifest = (Get-Module PSSocket).Path
        $jobbed = Start-Job { Import-Module $using:manifest; 'x', 'y' | New-Packet -Udp 127.0.0.1 127.0.0.1 -DestinationPort 7 } | Wait-Job -Timeout 120 | Receive-Job
        $jobFile = Join-Path $dir 'job.pcapng'
        $jobbed | Export-Pcap -Path $jobFile -ErrorAction Stop
        $fromJob = @(Import-Pcap $jobFile)
        $fromJob.Count | Should -Be 2
        $fromJob[1].Payload | Should -Be ([byte][char]'y')
        $fromJob[0].Timestamp | Should -Be ([datetimeoffset]$jobbed[0].Time) -Because 'the ISO 8601 Time keeps the full precision through the job'
    }

    It 'rebuilds a packet from a plain object with Data, Time and LinkType, as a session without the module deserializes one' {
        $made = New-Packet -Udp -Source 10.0.0.1 -Destination 10.0.0.2 -DestinationPort 9 -Payload bag
        $bag = [pscustomobject]@{ Data = $made.Data; Time = $made.Time; LinkType = 'RawIP'; Comment = 'from a bag' }
        $file = Join-Path $dir 'bag.pcapng'
        $bag | Export-Pcap -Path $file -ErrorAction Stop
        $back = Import-Pcap $file
        [Convert]::ToHexString($back.Data) | Should -Be ([Convert]::ToHexString($made.Data))
        $back.Time | Should -Be $made.Time
        $back.Comment | Should -Be 'from a bag'
    }

    It 'gives back live packets from Import-Clixml, with the same columns and view' {
        $made = 'a', 'bb' | New-Packet -Udp -Source 10.0.0.1 -Destination 10.0.0.2 -DestinationPort 9
        $xml = Join-Path $dir 'live.xml'
        $made | Export-Clixml $xml
        $back = @(Import-Clixml $xml)
        $back[0] | Should -BeOfType PSSocket.Core.Packets.Packet -Because 'the deserializer rebuilds a packet where PSSocket is loaded'
        $back.Time | Should -Be $made.Time
        $back[1].Payload | Should -Be ([byte[]][char[]]'bb')
        ($back | Out-String -Width 80) | Should -BeExactly ($made | Out-String -Width 80)
        # A bag that only claims to be a packet stays a bag: nothing to rebuild it from.
        $fake = [pscustomobject]@{ Number = 1 }
        $fake.PSObject.TypeNames.Insert(0, 'PSSocket.Core.Packets.Packet')
        $fake | Export-Clixml (Join-Path $dir 'fake.xml')
        Import-Clixml (Join-Path $dir 'fake.xml') | Should -Not -BeOfType PSSocket.Core.Packets.Packet
    }

    It 'says which properties an object lacks to be a packet' {
        $e = $null
        [pscustomobject]@{ Data = [byte[]](1, 2, 3) } | Export-Pcap -Path (Join-Path $dir 'lack.pcapng') -ErrorAction SilentlyContinue -ErrorVariable e
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -Be 'PacketPropertiesMissing,PSSocket.Commands.ExportPcapCommand'
        $e[0].Exception.Message | Should -Match 'Timestamp, LinkType'
    }

    It 'numbers built packets in pipeline order' {
        $numbers = ('a', 'b', 'c' | New-Packet -Udp 127.0.0.1 127.0.0.1 -DestinationPort 9).Number
        $numbers | Should -Be @(1, 2, 3)
        $ports = [pscustomobject]@{ DestinationPort = 80 }, [pscustomobject]@{ DestinationPort = 443 } | New-Packet -Tcp 127.0.0.1 127.0.0.1
        $ports.Number | Should -Be @(1, 2)
        $ports.DestinationPort | Should -Be @(80, 443)
    }
}

Describe 'Clean CSV from Import-Pcap (#12 item 4)' {
    BeforeAll {
        $script:dir = Join-Path ([IO.Path]::GetTempPath()) ("pssocket-csv-" + [guid]::NewGuid())
        New-Item -ItemType Directory $dir | Out-Null
    }
    AfterAll { Remove-Item -Recurse -Force $dir }

    It 'writes flat columns only: no System.Byte[], no layer summaries, an ISO 8601 time that round-trips' {
        $file = Join-Path $dir 'c.pcapng'
        $made = 'a', 'b', 'c' | New-Packet -Udp 10.0.0.1 10.0.0.2 -SourcePort 5000 -DestinationPort 53 -LinkType Ethernet
        $made | Export-Pcap -Path $file
        $csv = Join-Path $dir 'c.csv'
        Import-Pcap $file | Export-Csv $csv
        $text = Get-Content $csv -Raw
        $text | Should -Not -Match 'System\.Byte|PSSocket\.Core'
        $rows = @(Import-Csv $csv)
        $rows.Count | Should -Be 3
        $rows[0].PSObject.Properties.Name | Should -Be @('Number', 'Time', 'Source', 'Destination', 'Protocol', 'Length', 'SourcePort', 'DestinationPort', 'TcpFlags', 'CapturedLength', 'Info')
        $rows[0].Time | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$'
        $back = @(Import-Pcap $file)
        foreach ($k in 0..2) {
            ([datetimeoffset]$rows[$k].Time).UtcTicks | Should -Be $back[$k].Timestamp.UtcTicks -Because 'the time keeps its full precision'
        }
        ($rows.Time | Sort-Object -Unique).Count | Should -Be 3 -Because 'packets of the same second keep distinct times'
        $rows[1].Info | Should -Be '5000 → 53 Len=1'
        $rows[1].DestinationPort | Should -Be '53'
        $back[0].Tcp | Should -BeNullOrEmpty
        $back[0].Udp.DestinationPort | Should -Be 53 -Because 'the layers are hidden from CSV, not gone'
        [Convert]::ToHexString($back[0].Data) | Should -Be ([Convert]::ToHexString($made[0].Data))
        ($back[0] | Get-Member -Force -Name Tcp, Data, Timestamp).Count | Should -Be 3
    }
}
