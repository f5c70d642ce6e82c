using System.Management.Automation;
using PSSocket.Core.Packets;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>Decodes an ICMP (or, with -IPv6, ICMPv6) message header from bytes or hex.</summary>
[Cmdlet(VerbsData.ConvertFrom, "IcmpHeader")]
[OutputType(typeof(IcmpHeader), typeof(HeaderField))]
public sealed class ConvertFromIcmpHeaderCommand : ChecksummedHeaderCmdlet
{
    /// <summary>Decode as ICMPv6 (types 128/129 are echo, the checksum has a pseudo-header).</summary>
    [Parameter]
    public SwitchParameter IPv6 { get; set; }

    protected override string LayerName => IPv6 || InputPacket?.Protocol == PacketProtocol.IcmpV6 ? "ICMPv6" : "ICMP";

    protected override byte[]? LayerOf(Packet packet) =>
        packet.TransportBytes(PacketProtocol.Icmp) ?? packet.TransportBytes(PacketProtocol.IcmpV6);

    protected override void Convert(byte[] bytes)
    {
        if (!HasFixedHeader(bytes, 8))
        {
            return;
        }

        // ICMPv4 sums no pseudo-header (0); ICMPv6 needs the addresses to verify (null without them).
        bool v6 = IPv6 || InputPacket?.Protocol == PacketProtocol.IcmpV6;
        ulong? pseudo = v6 ? PseudoHeaderSum(58, bytes.Length) : 0;
        int version = v6 ? 6 : 4;
        WriteHeader(() => IcmpHeader.Explain(bytes, version, pseudo), () => IcmpHeader.Decode(bytes, bytes.Length, version, pseudo));
    }
}
