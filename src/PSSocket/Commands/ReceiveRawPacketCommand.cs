using System.Globalization;
using System.Management.Automation;
using System.Net;
using PSSocket.Core;
using PSSocket.Core.Capture;
using PSSocket.Core.Files;
using PSSocket.Core.Packets;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>
/// Live capture: packets as the same objects Import-Pcap gives, numbered from 1, with the interface
/// and the kernel's timestamp. -Protocol, -Port and -Address run in the kernel as a BPF program.
/// With -Path the packets go to a pcap/pcapng file as they arrive (and to the pipeline only with
/// -PassThru). The engine reads on its own thread; this cmdlet drains it on the pipeline thread.
/// </summary>
[Cmdlet(VerbsCommunications.Receive, "RawPacket")]
[OutputType(typeof(Packet))]
public sealed class ReceiveRawPacketCommand : CancellableCmdlet
{
    private CaptureFileWriter? _writer;
    private string? _path;

    /// <summary>An interface name from Get-CaptureInterface, or "any" (the default) for all.</summary>
    [Parameter(Position = 0)]
    [ArgumentCompleter(typeof(CaptureInterfaceCompleter))]
    [ValidateNotNullOrEmpty]
    public string Interface { get; set; } = CaptureInterfaces.Any;

    /// <summary>A tcpdump filter expression, compiled by libpcap and run in the kernel.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? Filter { get; set; }

    [Parameter]
    public PacketProtocol[]? Protocol { get; set; }

    [Parameter]
    [ValidateRange(0, 65535)]
    public int[]? Port { get; set; }

    [Parameter]
    public IPAddress[]? Address { get; set; }

    /// <summary>Stop after this many packets.</summary>
    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public long Count { get; set; } = long.MaxValue;

    /// <summary>Stop after this many seconds.</summary>
    [Parameter]
    [ValidateRange(0.001, 31_536_000)]
    public double Duration { get; set; }

    /// <summary>Bytes kept of each frame (the length on the wire is kept too).</summary>
    [Parameter]
    [ValidateRange(1, 262144)]
    public int SnapLength { get; set; } = CaptureOptions.DefaultSnapLength;

    /// <summary>Also receive frames addressed to other hosts (PACKET_ADD_MEMBERSHIP; ends with the capture).</summary>
    [Parameter]
    public SwitchParameter Promiscuous { get; set; }

    /// <summary>Kernel buffer in bytes (the ring); the default holds a 200,000-packet burst of small packets.</summary>
    [Parameter]
    [ValidateRange(256 * 1024, 1L << 30)]
    public int BufferSize { get; set; } = CaptureOptions.DefaultBufferSize;

    /// <summary>Native (AF_PACKET on Linux, a raw socket on Windows) or Pcap (libpcap/Npcap); unnamed, the platform's way.</summary>
    [Parameter]
    public CaptureBackend Backend { get; set; } = CaptureBackend.Native;

    /// <summary>Ring (memory-mapped, the default) or Receive (recvmmsg, up to 32 packets a system call); Native backend only.</summary>
    [Parameter]
    public CaptureMethod Method { get; set; } = CaptureMethod.Ring;

    /// <summary>Write the packets to this pcap or pcapng file as they arrive.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    [Parameter]
    public CaptureFormat Format { get; set; } = CaptureFormat.PcapNg;

    /// <summary>Refuse to replace an existing -Path file.</summary>
    [Parameter]
    public SwitchParameter NoClobber { get; set; }

    /// <summary>Capture in this named network namespace (`ip netns list`); -Interface names its interfaces. Native backend, root.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? NetworkNamespace { get; set; }

    /// <summary>With -Path, also write the packets to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        FilterExpression? expression = null;
        if (Filter is not null)
        {
            try
            {
                expression = OwnForCmdletLifetime(FilterExpression.Compile(Filter));
            }
            catch (PSSocketException fault)
            {
                ThrowFault(fault);
            }
        }

        var options = new CaptureOptions
        {
            Expression = expression,
            Interface = Interface,
            SnapLength = SnapLength,
            Promiscuous = Promiscuous,
            BufferSize = BufferSize,
            Method = Method,
            Selection = new PacketFilter(Protocol, Port, Address),
            MaxPackets = Count,
            Duration = Duration > 0 ? TimeSpan.FromSeconds(Duration) : null,
            NetworkNamespace = NetworkNamespace,
        };
        IPacketCapture capture;
        try
        {
            OpenFile();
            capture = OwnForCmdletLifetime(CaptureBackends.Open(MyInvocation.BoundParameters.ContainsKey(nameof(Backend)) ? Backend : null, options));
            if (_path is not null)
            {
                // The same writer and overwrite rules as Export-Pcap (a file that is not a capture is
                // never replaced; -NoClobber keeps any file); a pcap file takes the capture's link type.
                _writer = CaptureFileWriter.Create(_path, Format, capture.LinkType, new CaptureFileOptions { NoClobber = NoClobber });
                if (!PassThru)
                {
                    // Nothing goes to the pipeline: the engine's reader writes the frames itself, with no
                    // packet objects, as tcpdump -w does (the file is the same; the capture keeps up better).
                    capture.WriteTo(_writer);
                }
            }
        }
        catch (PSSocketException fault)
        {
            ThrowFault(fault);
            return;
        }

