using PSSocket.Core.Packets;

namespace PSSocket.Core.Tests.Packets;

/// <summary>
/// The per-frame summary (what -Protocol/-Port filters and the CSV columns read before any object exists), checked at
/// the limits of each link header (pcap-linktype(7)) and transport header (RFC 9293, 768, 792), with fixed bytes
/// whose fields tshark 4.0.17 read the same way.
/// </summary>
public class FrameSummaryTests
{
    // IPv4 192.0.2.1 → 198.51.100.7 UDP 53 → 33434 Length 12 "abcd" (tshark: checksums correct).
    private static readonly byte[] Udp = Convert.FromHexString("450000200002000040118e8fc0000201c63364070035829a000ccc0361626364");

    // IPv4 + TCP 443 → 51000, 56-byte header, "hello" (tshark: Len=5).
    private static readonly byte[] Tcp = Convert.FromHexString(
        "450000510001400040064e6ac0000201c633640701bbc738010203040a0b0c0de5b801f6dead0003020405b401030307040201010101080a00000001000000020101050a000003e8000007d068656c6c6f");

    private static PacketSummary Summary(byte[] frame, LinkType linkType = LinkType.RawIP, int? onWire = null)
    {
        FrameDecoder.Decode(frame, linkType, onWire ?? frame.Length, out var s);
        return s;
    }

    [Fact]
    public void A_tcp_segment_gives_its_ports_flags_and_where_its_5_payload_bytes_start()
    {
        var s = Summary(Tcp);
        Assert.Equal(PacketProtocol.Tcp, s.Protocol);
        Assert.Equal((443, 51000), ((int)s.SourcePort, (int)s.DestinationPort));
        Assert.Equal(TcpFlags.Ae | TcpFlags.Cwr | TcpFlags.Urg | TcpFlags.Ack | TcpFlags.Psh, s.TcpFlags);
        Assert.Equal((16909060u, 168496141u, (ushort)502), (s.Sequence, s.Acknowledgment, s.Window));
        Assert.Equal((20, 61, 20 + 56, 5), (s.TransportOffset, s.TransportLength, s.PayloadOffset, s.PayloadLength));
        Assert.True(s.TransportDecoded);
        Assert.True(s.TcpHeaderDecoded);
        Assert.Equal(PacketProblems.None, s.Problems);
    }

    [Theory]
    [InlineData(23, false, false)] // 3 bytes of TCP: not even both ports
    [InlineData(24, true, false)]  // the ports (tshark shows a snapped header's ports)
    [InlineData(39, true, false)]
    [InlineData(40, true, true)]   // the fixed 20 bytes
    public void A_snapped_tcp_header_gives_what_was_captured(int captured, bool ports, bool header)
    {
        var s = Summary(Tcp[..captured], onWire: Tcp.Length);
        Assert.Equal(ports, s.TransportDecoded);
        Assert.Equal(header, s.TcpHeaderDecoded);
        Assert.Equal(ports ? 443 : 0, s.SourcePort);
        Assert.Equal(ports ? 51000 : 0, s.DestinationPort);
        Assert.Equal(header ? 502 : 0, s.Window);
        Assert.Equal(PacketProblems.Truncated | PacketProblems.PayloadTruncated, s.Problems);
        Assert.Equal(-1, s.PayloadOffset);
    }

