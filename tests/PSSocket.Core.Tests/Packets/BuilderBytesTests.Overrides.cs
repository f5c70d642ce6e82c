using System.Globalization;
using System.Net;
using PSSocket.Core.Packets;

namespace PSSocket.Core.Tests.Packets;

/// <summary>
/// The template fields no other builder test sets (urgent pointer, ICMP type and code, fragment offset, UDP length,
/// protocol, IPv6 total length, transport checksums), IPv6 over Ethernet, and the size limit's wording (issue #13
/// item 8: each was a mutant of PacketBuilder that survived). Expected bytes are written by a python script from
/// the RFC layouts (struct.pack; RFC 1071 sum over the RFC 9293/768/4443 pseudo-headers), not read back through
/// our decoder.
/// </summary>
public partial class BuilderBytesTests
{
    [Fact]
    public void An_urgent_tcp_segment_over_ipv6_over_ethernet_is_the_bytes_python_writes()
    {
        var t = new PacketTemplate
        {
            Source = Source6,
            Destination = Destination6,
            Kind = CraftedTransport.Tcp,
            LinkType = LinkType.Ethernet,
            SourceMac = "02:00:00:00:00:01",
            DestinationMac = "02:00:00:00:00:02",
            SourcePort = 443,
            DestinationPort = 50000,
            Sequence = 0x01020304,
            Acknowledgment = 0x0a0b0c0d,
            TcpFlags = TcpFlags.Ack | TcpFlags.Urg,
            Window = 1024,
            UrgentPointer = 0x0102,
            Payload = "urgent"u8.ToArray(),
        };

        // EtherType 0x86DD (IPv6); urgent pointer 0x0102 in TCP bytes 18-19.
        Assert.Equal(
            "020000000002020000000001" + "86dd" + "60000000001a064020010db800000000000000000000000120010db8000000000000000000000002" +
            "01bbc350010203040a0b0c0d5030040024c20102757267656e74",
            Hex(PacketBuilder.Build(t)));
    }

    [Fact]
    public void An_icmp_type_code_and_fragment_offset_are_written_as_given()
    {
        var v4 = new PacketTemplate
        {
            Source = Source4,
            Destination = Destination4,
            Kind = CraftedTransport.IcmpEcho,
            IcmpType = 0,
            IcmpCode = 5,
            IcmpIdentifier = 1,
            IcmpSequence = 2,
            IPFlags = IPv4Flags.MoreFragments,
            FragmentOffset = 0x123,
            Payload = "ab"u8.ToArray(),
        };

        // Flags and fragment offset 0x2123: More Fragments, offset 0x123 (RFC 791); ICMP type 0, code 5.
        Assert.Equal("4500001e0000212340016d80c0000201c633640700059e95000100026162", Hex(PacketBuilder.Build(v4)));

        var v6 = new PacketTemplate
        {
            Source = Source6,
            Destination = Destination6,
            Kind = CraftedTransport.IcmpEcho,
            IcmpType = 129,
            IcmpCode = 1,
            IcmpIdentifier = 1,
            IcmpSequence = 2,
            Payload = "ab"u8.ToArray(),
        };
        Assert.Equal(
            "60000000000a3a4020010db800000000000000000000000120010db8000000000000000000000002" + "8101c1df000100026162",
            Hex(PacketBuilder.Build(v6)));
    }

    [Fact]
    public void A_given_udp_length_is_written_and_is_the_length_in_the_pseudo_header()
    {
        // Length 100 for a 12-byte datagram: RFC 768's pseudo-header carries the UDP Length field, so the checksum
        // python computes uses 100 too.
        var t = new PacketTemplate
        {
            Source = Source4,
            Destination = Destination4,
            Kind = CraftedTransport.Udp,
            SourcePort = 1000,
            DestinationPort = 2000,
            UdpLength = 100,
            Payload = "abcd"u8.ToArray(),
        };
        Assert.Equal("450000200000400040114e91c0000201c633640703e807d00064426b61626364", Hex(PacketBuilder.Build(t)));
    }

    [Fact]
    public void A_given_protocol_is_the_next_header_and_the_pseudo_headers_protocol()
    {
        // A TCP header under next header 254 (RFC 3692 experimentation): the checksum python computes uses 254 too.
        var t = new PacketTemplate
        {
            Source = Source6,
            Destination = Destination6,
            Kind = CraftedTransport.Tcp,
            Protocol = 254,
            SourcePort = 1,
            DestinationPort = 2,
        };
        Assert.Equal(
            "600000000014fe4020010db800000000000000000000000120010db8000000000000000000000002" + "0001000200000000000000005002ffff53730000",
            Hex(PacketBuilder.Build(t)));
    }