        WriteVerbose($"Capturing on {capture.Interface.Name} ({capture.LinkType}), {capture.Description}.");
        Drain(capture);
        try
        {
            _writer?.Complete();
        }
        catch (PSSocketException fault)
        {
            ThrowFault(fault);
        }

        var stats = capture.Statistics;
        WriteVerbose(string.Create(CultureInfo.InvariantCulture, $"{stats.Captured} packets captured on {stats.Interface} in {stats.Elapsed.TotalSeconds:F1} s; kernel: {stats.KernelReceived} received by filter, {stats.KernelDropped} dropped."));
        if (stats.KernelDropped > 0)
        {
            WriteWarning(string.Create(CultureInfo.InvariantCulture, $"The kernel dropped {stats.KernelDropped} packets its buffer could not hold; a larger -BufferSize, a narrower filter or -Path keeps up better."));
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _writer?.Dispose();
        }

        base.Dispose(disposing);
    }

    private void OpenFile()
    {
        if (Path is null)
        {
            return;
        }

        _path = GetUnresolvedProviderPathFromPSPath(Path);
    }

    private void Drain(IPacketCapture capture)
    {
        var progress = new ProgressRecord(1, "Receive-RawPacket", "Capturing on " + capture.Interface.Name);
        var started = DateTime.UtcNow;
        var nextReport = started.AddSeconds(1);
        bool reported = false;
        var packets = capture.ReadAllAsync(StopToken).GetAsyncEnumerator(CancellationToken.None);
        try
        {
            while (true)
            {
                var moving = packets.MoveNextAsync();
                bool more;
                if (moving.IsCompleted)
                {
                    more = moving.Result;
                }
                else
                {
                    var task = moving.AsTask();
                    while (!task.Wait(1000))
                    {
                        Report(capture, progress, started);
                        reported = true;
                    }

                    more = task.Result;
                }

                if (!more)
                {
                    break;
                }

                var packet = packets.Current; // with -Path but no -PassThru the engine writes the file and yields none
                if (_path is not null)
                {
                    _writer!.Write(packet.Data, packet.TimestampNanoseconds, packet.Length, packet.LinkType, packet.Interface, null);
                }

                if (_path is null || PassThru)
                {
                    WriteObject(packet);
                }

                if (DateTime.UtcNow >= nextReport)
                {
                    nextReport = DateTime.UtcNow.AddSeconds(1);
                    _writer?.Flush(); // readable by tshark while the capture runs
                    Report(capture, progress, started);
                    reported = true;
                }
            }
        }
        catch (AggregateException e) when (e.InnerException is PSSocketException fault)
        {
            ThrowFault(fault);
        }
        catch (PSSocketException fault)
        {
            ThrowFault(fault);
        }
        catch (IOException e)
        {
            ThrowTerminatingError(Errors.Create(e, "CaptureFileNotWritable", ErrorCategory.WriteError, _path));
        }
        finally
        {
            packets.DisposeAsync().AsTask().GetAwaiter().GetResult();

            // A reader writing the file itself must have let go of it before the writer completes or is disposed,
            // also when this loop ends early (a stopped pipeline while reporting progress).
            capture.Dispose();
            if (reported && !StopToken.IsCancellationRequested)
            {
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }
        }

        if (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    private void Report(IPacketCapture capture, ProgressRecord progress, DateTime started)
    {
        progress.StatusDescription = string.Create(CultureInfo.InvariantCulture,
            $"{capture.Captured:N0} packets, {capture.Bytes:N0} bytes, {capture.KernelDropped:N0} dropped, {(DateTime.UtcNow - started).TotalSeconds:F0} s");
        if (Duration > 0)
        {
            progress.PercentComplete = (int)Math.Min(100, 100 * (DateTime.UtcNow - started).TotalSeconds / Duration);
        }
        else if (Count != long.MaxValue)
        {
            progress.PercentComplete = (int)Math.Min(100, 100 * capture.Captured / Count);
        }

        WriteProgress(progress);
    }
}
