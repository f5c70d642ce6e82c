using PSSocket.Core.Packets;

namespace PSSocket.Core.Tests.Packets;

/// <summary>
/// The fast path's limits one byte either side, from the header layouts themselves: pcap-linktype(7) for the link
/// headers (Ethernet 14, 802.1Q tag 4, Linux SLL 16, SLL2 20, BSD loopback 4 bytes), RFC 826 for ARP (8 fixed bytes,
/// then 2 × (hlen + plen)), RFC 791 (IHL, total length), RFC 8200 (40-byte header, extension headers in 8-byte units,
/// the fragment header's 13-bit offset, M flag and 32-bit identification), RFC 768 (UDP length ≥ 8) and RFC 9293 (data
/// offset). Each frame is built field by field below; every expectation is what those layouts say the bytes mean.
/// </summary>
public class FrameDecoderBoundaryTests
{
    private static PacketSummary Summary(byte[] frame, LinkType linkType, int? onWire = null)
    {
        FrameDecoder.Decode(frame, linkType, onWire ?? frame.Length, out var s);
        return s;
    }

    private static byte[] Hex(string hex) => Convert.FromHexString(hex);

    // RFC 8200 §3: version 6, payload length, next header, hop limit 64, 2001:db8::1 → 2001:db8::2.
    private static byte[] Ipv6(int payloadLength, byte next, params byte[] rest) =>
        [0x60, 0, 0, 0, (byte)(payloadLength >> 8), (byte)payloadLength, next, 64,
         .. Hex("20010db8000000000000000000000001"), .. Hex("20010db8000000000000000000000002"), .. rest];

    // RFC 791 §3.1: IHL 5, total length, protocol, TTL 64, 192.0.2.1 → 198.51.100.7 (checksum not read by the fast path).
    private static byte[] Ipv4(int totalLength, byte protocol, params byte[] rest) =>
        [0x45, 0, (byte)(totalLength >> 8), (byte)totalLength, 0, 1, 0, 0, 64, protocol, 0, 0,
         192, 0, 2, 1, 198, 51, 100, 7, .. rest];

    [Fact]
    public void A_linux_sll_frame_of_exactly_16_bytes_reaches_the_network_layer_and_15_do_not()
    {
        byte[] sll = Hex("00000001000600000000000000000800"); // packet type, ARPHRD, address length 6, address, protocol 0x0800
        var exact = Summary(sll, LinkType.LinuxSll);
        Assert.Equal((PacketProtocol.IPv4, 16, (ushort)0x0800), (exact.Protocol, exact.NetworkOffset, exact.EtherType));
        Assert.Equal(PacketProblems.Truncated, exact.Problems); // no IPv4 byte captured

        var cut = Summary(sll[..15], LinkType.LinuxSll);
        Assert.Equal((PacketProtocol.Unknown, -1, (ushort)0), (cut.Protocol, cut.NetworkOffset, cut.EtherType));
        Assert.Equal(PacketProblems.Truncated, cut.Problems);
    }

    [Fact]
    public void A_linux_sll2_frame_of_exactly_20_bytes_reaches_the_network_layer_and_19_do_not()
    {
        byte[] sll2 = Hex("86dd00000000000100010006000000000000" + "0000"); // protocol 0x86DD first, then 18 bytes
        var exact = Summary(sll2, LinkType.LinuxSll2);
        Assert.Equal((PacketProtocol.IPv6, 20), (exact.Protocol, exact.NetworkOffset));
        Assert.Equal(PacketProblems.Truncated, exact.Problems);

        var cut = Summary(sll2[..19], LinkType.LinuxSll2);
        Assert.Equal((PacketProtocol.Unknown, -1), (cut.Protocol, cut.NetworkOffset));
        Assert.Equal(PacketProblems.Truncated, cut.Problems);
    }

    [Fact]
    public void A_bsd_loopback_frame_of_exactly_4_bytes_reaches_the_network_layer_and_3_do_not()
    {
        byte[] family = [2, 0, 0, 0]; // AF_INET in the capturing host's (little-endian) order
        var exact = Summary(family, LinkType.Null);
        Assert.Equal((PacketProtocol.IPv4, 4), (exact.Protocol, exact.NetworkOffset));
        Assert.Equal(PacketProblems.Truncated, exact.Problems);

        var cut = Summary(family[..3], LinkType.Null);
        Assert.Equal((PacketProtocol.Unknown, -1), (cut.Protocol, cut.NetworkOffset));
        Assert.Equal(PacketProblems.Truncated, cut.Problems);
    }