    [Fact]
    public void A_udp_datagram_gives_where_its_4_payload_bytes_start()
    {
        var s = Summary(Udp);
        Assert.Equal(PacketProtocol.Udp, s.Protocol);
        Assert.Equal((53, 33434), ((int)s.SourcePort, (int)s.DestinationPort));
        Assert.Equal((20, 12, 28, 4), (s.TransportOffset, s.TransportLength, s.PayloadOffset, s.PayloadLength));
        Assert.Equal(PacketProblems.None, s.Problems);

        var snapped = Summary(Udp[..27], onWire: Udp.Length); // 7 of the 8 header bytes
        Assert.True(snapped.TransportDecoded);
        Assert.Equal(-1, snapped.PayloadOffset);
        Assert.Equal(PacketProblems.Truncated | PacketProblems.PayloadTruncated, snapped.Problems);
        Assert.False(Summary(Udp[..23], onWire: Udp.Length).TransportDecoded);

        byte[] lying = [.. Udp];
        lying[25] = 7; // a UDP length below its own header
        var mismatch = Summary(lying);
        Assert.Equal(PacketProblems.LengthMismatch, mismatch.Problems);
        Assert.Equal(4, mismatch.PayloadLength); // the IP length's 12 bytes stand instead
    }

    [Fact]
    public void An_icmp_error_gives_type_code_and_the_quoted_bytes_as_payload()
    {
        // tshark: Destination unreachable (Port unreachable), 28 quoted bytes.
        byte[] icmp = Convert.FromHexString("45c000380009000040018dc0c6336407c00002010303ae1d00000000450000200002000040118e8fc0000201c63364070035829a000ccc03");
        var s = Summary(icmp);
        Assert.Equal(PacketProtocol.Icmp, s.Protocol);
        Assert.Equal((3, 3), ((int)s.IcmpType, (int)s.IcmpCode));
        Assert.Equal((28, 28), (s.PayloadOffset, s.PayloadLength));
        Assert.True(s.TransportDecoded);

        var four = Summary(icmp[..24], onWire: icmp.Length); // type, code, checksum: 4 bytes
        Assert.True(four.TransportDecoded);
        Assert.Equal((24, 32), (four.PayloadOffset, four.PayloadLength));
        Assert.False(Summary(icmp[..23], onWire: icmp.Length).TransportDecoded);
    }

    [Theory]
    [InlineData(new byte[] { 2, 0, 0, 0 }, LinkType.Null, PacketProtocol.Udp)]      // AF_INET, little-endian host
    [InlineData(new byte[] { 0, 0, 0, 2 }, LinkType.Null, PacketProtocol.Udp)]      // AF_INET, big-endian host
    [InlineData(new byte[] { 0, 0, 0, 2 }, LinkType.Loop, PacketProtocol.Udp)]      // DLT_LOOP: network order
    [InlineData(new byte[] { 2, 0, 0, 0 }, LinkType.Loop, PacketProtocol.Unknown)]     // 0x02000000 in network order: no family
    public void Bsd_loopback_families_are_read_in_the_byte_order_of_the_link_type(byte[] header, LinkType linkType, PacketProtocol expected)
    {
        var s = Summary([.. header, .. Udp], linkType);
        Assert.Equal(expected, s.Protocol);
        Assert.Equal(expected == PacketProtocol.Unknown ? -1 : 4, s.NetworkOffset);
    }

    [Theory]
    [InlineData(10u)] // Linux
    [InlineData(24u)] // NetBSD, OpenBSD
    [InlineData(28u)] // FreeBSD
    [InlineData(30u)] // macOS
    public void Every_systems_af_inet6_is_ipv6(uint family)
    {
        Assert.Equal(FrameDecoder.EtherTypeIPv6, FrameDecoder.EtherTypeOfFamily(family));
        Assert.Equal(family, FrameDecoder.NullFamily([(byte)family, 0, 0, 0], LinkType.Null));
        Assert.Equal(family, FrameDecoder.NullFamily([0, 0, 0, (byte)family], LinkType.Null));
    }

    [Fact]
    public void Other_families_carry_nothing_known()
    {
        Assert.Equal(FrameDecoder.EtherTypeIPv4, FrameDecoder.EtherTypeOfFamily(2));
        Assert.Equal(0, FrameDecoder.EtherTypeOfFamily(7));
        Assert.Equal(0xFFFFu, FrameDecoder.NullFamily([0xff, 0xff, 0, 0], LinkType.Null));     // small enough read little-endian
        Assert.Equal(0x01000100u, FrameDecoder.NullFamily([1, 0, 1, 0], LinkType.Null));   // too large little-endian: read big-endian
    }

