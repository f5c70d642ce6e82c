<#
.SYNOPSIS
Grades one lab-5 submission on this host: the per-host part of GradeLab5.ps1, also run remotely
with Invoke-Command -FilePath.

.DESCRIPTION
The submission is a folder with server.py and client.py (the course's pair: the server listens on
the port given on its command line; the client connects, sends the user name, reads the reply and
closes). In a network namespace of its own (ip netns add; deleted afterwards) this script starts
the server, finds it LISTENING with Get-SocketConnection -NetworkNamespace, runs the client while
Receive-RawPacket captures the namespace's lo to a pcapng file, and checks the conversation with
Get-PacketConversation read back from that file. A server asleep -IdleSeconds without listening
fails Listening then. It writes one object per check: Submission, Check, Passed, Detail.
Everything is bounded by -TimeoutSeconds; the namespace and its processes go away even on
Ctrl+C or failure. Needs root (namespaces and capture), nsenter and python3.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Path,
    [Parameter(Mandatory)] [string] $Module,
    [string] $CaptureFolder = [IO.Path]::GetTempPath(),
    [string] $UserName = 'student',
    [ValidateRange(1, 65535)] [int] $Port = 5005,
    [ValidateRange(1, 600)] [double] $TimeoutSeconds = 20,
    # How long a server may take to listen: a server that binds and never listens costs this much.
    [ValidateRange(0.1, 600)] [double] $ListenTimeoutSeconds = 10,
    # A server asleep this long (every thread blocked, no CPU used) without listening has stopped
    # trying: it is judged then, not after -ListenTimeoutSeconds. Time spent waiting for a CPU does not
    # count, so a loaded machine grades as an idle one.
    [ValidateRange(0.1, 600)] [double] $IdleSeconds = 1,
    [string] $Python = 'python3',
    # Namespaces are named <prefix><n>: GradeLab5.ps1 passes a prefix of its own so it can sweep up after Ctrl+C.
    [string] $NamespacePrefix = "lab5-$PID-",
    # Runspaces that hold Receive-RawPacket, shared by the students of one grader run (GradeLab5.ps1).
    [System.Management.Automation.Runspaces.RunspacePool] $CapturePool
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module PSSocket)) { Import-Module $Module }
# [IO.Path] and [IO.File] rather than Split-Path, Join-Path and Test-Path, and tools started by
# Invoke-Tool rather than as native commands: each of those makes PowerShell read /proc/self/mountinfo
# (2 to 10 times a call), which grows by a line per namespace and was most of the kernel time at scale.
$submission = [IO.Path]::GetFileName($Path.TrimEnd('/'))
$deadline = [datetime]::UtcNow.AddSeconds($TimeoutSeconds)
$ns = $NamespacePrefix + [guid]::NewGuid().ToString('n').Substring(0, 8)
$pcap = [IO.Path]::Combine($CaptureFolder, "$submission.pcapng")
$results = [ordered]@{}
function Add-Check([string] $Check, [bool] $Passed, [string] $Detail) {
    $results[$Check] = [pscustomobject]@{ Submission = $submission; Check = $Check; Passed = $Passed; Detail = $Detail }
}
function Remaining { [math]::Max(0.1, ($deadline - [datetime]::UtcNow).TotalSeconds) }

# The CPU ticks of a process's threads, or $null while any of them runs, waits for a CPU or for the
# disk (only 'S' is asleep): two equal readings apart mean it slept all the time between.
function Get-SleepingTicks([int] $Id) {
    $ticks = 0L
    try {
        foreach ($task in [IO.Directory]::GetDirectories("/proc/$Id/task")) {
            # After the ')' that ends the command name: state, then utime and stime as the 12th and 13th.
            $stat = [IO.File]::ReadAllText("$task/stat")
            $fields = $stat.Substring($stat.LastIndexOf(')') + 2).Split(' ')
            if ($fields[0] -ne 'S') { return $null }
            $ticks += [long]$fields[11] + [long]$fields[12]
        }
    }
    catch [IO.IOException], [UnauthorizedAccessException] { return $null }
    $ticks
}

# A tool run to its end: its exit code and output lines.
function Invoke-Tool([string] $Name) {
    $start = [System.Diagnostics.ProcessStartInfo]::new($Name)
    foreach ($a in $args) { $start.ArgumentList.Add([string]$a) }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $tool = [System.Diagnostics.Process]::Start($start)
    $errors = $tool.StandardError.ReadToEndAsync()
    $out = $tool.StandardOutput.ReadToEnd()
    $tool.WaitForExit()
    $null = $errors.Result
    [pscustomobject]@{ ExitCode = $tool.ExitCode; Output = @($out.Split("`n", [StringSplitOptions]::RemoveEmptyEntries)) }
}

