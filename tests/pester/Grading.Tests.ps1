#requires -Modules Pester
# Grading at scale: cmdlets inside network namespaces the tests make (`ip netns add`, deleted
# after), and the lab-5 grader on its shipped submissions. Expected values come from ss, ping and
# the submissions' known faults, written here by hand.

BeforeDiscovery {
    $script:NsSkip = if (-not $IsLinux) { 'network namespaces are Linux' }
    elseif ((id -u) -ne 0) { 'needs root: ip netns add and setns' }
}

BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    $script:Module = (Get-Module PSSocket).Path
    # What each shipped submission must score, written by hand from what each was broken to do: a
    # server that never listens refuses the client (RST), so nothing after Listening can pass either.
    $script:Expected = @{
        'correct'     = @{ Listening = $true; Handshake = $true; UserName = $true; Teardown = $true; CaptureSaved = $true }
        'no-listen'   = @{ Listening = $false; Handshake = $false; UserName = $false; Teardown = $false; CaptureSaved = $true }
        'no-username' = @{ Listening = $true; Handshake = $true; UserName = $false; Teardown = $true; CaptureSaved = $true }
        'reset'       = @{ Listening = $true; Handshake = $true; UserName = $true; Teardown = $false; CaptureSaved = $true }
    }
}

Describe 'Cmdlets inside a network namespace' -Skip:([bool]$NsSkip) {
    BeforeAll {
        Assert-TestPeer ip
        $script:Ns = 'pssocket-p' + [guid]::NewGuid().ToString('n').Substring(0, 10)
        ip netns add $Ns
        ip -n $Ns link set lo up
    }

    AfterAll {
        if ($Ns) { ip netns delete $Ns }
    }

    It 'Get-SocketConnection -NetworkNamespace lists the listener started inside, as ss there does, and the home table does not' {
        Assert-TestPeer python3, ss
        $start = [System.Diagnostics.ProcessStartInfo]::new('ip')
        'netns', 'exec', $Ns, 'python3', '-c', 'import socket,sys; s=socket.create_server(("127.0.0.1", 0)); print(s.getsockname()[1], flush=True); sys.stdin.read()' |
            ForEach-Object { $start.ArgumentList.Add($_) }
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardInput = $true
        $server = [System.Diagnostics.Process]::Start($start)
        try {
            $read = $server.StandardOutput.ReadLineAsync()
            $read.Wait(20000) | Should -BeTrue
            $port = [int]$read.Result
            $inside = @(Get-SocketConnection -NetworkNamespace $Ns -Protocol Tcp -Listening)
            $ss = @(ip netns exec $Ns ss -Htln)
            $ss | Should -HaveCount 1
            ($ss[0] -split '\s+')[3] | Should -Be "127.0.0.1:$port"
            $inside | Should -HaveCount 1
            $inside[0].LocalAddress | Should -Be '127.0.0.1'
            $inside[0].LocalPort | Should -Be $port
            $inside[0].State | Should -Be 'Listen'
            $inside[0].ProcessId | Should -Be $server.Id
            $inside[0].ProcessName | Should -Be 'python3'
            @(Get-SocketConnection -Protocol Tcp -Listening -LocalPort $port | Where-Object ProcessId -eq $server.Id) | Should -HaveCount 0
        }
        finally {
            $server.StandardInput.Close()
            if (-not $server.WaitForExit(10000)) { $server.Kill() }
        }
    }

    It 'Get-SocketConnection -NetworkNamespace with no such namespace is a non-terminating NetworkNamespaceNotFound naming it' {
        $out = Get-SocketConnection -NetworkNamespace "$Ns-gone" -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -Be 'NetworkNamespaceNotFound,PSSocket.Commands.GetSocketConnectionCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be "$Ns-gone"
        Get-SocketConnection -NetworkNamespace '../../proc/1/ns/net' -ErrorVariable bad -ErrorAction SilentlyContinue
        $bad[0].FullyQualifiedErrorId | Should -Be 'InvalidNetworkNamespaceName,PSSocket.Commands.GetSocketConnectionCommand'
    }

    It 'Receive-RawPacket -NetworkNamespace captures that namespace''s lo and not this one''s' {
        Assert-TestPeer ping
        # 77-byte pings inside, 99-byte pings at home at the same time: only the first may show up.
        $inside = Start-Process ip 'netns', 'exec', $Ns, 'ping', '-q', '-s', '77', '-i', '0.2', '-c', '100', '127.0.0.1' -PassThru -RedirectStandardOutput /dev/null
        $atHome = Start-Process ping '-q', '-s', '99', '-i', '0.2', '-c', '100', '127.0.0.1' -PassThru -RedirectStandardOutput /dev/null
        try {
            $file = Join-Path $TestDrive 'ns.pcapng'
            $packets = @(Receive-RawPacket -NetworkNamespace $Ns -Interface lo -Protocol Icmp -Count 4 -Duration 20 -Path $file -PassThru)
        }
        finally {
            Stop-Process -Id $inside.Id, $atHome.Id -ErrorAction Ignore
        }
        $packets | Should -HaveCount 4
        $packets.Interface | Sort-Object -Unique | Should -Be 'lo'
        $packets | ForEach-Object { $_.Payload.Length | Should -Be 77 }   # ping -s 77: the data after the ICMP header
        (Import-Pcap $file) | Should -HaveCount 4
    }

    It 'Receive-RawPacket -NetworkNamespace names a missing interface among the namespace''s own, and refuses -Backend Pcap' {
        { Receive-RawPacket -NetworkNamespace $Ns -Interface eth0 -Count 1 -Duration 1 } |
            Should -Throw -ErrorId 'CaptureInterfaceNotFound,PSSocket.Commands.ReceiveRawPacketCommand' -ExpectedMessage "*Interfaces here: any, lo *"
        { Receive-RawPacket -NetworkNamespace $Ns -Interface lo -Count 1 -Duration 1 -Backend Pcap } |
            Should -Throw -ErrorId 'NetworkNamespaceNeedsNativeBackend,PSSocket.Commands.ReceiveRawPacketCommand'
        { Receive-RawPacket -NetworkNamespace "$Ns-gone" -Interface lo -Count 1 -Duration 1 } |
            Should -Throw -ErrorId 'NetworkNamespaceNotFound,PSSocket.Commands.ReceiveRawPacketCommand'
    }
}

