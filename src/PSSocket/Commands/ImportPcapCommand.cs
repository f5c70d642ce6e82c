using System.Globalization;
using System.Management.Automation;
using System.Net;
using PSSocket.Core;
using PSSocket.Core.Files;
using PSSocket.Core.Packets;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>
/// Streams packets from pcap and pcapng files (detected by content). -Protocol, -Port and
/// -Address are applied by the engine to each frame before any object is made.
/// </summary>
[Cmdlet(VerbsData.Import, "Pcap", DefaultParameterSetName = PathSet)]
[OutputType(typeof(Packet))]
public sealed class ImportPcapCommand : CancellableCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private long _emitted;

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>Stop after this many packets (after filtering and skipping), across all files.</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long Count { get; set; } = long.MaxValue;

    /// <summary>Leave out this many matching packets at the start of each file.</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long Skip { get; set; }

    /// <summary>Only these protocols (IPv4/IPv6 also match what they carry).</summary>
    [Parameter]
    public PacketProtocol[]? Protocol { get; set; }

    /// <summary>Only TCP/UDP packets with one of these ports as source or destination.</summary>
    [Parameter]
    [ValidateRange(0, 65535)]
    public int[]? Port { get; set; }

    /// <summary>Only packets with one of these addresses as source or destination.</summary>
    [Parameter]
    public IPAddress[]? Address { get; set; }

    /// <summary>A tcpdump filter expression ('tcp port 80', 'icmp or arp'), matched by libpcap as tcpdump -r does.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Filter { get; set; }

    private Core.Capture.FilterExpression? _expression;

    protected override void BeginProcessing()
    {
        if (Filter is not null)
        {
            try
            {
                _expression = OwnForCmdletLifetime(Core.Capture.FilterExpression.Compile(Filter));
            }
            catch (PSSocketException fault)
            {
                ThrowFault(fault);
            }
        }
    }

    protected override void ProcessRecord()
    {
        foreach (string file in ResolvePaths())
        {
            if (_emitted >= Count)
            {
                return;
            }

            ReadFile(file);
        }
    }

    private IEnumerable<string> ResolvePaths() =>
        ResolveFiles(ParameterSetName == LiteralPathSet ? LiteralPath : Path, ParameterSetName == LiteralPathSet, "CaptureFileNotFound");

    private void ReadFile(string file)
    {
        var filter = new PacketFilter(Protocol, Port, Address);
        PacketFileReader reader;
        try
        {
            reader = new PacketFileReader(CaptureFileReader.Open(file), filter, Skip, Count - _emitted, _expression);
        }
        catch (PSSocketException fault)
        {
            WriteFault(fault);
            return;
        }

        using (reader)
        {
            var progress = new ProgressRecord(1, "Import-Pcap", file);
            long lastReport = 0;
            try
            {
                while (reader.Next() is { } packet)
                {
                    StopToken.ThrowIfCancellationRequested();
                    WriteObject(packet);
                    _emitted++;
                    if (reader.Length > 0 && reader.Position - lastReport > 4 * 1024 * 1024)
                    {
                        lastReport = reader.Position;
                        progress.PercentComplete = (int)(100 * reader.Position / reader.Length);
                        progress.StatusDescription = string.Create(CultureInfo.InvariantCulture, $"{file}: {reader.Position:N0} of {reader.Length:N0} bytes");
                        WriteProgress(progress);
                    }
                }
            }
            catch (PSSocketException fault)
            {
                WriteFault(fault);
            }
            catch (IOException e)
            {
                WriteError(Errors.Create(e, "CaptureFileUnreadable", ErrorCategory.ReadError, file));
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
            finally
            {
                if (lastReport > 0)
                {
                    progress.RecordType = ProgressRecordType.Completed;
                    WriteProgress(progress);
                }
            }
        }
    }
}