    [Fact]
    public void An_ethernet_frame_of_exactly_14_bytes_reaches_the_network_layer_and_13_do_not()
    {
        byte[] ethernet = Hex("ffffffffffff0200000000010800");
        var exact = Summary(ethernet, LinkType.Ethernet);
        Assert.Equal((PacketProtocol.IPv4, 14), (exact.Protocol, exact.NetworkOffset));
        Assert.Equal(PacketProblems.Truncated, exact.Problems);

        var cut = Summary(ethernet[..13], LinkType.Ethernet);
        Assert.Equal((PacketProtocol.Unknown, -1, (ushort)0), (cut.Protocol, cut.NetworkOffset, cut.EtherType));
        Assert.Equal(PacketProblems.Truncated, cut.Problems);
    }

    [Fact]
    public void A_vlan_tag_of_exactly_4_bytes_is_read_and_a_cut_tag_is_truncated()
    {
        byte[] tagged = Hex("ffffffffffff020000000001" + "8100" + "0064" + "86dd"); // 802.1Q, VID 100, then IPv6
        var exact = Summary(tagged, LinkType.Ethernet);
        Assert.Equal((PacketProtocol.IPv6, 18, (ushort)0x86DD), (exact.Protocol, exact.NetworkOffset, exact.EtherType));
        Assert.Equal(PacketProblems.Truncated, exact.Problems);

        var cut = Summary(tagged[..17], LinkType.Ethernet);
        Assert.Equal((PacketProtocol.Unknown, -1, (ushort)0), (cut.Protocol, cut.NetworkOffset, cut.EtherType));
        Assert.Equal(PacketProblems.Truncated, cut.Problems);
    }

    [Fact]
    public void An_arp_header_cut_after_its_8_fixed_bytes_still_announces_its_28_byte_length()
    {
        byte[] arp = [.. Hex("ffffffffffff0200000000010806"), .. Hex("0001080006040001")]; // Ethernet/IPv4, request
        var s = Summary(arp, LinkType.Ethernet);
        Assert.Equal((PacketProtocol.Arp, 14, 28), (s.Protocol, s.NetworkOffset, s.NetworkLength));
        Assert.Equal(PacketProblems.Truncated, s.Problems);
        Assert.False(s.ArpIsEthernetIPv4);

        var seven = Summary(arp[..21], LinkType.Ethernet);
        Assert.Equal((PacketProtocol.Arp, 0), (seven.Protocol, seven.NetworkLength));
        Assert.Equal(PacketProblems.Truncated, seven.Problems);
    }

    [Theory]
    [InlineData(6, 4, true)]
    [InlineData(6, 16, false)] // Ethernet addresses with IPv6 protocol addresses
    [InlineData(8, 4, false)] // EUI-64 hardware addresses with IPv4
    public void An_arp_packet_is_ethernet_ipv4_only_when_both_address_lengths_say_so(byte hlen, byte plen, bool ethernetIPv4)
    {
        byte[] arp = [.. Hex("ffffffffffff0200000000010806"), 0, 1, 8, 0, hlen, plen, 0, 1, .. new byte[2 * (hlen + plen)]];
        var s = Summary(arp, LinkType.Ethernet);
        Assert.Equal(8 + (2 * (hlen + plen)), s.NetworkLength);
        Assert.Equal(PacketProblems.None, s.Problems);
        Assert.Equal(ethernetIPv4, s.ArpIsEthernetIPv4);
    }

    [Fact]
    public void An_ipv4_header_shorter_than_20_bytes_is_truncated()
    {
        var s = Summary(Ipv4(20, 17)[..19], LinkType.RawIP);
        Assert.Equal((PacketProtocol.IPv4, PacketProblems.Truncated), (s.Protocol, s.Problems));
    }

    [Fact]
    public void An_ipv4_ihl_below_5_is_bad_and_nothing_above_it_is_decoded()
    {
        byte[] ip = Ipv4(28, 17, Hex("003500350008ffff"));
        ip[0] = 0x44; // IHL 4 = 16 bytes: below the 20 RFC 791 requires
        var s = Summary(ip, LinkType.RawIP);
        Assert.Equal((PacketProtocol.IPv4, PacketProblems.BadIhl), (s.Protocol, s.Problems));
        Assert.Equal((-1, false), (s.TransportOffset, s.TransportDecoded));
    }

    [Fact]
    public void An_ipv4_header_whose_options_were_not_captured_is_truncated()
    {
        byte[] ip = Ipv4(24, 17);
        ip[0] = 0x46; // IHL 6 = 24 bytes; only 20 captured
        Assert.Equal(PacketProblems.Truncated, Summary(ip, LinkType.RawIP).Problems);
    }

