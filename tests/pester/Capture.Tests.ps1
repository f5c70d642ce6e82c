#requires -Modules Pester
# Live capture on loopback. Other suites make loopback traffic at the same time, so every capture
# selects this file's own ports. Needs root: skipped with the reason otherwise.

BeforeDiscovery {
    $script:NotRoot = -not [Environment]::IsPrivilegedProcess
    . $PSScriptRoot/HelpPages.ps1
    $script:HelpExamples = Get-HelpPageExample -Name Receive-RawPacket, Get-CaptureInterface, Send-RawPacket
}

BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1

    # A UDP socket on a free loopback port and a thread job that sends it tagged datagrams until
    # stopped (bounded: at most 200, 50 ms apart), so a capture started after it always has traffic.
    function script:Start-UdpTraffic {
        $socket = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, 0))
        $port = $socket.Client.LocalEndPoint.Port
        $job = Start-ThreadJob {
            param($port)
            $s = [System.Net.Sockets.UdpClient]::new()
            try {
                foreach ($i in 1..200) {
                    $bytes = [Text.Encoding]::ASCII.GetBytes("tag$i")
                    $null = $s.Send($bytes, $bytes.Length, '127.0.0.1', $port)
                    Start-Sleep -Milliseconds 50
                }
            }
            finally { $s.Dispose() }
        } -ArgumentList $port
        [pscustomobject]@{ Socket = $socket; Port = $port; Job = $job }
    }

    function script:Stop-UdpTraffic($traffic) {
        $traffic.Job | Remove-Job -Force
        $traffic.Socket.Dispose()
    }
}

Describe 'Get-CaptureInterface' {
    It 'lists any first, then lo with its Ethernet framing, and every interface of /sys/class/net' {
        $all = Get-CaptureInterface
        $all[0].Name | Should -Be 'any'
        $all[0].LinkType | Should -Be 'LinuxSll2'
        $lo = $all | Where-Object Name -EQ 'lo'
        $lo.Index | Should -Be ([int](Get-Content /sys/class/net/lo/ifindex))
        $lo.IsLoopback | Should -BeTrue
        $lo.IsUp | Should -BeTrue
        $lo.LinkType | Should -Be 'Ethernet'
        $lo.Mtu | Should -Be ([int](Get-Content /sys/class/net/lo/mtu))
        $lo.Addresses | Should -Contain '127.0.0.1'
        $lo.Backends | Should -Contain 'Native'
        $lo.Backends | Should -Contain 'Pcap' -Because 'libpcap is installed here (tcpdump uses it)'
        ($all.Name | Where-Object { $_ -ne 'any' } | Sort-Object) | Should -Be (Get-ChildItem /sys/class/net -Name | Sort-Object)
    }

    It 'takes wildcards and names a missing interface in a CaptureInterfaceNotFound error' {
        (Get-CaptureInterface 'l*').Name | Should -Contain 'lo'
        $r = Get-CaptureInterface nosuch0 -ErrorVariable err -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'CaptureInterfaceNotFound,PSSocket.Commands.GetCaptureInterfaceCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 'nosuch0'
    }

    It 'keeps name, link type and addresses readable at 80 columns' {
        $text = Get-CaptureInterface lo | Out-String -Width 80
        $text | Should -Match 'lo\s+True\s+Ethernet\s+65536'
        $text | Should -Match '127\.0\.0\.1'
        ($text -split "`n" | Where-Object { $_.TrimEnd().Length -gt 80 }) | Should -BeNullOrEmpty
    }

    It 'completes -Interface from the interface list' {
        $line = 'Receive-RawPacket -Interface l'
        $names = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $names | Should -Contain 'lo'
        $line = 'Get-CaptureInterface a'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'any'
    }
}

