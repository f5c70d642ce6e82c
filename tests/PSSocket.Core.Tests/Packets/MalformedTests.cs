using PSSocket.Core.Packets;

namespace PSSocket.Core.Tests.Packets;

/// <summary>Bad bytes give exact problem reports, never exceptions.</summary>
public class MalformedTests
{
    private static readonly byte[] Ip = RealFrames.TcpData[14..];

    private static Packet Raw(byte[] bytes, int? onWire = null) => new(1, 0, null, LinkType.RawIP, onWire ?? bytes.Length, bytes, null);

    private static byte[] With(byte[] bytes, int offset, params byte[] values)
    {
        byte[] copy = [.. bytes];
        values.CopyTo(copy, offset);
        return copy;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(19)]
    public void An_ipv4_header_cut_short_is_truncated(int length)
    {
        var p = Raw(Ip[..length]);
        Assert.Equal(PacketProblems.Truncated, p.Problems);
        Assert.Equal(PacketProblems.Truncated, IPv4Header.Decode(Ip.AsSpan(0, length)).Problems & PacketProblems.Truncated);
        Assert.Null(p.SourcePort);
    }

    [Fact]
    public void A_snapped_capture_is_payload_truncated_not_malformed()
    {
        var p = Raw(Ip[..40], onWire: Ip.Length);
        Assert.Equal(PacketProtocol.Tcp, p.Protocol);
        Assert.Equal(58880, p.SourcePort);
        Assert.Equal(PacketProblems.PayloadTruncated | PacketProblems.Truncated, p.Problems);
        Assert.Equal(PacketProblems.PayloadTruncated, p.IPv4!.Problems);
        Assert.Equal(PacketProblems.Truncated, p.Tcp!.Problems); // the options were cut off
        Assert.Equal(ChecksumStatus.Unverifiable, p.Tcp.ChecksumStatus);
    }

    [Fact]
    public void A_total_length_beyond_the_wire_is_a_length_mismatch()
    {
        var p = Raw(With(Ip, 2, 0x01, 0x00));
        Assert.Equal(PacketProblems.LengthMismatch | PacketProblems.BadChecksum, p.IPv4!.Problems);
        Assert.Equal(ChecksumStatus.Invalid, p.IPv4.ChecksumStatus);
        Assert.Equal(PacketProblems.LengthMismatch, Raw(With(Ip, 2, 0x00, 0x10)).IPv4!.Problems & ~PacketProblems.BadChecksum);
    }

    [Theory]
    [InlineData(0x44, PacketProblems.BadIhl)]
    [InlineData(0x40, PacketProblems.BadIhl)]
    [InlineData(0x4f, PacketProblems.Truncated | PacketProblems.LengthMismatch)]
    public void A_bad_ihl_is_reported(byte first, PacketProblems expected)
    {
        var h = IPv4Header.Decode(With(Ip, 0, first));
        Assert.Equal(expected, h.Problems & ~PacketProblems.BadChecksum);
        Assert.Equal(ChecksumStatus.Unverifiable, h.ChecksumStatus);
    }

    [Fact]
    public void A_wrong_version_is_reported_by_header_and_frame_decoders()
    {
        Assert.Equal(PacketProblems.BadVersion, IPv4Header.Decode(With(Ip, 0, 0x55)).Problems & ~PacketProblems.BadChecksum);
        FrameDecoder.Decode(With(RealFrames.TcpData, 14, 0x55), LinkType.Ethernet, 70, out var s);
        Assert.Equal(PacketProblems.BadVersion, s.Problems);
        Assert.Equal(-1, s.TransportOffset);
    }

    [Fact]
    public void A_flipped_bit_makes_the_ip_checksum_invalid()
    {
        var h = IPv4Header.Decode(With(Ip, 8, 0x3f)); // TTL 63 with the TTL-64 checksum
        Assert.Equal(ChecksumStatus.Invalid, h.ChecksumStatus);
        Assert.Equal(PacketProblems.BadChecksum, h.Problems);
        Assert.Equal(0xfbcb, (int?)h.ComputedChecksum);
    }

    [Fact]
    public void Lying_option_lengths_are_bad_options()
    {
        // IHL 6 with an option claiming 9 bytes.
        byte[] ip = [0x46, 0, 0, 24, 0, 0, 0x40, 0, 64, 6, 0, 0, 127, 0, 0, 1, 127, 0, 0, 1, 0x94, 9, 0, 0];
        Assert.Equal(PacketProblems.BadOptions, IPv4Header.Decode(ip).Problems & ~PacketProblems.BadChecksum);
        byte[] tcp = [.. RealFrames.TcpSyn[34..54], 0x02, 0x00, 0, 0]; // MSS with length 0
        tcp[12] = 0x60;
        var t = TcpHeader.Decode(tcp, tcp.Length, null);
        Assert.Equal(PacketProblems.BadOptions, t.Problems);
        Assert.Equal(ChecksumStatus.Unverifiable, t.ChecksumStatus);
    }

    [Theory]
    [InlineData(0x40, PacketProblems.BadDataOffset)]
    [InlineData(0xf0, PacketProblems.LengthMismatch)]
    public void Bad_tcp_data_offsets_are_reported(byte offsetByte, PacketProblems expected)
    {
        byte[] segment = [.. RealFrames.TcpData[34..]];
        segment[12] = offsetByte;
        Assert.Equal(expected, TcpHeader.Decode(segment, segment.Length, null).Problems);
        FrameDecoder.Decode([.. RealFrames.TcpData[..34], .. segment], LinkType.Ethernet, 70, out var s);
        Assert.Equal(expected, s.Problems);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(200)]
    public void A_udp_length_that_disagrees_with_ip_is_a_length_mismatch(int udpLength)
    {
        byte[] udp = [0x04, 0xd2, 0x00, 0x35, 0, (byte)udpLength, 0, 0, 1, 2, 3, 4];
        var u = UdpHeader.Decode(udp, udp.Length, null, zeroMeansNone: true);
        Assert.Equal(PacketProblems.LengthMismatch, u.Problems);
        Assert.Equal(4, u.PayloadLength);
    }