    [Fact]
    public void An_ipv4_total_length_below_the_header_length_is_a_length_mismatch()
    {
        Assert.Equal(PacketProblems.LengthMismatch, Summary(Ipv4(19, 17), LinkType.RawIP).Problems);
    }

    [Fact]
    public void An_ipv4_total_length_beyond_the_wire_is_a_length_mismatch_and_beyond_the_capture_only_a_snap()
    {
        byte[] ip = Ipv4(100, 253, new byte[20]); // experimental protocol 253: no transport walk
        Assert.Equal(PacketProblems.LengthMismatch, Summary(ip, LinkType.RawIP, onWire: 40).Problems);
        Assert.Equal(PacketProblems.PayloadTruncated, Summary(ip, LinkType.RawIP, onWire: 100).Problems);
    }

    [Fact]
    public void An_ipv6_header_shorter_than_40_bytes_is_truncated()
    {
        var s = Summary(Ipv6(0, 59)[..39], LinkType.RawIP);
        Assert.Equal((PacketProtocol.IPv6, PacketProblems.Truncated), (s.Protocol, s.Problems));
    }

    [Fact]
    public void An_ipv6_header_whose_version_is_not_6_is_bad_and_nothing_above_it_is_decoded()
    {
        byte[] ip = Ipv6(8, 17, Hex("0035003500080000"));
        ip[0] = 0x40;
        var s = Summary([.. Hex("ffffffffffff02000000000186dd"), .. ip], LinkType.Ethernet);
        Assert.Equal((PacketProtocol.IPv6, PacketProblems.BadVersion), (s.Protocol, s.Problems));
        Assert.Equal((-1, false, (byte)0), (s.TransportOffset, s.TransportDecoded, s.IpProtocol));
    }

    [Fact]
    public void An_ipv6_payload_beyond_the_wire_behind_an_ethernet_header_is_a_length_mismatch()
    {
        // 14 + 40 + 10 bytes captured of a payload that announces 20; the wire had 14 + 55.
        byte[] frame = [.. Hex("ffffffffffff02000000000186dd"), .. Ipv6(20, 253, new byte[10])];
        Assert.Equal(PacketProblems.LengthMismatch, Summary(frame, LinkType.Ethernet, onWire: 69).Problems);
        Assert.Equal(PacketProblems.PayloadTruncated, Summary(frame, LinkType.Ethernet, onWire: 74).Problems);
    }

    [Fact]
    public void Seventeen_ipv6_extension_headers_are_too_many()
    {
        byte[] chain = [.. Enumerable.Range(0, 17).SelectMany(i => (byte[])[60, 0, 1, 4, 0, 0, 0, 0])];
        chain[^8] = 59;
        var s = Summary(Ipv6(chain.Length, 60, chain), LinkType.RawIP);
        Assert.Equal(PacketProblems.TooManyExtensionHeaders, s.Problems);
        Assert.Equal((byte)60, s.IpProtocol);
    }

    [Fact]
    public void An_extension_header_that_ends_exactly_where_the_payload_ends_has_no_problem()
    {
        var s = Summary(Ipv6(8, 0, 59, 0, 1, 4, 0, 0, 0, 0), LinkType.RawIP); // hop-by-hop, PadN, then no next header
        Assert.Equal(PacketProblems.None, s.Problems);
        Assert.Equal((byte)59, s.IpProtocol);
    }

    [Fact]
    public void An_extension_header_shorter_than_8_bytes_is_a_length_mismatch_in_the_packet_and_truncation_in_a_snap()
    {
        byte[] lying = Ipv6(4, 0, 59, 0, 1, 2); // payload length 4: the header's own length field says 8
        var s = Summary(lying, LinkType.RawIP);
        Assert.Equal((PacketProblems.LengthMismatch, (byte)0), (s.Problems, s.IpProtocol));

        byte[] snapped = Ipv6(8, 0, 59, 0, 1, 2); // 8 announced, 4 captured, 8 on the wire
        var t = Summary(snapped, LinkType.RawIP, onWire: 48);
        Assert.Equal((PacketProblems.PayloadTruncated | PacketProblems.Truncated, (byte)0), (t.Problems, t.IpProtocol));
    }