Describe 'Receive-RawPacket' -Skip:$NotRoot {
    BeforeEach { $script:traffic = Start-UdpTraffic }
    AfterEach { Stop-UdpTraffic $traffic }

    It 'gives numbered packets with interface, kernel time, exact payload and an offloaded checksum' {
        $before = [DateTimeOffset]::UtcNow
        $p = Receive-RawPacket -Interface lo -Protocol Udp -Port $traffic.Port -Count 3 -Duration 30
        $p.Count | Should -Be 3
        $p | ForEach-Object { $_ | Should -BeOfType ([PSSocket.Core.Packets.Packet]) }
        $p.Number | Should -Be 1, 2, 3
        $p.Interface | Should -Be 'lo', 'lo', 'lo'
        $p.DestinationPort | Should -Be $traffic.Port, $traffic.Port, $traffic.Port
        foreach ($x in $p) {
            [Text.Encoding]::ASCII.GetString($x.Payload) | Should -Match '^tag\d+$'
            $x.Timestamp | Should -BeGreaterThan $before
            $x.Timestamp | Should -BeLessOrEqual ([DateTimeOffset]::UtcNow)
            $x.Udp.ChecksumStatus | Should -Be 'Offloaded'
            $x.KernelChecksum | Should -Be 'NotReady'
            $copy = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($x))
            ($copy | ConvertFrom-Packet).Udp.ChecksumStatus | Should -Be 'Offloaded' -Because 'a serialized copy keeps the kernel verdict'
            $x.Problems | Should -Be 'None'
            $x.Info | Should -Match '\[ChecksumOffloaded\]$'
        }
        # tags follow each other: each datagram once, none lost in between
        $tags = $p | ForEach-Object { [int]([Text.Encoding]::ASCII.GetString($_.Payload).Substring(3)) }
        ($tags[1] - $tags[0]), ($tags[2] - $tags[1]) | Should -Be 1, 1
    }

    It 'stops at once under Select-Object -First and frees the socket' {
        # This process's packet sockets: its descriptors' socket inodes that /proc/net/packet lists.
        $packetSockets = {
            $packet = @(Get-Content /proc/net/packet | Select-Object -Skip 1 | ForEach-Object { (-split $_)[-1] })
            @(Get-ChildItem /proc/self/fd | ForEach-Object { $_.LinkTarget } | Where-Object { $_ -match '^socket:\[(\d+)\]$' -and $Matches[1] -in $packet })
        }
        $before = (& $packetSockets) -join ' '
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $one = Receive-RawPacket -Interface lo -Port $traffic.Port -Duration 60 | Select-Object -First 1
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 20
        $one.Number | Should -Be 1
        (& $packetSockets) -join ' ' | Should -Be $before -Because 'the capture closes its packet socket'
        Get-Content /proc/self/maps | Where-Object { $_ -match 'socket:' } | Should -BeNullOrEmpty
    }

    It 'reports the kernel counters in a verbose line and warns about nothing when nothing was dropped' {
        $verbose = Receive-RawPacket -Interface lo -Port $traffic.Port -Count 2 -Duration 30 -Verbose -WarningVariable warn 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        # The traffic keeps flowing: a datagram the filter passes between the second packet and the
        # socket's closing is counted by the kernel, not captured (as in tcpdump's own summary).
        $summary = $verbose.Message -join "`n"
        $summary -match '2 packets captured on lo .*kernel: (\d+) received by filter, 0 dropped' | Should -BeTrue -Because $summary
        [int]$Matches[1] | Should -BeGreaterOrEqual 2
        $warn | Should -BeNullOrEmpty
    }

    It 'captures the same datagrams with -Backend Pcap (libpcap)' {
        $p = Receive-RawPacket -Interface lo -Backend Pcap -Protocol Udp -Port $traffic.Port -Count 3 -Duration 30 -Verbose 4>&1
        $verbose = $p | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $packets = $p | Where-Object { $_ -is [PSSocket.Core.Packets.Packet] }
        $packets.Count | Should -Be 3
        $packets.Number | Should -Be 1, 2, 3
        $packets | ForEach-Object { [Text.Encoding]::ASCII.GetString($_.Payload) | Should -Match '^tag\d+$' }
        ($verbose.Message -join "`n") | Should -Match 'libpcap \(Ethernet\), filter: \(\(udp\) and \(\(tcp or udp\) and \(port \d+\)\)\)'
        $clock = [Diagnostics.Stopwatch]::StartNew()
        Receive-RawPacket -Interface lo -Backend Pcap -Port $traffic.Port -Protocol Tcp -Duration 0.5 | Should -BeNullOrEmpty
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 10 -Because 'pcap_breakloop ends a quiet capture on time'
    }

    It 'ends by -Duration when nothing matches' {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $r = Receive-RawPacket -Interface lo -Port $traffic.Port -Protocol Tcp -Duration 0.5
        $r | Should -BeNullOrEmpty
        $clock.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 0.5
    }

    It 'writes -Path while capturing, emits only with -PassThru, and tshark reads the file' {
        $file = Join-Path $TestDrive 'live.pcapng'
        $none = Receive-RawPacket -Interface lo -Port $traffic.Port -Count 3 -Duration 30 -Path $file
        $none | Should -BeNullOrEmpty
        (Import-Pcap $file).Count | Should -Be 3
        if (Get-Command tshark -ErrorAction SilentlyContinue) {
            $lines = tshark -n -r $file -T fields -e udp.dstport 2>$null
            $lines | Should -Be ($traffic.Port, $traffic.Port, $traffic.Port | ForEach-Object { "$_" })
        }
        $pcap = Join-Path $TestDrive 'live.pcap'
        $passed = Receive-RawPacket -Interface lo -Port $traffic.Port -Count 2 -Duration 30 -Path $pcap -Format Pcap -PassThru
        $passed.Count | Should -Be 2
        $back = Import-Pcap $pcap
        $back.Count | Should -Be 2
        [Convert]::ToHexString($back[1].Data) | Should -Be ([Convert]::ToHexString($passed[1].Data))
        $back[0].LinkType | Should -Be 'Ethernet'
        $back[0].Udp.ChecksumStatus | Should -Be 'Offloaded' -Because 'the field itself holds the pseudo-header sum, so the file keeps the distinction'
    }

    It 'refuses to replace a file with -NoClobber' {
        $file = Join-Path $TestDrive 'keep.pcapng'
        Set-Content $file 'precious'
        { Receive-RawPacket -Interface lo -Count 1 -Path $file -NoClobber -ErrorAction Stop } |
            Should -Throw -ErrorId 'FileExists,PSSocket.Commands.ReceiveRawPacketCommand'
        Get-Content $file | Should -Be 'precious'
    }

    It 'never replaces a file that is not a capture, by the rules of Export-Pcap' {
        $file = Join-Path $TestDrive 'notes.txt'
        Set-Content $file 'IMPORTANT'
        { Receive-RawPacket -Interface lo -Count 1 -Path $file -ErrorAction Stop } |
            Should -Throw -ErrorId 'NotACaptureFile,PSSocket.Commands.ReceiveRawPacketCommand'
        Get-Content $file | Should -Be 'IMPORTANT'
    }

    It 'names an unknown interface' {
        $e = { Receive-RawPacket -Interface nosuch0 -Count 1 -ErrorAction Stop } | Should -Throw -ErrorId 'CaptureInterfaceNotFound,PSSocket.Commands.ReceiveRawPacketCommand' -PassThru
        $e.TargetObject | Should -Be 'nosuch0'
        $e.Exception.Message | Should -Match "'nosuch0'.*lo"
    }

    It 'feeds Where-Object and Export-Csv' {
        $csv = Join-Path $TestDrive 'p.csv'
        Receive-RawPacket -Interface any -Protocol Udp -Port $traffic.Port -Count 2 -Duration 30 | Where-Object DestinationPort -EQ $traffic.Port | Export-Csv $csv
        $rows = Import-Csv $csv
        $rows.Count | Should -Be 2
        $rows.DestinationPort | Should -Be "$($traffic.Port)", "$($traffic.Port)"
        $rows[0].Protocol | Should -Be 'Udp'
        $rows[0].Info | Should -Match '\[ChecksumOffloaded\]$'
    }

    It 'narrows by -Filter and -Address, cuts at -SnapLength, and works promiscuous through -Method Receive with its own -BufferSize' {
        # Each datagram is 14 (Ethernet) + 20 (IPv4) + 8 (UDP) + 4 or more payload bytes: over 40.
        $p = Receive-RawPacket -Interface lo -Filter "udp dst port $($traffic.Port)" -Address 127.0.0.1 -SnapLength 40 -Promiscuous -BufferSize 4MB -Method Receive -Count 2 -Duration 30
        $p.Count | Should -Be 2
        foreach ($x in $p) {
            $x.DestinationPort | Should -Be $traffic.Port
            $x.Destination | Should -Be '127.0.0.1'
            $x.CapturedLength | Should -Be 40
            $x.Length | Should -BeGreaterThan 40
        }
        { Receive-RawPacket -Interface lo -Address 127.0.0.1 -Filter 'udp' -BufferSize 1 -Count 1 -ErrorAction Stop } | Should -Throw
    }

    It 'takes a tcpdump expression live, and Import-Pcap -Filter selects the same packets from the file' {
        $file = Join-Path $TestDrive 'f.pcapng'
        $live = Receive-RawPacket lo "udp dst port $($traffic.Port)" -Count 3 -Duration 30 -Path $file -PassThru
        $live.Count | Should -Be 3
        (Import-Pcap $file -Filter "udp dst port $($traffic.Port)").Count | Should -Be 3
        (Import-Pcap $file -Filter "udp src port $($traffic.Port)").Count | Should -Be 0
        { Import-Pcap $file -Filter 'udp port banana' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidFilterExpression,PSSocket.Commands.ImportPcapCommand'
        { Receive-RawPacket lo 'udp port banana' -Count 1 -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidFilterExpression,PSSocket.Commands.ReceiveRawPacketCommand'
    }

    It 'capture help example <Number> of <Name> runs as written' -ForEach $HelpExamples {
        Push-Location $TestDrive
        try {
            $out = & ([scriptblock]::Create($Code)) 2>&1 | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { throw $_ } else { $_ } }
            if ($Code -match 'hello') { $out | Should -Be 'hello' }
            if ($Code -match 'crafted') { $out | Should -Be 'crafted' }
            if ($Code -match 'Count 5') { @($out).Count | Should -BeGreaterThan 0 }
        }
        finally { Pop-Location }
    }
}