    [Fact]
    public void A_given_ipv6_total_length_is_written_less_the_40_byte_header()
    {
        // RFC 8200: Payload Length excludes the fixed header; total 100 is payload length 60 (0x3c). The UDP checksum
        // is over the datagram as sent (12 bytes), not over the length claimed.
        var t = new PacketTemplate
        {
            Source = Source6,
            Destination = Destination6,
            Kind = CraftedTransport.Udp,
            SourcePort = 53,
            DestinationPort = 53,
            TotalLength = 100,
            Payload = "abcd"u8.ToArray(),
        };
        Assert.Equal(
            "60000000003c114020010db800000000000000000000000120010db8000000000000000000000002" + "00350035000cdf3061626364",
            Hex(PacketBuilder.Build(t)));
    }

    [Fact]
    public void A_given_tcp_or_icmp_checksum_is_written_instead_of_the_right_one()
    {
        Assert.Equal(
            "450000280000400040064e94c0000201c6336407" + "0001000200000000000000005002ffffbeef0000",
            Hex(PacketBuilder.Build(new PacketTemplate { Source = Source4, Destination = Destination4, Kind = CraftedTransport.Tcp, SourcePort = 1, DestinationPort = 2, Checksum = 0xbeef })));
        Assert.Equal(
            "4500001c0000400040014ea5c0000201c6336407" + "0800123400000000",
            Hex(PacketBuilder.Build(new PacketTemplate { Source = Source4, Destination = Destination4, Kind = CraftedTransport.IcmpEcho, Checksum = 0x1234 })));
        Assert.Equal(
            "6000000000083a4020010db800000000000000000000000120010db8000000000000000000000002" + "8000123400000000",
            Hex(PacketBuilder.Build(new PacketTemplate { Source = Source6, Destination = Destination6, Kind = CraftedTransport.IcmpEcho, Checksum = 0x1234 })));
    }

    [Fact]
    public void A_given_data_offset_is_written_and_no_template_is_refused_by_name()
    {
        // Data offset 4 (16 bytes, below RFC 9293's minimum of 5) in the high nibble of TCP byte 12, flags as given.
        byte[] ip = PacketBuilder.Build(new PacketTemplate { Source = Source4, Destination = Destination4, Kind = CraftedTransport.Tcp, DataOffset = 4 });
        Assert.Equal(0x40, ip[20 + 12]);
        Assert.Equal(0x02, ip[20 + 13]);

        Assert.Throws<ArgumentNullException>(() => PacketBuilder.Build(null!));
    }

    [Theory]
    [InlineData("127.0.0.1", "Udp", "A UDP payload over IPv4 can be at most 65,507 bytes (IPv4 Total Length 65,535 − 20-byte IP header − 8-byte UDP header); this one is 65,508 bytes.")]
    [InlineData("127.0.0.1", "Tcp", "A TCP payload over IPv4 can be at most 65,495 bytes (IPv4 Total Length 65,535 − 20-byte IP header − 20-byte TCP header); this one is 65,496 bytes.")]
    [InlineData("::1", "IcmpEcho", "ICMP payload over IPv6 can be at most 65,527 bytes (IPv6 Payload Length 65,535 − 8-byte ICMP header); this one is 65,528 bytes.")]
    public void A_payload_too_large_is_refused_with_the_arithmetic_of_its_limit(string address, string transport, string message)
    {
        // The limits: RFC 791 Total Length and RFC 8200 Payload Length are 16 bits; the headers are RFC 768/9293/4443's.
        var ip = IPAddress.Parse(address);
        var kind = Enum.Parse<CraftedTransport>(transport);
        int largest = int.Parse(message.Split(" can be at most ")[1].Split(' ')[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        var e = Assert.Throws<PSSocketException>(() => PacketBuilder.Build(new PacketTemplate { Source = ip, Destination = ip, Kind = kind, Payload = new byte[largest + 1] }));
        Assert.Equal("PayloadTooLarge", e.ErrorId);
        Assert.EndsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_built_packet_is_stamped_with_the_time_it_was_built_and_numbered_as_asked()
    {
        long before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        var p = PacketFactory.Build(new PacketTemplate { Source = Source4, Destination = Destination4, Kind = CraftedTransport.Udp, LinkType = LinkType.Ethernet }, number: 7);
        long after = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1) * 1_000_000;

        // Nanoseconds since 1970 (pcapng's nanosecond resolution), between the clock read before and after.
        Assert.InRange(p.TimestampNanoseconds, before, after);
        Assert.Equal((7L, LinkType.Ethernet, 14 + 20 + 8), (p.Number, p.LinkType, p.Length));
    }
}