    [Fact]
    public void An_extension_header_longer_than_the_payload_is_a_length_mismatch_in_the_packet_and_truncation_in_a_snap()
    {
        // Destination options with header extension length 1: 16 bytes, of which the payload holds 8.
        byte[] lying = Ipv6(8, 60, 17, 1, 1, 4, 0, 0, 0, 0);
        var s = Summary(lying, LinkType.RawIP);
        Assert.Equal((PacketProblems.LengthMismatch, (byte)17), (s.Problems, s.IpProtocol));

        byte[] snapped = Ipv6(24, 60, 17, 1, 1, 4, 0, 0, 0, 0); // 24 announced, 8 captured, 24 on the wire
        var t = Summary(snapped, LinkType.RawIP, onWire: 64);
        Assert.Equal((PacketProblems.PayloadTruncated | PacketProblems.Truncated, (byte)17), (t.Problems, t.IpProtocol));
    }

    [Theory]
    [InlineData("0000abcd", 0x0001, 0xabcd, (int)IPv4Flags.MoreFragments, 0)] // first fragment, more to come
    [InlineData("00001234", 0x00b8, 0x1234, (int)IPv4Flags.None, 23)] // last fragment at 23 × 8 bytes
    public void An_ipv6_fragment_header_gives_its_offset_more_fragments_flag_and_identification(
        string identification, int offsetAndFlags, int id, int flags, int offset)
    {
        byte[] fragment = [17, 0, (byte)(offsetAndFlags >> 8), (byte)offsetAndFlags, .. Hex(identification)];
        var s = Summary(Ipv6(8, 44, fragment), LinkType.RawIP);
        Assert.Equal(((ushort)offset, (ushort)id, (IPv4Flags)flags), (s.FragmentOffset, s.IpIdentification, s.IpFlags));
        Assert.Equal((byte)17, s.IpProtocol);
    }

    [Fact]
    public void A_tcp_data_offset_beyond_a_length_that_itself_lies_is_still_a_length_mismatch()
    {
        // IPv4 total 60 but only 50 bytes existed on the wire; the TCP data offset claims 60 of the 40 the IP header leaves.
        byte[] tcp = [.. Hex("d43100500000000100000000"), 0xf0, 0x10, .. Hex("ffff00000000"), .. new byte[10]];
        var s = Summary(Ipv4(60, 6, tcp), LinkType.RawIP, onWire: 50);
        Assert.Equal(PacketProblems.LengthMismatch, s.Problems);
        Assert.Equal((54321, 80), ((int)s.SourcePort, (int)s.DestinationPort));
    }

    [Fact]
    public void A_udp_length_beyond_a_length_that_itself_lies_is_still_a_length_mismatch()
    {
        // IPv4 total 40 with 35 on the wire; UDP length 100 of the 20 the IP header leaves.
        var s = Summary(Ipv4(40, 17, [.. Hex("0035d4310064ffff"), .. new byte[7]]), LinkType.RawIP, onWire: 35);
        Assert.Equal(PacketProblems.LengthMismatch, s.Problems);
    }

    [Fact]
    public void Exactly_4_bytes_of_udp_give_both_ports()
    {
        var s = Summary(Ipv4(28, 17, Hex("0035d431")), LinkType.RawIP, onWire: 48);
        Assert.Equal((PacketProtocol.Udp, true, 53, 54321), (s.Protocol, s.TransportDecoded, (int)s.SourcePort, (int)s.DestinationPort));
        Assert.Equal(PacketProblems.PayloadTruncated | PacketProblems.Truncated, s.Problems);
    }

    [Theory]
    [InlineData(8, 8, 0, false)] // an empty datagram is the smallest valid one
    [InlineData(12, 20, 4, false)] // UDP length below the IP payload: the rest is not UDP's
    [InlineData(7, 8, 0, true)]
    [InlineData(21, 20, 12, true)]
    public void A_udp_length_from_8_to_the_ip_payload_is_valid(int udpLength, int ipPayload, int payload, bool mismatch)
    {
        byte[] udp = [0, 53, 0, 53, (byte)(udpLength >> 8), (byte)udpLength, 0, 0, .. new byte[ipPayload - 8]];
        var s = Summary(Ipv4(20 + ipPayload, 17, udp), LinkType.RawIP);
        Assert.Equal(mismatch ? PacketProblems.LengthMismatch : PacketProblems.None, s.Problems);
        Assert.Equal((28, payload), (s.PayloadOffset, s.PayloadLength));
    }

    [Fact]
    public void Fewer_than_4_bytes_of_icmp_are_truncated()
    {
        var s = Summary(Ipv4(23, 1, 8, 0, 0), LinkType.RawIP);
        Assert.Equal((PacketProtocol.Icmp, PacketProblems.Truncated, false), (s.Protocol, s.Problems, s.TransportDecoded));
    }
}
