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
    [ValidateRange(0.1, 600)] [double] $ListenTimeoutSeconds = 10
)

$ErrorActionPreference = 'Stop'
if (-not $IsLinux -or (id -u) -ne 0) {
    throw 'GradeLab5.ps1 needs root on Linux: each student runs in its own network namespace (ip netns add) and the capture needs CAP_NET_RAW. Run it with sudo.'
}
foreach ($tool in 'ip', 'python3') {
    if (-not (Get-Command $tool -CommandType Application -ErrorAction Ignore)) { throw "GradeLab5.ps1 needs $tool on PATH." }
}

# The interpreter itself, not a version manager's shim (pyenv's costs a shell and more per start).
$python = python3 -c 'import sys; print(sys.executable)'
$module = (Get-Module PSSocket).Path
if (-not $module) { $module = (Import-Module PSSocket -PassThru).Path }
$perHost = Join-Path $PSScriptRoot 'GradeLab5Submission.ps1'
$prefix = "lab5-$PID-"
$null = New-Item -ItemType Directory -Force $CaptureFolder
$folders = @(Get-ChildItem -Directory -LiteralPath $Submissions | Sort-Object Name)
try {
    $folders | ForEach-Object -ThrottleLimit $ThrottleLimit -TimeoutSeconds ([int]($TimeoutSeconds * [math]::Ceiling($folders.Count / $ThrottleLimit) + 60)) -Parallel {
        & $using:perHost -Path $_.FullName -Module $using:module -CaptureFolder $using:CaptureFolder -UserName $using:UserName -TimeoutSeconds $using:TimeoutSeconds -ListenTimeoutSeconds $using:ListenTimeoutSeconds -NamespacePrefix $using:prefix -Python $using:python
    } | Sort-Object Submission -Stable
}
finally {
    # Whatever a stopped or failed run left behind: its namespaces and the processes in them.
    foreach ($ns in @(ip netns list 2>$null | ForEach-Object { ($_ -split ' ')[0] } | Where-Object { $_.StartsWith($prefix) })) {
        foreach ($id in @(ip netns pids $ns 2>$null)) { Stop-Process -Id $id -Force -ErrorAction Ignore }
        ip netns delete $ns 2>$null
    }
}
