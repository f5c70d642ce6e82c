<#
.SYNOPSIS
Scale run of the lab-5 grader: -Count submissions (copies of the four shipped ones, in turn), each
in its own network namespace with its own server, graded with -ThrottleLimit in parallel; with
-CompareSerial the same folder is graded again one at a time and the two sheets are compared.

.DESCRIPTION
Not part of the test suite (Grading.Tests.ps1 runs it at a small -Count). Run as root, under the
CPU lock, for example:

    flock /tmp/pssocket-cpu.lock dotnet pwsh -NoProfile -File tests/PSSocket.Benchmarks/Grading/Lab5Scale.ps1 -Count 500 -ThrottleLimit 64

It writes one object: the counts, the seconds of each run, whether the sheets are identical, the CPU
time and peak memory of everything a run started (the grader, its servers, clients and captures) and
the load before it. Each grader runs in a pwsh of its own that enters a memory and a cpuacct cgroup
before it starts (cgroup v1 memory.max_usage_in_bytes or v2 memory.peak, cpuacct.stat or cpu.stat),
so start-up and every child are counted. Kernel memory charged to no cgroup (the capture rings, the
namespaces) shows in the rise of the machine's MemTotal - MemAvailable during the run, sampled every
100 ms: an upper bound, since whatever else runs meanwhile adds to it.
#>
[CmdletBinding()]
param(
    [ValidateRange(1, 5000)] [int] $Count = 500,
    [ValidateRange(1, 1024)] [int] $ThrottleLimit = 64,
    [switch] $CompareSerial,
    [ValidateRange(0.1, 600)] [double] $ListenTimeoutSeconds = 10,
    # The interpreter for the students' programs (GradeLab5.ps1 -Python).
    [string] $Python = 'python3',
    [string] $Module = (Join-Path $PSScriptRoot '../../../out/PSSocket/0.1.0/PSSocket.psd1')
)

$ErrorActionPreference = 'Stop'
$repo = (Resolve-Path (Join-Path $PSScriptRoot '../../..')).Path
$grader = Join-Path $repo 'examples/GradeLab5.ps1'
$Module = (Resolve-Path $Module).Path
$work = Join-Path ([IO.Path]::GetTempPath()) "lab5-scale-$PID"
$kinds = @(Get-ChildItem -Directory (Join-Path $repo 'examples/lab5') | Sort-Object Name)
foreach ($i in 1..$Count) {
    Copy-Item -Recurse $kinds[($i - 1) % $kinds.Count].FullName (Join-Path $work ('s{0:d4}-{1}' -f $i, $kinds[($i - 1) % $kinds.Count].Name))
}

# Used memory of the whole machine, in bytes.
function Get-UsedMemory {
    $info = @{}
    foreach ($line in [IO.File]::ReadAllLines('/proc/meminfo')) { $name, $value = $line -split ':\s+'; $info[$name] = [long]($value -replace ' kB') * 1KB }
    $info.MemTotal - $info.MemAvailable
}

