using PSSocket.Core.Packets;

namespace PSSocket.Core.Tests.Packets;

/// <summary>
/// The names the Info column and the header diagrams give protocol numbers, EtherTypes and ICMP messages, against
/// what tshark 4.0.17 printed for frames carrying each number (tshark -V "Protocol:", "Type:", "Code:" lines and the
/// Info column) and the IANA protocol-numbers keywords (as in /etc/protocols).
/// </summary>
public class ProtocolNameTests
{
    [Theory]
    [InlineData(0, "HOPOPT", "IPv6 Hop-by-Hop Option")]
    [InlineData(1, "ICMP", "ICMP")]
    [InlineData(2, "IGMP", "IGMP")]
    [InlineData(4, "IPv4", "IPIP")]
    [InlineData(6, "TCP", "TCP")]
    [InlineData(17, "UDP", "UDP")]
    [InlineData(41, "IPv6", "IPv6")]
    [InlineData(43, "IPv6-Route", "Routing Header for IPv6")]
    [InlineData(44, "IPv6-Frag", "Fragment Header for IPv6")]
    [InlineData(47, "GRE", "Generic Routing Encapsulation")]
    [InlineData(50, "ESP", "Encap Security Payload")]
    [InlineData(51, "AH", "Authentication Header")]
    [InlineData(58, "IPv6-ICMP", "ICMPv6")]
    [InlineData(59, "IPv6-NoNxt", "No Next Header for IPv6")]
    [InlineData(60, "IPv6-Opts", "Destination Options for IPv6")]
    [InlineData(89, "OSPFIGP", "OSPF")] // tshark: "OSPF IGP"
    [InlineData(132, "SCTP", "SCTP")]
    public void Ip_protocol_numbers_get_the_iana_keyword_or_wiresharks_name(byte number, string ianaKeyword, string tsharkName)
    {
        string name = ProtocolNames.IpProtocol(number);
        Assert.True(name == ianaKeyword || name == tsharkName, $"{number}: {name}");
    }

    [Fact]
    public void An_unassigned_ip_protocol_is_named_by_its_number()
    {
        Assert.Contains("253", ProtocolNames.IpProtocol(253), StringComparison.Ordinal); // tshark: "Unknown (253)"
        Assert.Contains("3", ProtocolNames.IpProtocol(3), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x0800, "IPv4 (0x0800)")]
    [InlineData(0x0806, "ARP (0x0806)")]
    [InlineData(0x86dd, "IPv6 (0x86dd)")]
    [InlineData(0x8100, "802.1Q Virtual LAN (0x8100)")]
    [InlineData(0x88a8, "802.1ad Provider Bridge (Q-in-Q) (0x88a8)")]
    [InlineData(0x88cc, "802.1 Link Layer Discovery Protocol (LLDP) (0x88cc)")]
    [InlineData(0x8863, "PPPoE Discovery (0x8863)")]
    [InlineData(0x8864, "PPPoE Session (0x8864)")]
    [InlineData(0x8847, "MPLS label switched packet (0x8847)")]
    [InlineData(0x1234, "Unknown (0x1234)")]
    public void Ether_types_are_named_by_a_part_of_wiresharks_name(int type, string tsharkType)
    {
        string name = ProtocolNames.EtherType((ushort)type);
        Assert.NotEqual(string.Empty, name);
        Assert.Contains(name, tsharkType, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1500)] // IEEE 802.3: a type field up to 1500 is the frame's length, not a type
    [InlineData(46)]
    public void A_type_field_up_to_1500_is_an_802_3_length(int value) =>
        Assert.Contains("length", ProtocolNames.EtherType((ushort)value), StringComparison.Ordinal);

    [Fact]
    public void A_type_field_of_1501_is_not_a_length() =>
        Assert.DoesNotContain("length", ProtocolNames.EtherType(1501), StringComparison.Ordinal);

    // tshark -V: "Type: 3 (Destination unreachable)" + "Code: 3 (Port unreachable)", and its Info column, per message.
    [Theory]
    [InlineData(0, 0, "Echo (ping) reply")]
    [InlineData(3, 0, "Destination unreachable (Network unreachable)")]
    [InlineData(3, 1, "Destination unreachable (Host unreachable)")]
    [InlineData(3, 2, "Destination unreachable (Protocol unreachable)")]
    [InlineData(3, 3, "Destination unreachable (Port unreachable)")]
    [InlineData(3, 4, "Destination unreachable (Fragmentation needed)")]
    [InlineData(3, 13, "Destination unreachable (Communication administratively filtered)")]
    [InlineData(3, 5, "Destination unreachable")]   // tshark adds "(Source route failed)", a code not named here
    [InlineData(4, 0, "Source quench")]             // tshark: "Source quench (flow control)"
    [InlineData(5, 0, "Redirect")]
    [InlineData(8, 0, "Echo (ping) request")]
    [InlineData(9, 0, "Router advertisement")]      // tshark: code 0 "Normal router advertisement" (RFC 1256)
    [InlineData(10, 0, "Router solicitation")]
    [InlineData(11, 0, "Time-to-live exceeded (Time to live exceeded in transit)")]
    [InlineData(11, 1, "Time-to-live exceeded (Fragment reassembly time exceeded)")]
    [InlineData(12, 0, "Parameter problem")]
    [InlineData(13, 0, "Timestamp request")]
    [InlineData(14, 0, "Timestamp reply")]
    public void Icmp_messages_are_named_as_wireshark_names_them(byte type, byte code, string tshark) =>
        Assert.Equal(tshark, ProtocolNames.Icmp(type, code));

    [Theory]
    [InlineData(1, 0, "Destination Unreachable")]
    [InlineData(1, 4, "Destination Unreachable (Port unreachable)")]
    [InlineData(2, 0, "Packet Too Big")]
    [InlineData(3, 0, "Time Exceeded")]
    [InlineData(4, 0, "Parameter Problem")]
    [InlineData(128, 0, "Echo (ping) request")]
    [InlineData(129, 0, "Echo (ping) reply")]
    [InlineData(130, 0, "Multicast Listener Query")]
    [InlineData(131, 0, "Multicast Listener Report")]
    [InlineData(133, 0, "Router Solicitation")]
    [InlineData(134, 0, "Router Advertisement")]
    [InlineData(135, 0, "Neighbor Solicitation")]
    [InlineData(136, 0, "Neighbor Advertisement")]
    [InlineData(137, 0, "Redirect")]
    [InlineData(143, 0, "Multicast Listener Report Message v2")]
    public void Icmpv6_messages_are_named_as_wireshark_names_them(byte type, byte code, string tshark) =>
        Assert.Equal(tshark, ProtocolNames.IcmpV6(type, code));

    [Fact]
    public void Unnamed_icmp_types_are_named_by_their_number()
    {
        Assert.Contains("42", ProtocolNames.Icmp(42, 0), StringComparison.Ordinal);   // tshark: "Extended Echo request"
        Assert.Contains("200", ProtocolNames.IcmpV6(200, 0), StringComparison.Ordinal); // tshark: "Private experimentation"
    }
}
