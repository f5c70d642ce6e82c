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

    It 'gives rows, not an exception, for a frame cut inside its IP header' {
        $p = ConvertFrom-Packet -InputObject $vlanBytes[0..29]
        $rows = @($p | Get-PacketField -ErrorVariable err)
        $err | Should -HaveCount 0
        $rows.Layer | Should -Contain 'Ethernet'
        @($rows | Where-Object { $_.Name -eq '(error)' -or $_.Value -like '(error)*' }).Count | Should -BeGreaterThan 0
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
