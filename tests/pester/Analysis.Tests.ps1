BeforeDiscovery {
    # Missing programs are handled in the tests by Assert-TestPeer (skip, or fail under PSSOCKET_REQUIRE_PEERS=1).
    $script:SshSkip = if (-not $IsLinux) { 'the SSH remoting test starts Debian''s sshd' }
    elseif ((id -u) -ne 0) { 'needs root: the test sshd logs in as the current user with a throwaway key only as root' }
    $script:CappedSkip = if (-not $IsLinux) { 'the memory cap is a Linux cgroup' }
    elseif ((id -u) -ne 0) { 'needs root to create a memory cgroup' }
    elseif (-not (Test-Path /sys/fs/cgroup/memory/cgroup.procs) -and -not ((Test-Path /sys/fs/cgroup/cgroup.controllers) -and (Get-Content /sys/fs/cgroup/cgroup.controllers) -match 'memory')) { 'no cgroup memory controller (v1 or v2) to cap memory with' }
}

BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    $script:Module = (Get-Module PSSocket).Path

    # One connection as the expected values define it: handshake, the client's 'USER alice\n' sent
    # as 'USER ' + 'alice\n' with the second part first and then again (out of order, then a
    # retransmission), a reply, and FIN both ways. Sequence numbers by RFC 9293: SYN and FIN take one.
    function New-LoginExchange ([string] $Client = '10.0.0.1', [string] $Server = '10.0.0.2', [int] $Port = 40000) {
        $c = @{ SourcePort = $Port; DestinationPort = 5000 }
        $s = @{ SourcePort = 5000; DestinationPort = $Port }
        New-Packet -Tcp $Client $Server @c -Flags Syn -SequenceNumber 100
        New-Packet -Tcp $Server $Client @s -Flags Syn, Ack -SequenceNumber 700 -AcknowledgmentNumber 101
        New-Packet -Tcp $Client $Server @c -Flags Ack -SequenceNumber 101 -AcknowledgmentNumber 701
        New-Packet -Tcp $Client $Server @c -Flags Psh, Ack -SequenceNumber 106 -AcknowledgmentNumber 701 -Payload "alice`n"
        New-Packet -Tcp $Client $Server @c -Flags Ack -SequenceNumber 101 -AcknowledgmentNumber 701 -Payload 'USER '
        New-Packet -Tcp $Client $Server @c -Flags Psh, Ack -SequenceNumber 106 -AcknowledgmentNumber 701 -Payload "alice`n"
        New-Packet -Tcp $Server $Client @s -Flags Psh, Ack -SequenceNumber 701 -AcknowledgmentNumber 112 -Payload "Hello alice`n"
        New-Packet -Tcp $Client $Server @c -Flags Fin, Ack -SequenceNumber 112 -AcknowledgmentNumber 713
        New-Packet -Tcp $Server $Client @s -Flags Fin, Ack -SequenceNumber 713 -AcknowledgmentNumber 113
        New-Packet -Tcp $Client $Server @c -Flags Ack -SequenceNumber 113 -AcknowledgmentNumber 714
    }

    $script:Capture = Join-Path $TestDrive 'lab5.pcap'
    @(
        New-LoginExchange
        New-LoginExchange -Client '2001:db8:aaaa:bbbb:cccc:dddd:eeee:1' -Server '2001:db8:aaaa:bbbb:cccc:dddd:eeee:2' -Port 40001
        New-Packet -Udp 10.0.0.1 10.0.0.53 -SourcePort 5353 -DestinationPort 53 -Payload 'query'
        New-Packet -Icmp 10.0.0.1 10.0.0.2
    ) | Export-Pcap $Capture
}

