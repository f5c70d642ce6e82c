using System.Management.Automation;
using System.Net.Sockets;
using PSSocket.Core.Packets;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>Decodes a UDP header from bytes or hex; with the IP addresses it verifies the checksum.</summary>
[Cmdlet(VerbsData.ConvertFrom, "UdpHeader")]
[OutputType(typeof(UdpHeader), typeof(HeaderField))]
public sealed class ConvertFromUdpHeaderCommand : ChecksummedHeaderCmdlet
{
    protected override string LayerName => "UDP";

    protected override byte[]? LayerOf(Packet packet) => packet.TransportBytes(PacketProtocol.Udp);

    protected override void Convert(byte[] bytes)
    {
        if (!HasFixedHeader(bytes, 8))
        {
            return;
        }

        // The decoder adds the UDP length field to the pseudo-header itself.
        ulong? pseudo = PseudoHeaderSum(17, 0);

        // Only over IPv4 does a zero checksum mean "none"; without addresses, assume IPv4 as most labs do.
        bool zeroMeansNone = PseudoHeaderFamily != AddressFamily.InterNetworkV6;
        WriteHeader(() => UdpHeader.Explain(bytes, pseudo, zeroMeansNone), () => UdpHeader.Decode(bytes, bytes.Length, pseudo, zeroMeansNone));
    }
}
