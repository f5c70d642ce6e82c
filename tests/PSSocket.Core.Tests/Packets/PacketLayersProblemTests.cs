using PSSocket.Core.Packets;

namespace PSSocket.Core.Tests.Packets;

/// <summary>
/// A packet's problems are the union of what each layer found, each flag once: a flag the fast path and a header decoder
/// both found stays set, and one only the fast path found is not lost. The IPv4 headers are fixed bytes whose checksums
/// python's RFC 1071 sum computed (192.0.2.1 → 198.51.100.7); the expectations follow RFC 791, 768, 792, 4443 and 8200.
/// </summary>
public class PacketLayersProblemTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex);

    private static Packet Raw(byte[] data, int? onWire = null, LinkType linkType = LinkType.RawIP) =>
        new(1, 0, null, linkType, onWire ?? data.Length, data, null);

    // RFC 8200: payload length, next header, hop limit 64, 2001:db8::1 → 2001:db8::2.
    private static byte[] Ipv6(int payloadLength, byte next, params byte[] rest) =>
        [0x60, 0, 0, 0, (byte)(payloadLength >> 8), (byte)payloadLength, next, 64,
         .. Hex("20010db8000000000000000000000001"), .. Hex("20010db8000000000000000000000002"), .. rest];

    [Fact]
    public void A_4_byte_bsd_loopback_header_is_whole_and_names_its_family()
    {
        var p = Raw([2, 0, 0, 0], linkType: LinkType.Null);
        Assert.NotNull(p.Loopback);
        Assert.Equal((2u, PacketProblems.None), (p.Loopback.Family, p.Loopback.Problems));
        Assert.Equal(PacketProblems.Truncated, p.Problems); // the IPv4 header after it is missing
    }

    [Fact]
    public void An_ipv4_length_beyond_the_wire_behind_ethernet_is_a_length_mismatch_and_not_also_a_snap()
    {
        // Total length 100; the wire carried 14 + 86 bytes (the 14 of the Ethernet header are not the IP packet's), 14 + 40 captured.
        byte[] frame = [.. Hex("ffffffffffff0200000000010800"), .. Hex("450000640001000040fd8d60c0000201c6336407"), .. new byte[20]];
        var p = Raw(frame, onWire: 100, linkType: LinkType.Ethernet);
        Assert.Equal(PacketProblems.LengthMismatch, p.Problems);
        Assert.Equal(PacketProblems.LengthMismatch, p.IPv4!.Problems);
    }

    [Fact]
    public void A_udp_length_below_8_stays_a_length_mismatch()
    {
        var p = Raw(Hex("4500001c0001000040118e94c0000201c6336407" + "0035003500070000"));
        Assert.Equal(PacketProblems.LengthMismatch, p.Problems);
    }

    [Fact]
    public void A_snapped_icmp_message_keeps_the_snap_and_a_3_byte_one_stays_truncated()
    {
        // Total length 36 (16 bytes of ICMP), 8 captured, 36 on the wire.
        var snapped = Raw(Hex("450000240001000040018e9cc0000201c6336407" + "0800000000000000"), onWire: 36);
        Assert.Equal(PacketProblems.PayloadTruncated, snapped.Problems);

        var three = Raw(Hex("450000170001000040018ea9c0000201c6336407" + "080000"));
        Assert.Equal(PacketProblems.Truncated, three.Problems);
    }

    [Fact]
    public void A_snapped_icmpv6_message_keeps_the_snap_and_a_3_byte_one_stays_truncated()
    {
        var snapped = Raw(Ipv6(16, 58, Hex("8000000000000000")), onWire: 56); // echo request, 8 of 16 bytes captured
        Assert.Equal(PacketProblems.PayloadTruncated, snapped.Problems);

        var three = Raw(Ipv6(3, 58, 128, 0, 0));
        Assert.Equal(PacketProblems.Truncated, three.Problems);
    }

    [Fact]
    public void Bad_ipv6_options_that_only_the_header_object_reads_are_a_problem_of_the_packet()
    {
        // Hop-by-hop header whose PadN announces 9 bytes of the 6 left (RFC 8200 §4.2), then no next header.
        var p = Raw(Ipv6(8, 0, 59, 0, 1, 9, 0, 0, 0, 0));
        Assert.Equal(PacketProblems.BadOptions, p.Problems);
    }
}