Describe 'Send-RawPacket' -Skip:$NotRoot {
    It 'sends a New-Packet UDP datagram that an ordinary socket receives byte-exact' {
        $udp = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([ipaddress]::Loopback, 0))
        try {
            $udp.Client.ReceiveTimeout = 5000
            $payload = [byte[]](0..255)
            New-Packet -Udp -Source 127.0.0.1 -Destination 127.0.0.1 -SourcePort 40100 -DestinationPort $udp.Client.LocalEndPoint.Port -Payload $payload | Send-RawPacket
            $from = $null
            $got = $udp.Receive([ref]$from)
            [Convert]::ToHexString($got) | Should -Be ([Convert]::ToHexString($payload))
            $from.Port | Should -Be 40100
        }
        finally { $udp.Dispose() }
    }

    It 'draws a SYN-ACK from a listener with a crafted SYN, seen by Receive-RawPacket' {
        $listener = [System.Net.Sockets.TcpListener]::new([ipaddress]::Loopback, 0)
        $listener.Start()
        try {
            $port = $listener.LocalEndpoint.Port
            $manifest = (Get-Module PSSocket).Path
            $job = Start-ThreadJob {
                Import-Module $using:manifest
                New-Packet -Tcp -Source 127.0.0.1 -Destination 127.0.0.1 -SourcePort 40101 -DestinationPort $using:port -SequenceNumber 7000 | Send-RawPacket -Count 50 -Interval 0.1
            }
            $seen = Receive-RawPacket lo -Protocol Tcp -Port $port -Count 2 -Duration 30
            $job | Remove-Job -Force
            $seen[0].TcpFlags | Should -Be 'Syn'
            $seen[0].SourcePort | Should -Be 40101
            $seen[1].TcpFlags | Should -Be 'Syn, Ack'
            $seen[1].SourcePort | Should -Be $port
            $seen[1].Tcp.AcknowledgmentNumber | Should -Be 7001
        }
        finally { $listener.Stop() }
    }

    It 'names the -Interface a packet goes out on in its verbose record' {
        $p = New-Packet -Udp -Source 127.0.0.1 -Destination 127.0.0.1 -SourcePort 40102 -DestinationPort 40103 -Payload 'frame'
        $said = $p | Send-RawPacket -Interface lo -Verbose 4>&1 | Out-String
        $said | Should -Match 'Udp .* on lo'
        $said | Should -Match 'Sent 1 packets'
    }

    It 'sends an IP packet on -Interface lo (bound to it) to an ordinary socket' {
        $udp = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([ipaddress]::Loopback, 0))
        try {
            $udp.Client.ReceiveTimeout = 5000
            New-Packet -Udp -Source 127.0.0.1 -Destination 127.0.0.1 -SourcePort 40104 -DestinationPort $udp.Client.LocalEndPoint.Port -Payload 'bound to lo' | Send-RawPacket -Interface lo
            $from = $null
            [Text.Encoding]::ASCII.GetString($udp.Receive([ref]$from)) | Should -Be 'bound to lo'
        }
        finally { $udp.Dispose() }
    }

    It 'refuses an -Interface that does not exist, naming it, and sends nothing elsewhere instead' {
        $udp = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([ipaddress]::Loopback, 0))
        try {
            $p = New-Packet -Udp -Source 127.0.0.1 -Destination 127.0.0.1 -SourcePort 40105 -DestinationPort $udp.Client.LocalEndPoint.Port -Payload 'lost'
            $thrown = { $p | Send-RawPacket -Interface nosuch0 } | Should -Throw -ErrorId 'CaptureInterfaceNotFound,PSSocket.Commands.SendRawPacketCommand' -PassThru
            $thrown.TargetObject | Should -Be 'nosuch0'
            $thrown.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $thrown.Exception.Message | Should -Match "no interface 'nosuch0'"
            $udp.Client.Poll(500000, [System.Net.Sockets.SelectMode]::SelectRead) | Should -BeFalse
        }
        finally { $udp.Dispose() }
    }

    It 'puts a hand-built Ethernet frame on -Interface lo, byte-exact as Receive-RawPacket sees it' {
        # The lab's flow: an IPv4 packet from New-Packet behind an Ethernet II header with lo's zero
        # MAC addresses and EtherType 0x0800, given as -InputObject (, $frame) and as ,$frame |.
        $udp = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([ipaddress]::Loopback, 0))
        $port = $udp.Client.LocalEndPoint.Port
        $ip = New-Packet -Udp -Source 127.0.0.1 -Destination 127.0.0.1 -SourcePort 40106 -DestinationPort $port -Payload 'frame'
        [byte[]] $frame = [byte[]]::new(12) + [byte[]](0x08, 0x00) + $ip.Data
        $manifest = (Get-Module PSSocket).Path
        $job = Start-ThreadJob {
            Import-Module $using:manifest
            $f = $using:frame
            Send-RawPacket -InputObject (, $f) -Interface lo -Count 50 -Interval 0.1
            , $f | Send-RawPacket -Interface lo -Count 50 -Interval 0.1
        }
        try {
            $seen = Receive-RawPacket lo -Protocol Udp -Port $port -Count 2 -Duration 30
        }
        finally {
            $job | Stop-Job
            $null = $job | Receive-Job -ErrorAction SilentlyContinue -ErrorVariable jobErr
            $job | Remove-Job -Force
            $udp.Dispose()
        }
        $jobErr | Should -BeNullOrEmpty
        $seen.Count | Should -Be 2
        $seen | ForEach-Object { [Convert]::ToHexString($_.Data) | Should -Be ([Convert]::ToHexString($frame)) }
        $seen[0].LinkType | Should -Be 'Ethernet'
    }

    It 'sends nothing under -WhatIf and refuses bytes that are not an IP packet' {
        $p = New-Packet -Udp -Source 127.0.0.1 -Destination 127.0.0.1 -SourcePort 1 -DestinationPort 9
        $p | Send-RawPacket -WhatIf -Verbose 4>&1 | Out-String | Should -Match 'Sent 0 packets'
        $null = Send-RawPacket -InputObject ([byte[]]::new(30)) -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'NotAnIPPacket,PSSocket.Commands.SendRawPacketCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
    }
}

