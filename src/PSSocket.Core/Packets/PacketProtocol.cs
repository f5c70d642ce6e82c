namespace PSSocket.Core.Packets;

/// <summary>The highest protocol decoded in a packet, as Wireshark's Protocol column shows it.</summary>
public enum PacketProtocol
{
    Unknown,
    Arp,
    IPv4,
    IPv6,
    Tcp,
    Udp,
    Icmp,
    IcmpV6,
}