Describe 'The lab-5 grader' -Skip:([bool]$NsSkip) {
    BeforeAll {
        Assert-TestPeer ip, python3
        $script:Examples = Join-Path (Split-Path $PSScriptRoot -Parent | Split-Path -Parent) 'examples'
    }

    It 'GradeLab5.ps1 passes the right submission on every check and fails each broken one on exactly its checks; the sheet goes to CSV' {
        $captures = Join-Path $TestDrive 'captures'
        $results = @(& "$Examples/GradeLab5.ps1" -Submissions "$Examples/lab5" -ThrottleLimit 4 -ListenTimeoutSeconds 20 -CaptureFolder $captures)
        $results | Should -HaveCount 20
        foreach ($r in $results) {
            $r.Passed | Should -Be $Expected[$r.Submission][$r.Check] -Because "$($r.Submission) $($r.Check): $($r.Detail)"
        }
        ($results | Where-Object Submission -eq 'no-username' | Where-Object Check -eq UserName).Detail | Should -Be 'the client sent nothing'
        ($results | Where-Object Submission -eq 'reset' | Where-Object Check -eq Teardown).Detail | Should -Match 'RST client/server: False/True'
        # The pcapng files are real captures: tshark reads the right one's user name from it.
        Assert-TestPeer tshark
        tshark -r (Join-Path $captures 'correct.pcapng') -Y 'tcp.len > 0' -T fields -e tcp.payload | Select-Object -First 1 |
            Should -Be ([Convert]::ToHexString([Text.Encoding]::ASCII.GetBytes("student`n")).ToLowerInvariant())
        $results | Export-Csv (Join-Path $TestDrive 'grades.csv')
        $sheet = Import-Csv (Join-Path $TestDrive 'grades.csv')
        $sheet | Should -HaveCount 20
        ($sheet | Where-Object Passed -eq 'True' | Where-Object Submission -eq 'correct') | Should -HaveCount 5
        @(ip netns list | Where-Object { $_ -like "lab5-$PID-*" }) | Should -HaveCount 0 -Because 'the grader removes its namespaces'
    }

    It 'a grader stopped midway (what Ctrl+C does) leaves no namespace and no student process behind' {
        $ps = [powershell]::Create()
        try {
            # 60 s for the server that never listens: the stop comes while it is still waited for.
            $null = $ps.AddScript("Import-Module '$Module'; & '$Examples/GradeLab5.ps1' -Submissions '$Examples/lab5' -ListenTimeoutSeconds 60 -IdleSeconds 60 -TimeoutSeconds 120 -CaptureFolder '$TestDrive/stopped'")
            $running = $ps.BeginInvoke()
            $until = [datetime]::UtcNow.AddSeconds(60)
            $waiting = { @(Get-Process | Where-Object { $_.CommandLine -like "*$Examples/lab5/no-listen/server.py*" }).Count }
            while ((& $waiting) -eq 0 -and [datetime]::UtcNow -lt $until) { Start-Sleep -Milliseconds 50 }
            & $waiting | Should -Be 1 -Because 'the server that never listens was being waited for'
            @(ip netns list | Where-Object { $_ -like "lab5-$PID-*" }).Count | Should -BeGreaterThan 0
            $ps.Stop()
            $running.IsCompleted | Should -BeTrue
        }
        finally {
            $ps.Dispose()
        }
        @(ip netns list | Where-Object { $_ -like "lab5-$PID-*" }) | Should -HaveCount 0
        @(Get-Process | Where-Object { $_.CommandLine -like "*$Examples/lab5/*" }) | Should -HaveCount 0
    }
}

