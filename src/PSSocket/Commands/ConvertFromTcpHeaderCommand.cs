using System.Management.Automation;
using PSSocket.Core.Packets;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>Decodes a TCP header (and options) from bytes or hex; with the IP addresses it verifies the checksum.</summary>
[Cmdlet(VerbsData.ConvertFrom, "TcpHeader")]
[OutputType(typeof(TcpHeader), typeof(HeaderField))]
public sealed class ConvertFromTcpHeaderCommand : ChecksummedHeaderCmdlet
{
    protected override string LayerName => "TCP";

    protected override byte[]? LayerOf(Packet packet) => packet.TransportBytes(PacketProtocol.Tcp);

    protected override void Convert(byte[] bytes)
    {
        if (!HasFixedHeader(bytes, 20))
        {
            return;
        }

        ulong? pseudo = PseudoHeaderSum(6, bytes.Length);
        WriteHeader(() => TcpHeader.Explain(bytes, pseudo), () => TcpHeader.Decode(bytes, bytes.Length, pseudo));
    }
}
