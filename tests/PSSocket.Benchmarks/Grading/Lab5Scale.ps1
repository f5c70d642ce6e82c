<#
.SYNOPSIS
Scale run of the lab-5 grader: -Count submissions (copies of the four shipped ones, in turn), each
in its own network namespace with its own server, graded with -ThrottleLimit in parallel; with
-CompareSerial the same folder is graded again one at a time and the two sheets are compared.

.DESCRIPTION
Not part of the test suite (Grading.Tests.ps1 runs it at a small -Count). Run as root, under the
CPU lock, for example:

    flock /tmp/pssocket-cpu.lock dotnet pwsh -NoProfile -File tests/PSSocket.Benchmarks/Grading/Lab5Scale.ps1 -Count 500 -ThrottleLimit 64

It writes one object: the counts, the seconds of each run, whether the sheets are identical, and the
peak memory of everything the run started (the grader, its servers, clients and captures), read from
a memory cgroup (v1 memory.max_usage_in_bytes or v2 memory.peak) the script puts itself in.
#>
[CmdletBinding()]
param(
    [ValidateRange(1, 5000)] [int] $Count = 500,
    [ValidateRange(1, 1024)] [int] $ThrottleLimit = 64,
    [switch] $CompareSerial,
    [ValidateRange(0.1, 600)] [double] $ListenTimeoutSeconds = 10,
    [string] $Module = (Join-Path $PSScriptRoot '../../../out/PSSocket/0.1.0/PSSocket.psd1')
)

$ErrorActionPreference = 'Stop'
$repo = (Resolve-Path (Join-Path $PSScriptRoot '../../..')).Path
$grader = Join-Path $repo 'examples/GradeLab5.ps1'
Import-Module $Module
$work = Join-Path ([IO.Path]::GetTempPath()) "lab5-scale-$PID"
$kinds = @(Get-ChildItem -Directory (Join-Path $repo 'examples/lab5') | Sort-Object Name)
foreach ($i in 1..$Count) {
    Copy-Item -Recurse $kinds[($i - 1) % $kinds.Count].FullName (Join-Path $work ('s{0:d4}-{1}' -f $i, $kinds[($i - 1) % $kinds.Count].Name))
}

# A memory cgroup around this process and everything it starts from here on.
$group = $null
if (Test-Path /sys/fs/cgroup/memory/cgroup.procs) {
    $group = "/sys/fs/cgroup/memory/pssocket-lab5-$PID"
    $null = New-Item -ItemType Directory $group
    Set-Content "$group/cgroup.procs" $PID
}
elseif (Test-Path /sys/fs/cgroup/cgroup.controllers) {
    $group = "/sys/fs/cgroup/pssocket-lab5-$PID"
    $null = New-Item -ItemType Directory $group
    Set-Content "$group/cgroup.procs" $PID
}

try {
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $parallel = @(& $grader -Submissions $work -ThrottleLimit $ThrottleLimit -ListenTimeoutSeconds $ListenTimeoutSeconds -CaptureFolder "$work-captures")
    $parallelSeconds = $clock.Elapsed.TotalSeconds
    $peak = if (-not $group) { $null }
    elseif (Test-Path "$group/memory.max_usage_in_bytes") { [long](Get-Content "$group/memory.max_usage_in_bytes") }
    else { [long](Get-Content "$group/memory.peak") }

    $serialSeconds = $null
    $identical = $null
    if ($CompareSerial) {
        $clock.Restart()
        $serial = @(& $grader -Submissions $work -ThrottleLimit 1 -ListenTimeoutSeconds $ListenTimeoutSeconds -CaptureFolder "$work-serial")
        $serialSeconds = $clock.Elapsed.TotalSeconds
        $identical = ($parallel | ConvertTo-Csv | Out-String) -ceq ($serial | ConvertTo-Csv | Out-String)
    }

    [pscustomobject]@{
        Submissions     = $Count
        Results         = $parallel.Count
        Passed          = @($parallel | Where-Object Passed).Count
        ThrottleLimit   = $ThrottleLimit
        Seconds         = [math]::Round($parallelSeconds, 1)
        PeakMemoryMiB   = if ($null -ne $peak) { [math]::Round($peak / 1MB) } else { $null }
        SerialSeconds   = if ($null -ne $serialSeconds) { [math]::Round($serialSeconds, 1) } else { $null }
        IdenticalSheets = $identical
        Sheet           = $parallel
        SerialSheet     = if ($CompareSerial) { $serial } else { $null }
    }
}
finally {
    if ($group) {
        # Back to the root group so the measured one can be removed.
        Set-Content "$(Split-Path $group)/cgroup.procs" $PID
        rmdir $group
    }
    Remove-Item -Recurse -Force $work, "$work-captures", "$work-serial" -ErrorAction Ignore
}
