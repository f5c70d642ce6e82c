using System.Management.Automation;
using PSSocket.Core;
using PSSocket.Core.Files;
using PSSocket.Core.Packets;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>
/// Writes packets (or raw frames as byte[]) to a pcap or pcapng file that Wireshark and tshark
/// open. A pcap file holds one link type; pcapng holds several and keeps packet comments. A file
/// already at the path is treated as Out-File and Export-Csv do (-NoClobber, -Force, -Append), and
/// a file that is not a capture is never replaced without -Force.
/// </summary>
[Cmdlet(VerbsData.Export, "Pcap", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(FileInfo))]
public sealed class ExportPcapCommand : CancellableCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    private readonly PipelineBytes _loose = new(Core.Parsing.Hex.Parse);
    private CaptureFileWriter? _writer;
    private string _path = string.Empty;
    private bool _declined;
    private int _commentsNotKept;

    /// <summary>The file to write; wildcards must match exactly one existing file (as in Out-File).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [SupportsWildcards]
    public string Path { get; set; } = string.Empty;

    /// <summary>The file to write, taken as written ([ ] * ? are part of the name).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    public string LiteralPath { get; set; } = string.Empty;

    /// <summary>Packet objects (Import-Pcap, New-Packet, ConvertFrom-Packet) or frames as byte[].</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public object? InputObject { get; set; }

    [Parameter]
    public CaptureFormat Format { get; set; } = CaptureFormat.PcapNg;

    /// <summary>A comment stored with every packet written (pcapng opt_comment).</summary>
    [Parameter]
    public string? Comment { get; set; }

    /// <summary>Add to an existing capture (of its own format unless -Format says otherwise, and for pcap its link type) instead of replacing it.</summary>
    [Parameter]
    public SwitchParameter Append { get; set; }

    /// <summary>Do not replace an existing file.</summary>
    [Parameter]
    [Alias("NoOverwrite")]
    public SwitchParameter NoClobber { get; set; }

    /// <summary>Replace an existing file even when it is not a pcap or pcapng file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>The link type of byte[] input (packet objects carry their own).</summary>
    [Parameter]
    public LinkType LinkType { get; set; } = LinkType.Ethernet;

    /// <summary>Write the FileInfo of the file when done.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        _path = ResolveOutputPath(ParameterSetName == LiteralPathSet ? LiteralPath : Path, ParameterSetName == LiteralPathSet);
        if (Comment is not null && Format == CaptureFormat.Pcap)
        {
            ThrowFault(new PSSocketException("CommentNeedsPcapNg", FaultCategory.InvalidArgument, Comment,
                "A pcap file has no place for comments; use -Format PcapNg (the default) to keep -Comment."));
        }

        string action = !File.Exists(_path) ? "Create a capture file"
            : Append ? "Append packets"
            : "Replace the file with a capture";
        _declined = !ShouldProcess(_path, action);
    }

    protected override void ProcessRecord()
    {
        if (_declined)
        {
            return;
        }

        object? value = PipelineValue.Unwrap(InputObject);
        if (PacketInput.TryGet(InputObject, out var packet, out var notAPacket))
        {
            // Live packets, and the copies Import-Clixml and Start-Job give back.
            if (packet is null)
            {
                WriteFault(notAPacket!);
            }
            else
            {
                WritePacket(packet);
            }

            return;
        }

        switch (value)
        {
            case object[] items when items.Length > 0 && Array.TrueForAll(items, i => PacketInput.TryGet(i, out _, out _)):
                // -InputObject $packets binds the whole array at once.
                foreach (object item in items)
                {
                    PacketInput.TryGet(item, out var each, out var fault);
                    if (each is null)
                    {
                        WriteFault(fault!);
                    }
                    else
                    {
                        WritePacket(each);
                    }
                }

                break;
            default:
                byte[]? frame;
                try
                {
                    frame = _loose.Add(InputObject);
                }
                catch (PSSocketException fault)
                {
                    WriteFault(fault);
                    return;
                }

                if (frame is not null)
                {
                    WriteFrame(frame);
                }

                break;
        }
    }

    protected override void EndProcessing()
    {
        if (_declined)
        {
            return;
        }

        if (_loose.HasLoose)
        {
            WriteFrame(_loose.TakeLoose());
        }

        if (_writer is not null)
        {
            try
            {
                _writer.Complete();
            }
            catch (PSSocketException fault)
            {
                ThrowFault(fault);
            }
        }

        if (_commentsNotKept > 0)
        {
            WriteWarning($"{_commentsNotKept} packet comment(s) were not written: a pcap file has no place for comments. Use -Format PcapNg to keep them.");
        }

        if (PassThru && _writer is not null)
        {
            // Read after the file is complete and closed, through the provider (as Get-Item
            // gives it), so its length and the provider's properties are those of the finished file.
            WriteObject(InvokeProvider.Item.Get([_path], force: true, literalPath: true), enumerateCollection: true);
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

    private void WritePacket(Packet packet) =>
        Write(packet.Data, packet.TimestampNanoseconds, packet.Length, packet.LinkType, packet.Interface, Comment ?? packet.Comment, packet);

    private void WriteFrame(byte[] frame) =>
        Write(frame, (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100, frame.Length, LinkType, null, Comment, frame);

    private void Write(byte[] frame, long timestamp, int originalLength, LinkType linkType, string? interfaceName, string? comment, object target)
    {
        try
        {
            // A pcap file takes the link type of its first packet; pcapng describes each as it comes.
            _writer ??= CaptureFileWriter.Create(_path, Append && !MyInvocation.BoundParameters.ContainsKey(nameof(Format)) ? null : Format, linkType,
                new CaptureFileOptions { Append = Append, NoClobber = NoClobber, Force = Force });
            bool keepsComments = Format != CaptureFormat.Pcap;
            _writer.Write(frame, timestamp, originalLength, linkType, interfaceName, keepsComments ? comment : null);
            if (!keepsComments && comment is not null)
            {
                _commentsNotKept++;
            }
        }
        catch (PSSocketException fault) when (fault.ErrorId is "MixedLinkTypesInPcap" or "PcapNgOptionTooLong")
        {
            // This packet cannot go in; the file and the packets after it are fine.
            WriteError(Errors.Create(fault, fault.ErrorId, Errors.Map(fault.Category), target));
        }
        catch (PSSocketException fault)
        {
            ThrowFault(fault);
        }
    }
}