Describe 'Sniffer labs (examples/)' -Skip:$NotRoot {
    BeforeAll { $script:Manifest = (Get-Module PSSocket).Path -replace 'module[\\/]PSSocket\.psm1$', 'PSSocket.psd1' }

    It 'runs <Name>' -ForEach @(
        @{ Name = 'SnifferOnePacket.ps1'; Arguments = @{}; Expect = 'Payload: one packet, please' }
        @{ Name = 'SnifferTcpOnly.ps1'; Arguments = @{}; Expect = '127\.0\.0\.1:\d+ -> 127\.0\.0\.1:\d+ Syn' }
        @{ Name = 'SnifferUdpOnly.ps1'; Arguments = @{}; Expect = '"datagram \d+"' }
        @{ Name = 'SnifferUnpackHeaders.ps1'; Arguments = @{}; Expect = 'TTL\s+64\s+64' }
        @{ Name = 'SnifferUntilStopped.ps1'; Arguments = @{ Duration = 3 }; Expect = 'Udp\s+\d+' }
        @{ Name = 'SnifferLab5Pcapng.ps1'; Arguments = @{ Path = 'TestDrive:/lab5.pcapng' }; Expect = 'packets saved to' }
    ) {
        $arguments = $Arguments.Clone()
        if ($arguments.Path) { $arguments.Path = (Join-Path $TestDrive 'lab5.pcapng') }
        $out = & (Join-Path $RepoRoot "examples/$Name") -ModulePath $Manifest @arguments 4>$null 2>&1
        $text = $out | Out-String
        $out | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | Should -BeNullOrEmpty -Because $text
        $text | Should -Match $Expect
        $text | Should -Match 'LAB OK'
    }
}