    [Theory]
    [InlineData(LinkType.Null, 3)]
    [InlineData(LinkType.LinuxSll, 15)]
    [InlineData(LinkType.LinuxSll2, 19)]
    [InlineData(LinkType.Ethernet, 13)]
    [InlineData(LinkType.RawIP, 0)]
    public void A_frame_shorter_than_its_link_header_is_truncated(LinkType linkType, int length)
    {
        var s = Summary(new byte[length], linkType);
        Assert.Equal(PacketProblems.Truncated, s.Problems);
        Assert.Equal(-1, s.NetworkOffset);
    }

    [Fact]
    public void Linux_cooked_headers_put_the_ip_packet_at_16_or_20()
    {
        byte[] v1 = [0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0, 0x08, 0x00, .. Udp];
        var s1 = Summary(v1, LinkType.LinuxSll);
        Assert.Equal((16, PacketProtocol.Udp), (s1.NetworkOffset, s1.Protocol));

        byte[] v2 = [0x08, 0x00, 0, 0, 0, 0, 0, 1, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0, .. Udp];
        var s2 = Summary(v2, LinkType.LinuxSll2);
        Assert.Equal((20, PacketProtocol.Udp), (s2.NetworkOffset, s2.Protocol));
    }

    [Fact]
    public void A_link_type_without_a_decoder_is_unsupported()
    {
        var s = Summary(new byte[64], LinkType.Ieee80211);
        Assert.Equal(PacketProblems.UnsupportedLinkType, s.Problems);
        Assert.Equal(-1, s.NetworkOffset);
    }

    [Fact]
    public void Raw_ip_of_version_6_is_ipv6_and_anything_else_is_taken_for_ipv4()
    {
        byte[] v6 = Convert.FromHexString("6b912345000a3aff20010db800000000000000000000000120010db80000000000000000000000028100beef123401026162");
        var s = Summary(v6);
        Assert.Equal((PacketProtocol.IcmpV6, 6, 40), (s.Protocol, s.IpVersion, s.TransportOffset));
        Assert.Equal(255, s.Ttl);
        Assert.Equal(PacketProblems.BadVersion, Summary([0x55, .. Udp[1..]]).Problems);
    }

    [Fact]
    public void An_arp_message_is_whole_only_with_both_address_pairs()
    {
        byte[] arp = Convert.FromHexString("ffffffffffff0200000000010806" + "0001080006040001020000000001c0000201000000000000c0000202");
        var s = Summary(arp, LinkType.Ethernet);
        Assert.Equal((PacketProtocol.Arp, 14, 28), (s.Protocol, s.NetworkOffset, s.NetworkLength));
        Assert.True(s.ArpIsEthernetIPv4);
        Assert.Equal(PacketProblems.None, s.Problems);

        Assert.Equal(PacketProblems.Truncated, Summary(arp[..41], LinkType.Ethernet).Problems); // one byte short of 28
        Assert.False(Summary(arp[..41], LinkType.Ethernet).ArpIsEthernetIPv4);
        Assert.Equal(PacketProblems.Truncated, Summary(arp[..21], LinkType.Ethernet).Problems); // 7 of the 8 fixed bytes
        Assert.Equal(PacketProblems.None, Summary(arp[..22], LinkType.Ethernet).Problems & PacketProblems.BadVersion);
    }

    [Fact]
    public void Ipv6_no_next_header_ends_the_walk_without_a_transport()
    {
        byte[] v6 = Convert.FromHexString("600000000000" + "3b40" + "20010db800000000000000000000000120010db8000000000000000000000002");
        var s = Summary(v6);
        Assert.Equal((byte)59, s.IpProtocol);
        Assert.Equal(-1, s.TransportOffset);
        Assert.Equal(PacketProtocol.IPv6, s.Protocol);
    }
}
