# The builder's round trips judged by something other than the code that built them: fixed bytes
# computed outside the module (Python's struct and a plain RFC 1071 sum, shown in the comments)
# and tshark's checksum verdicts on the same packets.
BeforeDiscovery {
    # CI sets PSSOCKET_REQUIRE_PEERS=1: there a missing tshark fails the tests instead of skipping them.
    $script:NoTshark = -not (Get-Command tshark -ErrorAction SilentlyContinue) -and $env:PSSOCKET_REQUIRE_PEERS -ne '1'
}

BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
}

Describe 'New-Packet against fixed bytes' {
    # Each expected frame: IPv4 with ID 0, DF, TTL 64 (IPv6: hop limit 64), header checksum and
    # transport checksum (pseudo-header included) from a Python RFC 1071 sum written for this test.
    It 'builds <Name> byte for byte' -ForEach @(
        @{ Name = 'a TCP SYN with MSS 1460'; Hex = '4500002c0000400040063cca7f0000017f0000019c40e67800000000000000006002ffff176b0000020405b4'
            Build = { New-Packet -Tcp -Source 127.0.0.1 -Destination 127.0.0.1 -SourcePort 40000 -DestinationPort 59000 -Flags Syn -MaximumSegmentSize 1460 } }
        @{ Name = 'a UDP datagram'; Hex = '4500002000004000401126cb0a0000010a00000213881389000ce5f170696e67'
            Build = { New-Packet -Udp -Source 10.0.0.1 -Destination 10.0.0.2 -SourcePort 5000 -DestinationPort 5001 -Payload 'ping' } }
        @{ Name = 'an ICMPv6 echo request'; Hex = '6000000000083a40000000000000000000000000000000010000000000000000000000000000000180007fb300070001'
            Build = { New-Packet -Icmp -Source ::1 -Destination ::1 -Identifier 7 -Sequence 1 } }
    ) {
        $p = & $Build
        [Convert]::ToHexString($p.Data).ToLowerInvariant() | Should -Be $Hex
    }
}

Describe 'New-Packet checksums as tshark judges them' {
    It 'agrees with tshark on built and deliberately broken checksums' -Skip:$NoTshark {
        $packets = @(
            New-Packet -Tcp -Source 127.0.0.1 -Destination 127.0.0.1 -SourcePort 40000 -DestinationPort 59000 -Flags Syn -MaximumSegmentSize 1460
            New-Packet -Udp -Source 10.0.0.1 -Destination 10.0.0.2 -SourcePort 5000 -DestinationPort 5001 -Payload 'ping'
            New-Packet -Udp -Source ::1 -Destination ::1 -SourcePort 5000 -DestinationPort 5001 -Payload 'hello'
            New-Packet -Icmp -Source ::1 -Destination ::1 -Identifier 7 -Sequence 1
            New-Packet -Icmp -Source 127.0.0.1 -Destination 127.0.0.1 -Checksum 0xdead
            New-Packet -Tcp -Source 127.0.0.1 -Destination 127.0.0.1 -Checksum 0xdead
        )
        $file = Join-Path $TestDrive 'built.pcapng'
        $packets | Export-Pcap -Path $file
        $rows = & tshark -n -r $file -o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE -o ip.check_checksum:TRUE -T fields -E 'separator=,' `
            -e tcp.checksum.status -e udp.checksum.status -e icmp.checksum.status -e icmpv6.checksum.status 2>$null
        $LASTEXITCODE | Should -Be 0
        $verdicts = $rows | ForEach-Object { ($_ -split ',' | Where-Object { $_ }) -join '' }
        # tshark: 1 good, 0 bad.
        $verdicts | Should -Be @('1', '1', '1', '1', '0', '0')
        $ours = $packets | ForEach-Object { if ($_.Tcp) { $_.Tcp.ChecksumStatus } elseif ($_.Udp) { $_.Udp.ChecksumStatus } else { $_.Icmp.ChecksumStatus } }
        $ours | Should -Be @('Valid', 'Valid', 'Valid', 'Valid', 'Invalid', 'Invalid')
    }
}
