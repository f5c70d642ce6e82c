using System.Net;
using PSSocket.Core.Packets;

namespace PSSocket.Core.Tests.Packets;

/// <summary>
/// The engine's -Protocol/-Port/-Address selection against what tcpdump 4.99 (ports, hosts) and tshark 4.0 (protocols:
/// "ip" and "ipv6" include what they carry) selected from the same eight fixed frames.
/// </summary>
public class PacketFilterTests
{
    private static readonly byte[] Eth4 = Convert.FromHexString("0000000000000200000000010800");
    private static readonly byte[] Eth6 = Convert.FromHexString("00000000000002000000000186dd");

    /// <summary>The frames, in the order tcpdump and tshark read them from one pcap file.</summary>
    private static readonly (string Name, byte[] Frame)[] Frames =
    [
        ("fragment", [.. Eth4, .. Convert.FromHexString("46bb0024beef20b901111234c0000201c6336407940400000035829a000cabcd61626364")]), // later UDP fragment
        ("tcp", [.. Eth4, .. Convert.FromHexString("450000510001400040064e6ac0000201c633640701bbc738010203040a0b0c0de5b801f6dead0003020405b401030307040201010101080a00000001000000020101050a000003e8000007d068656c6c6f")]),
        ("udp", [.. Eth4, .. Convert.FromHexString("450000200002000040118e8fc0000201c63364070035829a000ccc0361626364")]),
        ("icmp", [.. Eth4, .. Convert.FromHexString("45c000380009000040018dc0c6336407c00002010303ae1d00000000450000200002000040118e8fc0000201c63364070035829a000ccc03")]),
        ("icmpv6", [.. Eth6, .. Convert.FromHexString("6b912345000a3aff20010db800000000000000000000000120010db80000000000000000000000028100beef123401026162")]),
        ("arp", Convert.FromHexString("ffffffffffff0200000000010806" + "0001080006040001020000000001c0000201000000000000c0000202")),
        ("ipv4cut", [.. Eth4, .. Convert.FromHexString("450000200002000040118e8fc00002")]), // 15 bytes: no addresses
        ("udpcut", [.. Eth4, .. Convert.FromHexString("450000200002000040118e8fc0000201c6336407003582")]), // addresses, 3 bytes of UDP
    ];

    private static string Selected(PacketFilter filter, params string[] among)
    {
        var names = new List<string>();
        foreach (var (name, frame) in Frames)
        {
            if (among.Length > 0 && !among.Contains(name))
            {
                continue;
            }

            FrameDecoder.Decode(frame, LinkType.Ethernet, frame.Length, out var s);
            if (filter.Matches(frame, s))
            {
                names.Add(name);
            }
        }

        return string.Join(" ", names);
    }

    // tshark -Y: tcp → 2, icmp → 4, icmpv6 → 5, ip → 1 2 3 4 7 8, ipv6 → 5, arp → 6.
    [Theory]
    [InlineData(PacketProtocol.Tcp, "tcp")]
    [InlineData(PacketProtocol.Icmp, "icmp")]
    [InlineData(PacketProtocol.IcmpV6, "icmpv6")]
    [InlineData(PacketProtocol.IPv4, "fragment tcp udp icmp ipv4cut udpcut")]
    [InlineData(PacketProtocol.IPv6, "icmpv6")]
    [InlineData(PacketProtocol.Arp, "arp")]
    public void A_protocol_selects_what_wiresharks_filter_of_that_name_selects(PacketProtocol protocol, string expected) =>
        Assert.Equal(expected, Selected(new PacketFilter([protocol], null, null)));

    [Fact]
    public void Udp_selects_the_datagram_and_not_the_udp_quoted_inside_an_icmp_error()
    {
        // tshark's "udp" also selects frame 4, whose ICMP error quotes a UDP header; the packet there is ICMP.
        Assert.Equal("udp", Selected(new PacketFilter([PacketProtocol.Udp], null, null), "fragment", "tcp", "udp", "icmpv6", "arp"));
        Assert.Equal("tcp udp", Selected(new PacketFilter([PacketProtocol.Tcp, PacketProtocol.Udp], null, null), "fragment", "tcp", "udp", "icmpv6", "arp"));
    }

    // tcpdump -r: "port 53" → the UDP datagram (not the later fragment that starts with 0x0035), "port 443" → the segment.
    [Theory]
    [InlineData(53, "udp")]
    [InlineData(33434, "udp")]
    [InlineData(443, "tcp")]
    [InlineData(51000, "tcp")]
    [InlineData(80, "")]
    public void A_port_selects_either_end_of_what_tcpdump_port_selects(int port, string expected) =>
        Assert.Equal(expected, Selected(new PacketFilter(null, [port], null), "fragment", "tcp", "udp", "icmp", "icmpv6", "arp"));

    [Fact]
    public void Several_ports_select_any_of_them() =>
        Assert.Equal("tcp udp", Selected(new PacketFilter(null, [443, 53], null), "fragment", "tcp", "udp", "icmp", "icmpv6", "arp"));

    // tcpdump -r "host X": IPv4 either address (a header with both addresses captured), ARP sender or target, IPv6.
    [Theory]
    [InlineData("192.0.2.1", "fragment tcp udp icmp arp udpcut")]
    [InlineData("192.0.2.2", "arp")]
    [InlineData("198.51.100.7", "fragment tcp udp icmp udpcut")]
    [InlineData("2001:db8::2", "icmpv6")]
    [InlineData("2001:db8::1", "icmpv6")]
    [InlineData("::ffff:192.0.2.2", "arp")] // an IPv4-mapped address is its IPv4 address
    [InlineData("203.0.113.9", "")]
    public void An_address_selects_what_tcpdump_host_selects(string address, string expected) =>
        Assert.Equal(expected, Selected(new PacketFilter(null, null, [IPAddress.Parse(address)])));

    [Fact]
    public void Every_given_list_must_match()
    {
        var filter = new PacketFilter([PacketProtocol.Udp, PacketProtocol.Tcp], [53], [IPAddress.Parse("198.51.100.7")]);
        Assert.Equal("udp", Selected(filter));
        Assert.Equal(string.Empty, Selected(new PacketFilter([PacketProtocol.Tcp], [53], null)));
        Assert.Equal(string.Empty, Selected(new PacketFilter([PacketProtocol.Udp], null, [IPAddress.Parse("192.0.2.2")])));
    }

    [Fact]
    public void Empty_lists_select_everything_like_no_lists()
    {
        var filter = new PacketFilter([], [], []);
        Assert.True(filter.IsEmpty);
        Assert.Null(filter.Protocols);
        Assert.Null(filter.Ports);
        Assert.Empty(filter.Addresses);
        Assert.Equal(string.Join(" ", Frames.Select(f => f.Name)), Selected(filter));
        Assert.True(PacketFilter.All.IsEmpty);
        Assert.False(new PacketFilter([PacketProtocol.Tcp], null, null).IsEmpty);
        Assert.False(new PacketFilter(null, [1], null).IsEmpty);
        Assert.False(new PacketFilter(null, null, [IPAddress.Loopback]).IsEmpty);
        Assert.Equal([192, 0, 2, 2], new PacketFilter(null, null, [IPAddress.Parse("::ffff:192.0.2.2")]).Addresses.Single());
    }

    // tshark -Y 'tcp.port == 0 || udp.port == 0' selects none of the eight: the ICMP message and the 3 bytes of UDP have no port 0.
    [Fact]
    public void Port_0_selects_nothing_that_carries_no_port()
    {
        Assert.Equal(string.Empty, Selected(new PacketFilter(null, [0], null)));
    }
}
