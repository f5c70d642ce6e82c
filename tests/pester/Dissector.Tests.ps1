BeforeAll { . $PSScriptRoot/TestHelpers.ps1 }

Describe 'Get-PacketField' {
    BeforeAll {
        # 802.1Q frame written from the layout: TCI a064 = priority 5, DEI 0, VLAN 100; inside,
        # IPv4 10.0.0.1 -> 10.0.0.2 (checksum 66ca), UDP 5000 -> 53, 4 bytes of payload.
        $script:vlanHex = '020000000002 020000000001 8100 a064 0800 ' +
            '4500 0020 0001 0000 4011 66ca 0a000001 0a000002 ' +
            '1388 0035 000c 0000 deadbeef'
        $script:vlanBytes = [Convert]::FromHexString($vlanHex -replace ' ')
    }

    It 'lists every layer of a New-Packet packet, the values matching the packet object' {
        $p = New-Packet -Udp -Source 10.0.0.1 -Destination 10.0.0.2 -SourcePort 5000 -DestinationPort 53 -Payload 'hi'
        $rows = $p | Get-PacketField
        $rows | Should -BeOfType ([PSSocket.Core.Packets.PacketField])
        @($rows.Layer | Select-Object -Unique) | Should -Contain 'IPv4'
        @($rows.Layer | Select-Object -Unique) | Should -Contain 'Udp'
        ($rows | Where-Object { $_.Layer -eq 'Udp' -and $_.Name -eq 'SourcePort' }).Value | Should -Be "$($p.SourcePort)"
        ($rows | Where-Object { $_.Layer -eq 'IPv4' -and $_.Name -eq 'DestinationAddress' }).Value | Should -Be '10.0.0.2'
        $rows.Number | Select-Object -Unique | Should -Be $p.Number
    }

    It 'reads the 802.1Q tag of a frame saved with Export-Pcap and read back with Import-Pcap' {
        $file = Join-Path $TestDrive 'vlan.pcap'
        ConvertFrom-Packet -InputObject $vlanBytes -LinkType Ethernet | Export-Pcap -Path $file
        $tag = Import-Pcap $file | Get-PacketField -Layer Ieee8021Q
        @($tag.Layer | Select-Object -Unique) | Should -Be 'Ieee8021Q'
        ($tag | Where-Object Name -eq 'VlanIdentifier').Value | Should -Be '100'
        ($tag | Where-Object Name -eq 'Type').Value | Should -Be 'IPv4'
    }

    It 'narrows to the -Layer names given, case-insensitive and with wildcards' {
        $p = ConvertFrom-Packet -InputObject $vlanBytes
        @(Get-PacketField -InputObject $p -Layer udp, 'ieee*' | ForEach-Object Layer | Select-Object -Unique) | Should -Be @('Ieee8021Q', 'Udp')
        @(Get-PacketField $p -Layer NoSuchLayer) | Should -HaveCount 0
    }

    It 'gives Where-Object and Export-Csv plain columns' {
        $csv = Join-Path $TestDrive 'fields.csv'
        ConvertFrom-Packet -InputObject $vlanBytes | Get-PacketField | Where-Object Layer -eq 'Udp' | Export-Csv -Path $csv
        $back = Import-Csv $csv
        ($back[0].PSObject.Properties.Name) | Should -Be @('Number', 'Layer', 'Name', 'Value')
        ($back | Where-Object Name -eq 'DestinationPort').Value | Should -Be '53'
    }

    It 'takes packets back from Import-Clixml' {
        $xml = Join-Path $TestDrive 'p.xml'
        ConvertFrom-Packet -InputObject $vlanBytes | Export-Clixml -Path $xml
        (Import-Clixml $xml | Get-PacketField -Layer Ieee8021Q | Where-Object Name -eq 'VlanIdentifier').Value | Should -Be '100'
    }

    It 'gives one row, not an exception or a row per field, for a frame cut inside its IP header' {
        $p = ConvertFrom-Packet -InputObject $vlanBytes[0..29]
        $rows = @($p | Get-PacketField -ErrorVariable err)
        $err | Should -HaveCount 0
        $rows.Layer | Should -Contain 'Ethernet'
        # 14 bytes of Ethernet and 4 of the 802.1Q tag leave 12 of the 20 an IPv4 header needs.
        $cut = @($rows | Where-Object Layer -eq 'IPv4')
        $cut | Should -HaveCount 1
        $cut[0].Name | Should -Be '(truncated)'
        $cut[0].Value | Should -Be 'Malformed Packet: IPv4: 12 of its 20 header bytes'
        $rows[-1] | Should -Be $cut[0]
    }

    Context 'a radiotap (802.11 monitor mode) capture' {
        BeforeAll {
            # radiotap.org header: version 0, length 15, present 0x2E: flags 0, rate 2 x 500 kb/s, channel
            # 2437 MHz flags 0x00A0, antenna signal -50 dBm; then an 802.11 beacon from 02:00:00:00:00:aa
            # (sequence 1, interval 100 TU, capabilities 0x0401, SSID "lab", rates, channel 6).
            $frame = [Convert]::FromHexString(('00000f002e000000 0002 8509 a000 ce ' +
                '8000 0000 ffffffffffff 0200000000aa 0200000000aa 1000 ' +
                '5544332211000000 6400 0104 0003 6c6162 010482848b96 030106') -replace ' ')
            # pcap file header (little-endian, version 2.4, snap length 65535, link type 127) and one record.
            $header = [Convert]::FromHexString('d4c3b2a1020004000000000000000000ffff00007f000000')
            $record = [BitConverter]::GetBytes([uint32]1700000000) + [BitConverter]::GetBytes([uint32]0) +
                [BitConverter]::GetBytes([uint32]$frame.Length) + [BitConverter]::GetBytes([uint32]$frame.Length)
            $script:radiotapFile = Join-Path $TestDrive 'radiotap.pcap'
            [IO.File]::WriteAllBytes($radiotapFile, [byte[]]($header + $record + $frame))
        }

        It 'is a file tshark reads as radiotap' {
            Assert-TestPeer tshark
            tshark -n -r $radiotapFile -T fields -e radiotap.channel.freq -e wlan.bssid 2>$null | Should -Be "2437`t02:00:00:00:00:aa"
        }

        It 'gives packets that carry link type 127 and fields Get-PacketField reads' {
            $p = Import-Pcap $radiotapFile
            $p.LinkType | Should -Be 'Ieee80211Radiotap'
            [int]$p.LinkType | Should -Be 127
            $rows = $p | Get-PacketField
            @($rows.Layer | Select-Object -Unique) | Should -Be @('Radio', 'BeaconFrame')
            ($rows | Where-Object Name -eq 'Channel.FrequencyMHz').Value | Should -Be '2437'
            ($rows | Where-Object Name -eq 'DbmAntennaSignal.AntennaSignalDbm').Value | Should -Be '-50'
            ($rows | Where-Object { $_.Layer -eq 'BeaconFrame' -and $_.Name -eq 'BssId' }).Value | Should -Be '02:00:00:00:00:aa'
            $rows | Out-String -Width 80 | Should -Match 'Channel\.FrequencyMHz\s+2437'
            $rows | Out-String -Width 80 -Stream | Where-Object { $_.TrimEnd().Length -gt 80 } | Should -BeNullOrEmpty
        }

        It 'keeps the link type through Export-Clixml and Export-Pcap' {
            $xml = Join-Path $TestDrive 'radiotap.xml'
            Import-Pcap $radiotapFile | Export-Clixml -Path $xml
            (Import-Clixml $xml | Get-PacketField -Layer Radio | Where-Object Name -eq 'Channel.FrequencyMHz').Value | Should -Be '2437'
            $copy = Join-Path $TestDrive 'copy.pcap'
            Import-Pcap $radiotapFile | Export-Pcap -Path $copy
            (Import-Pcap $copy).LinkType | Should -Be 'Ieee80211Radiotap'
            (Import-Pcap $copy | Get-PacketField -Layer BeaconFrame | Where-Object Name -eq 'BeaconInterval').Value | Should -Be '100'
        }
    }

    It 'writes InputNotAPacket with the input as target for a non-packet and goes on' {
        $p = New-Packet -Udp -Source 10.0.0.1 -Destination 10.0.0.2 -SourcePort 5000 -DestinationPort 53
        $rows = @('not a packet', $p | Get-PacketField -Layer Udp -ErrorVariable err -ErrorAction SilentlyContinue)
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InputNotAPacket,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].TargetObject | Should -Be 'not a packet'
        $rows.Count | Should -BeGreaterThan 0
    }

    It 'shows a table no wider than 80 columns' {
        $text = ConvertFrom-Packet -InputObject $vlanBytes | Get-PacketField | Out-String -Width 80
        $text | Should -Match 'VlanIdentifier\s+100'
        $text -split "`n" | Where-Object { $_.TrimEnd().Length -gt 80 } | Should -BeNullOrEmpty
    }
}