Describe 'Get-PacketConversation' {
    It 'reassembles a connection whose segments came out of order and twice, and reports its handshake and teardown' {
        $packets = @(New-LoginExchange)
        $c = $packets | Get-PacketConversation
        $c | Should -BeOfType ([PSSocket.Core.Analysis.PacketConversation])
        $c.Client | Should -Be '10.0.0.1:40000'
        $c.Server | Should -Be '10.0.0.2:5000'
        $c.ClientText | Should -BeExactly "USER alice`n"
        $c.ServerText | Should -BeExactly "Hello alice`n"
        $c.ClientPackets | Should -Be 7
        $c.ServerPackets | Should -Be 3
        $c.Bytes | Should -Be ($packets | Measure-Object Length -Sum).Sum
        $c.HandshakeComplete | Should -BeTrue
        $c.SynTime | Should -Be $packets[0].Timestamp.UtcDateTime
        $c.AckTime | Should -Be $packets[2].Timestamp.UtcDateTime
        $c.State | Should -Be 'Closed'
        $c.OutOfOrder | Should -Be 1
        $c.Retransmissions | Should -Be 1
        $c.PayloadTruncated | Should -BeFalse
    }

    It '-Message writes both sides'' turns in delivery order' {
        $m = New-LoginExchange | Get-PacketConversation -Message
        $m | Should -HaveCount 2
        $m[0] | Should -BeOfType ([PSSocket.Core.Analysis.ConversationMessage])
        $m.Direction | Should -Be 'ClientToServer', 'ServerToClient'
        $m.Text | Should -Be "USER alice`n", "Hello alice`n"
        $m[0].Source | Should -Be '10.0.0.1:40000'
        $m[1].Destination | Should -Be '10.0.0.1:40000'
    }

    It 'reads Import-Pcap output: one object per TCP connection and UDP flow, numbered per protocol' {
        $all = Import-Pcap $Capture | Get-PacketConversation
        $all | Should -HaveCount 3
        ($all | Where-Object Protocol -eq Tcp).Stream | Should -Be 0, 1
        ($all | Where-Object Protocol -eq Udp).ClientText | Should -Be 'query'
        ($all | Where-Object ClientPort -eq 40001).ClientText | Should -BeExactly "USER alice`n"
    }

    It 'says with -Verbose how many packets belonged to no conversation' {
        $verbose = Import-Pcap $Capture | Get-PacketConversation -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $verbose.Message | Should -Be '1 packets were not TCP or UDP over IP and belong to no conversation.'
    }

    It '-MaximumPayload keeps only that many bytes, still counts the rest, and says the payload was cut' {
        $c = New-LoginExchange | Get-PacketConversation -MaximumPayload 15
        $c.ClientText | Should -BeExactly "USER alice`n"
        $c.ServerText | Should -BeExactly 'Hell'
        $c.ServerPayloadBytes | Should -Be 12
        $c.PayloadTruncated | Should -BeTrue
    }

    It 'refuses a negative -MaximumPayload' {
        { New-LoginExchange | Get-PacketConversation -MaximumPayload -1 } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,PSSocket.Commands.GetPacketConversationCommand'
    }

    It 'its help examples run, in order, in one folder' {
        . $PSScriptRoot/HelpPages.ps1
        $examples = @(Get-HelpPageExample -Name Get-PacketConversation -Folder "$RepoRoot/docs/en-US")
        $examples | Should -HaveCount 5
        Push-Location (New-Item -ItemType Directory (Join-Path $TestDrive 'examples'))
        try {
            $out = foreach ($e in $examples) {
                & ([scriptblock]::Create($e.Code)) 2>&1 | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { throw $_ } else { $_ } }
            }
            $out[0].ClientText | Should -BeExactly "USER alice`n"
            $out[0].State | Should -Be 'Closed'
            (Import-Csv conversations.csv).SentUser | Should -Be 'True'
            [System.IO.File]::ReadAllText("$PWD/client-stream.bin") | Should -BeExactly "USER alice`n"
        }
        finally {
            Pop-Location
        }
    }
}

