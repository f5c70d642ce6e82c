using System.Net;
using PSSocket.Core.Packets;

namespace PSSocket.Core.Tests.Packets;

/// <summary>
/// The slices and values a packet hands to the cmdlets (its IP packet, its transport segment, its addresses, ports and
/// time), each on a frame where the right answer differs from a near miss: Ethernet padding after a 28-byte IPv4
/// packet (RFC 894: the IP total length, not the frame, says where the packet ends), an ARP frame that has addresses
/// but no IP header, an IPv4 header cut before its addresses, a frame that is only two MAC addresses. IPv4 checksums
/// are python's RFC 1071 sums.
/// </summary>
public class PacketAccessorTests
{
    private static readonly byte[] EthernetHeaderIPv4 = Convert.FromHexString("ffffffffffff0200000000010800");

    // IPv4 192.0.2.1 → 198.51.100.7, total length 28, UDP 53 → 53 length 8; then 4 bytes of Ethernet padding.
    private static readonly byte[] PaddedUdp =
        [.. EthernetHeaderIPv4, .. Convert.FromHexString("4500001c0001000040118e94c0000201c6336407" + "0035003500080000" + "a5a5a5a5")];

    private static Packet Make(byte[] data, LinkType linkType = LinkType.Ethernet, int? onWire = null, long nanoseconds = 0) =>
        new(1, nanoseconds, null, linkType, onWire ?? data.Length, data, null);

    [Fact]
    public void The_ip_packet_and_the_udp_segment_end_where_the_ip_length_says_not_at_the_padding()
    {
        var p = Make(PaddedUdp);
        Assert.Equal(PaddedUdp[14..42], p.IPBytes(4));
        Assert.Equal(Convert.FromHexString("0035003500080000"), p.TransportBytes(PacketProtocol.Udp));
    }

    [Fact]
    public void A_packet_has_no_slice_of_a_version_or_protocol_it_does_not_carry()
    {
        var p = Make(PaddedUdp);
        Assert.Null(p.IPBytes(6));
        Assert.Null(p.TransportBytes(PacketProtocol.Tcp));
    }

    [Fact]
    public void An_arp_frame_has_no_ip_packet_and_no_ip_addresses()
    {
        byte[] arp = [.. Convert.FromHexString("ffffffffffff0200000000010806"),
            .. Convert.FromHexString("0001080006040001" + "020000000001c0000201" + "000000000000c6336407")];
        var p = Make(arp);
        Assert.Equal(PacketProtocol.Arp, p.Protocol);
        Assert.Null(p.IPBytes(4));
        Assert.Null(p.IPAddresses());
    }

    [Fact]
    public void The_ip_addresses_are_read_from_a_whole_header_and_not_from_a_cut_one()
    {
        Assert.Equal((IPAddress.Parse("192.0.2.1"), IPAddress.Parse("198.51.100.7")), Make(PaddedUdp).IPAddresses());
        Assert.Null(Make(PaddedUdp[14..24], LinkType.RawIP, onWire: 28).IPAddresses());
    }

    [Fact]
    public void An_icmp_message_has_no_ports()
    {
        var p = Make(Convert.FromHexString("450000240001000040018e9cc0000201c6336407" + "0800e5ca12340001"), LinkType.RawIP, onWire: 36);
        Assert.Equal(PacketProtocol.Icmp, p.Protocol);
        Assert.Null(p.SourcePort);
        Assert.Null(p.DestinationPort);
    }

    [Fact]
    public void A_frame_of_only_two_mac_addresses_shows_them_as_source_and_destination()
    {
        var p = Make(Convert.FromHexString("ffffffffffff020000000001"));
        Assert.Equal(("02:00:00:00:00:01", "ff:ff:ff:ff:ff:ff"), (p.Source, p.Destination));
    }

    [Fact]
    public void The_timestamp_keeps_the_time_to_the_tick()
    {
        // python: datetime(2026, 11, 30, 8, 0, 0, tzinfo=timezone.utc).timestamp() * 10**9 + 123456789
        var p = Make(PaddedUdp, nanoseconds: 1796025600123456789);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero).AddTicks(1234567), p.Timestamp);
    }
}