Describe 'The grader''s listen wait' -Skip:([bool]$NsSkip) {
    BeforeAll {
        Assert-TestPeer ip, nsenter, python3
        $script:Examples = Join-Path (Split-Path $PSScriptRoot -Parent | Split-Path -Parent) 'examples'
        # Two slow servers made here, each with the right client: one computes for 2 s of CPU time
        # before it listens (slow but working; on a loaded machine that is longer on the clock), one
        # sleeps 30 s first (it has stopped trying, as far as a grader can tell).
        $script:Slow = Join-Path $TestDrive 'slow'
        $right = Get-Content -Raw "$Examples/lab5/correct/server.py"
        foreach ($kind in @{ Name = 'busy'; Wait = "end = time.process_time() + 2`nwhile time.process_time() < end:`n    pass`n" },
            @{ Name = 'sleepy'; Wait = "time.sleep(30)`n" }) {
            $null = New-Item -ItemType Directory "$Slow/$($kind.Name)"
            Copy-Item "$Examples/lab5/correct/client.py" "$Slow/$($kind.Name)/client.py"
            Set-Content "$Slow/$($kind.Name)/server.py" ("import time`n" + $kind.Wait + $right)
        }
    }

    It 'a server computing before it listens is waited for; one asleep -IdleSeconds without listening is judged then, long before -ListenTimeoutSeconds' {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $results = @(& "$Examples/GradeLab5.ps1" -Submissions $Slow -ThrottleLimit 2 -IdleSeconds 1 -ListenTimeoutSeconds 120 -TimeoutSeconds 180 -CaptureFolder (Join-Path $TestDrive 'slow-captures'))
        $clock.Stop()
        ($results | Where-Object Submission -eq busy | ForEach-Object { "$($_.Check)=$($_.Passed)" }) |
            Should -Be 'Listening=True', 'Handshake=True', 'UserName=True', 'Teardown=True', 'CaptureSaved=True'
        $sleepy = $results | Where-Object Submission -eq sleepy
        ($sleepy | Where-Object Check -eq Listening).Passed | Should -BeFalse
        ($sleepy | Where-Object Check -eq Listening).Detail | Should -Be 'nothing listens on port 5005 in its namespace'
        ($sleepy | Where-Object Check -eq Handshake).Passed | Should -BeFalse
        # 120 s was the listen timeout: the sleeping server was judged by its sleep, well before it.
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 90
        @(ip netns list | Where-Object { $_ -like "lab5-$PID-*" }) | Should -HaveCount 0
        @(Get-Process | Where-Object { $_.CommandLine -like "*$Slow/*" }) | Should -HaveCount 0 -Because 'the sleepy server is killed when graded'
    }
}

