namespace PSSocket.Core.Packets;

/// <summary>What <see cref="PacketBuilder"/> puts after the IP header.</summary>
internal enum CraftedTransport
{
    Tcp,
    Udp,

    /// <summary>ICMP echo over IPv4, ICMPv6 echo over IPv6.</summary>
    IcmpEcho,
}