# A student program in the namespace, its output to <Log>.out/.err by the shell. Not Start-Process
# -RedirectStandardOutput: its writer can be closed while the program still writes, which crashed
# the whole grader at scale (ObjectDisposedException on a thread-pool thread). nsenter and sh both
# exec, so the process is the student's own. nsenter --net, not ip netns exec: that one also makes a
# mount namespace and remounts /sys for every program, a copy of the whole mount table each time.
function Start-Student([string] $Log) {
    $start = [System.Diagnostics.ProcessStartInfo]::new('nsenter')
    foreach ($a in @("--net=/run/netns/$ns", 'sh', '-c', 'exec "$@" >"$0.out" 2>"$0.err" </dev/null', $Log) + $args) { $start.ArgumentList.Add([string]$a) }
    [System.Diagnostics.Process]::Start($start)
}

$server = $null
$client = $null
$capture = $null
try {
    if ((Invoke-Tool ip netns add $ns).ExitCode) { throw "ip netns add $ns failed (root is needed)" }
    if ((Invoke-Tool nsenter "--net=/run/netns/$ns" ip link set lo up).ExitCode) { throw "ip link set lo up failed in namespace $ns" }

    # The capture runs beside the server and client (started first, so its start-up overlaps the
    # server's) in a runspace that holds Receive-RawPacket and nothing else: a thread job would build
    # a full runspace and import the module again for every student, which cost 0.35-0.8 s each at
    # scale. With -CapturePool the runspace is one of the caller's, reused: opening one reads the
    # mount table for the file system drives, which a run with 500 namespaces mounted made costly.
    # Its packets arrive in $packets as they are captured; its verbose line says the socket is armed.
    if ($CapturePool) {
        $capture = [powershell]::Create()
        $capture.RunspacePool = $CapturePool
    }
    else {
        $state = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
        $state.Commands.Add([System.Management.Automation.Runspaces.SessionStateCmdletEntry]::new('Receive-RawPacket', [PSSocket.Commands.ReceiveRawPacketCommand], $null))
        $capture = [powershell]::Create($state)
    }
    $null = $capture.AddCommand('Receive-RawPacket').AddParameters(@{
            NetworkNamespace = $ns; Interface = 'lo'; Port = $Port; Path = $pcap; PassThru = $true; Duration = (Remaining); Verbose = $true
            # The smallest ring: a lab exchange is a dozen packets, and the default 64 MiB ring, mapped
            # and zeroed for every student, cost the kernel more than everything else at 500 students.
            BufferSize = 256KB })
    $packets = [System.Management.Automation.PSDataCollection[psobject]]::new()
    # No input: an open input collection would keep the capture waiting for it.
    $capturing = $capture.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]$null, $packets)
    $armed = {
        while ($capture.Streams.Verbose.Count -eq 0 -and -not $capturing.IsCompleted -and [datetime]::UtcNow -lt $deadline) { $null = $capturing.AsyncWaitHandle.WaitOne(5) }
        if ($capture.Streams.Verbose.Count -eq 0) { throw "the capture did not start: $($capture.InvocationStateInfo.Reason) $($capture.Streams.Error)" }
    }

    # nsenter and sh exec in turn, so $server is the server's own process.
    $server = Start-Student $Python ([IO.Path]::Combine($Path, 'server.py')) $Port -Log ([IO.Path]::Combine($CaptureFolder, "$submission.server"))
    $listening = $null
    $listenBy = [datetime]::UtcNow.AddSeconds([math]::Min($ListenTimeoutSeconds, (Remaining)))
    # Polling the kernel's table, not guessing readiness: at first often (a server listens within
    # milliseconds of starting), then more rarely, so a server that never listens costs little CPU.
    # The wait ends at once when the server exits, and when it has slept -IdleSeconds on end.
    $pause = 10
    $asleep = $null
    $asleepSince = $null
    $idle = $false
    while (-not $listening -and -not $server.HasExited -and -not $idle -and [datetime]::UtcNow -lt $listenBy) {
        $listening = Get-SocketConnection -NetworkNamespace $ns -Protocol Tcp -Listening -LocalPort $Port | Select-Object -First 1
        if (-not $listening) {
            $ticks = Get-SleepingTicks $server.Id
            if ($null -eq $ticks -or $ticks -ne $asleep) { $asleepSince = [datetime]::UtcNow }
            $asleep = $ticks
            $idle = ([datetime]::UtcNow - $asleepSince).TotalSeconds -ge $IdleSeconds
            if (-not $idle) { $null = $server.WaitForExit($pause); $pause = [math]::Min(2 * $pause, 250) }
        }
    }
    Add-Check Listening ([bool]$listening) $(if ($listening) { "$($listening.LocalAddress):$($listening.LocalPort) $($listening.ProcessName)" }
        elseif ($server.HasExited) { "the server exited (code $($server.ExitCode)) without listening on port $Port" }
        else { "nothing listens on port $Port in its namespace" })

    & $armed
    # Bounded by the wait below; a client still running then is killed at the end.
    $client = Start-Student $Python ([IO.Path]::Combine($Path, 'client.py')) '127.0.0.1' $Port $UserName -Log ([IO.Path]::Combine($CaptureFolder, "$submission.client"))
    $null = $client.WaitForExit([int]((Remaining) * 1000))

    # Until the teardown: both FINs, a RST, or the deadline. Each packet is looked at once, and the
    # wait ends early when the capture does.
    $seen = 0
    $fins = 0
    $reset = $false
    $quietBy = $null
    while (-not $capturing.IsCompleted -and [datetime]::UtcNow -lt $deadline) {
        for (; $seen -lt $packets.Count; $seen++) {
            $flags = $packets[$seen].TcpFlags
            if ($null -ne $flags) {
                if ($flags.ToString() -match 'Rst') { $reset = $true }
                if ($flags.ToString() -match 'Fin') { $fins++ }
            }
        }
        if ($reset -or $fins -ge 2) { break }
        # Nothing listens and the client is done: its SYN was answered by a RST, which ends the wait
        # above once the capture has delivered it; a client that sent nothing waits 1 s more, no longer.
        if (-not $listening -and $client.HasExited) {
            if (-not $quietBy) { $quietBy = [datetime]::UtcNow.AddSeconds(1) }
            elseif ([datetime]::UtcNow -gt $quietBy) { break }
        }
        $null = $capturing.AsyncWaitHandle.WaitOne(10)
    }
    $capture.Stop()
    $capture.Dispose()
    $capture = $null

    # The conversation is read from the saved file: a packet the capture wrote while it was being
    # stopped is in the file but never reached $packets, and a parallel run and a serial one (where
    # that race goes the other way) must grade the same packets.
    $saved = if ([IO.File]::Exists($pcap)) { @(Import-Pcap -LiteralPath $pcap) } else { @() }
    $conversation = $saved | Get-PacketConversation | Where-Object { $_.Protocol -eq 'Tcp' -and $_.ServerPort -eq $Port } | Select-Object -First 1
    Add-Check Handshake ([bool]$conversation.HandshakeComplete) $(if ($conversation) { "SYN, SYN-ACK, ACK: $($conversation.HandshakeComplete)" } else { 'no TCP connection to the server was captured' })
    $sent = if ($conversation) { $conversation.ClientText } else { '' }
    Add-Check UserName ($sent -match "\b$([regex]::Escape($UserName))\b") "the client sent $(if ($sent) { "'$($sent.Trim())'" } else { 'nothing' })"
    $orderly = $conversation -and $conversation.ClientFin -and $conversation.ServerFin -and -not ($conversation.ClientReset -or $conversation.ServerReset)
    Add-Check Teardown ([bool]$orderly) $(if (-not $conversation) { 'no connection' } else { "FIN client/server: $($conversation.ClientFin)/$($conversation.ServerFin), RST client/server: $($conversation.ClientReset)/$($conversation.ServerReset)" })
    # Every packet the capture delivered is in the file (it may hold more, see above). The detail names
    # no packet counts when it passes: a delayed ACK more or less must not change the sheet.
    $complete = $saved.Count -gt 0 -and $saved.Count -ge $packets.Count
    Add-Check CaptureSaved $complete $(if ($complete) { "$submission.pcapng holds every captured packet" } else { "$($saved.Count) packets in $submission.pcapng, $($packets.Count) captured" })
}
catch {
    foreach ($check in 'Listening', 'Handshake', 'UserName', 'Teardown', 'CaptureSaved') {
        if (-not $results.Contains($check)) { Add-Check $check $false "not graded: $($_.Exception.Message)" }
    }
}
finally {
    if ($capture) { $capture.Stop(); $capture.Dispose() }
    # The server and a stuck client, then anything else in the namespace, then the namespace.
    # Kill(), not Kill($true): the tree walk reads every process's stat, and the sweeps below and in
    # GradeLab5.ps1 find a child by its namespace anyway.
    foreach ($student in $server, $client) { if ($student -and -not $student.HasExited) { $student.Kill() } }
    foreach ($id in (Invoke-Tool ip netns pids $ns).Output) { Stop-Process -Id $id -Force -ErrorAction Ignore }
    $null = Invoke-Tool ip netns delete $ns
    $results.Values
}
