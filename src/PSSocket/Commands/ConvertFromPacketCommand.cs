using System.Management.Automation;
using PSSocket.Core.Packets;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>Decodes a whole frame (or a raw IP packet) into a packet object with every layer.</summary>
[Cmdlet(VerbsData.ConvertFrom, "Packet")]
[OutputType(typeof(Packet))]
public sealed class ConvertFromPacketCommand : BytesInputCmdlet
{
    private long _number;

    /// <summary>What the first byte of the input is: an Ethernet frame (default), raw IP, Linux cooked v1/v2, BSD loopback.</summary>
    [Parameter]
    public LinkType LinkType { get; set; } = LinkType.Ethernet;

    protected override string LayerName => (InputPacket?.LinkType ?? LinkType).ToString();

    /// <summary>A packet is decoded again from its own bytes and link type (a rebuilt one from Import-Clixml included).</summary>
    protected override byte[]? LayerOf(Packet packet) => packet.Data;

    protected override void Convert(byte[] bytes)
    {
        _number++;
        var linkType = InputPacket?.LinkType ?? LinkType;
        if (!HasFixedHeader(bytes, FixedHeaderLength(linkType, bytes)))
        {
            return;
        }

        WriteObject(InputPacket is { } p
            ? new Packet(p.Number, p.TimestampNanoseconds, p.Interface, linkType, p.Length, bytes, p.Comment)
            : PacketFactory.FromBytes(bytes, linkType, _number));
    }

    /// <summary>The link header's length; for raw IP, the fixed IP header of the version the first byte names.</summary>
    private static int FixedHeaderLength(LinkType linkType, byte[] bytes) => linkType switch
    {
        LinkType.Ethernet => 14,
        LinkType.LinuxSll => 16,
        LinkType.LinuxSll2 => 20,
        LinkType.Null or LinkType.Loop => 4,
        _ => bytes.Length > 0 && bytes[0] >> 4 == 6 ? 40 : 20,
    };
}