# One grader run in a child pwsh that joins fresh memory and cpu-accounting cgroups before it starts;
# its sheet comes back through Export-Clixml.
function Invoke-Grader([int] $Throttle, [string] $Name) {
    $v1 = Test-Path /sys/fs/cgroup/memory/cgroup.procs
    $groups = if ($v1) { "/sys/fs/cgroup/memory/pssocket-$Name-$PID", "/sys/fs/cgroup/cpuacct/pssocket-$Name-$PID" }
    else { , "/sys/fs/cgroup/pssocket-$Name-$PID" }
    foreach ($g in $groups) { $null = New-Item -ItemType Directory $g }
    $sheet = "$work-$Name.xml"
    $command = "Import-Module '$Module'; & '$grader' -Submissions '$work' -ThrottleLimit $Throttle -ListenTimeoutSeconds $ListenTimeoutSeconds -Python '$Python' -CaptureFolder '$work-$Name' | Export-Clixml '$sheet'"
    $pwsh = if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { [Environment]::ProcessPath, "$PSHOME/pwsh.dll" } else { , [Environment]::ProcessPath }
    $start = [Diagnostics.ProcessStartInfo]::new('sh')
    foreach ($a in @('-c', 'for g in $(echo "$1" | tr "|" " "); do echo $$ > "$g/cgroup.procs"; done; shift; exec "$@"', 'sh', ($groups -join '|')) + $pwsh + @('-NoProfile', '-NonInteractive', '-Command', $command)) { $start.ArgumentList.Add($a) }
    try {
        $load = (Get-Content /proc/loadavg) -split ' ' | Select-Object -First 3
        $before = Get-UsedMemory
        $highest = $before
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $child = [Diagnostics.Process]::Start($start)
        while (-not $child.WaitForExit(100)) { $highest = [math]::Max($highest, (Get-UsedMemory)) }
        $seconds = $clock.Elapsed.TotalSeconds
        if ($child.ExitCode) { throw "the $Name grader failed (exit code $($child.ExitCode))" }
        $memory = $groups[0]
        $peak = if (Test-Path "$memory/memory.max_usage_in_bytes") { [long](Get-Content "$memory/memory.max_usage_in_bytes") } else { [long](Get-Content "$memory/memory.peak") }
        $cpu = @{}
        if ($v1) { Get-Content "$($groups[1])/cpuacct.stat" | ForEach-Object { $k, $n = $_ -split ' '; $cpu[$k] = [double]$n / 100 } }
        else { Get-Content "$memory/cpu.stat" | ForEach-Object { $k, $n = $_ -split ' '; $cpu[$k -replace '_usec'] = [double]$n / 1e6 } }
        [pscustomobject]@{
            Sheet = @(Import-Clixml $sheet); Seconds = $seconds; PeakMiB = [math]::Round($peak / 1MB)
            MachineRiseMiB = [math]::Round(($highest - $before) / 1MB); UserSeconds = $cpu.user; SystemSeconds = $cpu.system; LoadBefore = $load -join ' '
        }
    }
    finally {
        # rmdir, not a recursive delete: a cgroup's files go with it. It is refused while a task is still leaving.
        foreach ($g in $groups) { for ($try = 0; $try -lt 50 -and (Test-Path $g); $try++) { try { [IO.Directory]::Delete($g) } catch { Start-Sleep -Milliseconds 100 } } }
    }
}

try {
    $parallel = Invoke-Grader $ThrottleLimit 'parallel'
    $serial = if ($CompareSerial) { Invoke-Grader 1 'serial' }
    $identical = if ($CompareSerial) { ($parallel.Sheet | ConvertTo-Csv | Out-String) -ceq ($serial.Sheet | ConvertTo-Csv | Out-String) }

    $failing = @{
        'correct'     = @()
        'no-listen'   = 'Listening', 'Handshake', 'UserName', 'Teardown'
        'no-username' = @('UserName')
        'reset'       = @('Teardown')
    }
    [pscustomobject]@{
        Submissions       = $Count
        Results           = $parallel.Sheet.Count
        Passed            = @($parallel.Sheet | Where-Object Passed).Count
        # Rows that differ from what the shipped submission they copy should get (the table Grading.Tests.ps1 states).
        Unexpected        = @($parallel.Sheet | Where-Object { $_.Passed -ne ($_.Check -notin $failing[($_.Submission -split '-', 2)[1]]) }).Count
        ThrottleLimit     = $ThrottleLimit
        LoadBefore        = $parallel.LoadBefore
        Seconds           = [math]::Round($parallel.Seconds, 1)
        UserSeconds       = $parallel.UserSeconds
        SystemSeconds     = $parallel.SystemSeconds
        PeakMemoryMiB     = $parallel.PeakMiB
        MachineMemoryRiseMiB = $parallel.MachineRiseMiB
        SerialSeconds     = if ($serial) { [math]::Round($serial.Seconds, 1) }
        SerialPeakMemoryMiB = if ($serial) { $serial.PeakMiB }
        IdenticalSheets   = $identical
        Sheet             = $parallel.Sheet
        SerialSheet       = if ($serial) { $serial.Sheet }
    }
}
finally {
    Remove-Item -Recurse -Force $work, "$work-parallel", "$work-serial", "$work-parallel.xml", "$work-serial.xml" -ErrorAction Ignore
}
