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

    protected override void Convert(byte[] bytes) =>
        WriteObject(PacketFactory.FromBytes(bytes, LinkType, ++_number));
}
