using System.Globalization;

namespace PSSocket.Core.Packets;

/// <summary>Names of IP protocol numbers, EtherTypes and ICMP messages as Wireshark shows them.</summary>
internal static class ProtocolNames
{
    public static string IpProtocol(byte protocol) => protocol switch
    {
        0 => "HOPOPT",
        1 => "ICMP",
        2 => "IGMP",
        4 => "IPIP",
        6 => "TCP",
        17 => "UDP",
        41 => "IPv6",
        43 => "IPv6-Route",
        44 => "IPv6-Frag",
        47 => "GRE",
        50 => "ESP",
        51 => "AH",
        58 => "ICMPv6",
        59 => "IPv6-NoNxt",
        60 => "IPv6-Opts",
        89 => "OSPF",
        132 => "SCTP",
        _ => "Protocol " + protocol.ToString(CultureInfo.InvariantCulture),
    };

    public static string EtherType(ushort type) => type switch
    {
        FrameDecoder.EtherTypeIPv4 => "IPv4",
        FrameDecoder.EtherTypeArp => "ARP",
        FrameDecoder.EtherTypeIPv6 => "IPv6",
        FrameDecoder.EtherTypeVlan => "802.1Q",
        FrameDecoder.EtherTypeQinQ => "802.1ad",
        0x88CC => "LLDP",
        0x8863 or 0x8864 => "PPPoE",
        0x8847 => "MPLS",
        _ when type <= 1500 => "802.3 length",
        _ => "0x" + type.ToString("x4", CultureInfo.InvariantCulture),
    };

    public static string Icmp(byte type, byte code) => type switch
    {
        0 => "Echo (ping) reply",
        3 => code switch
        {
            0 => "Destination unreachable (Network unreachable)",
            1 => "Destination unreachable (Host unreachable)",
            2 => "Destination unreachable (Protocol unreachable)",
            3 => "Destination unreachable (Port unreachable)",
            4 => "Destination unreachable (Fragmentation needed)",
            13 => "Destination unreachable (Communication administratively filtered)",
            _ => "Destination unreachable",
        },
        4 => "Source quench",
        5 => "Redirect",
        8 => "Echo (ping) request",
        9 => "Router advertisement",
        10 => "Router solicitation",
        11 => code == 0 ? "Time-to-live exceeded (Time to live exceeded in transit)" : "Time-to-live exceeded (Fragment reassembly time exceeded)",
        12 => "Parameter problem",
        13 => "Timestamp request",
        14 => "Timestamp reply",
        _ => "Type " + type.ToString(CultureInfo.InvariantCulture),
    };

    public static string IcmpV6(byte type, byte code) => type switch
    {
        1 => code == 4 ? "Destination Unreachable (Port unreachable)" : "Destination Unreachable",
        2 => "Packet Too Big",
        3 => "Time Exceeded",
        4 => "Parameter Problem",
        128 => "Echo (ping) request",
        129 => "Echo (ping) reply",
        130 => "Multicast Listener Query",
        131 => "Multicast Listener Report",
        133 => "Router Solicitation",
        134 => "Router Advertisement",
        135 => "Neighbor Solicitation",
        136 => "Neighbor Advertisement",
        137 => "Redirect",
        143 => "Multicast Listener Report Message v2",
        _ => "Type " + type.ToString(CultureInfo.InvariantCulture),
    };
}