Describe 'The grader''s per-host part over SSH remoting' -Skip:([bool]$NsSkip) {
    It 'Invoke-Command -HostName -FilePath GradeLab5Submission.ps1 grades on the remote host and the results come back as objects' {
        Assert-TestPeer sshd, ssh-keygen, ssh, ip, python3
        $examples = Join-Path (Split-Path $PSScriptRoot -Parent | Split-Path -Parent) 'examples'
        $sshd = $null
        $session = $null
        try {
            $sshd = Start-TestSshd
            $connection = $sshd.Connection
            $session = New-PSSession @connection
            $back = foreach ($submission in 'correct', 'reset') {
                $job = Invoke-Command -Session $session -AsJob -FilePath "$examples/GradeLab5Submission.ps1" -ArgumentList "$examples/lab5/$submission", $Module, $TestDrive
                try {
                    # Bounded: a hung remote grader fails the test instead of the suite.
                    $null = $job | Wait-Job -Timeout 120
                    $job.State | Should -Be 'Completed' -Because "$($job.ChildJobs.JobStateInfo.Reason) $($sshd.Log)"
                    $job | Receive-Job
                }
                finally {
                    $job | Remove-Job -Force
                }
            }
        }
        finally {
            if ($session) { $session | Remove-PSSession }
            Stop-TestSshd $sshd
        }
        $back | Should -HaveCount 10
        $back | ForEach-Object {
            $_.pstypenames | Should -Contain 'Deserialized.System.Management.Automation.PSCustomObject'
            $_.PSComputerName | Should -Be '127.0.0.1'
            $_.Passed | Should -BeOfType [bool]
        }
        # By hand: the right one passes everything; the resetting one fails only its teardown.
        ($back | Where-Object Submission -eq 'correct').Passed | Should -Be $true, $true, $true, $true, $true
        ($back | Where-Object Submission -eq 'reset' | ForEach-Object { "$($_.Check)=$($_.Passed)" }) |
            Should -Be 'Listening=True', 'Handshake=True', 'UserName=True', 'Teardown=False', 'CaptureSaved=True'
        ($back | Select-Object Submission, Check, Passed, Detail | ConvertTo-Csv) | Should -HaveCount 11
    }
}

Describe 'The grader at a small scale' -Skip:([bool]$NsSkip) {
    It 'Lab5Scale.ps1 grades 8 namespaced students in parallel with the same sheet as a serial run, each as expected' {
        Assert-TestPeer ip, python3
        $harness = Join-Path (Split-Path $PSScriptRoot -Parent) 'PSSocket.Benchmarks/Grading/Lab5Scale.ps1'
        # A child pwsh: the harness moves itself into a memory cgroup to measure, which this process should not.
        $json = & ([Environment]::ProcessPath) "$PSHOME/pwsh.dll" -NoProfile -NonInteractive -Command "
            `$r = & '$harness' -Count 8 -ThrottleLimit 8 -CompareSerial -ListenTimeoutSeconds 20 -Module '$Module'
            `$r | Select-Object IdenticalSheets, Results, PeakMemoryMiB, @{ n = 'Sheet'; e = { `$_.Sheet | Select-Object Submission, Check, Passed } } | ConvertTo-Json -Depth 4"
        $LASTEXITCODE | Should -Be 0 -Because ($json | Out-String)
        $r = ($json | Out-String) | ConvertFrom-Json
        $r.Results | Should -Be 40
        $r.IdenticalSheets | Should -BeTrue -Because 'a parallel run grades as a serial one'
        $r.PeakMemoryMiB | Should -BeGreaterThan 0
        foreach ($row in $r.Sheet) {
            $kind = $row.Submission -replace '^s\d{4}-'
            $row.Passed | Should -Be $Expected[$kind][$row.Check] -Because "$($row.Submission) $($row.Check)"
        }
        @(ip netns list | Where-Object { $_ -like 'lab5-*' -and $_ -notlike "lab5-$PID-*" -and $_ -match 'lab5-(\d+)-' -and -not (Get-Process -Id $Matches[1] -ErrorAction Ignore) }) |
            Should -HaveCount 0 -Because 'no finished grader leaves a namespace behind'
    }
}