    [Fact]
    public void Too_many_ipv6_extension_headers_stop_the_walk()
    {
        var payload = new List<byte>();
        for (int i = 0; i < 20; i++)
        {
            payload.AddRange([60, 0, 1, 4, 0, 0, 0, 0]);
        }

        byte[] header = new byte[40];
        header[0] = 0x60;
        header[5] = (byte)payload.Count;
        header[6] = 60;
        header[7] = 64;
        header[23] = 1;
        header[39] = 1;
        var p = Raw([.. header, .. payload]);
        Assert.Equal(PacketProblems.TooManyExtensionHeaders, p.Problems);
        Assert.Equal(FrameDecoder.MaxExtensionHeaders, p.IPv6!.ExtensionHeaders.Count);
    }

    [Fact]
    public void Short_link_headers_and_unknown_link_types_are_reported()
    {
        Assert.Equal(PacketProblems.Truncated, new Packet(1, 0, null, LinkType.Ethernet, 10, new byte[10], null).Problems);
        Assert.Equal(PacketProblems.Truncated, new Packet(1, 0, null, LinkType.LinuxSll, 15, new byte[15], null).Problems);
        Assert.Equal(PacketProblems.Truncated, new Packet(1, 0, null, LinkType.LinuxSll2, 19, new byte[19], null).Problems);
        Assert.Equal(PacketProblems.Truncated, new Packet(1, 0, null, LinkType.Null, 3, new byte[3], null).Problems);
        var unknown = new Packet(1, 0, null, (LinkType)147, 20, new byte[20], null);
        Assert.Equal(PacketProblems.UnsupportedLinkType, unknown.Problems);
        Assert.Equal(PacketProtocol.Unknown, unknown.Protocol);
        Assert.Equal(string.Empty, unknown.Source);
    }

    [Fact]
    public void Later_fragments_carry_no_transport_header()
    {
        byte[] ip = With(Ip, 6, 0x00, 0x10); // offset 16 × 8 bytes, MF clear
        var p = Raw(ip);
        Assert.Equal(PacketProtocol.IPv4, p.Protocol);
        Assert.Null(p.Tcp);
        Assert.Null(p.SourcePort);
        Assert.StartsWith("Fragmented IP protocol (proto=TCP 6, off=128", p.Info, StringComparison.Ordinal);
    }

    [Fact]
    public void Fields_past_the_captured_bytes_are_null_not_zero()
    {
        // A frame snapped inside the TCP header: 14 Ethernet + 20 IPv4 + 9 of the 20 TCP bytes.
        var p = new Packet(1, 0, null, LinkType.Ethernet, RealFrames.TcpData.Length, RealFrames.TcpData[..43], null);
        var t = p.Tcp!;
        Assert.Equal(58880, t.SourcePort);
        Assert.NotNull(t.SequenceNumber);
        Assert.Null(t.AcknowledgmentNumber);
        Assert.Null(t.Flags);
        Assert.Null(t.Window);
        Assert.Null(t.Checksum);
        Assert.Null(t.ComputedChecksum);
        Assert.Null(t.UrgentPointer);
        Assert.Null(p.TcpFlags);

        // Snapped inside the IPv4 header, after the TTL: no protocol, checksum or addresses.
        var ip = new Packet(1, 0, null, LinkType.Ethernet, RealFrames.TcpData.Length, RealFrames.TcpData[..23], null).IPv4!;
        Assert.Equal(4, ip.Version);
        Assert.NotNull(ip.Ttl);
        Assert.Null(ip.Protocol);
        Assert.Null(ip.ProtocolName);
        Assert.Null(ip.HeaderChecksum);
        Assert.Null(ip.SourceAddress);
        Assert.Null(ip.DestinationAddress);

        // Three bytes of Ethernet: no partial MAC address.
        var e = new Packet(1, 0, null, LinkType.Ethernet, 3, [0xff, 0xff, 0xff], null).Ethernet!;
        Assert.Null(e.Destination);
        Assert.Null(e.Source);
        Assert.Null(e.EtherType);
    }

    [Fact]
    public void Truncated_udp_icmp_ipv6_and_sll_fields_are_null()
    {
        var u = UdpHeader.Decode([0x00, 0x35, 0x12], 3, null, zeroMeansNone: true);
        Assert.Equal(53, u.SourcePort);
        Assert.Null(u.DestinationPort);
        Assert.Null(u.Length);
        Assert.Null(u.Checksum);

        var i = IcmpHeader.Decode([0x08], 1, 4, 0);
        Assert.Equal((byte)8, i.Type);
        Assert.Null(i.Code);
        Assert.Null(i.Checksum);
        Assert.Null(i.RestOfHeader);
        Assert.Null(i.Identifier);

        var v6 = IPv6Header.Decode(new byte[] { 0x60, 0, 0, 0, 0, 8, 17, 64 });
        Assert.Equal(64, v6.HopLimit);
        Assert.Null(v6.SourceAddress);
        Assert.Null(v6.UpperLayerProtocol);

        var sll = new Packet(1, 0, null, LinkType.LinuxSll, 4, [0, 4, 3, 4], null).LinuxSll!;
        Assert.Equal(4, sll.PacketType);
        Assert.Null(sll.AddressLength);
        Assert.Null(sll.Protocol);
    }
}
