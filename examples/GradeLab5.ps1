<#
.SYNOPSIS
Lab 5 grader: grades every submission in a folder in parallel and writes one result per check.

.DESCRIPTION
Each subfolder of -Submissions is one student's server.py and client.py. Every student runs in a
network namespace of its own, so all servers use the lab's port without disturbing each other;
GradeLab5Submission.ps1 grades one (Listening, Handshake, UserName, Teardown, CaptureSaved), and
ForEach-Object -Parallel runs -ThrottleLimit of them at a time. The results come sorted by
submission, so a parallel run and a serial one (-ThrottleLimit 1) give the same sheet:

    ./GradeLab5.ps1 -Submissions ./lab5 | Export-Csv grades.csv

A server that sleeps -IdleSeconds without listening fails Listening then; one still starting (using
CPU, or waiting for it) is waited for up to -ListenTimeoutSeconds. While the run lasts, the host's
net.ipv4.tcp_child_ehash_entries is 128 (put back at the end), so each namespace made has a TCP
hash table of its own instead of walking the host's on every poll of its socket table.

Needs root: `ip netns add` and the capture (CAP_NET_RAW) both do. There is no per-port fallback
for unprivileged use because the capture would need root anyway. Every namespace this run made
(lab5-<pid>-*) and its processes are removed at the end, also after Ctrl+C or a failure.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Submissions,
    [ValidateRange(1, 1024)] [int] $ThrottleLimit = 16,
    [string] $CaptureFolder = (Join-Path ([IO.Path]::GetTempPath()) "lab5-captures-$PID"),
    [string] $UserName = 'student',
    [ValidateRange(1, 600)] [double] $TimeoutSeconds = 30,
    # How long each server may take to start listening (a server that never listens costs this).
    [ValidateRange(0.1, 600)] [double] $ListenTimeoutSeconds = 10,
    # A server asleep this long without listening is judged then (see GradeLab5Submission.ps1).
    [ValidateRange(0.1, 600)] [double] $IdleSeconds = 1,
    # The interpreter that runs the students' programs.
    [string] $Python = 'python3'
)

$ErrorActionPreference = 'Stop'
if (-not $IsLinux -or (id -u) -ne 0) {
    throw 'GradeLab5.ps1 needs root on Linux: each student runs in its own network namespace (ip netns add) and the capture needs CAP_NET_RAW. Run it with sudo.'
}
foreach ($tool in 'ip', 'nsenter', $Python) {
    if (-not (Get-Command $tool -CommandType Application -ErrorAction Ignore)) { throw "GradeLab5.ps1 needs $tool on PATH." }
}

# The interpreter itself, not a version manager's shim (pyenv's costs a shell and more per start).
$Python = & $Python -c 'import sys; print(sys.executable)'
$module = (Get-Module PSSocket).Path
if (-not $module) { $module = (Import-Module PSSocket -PassThru).Path }
$perHost = Join-Path $PSScriptRoot 'GradeLab5Submission.ps1'
$prefix = "lab5-$PID-"
# A full path: the capture runspaces do not share this one's current location.
$CaptureFolder = (New-Item -ItemType Directory -Force $CaptureFolder).FullName
$folders = @(Get-ChildItem -Directory -LiteralPath $Submissions | Sort-Object Name)
# The runspaces the captures run in, opened as needed and reused by one student after another.
$state = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
$state.Commands.Add([System.Management.Automation.Runspaces.SessionStateCmdletEntry]::new('Receive-RawPacket', [PSSocket.Commands.ReceiveRawPacketCommand], $null))
$pool = [runspacefactory]::CreateRunspacePool($state)
$null = $pool.SetMaxRunspaces($ThrottleLimit)
# A TCP hash table of their own for the namespaces made during the run (kernel 6.1+; put back at the
# end): sharing the host's, reading one namespace's socket table walked all 262,144 buckets of it,
# about 6 ms of kernel time for each poll of each student.
$childHash = '/proc/sys/net/ipv4/tcp_child_ehash_entries'
$hostHash = if ([IO.File]::Exists($childHash)) { [IO.File]::ReadAllText($childHash).Trim() }
try {
    $pool.Open()
    if ($null -ne $hostHash) { [IO.File]::WriteAllText($childHash, '128') }
    $folders | ForEach-Object -ThrottleLimit $ThrottleLimit -TimeoutSeconds ([int]($TimeoutSeconds * [math]::Ceiling($folders.Count / $ThrottleLimit) + 60)) -Parallel {
        & $using:perHost -Path $_.FullName -Module $using:module -CaptureFolder $using:CaptureFolder -UserName $using:UserName -TimeoutSeconds $using:TimeoutSeconds -ListenTimeoutSeconds $using:ListenTimeoutSeconds -IdleSeconds $using:IdleSeconds -NamespacePrefix $using:prefix -Python $using:Python -CapturePool $using:pool
    } | Sort-Object Submission -Stable
}
finally {
    if ($null -ne $hostHash) { [IO.File]::WriteAllText($childHash, $hostHash) }
    $pool.Dispose()
    # Whatever a stopped or failed run left behind: the processes in its namespaces, found by one pass
    # over /proc for the namespaces' inodes, then the namespaces in one `ip -batch`.
    $left = @(ip netns list 2>$null | ForEach-Object { ($_ -split ' ')[0] } | Where-Object { $_.StartsWith($prefix) })
    if ($left) {
        $inodes = [Collections.Generic.HashSet[string]]::new([string[]]@(stat -L -c 'net:[%i]' ($left | ForEach-Object { "/run/netns/$_" }) 2>$null))
        foreach ($proc in [IO.Directory]::GetDirectories('/proc')) {
            $id = 0
            if ([int]::TryParse([IO.Path]::GetFileName($proc), [ref]$id) -and $id -ne $PID) {
                $link = try { ([IO.FileInfo]"$proc/ns/net").LinkTarget } catch { $null }
                if ($link -and $inodes.Contains($link)) { Stop-Process -Id $id -Force -ErrorAction Ignore }
            }
        }
        $left | ForEach-Object { "netns delete $_" } | ip -force -batch - 2>$null
    }
}