Describe 'Conversation views' {
    It 'conversations and messages fit 80 columns, IPv6 included, control characters shown escaped' {
        $text = Import-Pcap $Capture | Get-PacketConversation | Out-String -Width 80
        $text | Should -Match 'Pro Strm Client'
        $text | Should -Match 'tcp +0 10\.0\.0\.1:40000 +10\.0\.0\.2:5000 +10 +\d+ Closed'
        $messages = Import-Pcap $Capture | Get-PacketConversation -Message | Out-String -Width 80
        $messages | Should -Match ([regex]::Escape('USER alice\n')) -Because 'the line feed is shown as \n, as in every view of received text'
        foreach ($line in ($text + $messages) -split "`n") { $line.TrimEnd().Length | Should -BeLessOrEqual 80 -Because $line }
    }

    It 'marks a TCP state with * when the handshake was not seen complete' {
        $p = New-LoginExchange
        $text = $p[0, 3, 4] | Get-PacketConversation | Out-String -Width 80
        $text | Should -Match 'Open\*'
    }
}

Describe 'Conversations and packets across serialization' {
    It 'Export-Clixml/Import-Clixml keeps the flat properties, and the copy formats with the view' {
        $live = Import-Pcap $Capture | Get-PacketConversation
        $live | Export-Clixml (Join-Path $TestDrive 'c.xml')
        $back = Import-Clixml (Join-Path $TestDrive 'c.xml')
        $back[0].pstypenames[0] | Should -Be 'Deserialized.PSSocket.Core.Analysis.PacketConversation'
        foreach ($name in 'Stream', 'Client', 'Server', 'ClientPackets', 'ServerBytes', 'HandshakeComplete', 'FirstTime', 'SynAckTime', 'Duration', 'ClientText', 'Retransmissions') {
            $back.$name | Should -Be $live.$name -Because $name
        }
        $back[0].State.ToString() | Should -Be 'Closed' -Because 'a deserialized enum keeps its name as its ToString'
        $back[0].ClientData | Should -Be $live[0].ClientData
        ($back | Out-String -Width 80) | Should -BeExactly ($live | Out-String -Width 80)
        ($back[0].Messages | Out-String -Width 80) | Should -BeExactly ($live[0].Messages | Out-String -Width 80)
    }

    It 'Start-Job brings conversations back that still format with their view' {
        $live = Import-Pcap $Capture | Get-PacketConversation
        $job = Start-Job { param($m, $f) Import-Module $m; Import-Pcap $f | Get-PacketConversation } -ArgumentList $Module, $Capture
        $back = $job | Wait-Job -Timeout 120 | Receive-Job
        $job | Remove-Job -Force
        $back | Should -HaveCount 3
        $back[0].pstypenames | Should -Contain 'Deserialized.PSSocket.Core.Analysis.PacketConversation'
        ($back | Out-String -Width 80) | Should -BeExactly ($live | Out-String -Width 80)
        ($back | Where-Object ClientPort -eq 40000).ClientText | Should -BeExactly "USER alice`n"
    }

    It 'a deserialized packet goes into Export-Csv with the same cells as the live one' {
        $live = Import-Pcap $Capture
        $live | Export-Clixml (Join-Path $TestDrive 'p.xml')
        $live | Export-Csv (Join-Path $TestDrive 'live.csv')
        Import-Clixml (Join-Path $TestDrive 'p.xml') | Export-Csv (Join-Path $TestDrive 'back.csv')
        $back = Get-Content (Join-Path $TestDrive 'back.csv')
        $back | Should -HaveCount ($live.Count + 1)
        $back | Should -Be (Get-Content (Join-Path $TestDrive 'live.csv'))
        (Import-Csv (Join-Path $TestDrive 'back.csv'))[0].TcpFlags | Should -Be 'Syn'
    }

    It 'deserialized packets (Import-Clixml, Start-Job) go into Get-PacketConversation and give the live conversations' {
        $names = 'Protocol', 'Stream', 'Client', 'Server', 'ClientPackets', 'ServerPackets', 'ClientBytes', 'ServerBytes', 'ClientPayloadBytes', 'ServerPayloadBytes', 'HandshakeComplete', 'StartedMidConnection', 'State', 'ClientFin', 'ServerFin', 'ClientReset', 'ServerReset', 'Retransmissions', 'MissingBytes', 'OutOfOrder', 'ClientText', 'ServerText'
        $times = 'FirstTime', 'LastTime', 'SynTime', 'SynAckTime', 'AckTime'
        $live = Import-Pcap $Capture | Get-PacketConversation
        Import-Pcap $Capture | Export-Clixml (Join-Path $TestDrive 'packets.xml')
        $fromXml = Import-Clixml (Join-Path $TestDrive 'packets.xml') | Get-PacketConversation
        $job = Start-Job { param($m, $f) Import-Module $m; Import-Pcap $f } -ArgumentList $Module, $Capture
        $fromJob = $job | Wait-Job -Timeout 120 | Receive-Job | Get-PacketConversation
        $job | Remove-Job -Force
        $live | Should -HaveCount 3
        foreach ($back in $fromXml, $fromJob) {
            $back | Should -HaveCount 3
            $back | ForEach-Object { $_ | Should -BeOfType PSSocket.Core.Analysis.PacketConversation }
            foreach ($name in $names) { "$($back.$name)" | Should -BeExactly "$($live.$name)" -Because $name }
            $back.ClientData | Should -Be $live.ClientData
        }
        # Both copies are rehydrated packets with the full-precision time (the ISO 8601 Time travels).
        foreach ($back in $fromXml, $fromJob) {
            for ($i = 0; $i -lt 3; $i++) {
                foreach ($name in $times) { $back[$i].$name | Should -Be $live[$i].$name -Because $name }
            }
        }
        $bad = [pscustomobject]@{ Data = [byte[]](1, 2); LinkType = 'NoSuchLink' } | Get-PacketConversation -ErrorVariable err -ErrorAction SilentlyContinue
        $bad | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'PacketPropertiesMissing,PSSocket.Commands.GetPacketConversationCommand'
        $err[0].Exception.Message | Should -Match 'Timestamp, LinkType'
        42 | Get-PacketConversation -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'InputNotAPacket,PSSocket.Commands.GetPacketConversationCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'Invoke-Command over SSH runs PSSocket in a remote pwsh and the conversations come back as objects' -Skip:([bool]$SshSkip) {
        Assert-TestPeer sshd, ssh-keygen, ssh
        $sshd = $null
        try {
            $sshd = Start-TestSshd
            $connection = $sshd.Connection
            $log = $sshd.Log
            $job = Invoke-Command -AsJob @connection -ScriptBlock {
                param($m, $f)
                Import-Module $m
                Import-Pcap $f | Get-PacketConversation
            } -ArgumentList $Module, $Capture
            try {
                # The whole remote run is bounded: a hung session fails the test instead of the suite.
                $null = $job | Wait-Job -Timeout 120
                $job.State | Should -Be 'Completed' -Because "$($job.ChildJobs.JobStateInfo.Reason) $log"
                $back = $job | Receive-Job
            }
            finally {
                $job | Remove-Job -Force
            }

            $back | Should -HaveCount 3
            $back[0].pstypenames | Should -Contain 'Deserialized.PSSocket.Core.Analysis.PacketConversation'
            $back[0].PSComputerName | Should -Be '127.0.0.1'
            ($back | Where-Object ClientPort -eq 40000).ClientText | Should -BeExactly "USER alice`n"
            ($back | Where-Object ClientPort -eq 40000).HandshakeComplete | Should -BeTrue
            $text = $back | Out-String -Width 80
            $text | Should -Match 'tcp +0 10\.0\.0\.1:40000 +10\.0\.0\.2:5000 +10 +\d+ Closed'
        }
        finally {
            Stop-TestSshd $sshd
        }
    }
}

