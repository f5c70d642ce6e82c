<#
.SYNOPSIS
    Export-Csv of packets against Export-Csv of plain 10-property objects, in one pwsh process.
.DESCRIPTION
    Issue #12 item 4 sets the goal: `Import-Pcap x.pcap | Export-Csv` at 0.8x or more of the rate
    of plain [pscustomobject]s with 10 properties, measured in the same run. The capture is a mix
    of TCP (with options), UDP, ICMP echo and IPv6 frames, as a lab capture has. Each case runs
    -Repeat times interleaved; the median rates and their ratio are printed, plus the parts
    (import alone, Export-Csv of packets already in memory) that say where the time goes.
    Run it alone on the machine: flock /tmp/pssocket-cpu.lock dotnet pwsh -NoProfile -File ExportCsv.ps1
#>
param(
    [int]$Count = 200000,
    [int]$Repeat = 3,
    [string]$Module = (Join-Path $PSScriptRoot '../../../PSSocket.psd1')
)

$ErrorActionPreference = 'Stop'
Import-Module $Module
$dir = Join-Path ([IO.Path]::GetTempPath()) "pssocket-csvbench-$PID"
$null = New-Item -ItemType Directory -Path $dir
try {
    $pcap = Join-Path $dir 'c.pcap'
    $templates = @(
        New-Packet -Source 10.0.0.1 -Destination 10.0.0.2 -Tcp -SourcePort 50000 -DestinationPort 80 -Flags Syn -MaximumSegmentSize 1460 -SackPermitted -Timestamp 1000, 0 -WindowScale 7 -Payload '' -LinkType Ethernet
        New-Packet -Source 10.0.0.2 -Destination 10.0.0.1 -Tcp -SourcePort 80 -DestinationPort 50000 -Flags Syn, Ack -Payload '' -LinkType Ethernet
        New-Packet -Source 10.0.0.1 -Destination 10.0.0.2 -Tcp -SourcePort 50000 -DestinationPort 80 -Flags Psh, Ack -Payload ('GET / HTTP/1.1' + "`r`n" * 2) -LinkType Ethernet
        New-Packet -Source 10.0.0.2 -Destination 10.0.0.1 -Tcp -SourcePort 80 -DestinationPort 50000 -Flags Ack -Payload ('x' * 1200) -LinkType Ethernet
        New-Packet -Source 192.168.1.10 -Destination 8.8.8.8 -Udp -SourcePort 53000 -DestinationPort 53 -Payload ('q' * 30) -LinkType Ethernet
        New-Packet -Source 2001:db8::1 -Destination 2001:db8::2 -Udp -SourcePort 4000 -DestinationPort 4001 -Payload 'hello' -LinkType Ethernet
        New-Packet -Source 2001:db8::1 -Destination 2001:db8::2 -Tcp -SourcePort 40000 -DestinationPort 443 -Flags Ack -Payload ('y' * 100) -LinkType Ethernet
        New-Packet -Source 10.0.0.1 -Destination 10.0.0.9 -Icmp -Payload 'ping' -LinkType Ethernet
    )
    & { for ($i = 0; $i -lt $Count; $i++) { $templates[$i % $templates.Count] } } | Export-Pcap -Path $pcap -Force

    $plain = foreach ($i in 1..$Count) {
        [pscustomobject]@{ Number = $i; Time = '2026-11-29T17:24:20.123456789Z'; Source = '10.0.0.1'; Destination = '10.0.0.2'
            Protocol = 'Tcp'; Length = 60; SourcePort = 50000; DestinationPort = 80; TcpFlags = 'Syn'; Info = '50000 → 80 [SYN] Seq=0 Win=64240 Len=0' }
    }
    # The floor for any .NET object: the same 11 columns as Packet, precomputed, read through
    # PowerShell's .NET adapter (a [pscustomobject] keeps its properties as instance members).
    $columnsSource = @'
public sealed class PlainColumns
{
    public long Number { get; } = 1; public string Time { get; } = "2026-11-29T17:24:20.123456789Z";
    public string Source { get; } = "10.0.0.1"; public string Destination { get; } = "10.0.0.2"; public string Protocol { get; } = "Tcp";
    public int Length { get; } = 60; public int? SourcePort { get; } = 50000; public int? DestinationPort { get; } = 80;
    public string TcpFlags { get; } = "Syn"; public int CapturedLength { get; } = 60; public string Info { get; } = "50000 -> 80 [SYN] Seq=0 Win=64240 Len=0";
}
'@
    Add-Type -TypeDefinition $columnsSource
    $dotnet = foreach ($i in 1..$Count) { [PlainColumns]::new() }
    # The same class again with 19 hidden members from a types file, as Packet has
    # (module/PSSocket.types.ps1xml): what the hidden members cost Export-Csv, which skips them.
    Add-Type -TypeDefinition $columnsSource.Replace('PlainColumns', 'HiddenColumns')
    $typesFile = Join-Path $dir 'hidden.types.ps1xml'
    $hidden = (1..19 | ForEach-Object { "<ScriptProperty IsHidden=`"true`"><Name>Hidden$_</Name><GetScriptBlock>`$null</GetScriptBlock></ScriptProperty>" }) -join ''
    Set-Content -LiteralPath $typesFile -Value "<Types><Type><Name>HiddenColumns</Name><Members>$hidden</Members></Type></Types>"
    Update-TypeData -PrependPath $typesFile
    $withHidden = foreach ($i in 1..$Count) { [HiddenColumns]::new() }
    # The same columns with Packet's own types: the enums and the nullable enum cost Export-Csv a
    # ToString each, and PowerShell reads a property of a generic type (int?, TcpFlags?) by
    # reflection instead of a compiled getter. This is the floor for Packet as its API stands.
    $typedSource = @'
public sealed class TypedColumns
{
    public long Number { get; } = 1; public string Time { get; } = "2026-11-29T17:24:20.123456789Z";
    public string Source { get; } = "10.0.0.1"; public string Destination { get; } = "10.0.0.2";
    public PSSocket.Core.Packets.PacketProtocol Protocol { get; } = PSSocket.Core.Packets.PacketProtocol.Tcp;
    public int Length { get; } = 60; public int? SourcePort { get; } = 50000; public int? DestinationPort { get; } = 80;
    public PSSocket.Core.Packets.TcpFlags? TcpFlags { get; } = PSSocket.Core.Packets.TcpFlags.Syn | PSSocket.Core.Packets.TcpFlags.Ack;
    public int CapturedLength { get; } = 60; public string Info { get; } = "50000 -> 80 [SYN] Seq=0 Win=64240 Len=0";
}
'@
    Add-Type -TypeDefinition $typedSource -ReferencedAssemblies ([PSSocket.Core.Packets.Packet].Assembly.Location)
    $typed = foreach ($i in 1..$Count) { [TypedColumns]::new() }
    $csv = Join-Path $dir 'out.csv'

    # Each case: an untimed setup, then the timed step. Packets are imported fresh for every run so
    # no run sees the Info/Source/Destination another run already computed.
    $cases = [ordered]@{
        'plain [pscustomobject] | Export-Csv' = @({ }, { $plain | Export-Csv -Path $csv })
        'plain .NET object | Export-Csv'      = @({ }, { $dotnet | Export-Csv -Path $csv })
        'same + 19 hidden members | Export-Csv' = @({ }, { $withHidden | Export-Csv -Path $csv })
        'same, Packet column types | Export-Csv' = @({ }, { $typed | Export-Csv -Path $csv })
        'Import-Pcap | Export-Csv'            = @({ }, { Import-Pcap -Path $pcap | Export-Csv -Path $csv })
        'Import-Pcap | Out-Null'              = @({ }, { Import-Pcap -Path $pcap | Out-Null })
        'packets in memory | Export-Csv'      = @({ $script:packets = Import-Pcap -Path $pcap }, { $script:packets | Export-Csv -Path $csv })
        'same, columns computed before'       = @({ $script:packets = Import-Pcap -Path $pcap; foreach ($p in $script:packets) { $null = $p.Info, $p.Source, $p.Destination } }, { $script:packets | Export-Csv -Path $csv })
    }
    # The machine is shared: CPU time of this process is the measure (wall time is printed beside it).
    $self = [Diagnostics.Process]::GetCurrentProcess()
    $rates = @{}
    $walls = @{}
    foreach ($name in $cases.Keys) { $rates[$name] = [Collections.Generic.List[double]]::new(); $walls[$name] = [Collections.Generic.List[double]]::new() }
    # Round -1 is a warm-up, not recorded: the first pass of each case runs code the JIT has not
    # optimized yet and measured 2-5x slower, which pulled a median of 3 down to the slower warm run.
    for ($r = -1; $r -lt $Repeat; $r++) {
        foreach ($name in $cases.Keys) {
            $script:packets = $null
            & $cases[$name][0]
            [GC]::Collect()
            [GC]::WaitForPendingFinalizers()
            $self.Refresh()
            $cpu = $self.TotalProcessorTime
            $sw = [Diagnostics.Stopwatch]::StartNew()
            & $cases[$name][1]
            $sw.Stop()
            $self.Refresh()
            if ($r -ge 0) {
                $rates[$name].Add($Count / ($self.TotalProcessorTime - $cpu).TotalSeconds)
                $walls[$name].Add($Count / $sw.Elapsed.TotalSeconds)
            }
        }
    }

    $median = @{}
    foreach ($name in $cases.Keys) {
        $sorted = @($rates[$name] | Sort-Object)
        $median[$name] = $sorted[[math]::Floor($sorted.Count / 2)]
        $wall = @($walls[$name] | Sort-Object)[[math]::Floor($sorted.Count / 2)]
        '{0,-38} {1,10:N0} objects/CPU-s (median of {2}; runs: {3}); wall {4:N0}/s' -f $name, $median[$name], $Repeat, (($rates[$name] | ForEach-Object { '{0:N0}' -f $_ }) -join ', '), $wall
    }
    $goal = $median['Import-Pcap | Export-Csv'] / $median['plain [pscustomobject] | Export-Csv']
    '{0,-38} {1,6} {2,6} {3,6}' -f 'ratio to:', 'pscustomobject', '.NET', 'typed .NET'
    foreach ($name in $cases.Keys) {
        '{0,-38} {1,6:N2} {2,6:N2} {3,6:N2}' -f $name, ($median[$name] / $median['plain [pscustomobject] | Export-Csv']),
            ($median[$name] / $median['plain .NET object | Export-Csv']), ($median[$name] / $median['same, Packet column types | Export-Csv'])
    }
    'ratio Import-Pcap | Export-Csv / plain: {0:N2} (goal >= 0.80); in-memory packets / plain: {1:N2}; plain .NET object / plain: {2:N2}; Import-Pcap | Export-Csv / plain .NET object: {3:N2}; hidden members / plain .NET object: {4:N2}' -f $goal,
        ($median['packets in memory | Export-Csv'] / $median['plain [pscustomobject] | Export-Csv']),
        ($median['plain .NET object | Export-Csv'] / $median['plain [pscustomobject] | Export-Csv']),
        ($median['Import-Pcap | Export-Csv'] / $median['plain .NET object | Export-Csv']),
        ($median['same + 19 hidden members | Export-Csv'] / $median['plain .NET object | Export-Csv'])
}
finally {
    Remove-Item -LiteralPath $dir -Recurse -Force
}
