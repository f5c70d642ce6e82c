using System.Globalization;
using System.Management.Automation;
using PSSocket.Core;
using PSSocket.Core.Packets;
using PSSocket.Core.Parsing;

namespace PSSocket.Infrastructure;

/// <summary>
/// Base of cmdlets that take one header or frame per input item: a byte[] (whole with
/// -InputObject or `,$b |`, or unrolled byte by byte through the pipeline), hex text, or a packet
/// object (also one that came back from Import-Clixml or a job), of which each cmdlet takes its layer.
/// </summary>
public abstract class BytesInputCmdlet : PSSocketCmdlet
{
    private readonly PipelineBytes _bytes = new(Hex.Parse);

    /// <summary>The input item being converted, for error targets: what the user gave, not the bytes made of it.</summary>
    private object? _target;

    /// <summary>The bytes: byte[], numbers 0-255, hex text such as '45 00 00 28', or a packet object.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public object? InputObject { get; set; }

    /// <summary>The packet the current bytes came from, or null when the input was bytes or text.</summary>
    protected Packet? InputPacket { get; private set; }

    protected override void ProcessRecord()
    {
        InputPacket = null;
        _target = InputObject;
        byte[]? bytes;
        try
        {
            if (PacketInput.TryGet(InputObject, out var packet, out var notAPacket))
            {
                if (packet is null)
                {
                    WriteFault(notAPacket!);
                    return;
                }

                InputPacket = packet;
                bytes = LayerOf(packet);
                if (bytes is null)
                {
                    WriteFault(new PSSocketException("PacketLacksLayer", FaultCategory.InvalidArgument, InputObject,
                        $"Packet {packet.Number} ({packet.Protocol}) has no {LayerName} header to decode."));
                    return;
                }
            }
            else
            {
                bytes = _bytes.Add(InputObject);
            }
        }
        catch (PSSocketException fault)
        {
            WriteFault(fault);
            return;
        }

        if (bytes is not null)
        {
            Convert(bytes);
        }
    }

    protected override void EndProcessing()
    {
        InputPacket = null;
        if (_bytes.HasLoose)
        {
            byte[] bytes = _bytes.TakeLoose();
            _target = bytes;
            Convert(bytes);
        }
    }

    /// <summary>What the header or frame is called in messages ("TCP", "IPv4"...).</summary>
    protected abstract string LayerName { get; }

    /// <summary>The bytes of a packet this cmdlet decodes (its layer), or null when the packet has no such layer.</summary>
    protected abstract byte[]? LayerOf(Packet packet);

    /// <summary>
    /// False, after writing HeaderTruncated, when <paramref name="bytes"/> are fewer than the fixed
    /// header: the fields it would show would be made up of padding.
    /// </summary>
    protected bool HasFixedHeader(byte[] bytes, int fixedLength)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length >= fixedLength)
        {
            return true;
        }

        WriteFault(new PSSocketException("HeaderTruncated", FaultCategory.InvalidData, _target,
            string.Create(CultureInfo.InvariantCulture,
                $"A {LayerName} header is at least {fixedLength} bytes; the input has {bytes.Length}. Nothing is decoded from a header cut short.")));
        return false;
    }

    /// <summary>Decodes one input's bytes and writes the result.</summary>
    protected abstract void Convert(byte[] bytes);
}