Describe 'A capture larger than memory' {
    BeforeAll {
        # Runs the pipeline in a child pwsh inside a fresh memory cgroup capped at $Cap bytes; the
        # child reports conversations, client payload bytes and its peak resident set (VmHWM).
        function Invoke-CappedConversation ([string] $File, [long] $Cap, [int] $Index) {
            $child = "Import-Module '$Module'; `$n = 0; `$bytes = 0; `$notClosed = 0
                Import-Pcap '$File' | Get-PacketConversation | ForEach-Object { `$n++; `$bytes += `$_.ClientPayloadBytes; if (`$_.State -ne 'Closed') { `$notClosed++ } }
                '{0} {1} {2} {3}' -f `$n, `$bytes, `$notClosed, [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64"
            $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($child))
            $v1 = Test-Path /sys/fs/cgroup/memory/cgroup.procs
            $cg = if ($v1) { "/sys/fs/cgroup/memory/pssocket-conv-$PID-$Index" } else { "/sys/fs/cgroup/pssocket-conv-$PID-$Index" }
            $limit = if ($v1) { 'memory.limit_in_bytes' } else { 'memory.max' }
            $null = New-Item -ItemType Directory $cg
            try {
                Set-Content "$cg/$limit" $Cap
                $sw = [Diagnostics.Stopwatch]::StartNew()
                $out = timeout 900 sh -c "echo `$`$ > $cg/cgroup.procs && exec '$([Environment]::ProcessPath)' '$PSHOME/pwsh.dll' -NoProfile -NonInteractive -EncodedCommand $encoded" 2>&1
                $exit = $LASTEXITCODE
                $n, $bytes, $notClosed, $peak = "$($out | Select-Object -Last 1)" -split ' '
                [pscustomobject]@{ Exit = $exit; Output = "$out"; Conversations = [long]$n; ClientBytes = [long]$bytes; NotClosed = [long]$notClosed; PeakBytes = [long]$peak; Seconds = $sw.Elapsed.TotalSeconds; FileBytes = (Get-Item $File).Length }
            }
            finally {
                rmdir $cg # a cgroup goes with rmdir once its process is gone; its files cannot be deleted
            }
        }
    }

    It 'Import-Pcap | Get-PacketConversation gets through a file larger than its cgroup memory cap, with the same peak for a file a third the size' -Skip:([bool]$CappedSkip) {
        Assert-TestPeer python3
        $cap = 256MB
        $small = Join-Path $TestDrive 'small.pcap'
        $big = Join-Path $TestDrive 'big.pcap'
        python3 "$PSScriptRoot/peers/make_tcp_capture.py" $small 450 140
        python3 "$PSScriptRoot/peers/make_tcp_capture.py" $big 1350 140
        (Get-Item $big).Length | Should -BeGreaterThan $cap

        $runs = @((Invoke-CappedConversation $small $cap 1), (Invoke-CappedConversation $big $cap 2))
        $runs | ForEach-Object { Write-Host ('{0:N0} MB file: {1:N0} conversations in {2:N1} s, peak RSS {3:N0} MiB under a {4:N0} MiB cap' -f ($_.FileBytes / 1MB), $_.Conversations, $_.Seconds, ($_.PeakBytes / 1MB), ($cap / 1MB)) }
        foreach ($run in $runs) { $run.Exit | Should -Be 0 -Because $run.Output }
        $runs.Conversations | Should -Be 450, 1350
        $runs.ClientBytes | Should -Be (450L * 140 * 1400), (1350L * 140 * 1400)
        $runs.NotClosed | Should -Be 0, 0
        $runs[1].PeakBytes | Should -BeLessThan $cap
        # Constant memory: three times the file, not three times the peak.
        [math]::Abs($runs[1].PeakBytes - $runs[0].PeakBytes) | Should -BeLessThan 48MB
    }
}
