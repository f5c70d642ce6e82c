using PSSocket.Core.Packets;

namespace PSSocket.Core.Tests.Packets;

/// <summary>
/// The decoders' limits, one byte either side: a header of exactly its minimum size, one byte less, a length field
/// one below or above what was captured. The headers are fixed bytes whose checksums python's RFC 1071 sum computed
/// (192.0.2.1 → 198.51.100.7).
/// </summary>
public class HeaderBoundaryTests
{
    private static readonly byte[] Source = [192, 0, 2, 1];

    private static readonly byte[] Destination = [198, 51, 100, 7];

    private static byte[] Hex(string hex) => Convert.FromHexString(hex);

    private static ulong TcpPseudo(int length) => HeaderChecksums.PseudoHeader(Source, Destination, 6, length);

    // RFC 791 §3.1: the bytes a field needs before it can be read (Version/IHL in byte 0 ... destination in 16-19).
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(19)]
    [InlineData(20)]
    public void Each_ipv4_field_is_read_exactly_when_its_bytes_were_captured(int captured)
    {
        var h = IPv4Header.Decode(Hex("450000140007000040068ea1c0000201c6336407").AsSpan(0, captured));
        Assert.Equal(captured >= 1 ? 4 : null, h.Version);
        Assert.Equal(captured >= 1 ? 5 : null, h.Ihl);
        Assert.Equal(captured >= 1 ? 20 : null, h.HeaderLength);
        Assert.Equal(captured >= 2 ? 0 : null, h.Dscp);
        Assert.Equal(captured >= 2 ? 0 : null, h.Ecn);
        Assert.Equal(captured >= 4 ? 20 : null, h.TotalLength);
        Assert.Equal(captured >= 6 ? (ushort)7 : null, h.Identification);
        Assert.Equal(captured >= 7 ? IPv4Flags.None : null, h.Flags);
        Assert.Equal(captured >= 8 ? 0 : null, h.FragmentOffset);
        Assert.Equal(captured >= 9 ? 64 : null, h.Ttl);
        Assert.Equal(captured >= 10 ? (byte)6 : null, h.Protocol);
        Assert.Equal(captured >= 12 ? (ushort)0x8ea1 : null, h.HeaderChecksum);
        Assert.Equal(captured >= 16 ? "192.0.2.1" : null, h.SourceAddress?.ToString());
        Assert.Equal(captured >= 20 ? "198.51.100.7" : null, h.DestinationAddress?.ToString());
        Assert.Equal(captured >= 20 ? ChecksumStatus.Valid : ChecksumStatus.Unverifiable, h.ChecksumStatus);
        Assert.Equal(captured >= 20 ? PacketProblems.None : PacketProblems.Truncated, h.Problems & PacketProblems.Truncated);
    }

    [Fact]
    public void An_exact_20_byte_ipv4_header_of_total_length_20_has_no_problem()
    {
        var h = IPv4Header.Decode(Hex("450000140007000040068ea1c0000201c6336407"));
        Assert.Equal(PacketProblems.None, h.Problems);
        Assert.Equal((ushort)0x8ea1, h.ComputedChecksum);
        Assert.Empty(h.Options);
    }

    [Fact]
    public void An_exact_24_byte_ipv4_header_with_options_has_no_problem_and_one_byte_less_is_truncated()
    {
        byte[] header = Hex("460000180007000040068b9cc0000201c633640701010100"); // IHL 6: NOP, NOP, NOP, EOL
        var whole = IPv4Header.Decode(header);
        Assert.Equal(PacketProblems.None, whole.Problems);
        Assert.Equal(ChecksumStatus.Valid, whole.ChecksumStatus);
        Assert.Equal(["NOP", "NOP", "NOP", "EOL"], whole.Options.Select(o => o.Name));

        var cut = IPv4Header.Decode(header.AsSpan(0, 23), onWireLength: 24);
        Assert.Equal(PacketProblems.Truncated | PacketProblems.PayloadTruncated, cut.Problems);
        Assert.Equal(ChecksumStatus.Unverifiable, cut.ChecksumStatus);
        Assert.Empty(cut.Options);
    }

    [Fact]
    public void A_total_length_below_the_header_is_a_length_mismatch_and_equal_to_it_is_none()
    {
        Assert.Equal(PacketProblems.LengthMismatch, IPv4Header.Decode(Hex("450000130007000040068ea2c0000201c6336407")).Problems); // 19 < 20
        Assert.Equal(PacketProblems.LengthMismatch, IPv4Header.Decode(Hex("460000170007000040068b9dc0000201c633640701010100")).Problems); // 23 < IHL 6
        Assert.Equal(PacketProblems.None, IPv4Header.Decode(Hex("460000180007000040068b9cc0000201c633640701010100")).Problems);

        // Four bytes reach the total length field (10 here): that is already a mismatch; three do not reach it.
        Assert.Equal(PacketProblems.LengthMismatch, IPv4Header.Decode(Hex("4500000a")).Problems & PacketProblems.LengthMismatch);
        Assert.Equal(PacketProblems.None, IPv4Header.Decode(Hex("450000")).Problems & PacketProblems.LengthMismatch);
    }

    [Fact]
    public void A_single_byte_with_ihl_4_is_a_bad_ihl_and_truncated()
    {
        Assert.Equal(PacketProblems.BadIhl | PacketProblems.Truncated, IPv4Header.Decode(Hex("44")).Problems);
        Assert.Equal(PacketProblems.Truncated, IPv4Header.Decode(Hex("45")).Problems);
    }

    [Theory]
    [InlineData(40, PacketProblems.PayloadTruncated)] // the wire had all 40 bytes: the capture was snapped
    [InlineData(39, PacketProblems.LengthMismatch)]   // the wire had fewer than the length claims: the field lies
    public void A_total_length_past_the_capture_is_snapped_or_a_lie_by_the_bytes_on_the_wire(int onWire, PacketProblems expected)
    {
        var h = IPv4Header.Decode(Hex("450000280007000040068e8dc0000201c6336407"), onWire);
        Assert.Equal(expected, h.Problems);
        Assert.Equal(ChecksumStatus.Valid, h.ChecksumStatus);
    }

    [Fact]
    public void A_frame_of_exactly_an_ipv4_and_a_tcp_header_has_no_problem()
    {
        byte[] frame = [.. new byte[12], 0x08, 0x00, .. Hex("450000280007000040068e8dc0000201c6336407"), .. Hex("9c400050000003e800000000500204001f2e0000")];
        var p = PacketFactory.FromBytes(frame, LinkType.Ethernet, 1);
        Assert.Equal(PacketProblems.None, p.Problems);
        Assert.Equal(PacketProblems.None, p.IPv4!.Problems);
        Assert.Equal(PacketProblems.None, p.Tcp!.Problems);
        Assert.Equal(ChecksumStatus.Valid, p.Tcp.ChecksumStatus);
        Assert.Equal(0, p.Tcp.PayloadLength);
        Assert.Empty(p.Tcp.Options);
    }

    // RFC 9293 §3.1: ports 0-3, sequence 4-7, acknowledgment 8-11, offset 12, flags 13, window 14-15, checksum 16-17, urgent 18-19.
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(18)]
    [InlineData(19)]
    [InlineData(20)]
    public void Each_tcp_field_is_read_exactly_when_its_bytes_were_captured(int captured)
    {
        var t = TcpHeader.Decode(Hex("9c400050000003e800000000500204001f2e0000").AsSpan(0, captured), 20, TcpPseudo(20));
        Assert.Equal(captured >= 2 ? 40000 : null, t.SourcePort);
        Assert.Equal(captured >= 4 ? 80 : null, t.DestinationPort);
        Assert.Equal(captured >= 8 ? 1000u : null, t.SequenceNumber);
        Assert.Equal(captured >= 12 ? 0u : null, t.AcknowledgmentNumber);
        Assert.Equal(captured >= 13 ? 5 : null, t.DataOffset);
        Assert.Equal(captured >= 13 ? 0 : null, t.Reserved);
        Assert.Equal(captured >= 14 ? TcpFlags.Syn : null, t.Flags);
        Assert.Equal(captured >= 16 ? 1024 : null, t.Window);
        Assert.Equal(captured >= 18 ? (ushort)0x1f2e : null, t.Checksum);
        Assert.Equal(captured >= 20 ? 0 : null, t.UrgentPointer);
        Assert.Equal(captured >= 20 ? ChecksumStatus.Valid : ChecksumStatus.Unverifiable, t.ChecksumStatus);
        Assert.Equal(captured >= 20 ? PacketProblems.None : PacketProblems.Truncated, t.Problems);
    }

    [Fact]
    public void An_exact_20_byte_tcp_header_has_no_problem_and_a_valid_checksum()
    {
        var t = TcpHeader.Decode(Hex("9c400050000003e800000000500204001f2e0000"), 20, TcpPseudo(20));
        Assert.Equal(PacketProblems.None, t.Problems);
        Assert.Equal(ChecksumStatus.Valid, t.ChecksumStatus);
        Assert.Equal((ushort)0x1f2e, t.ComputedChecksum);
        Assert.Equal(0, t.PayloadLength);
        Assert.Equal(20, t.HeaderLength);
    }

    [Fact]
    public void A_24_byte_tcp_header_fits_24_announced_bytes_and_not_23()
    {
        byte[] segment = Hex("9c400050000003e800000000600204000d29000001010100"); // offset 6: NOP, NOP, NOP, EOL
        var whole = TcpHeader.Decode(segment, 24, TcpPseudo(24));
        Assert.Equal(PacketProblems.None, whole.Problems);
        Assert.Equal(ChecksumStatus.Valid, whole.ChecksumStatus);
        Assert.Equal(4, whole.Options.Count);

        var lying = TcpHeader.Decode(segment, 23, null);
        Assert.Equal(PacketProblems.LengthMismatch, lying.Problems);
        Assert.Empty(lying.Options);

        var snapped = TcpHeader.Decode(segment.AsSpan(0, 20), 24, TcpPseudo(24));
        Assert.Equal(PacketProblems.Truncated, snapped.Problems);
        Assert.Equal(ChecksumStatus.Unverifiable, snapped.ChecksumStatus);
        Assert.Empty(snapped.Options);
    }

    [Fact]
    public void A_tcp_checksum_is_verified_only_over_the_whole_announced_segment()
    {
        byte[] segment = Hex("9c400050000003e800000000501804001a04000030313233343536373839"); // 20 + "0123456789"
        var whole = TcpHeader.Decode(segment, 30, TcpPseudo(30));
        Assert.Equal(ChecksumStatus.Valid, whole.ChecksumStatus);
        Assert.Equal(10, whole.PayloadLength);

        var snapped = TcpHeader.Decode(segment.AsSpan(0, 29), 30, TcpPseudo(30));
        Assert.Equal(ChecksumStatus.Unverifiable, snapped.ChecksumStatus);
        Assert.Equal(PacketProblems.None, snapped.Problems);
        Assert.Equal(10, snapped.PayloadLength); // the IP length announces 10 bytes, captured or not

        byte[] broken = [.. segment];
        broken[29] ^= 1;
        var bad = TcpHeader.Decode(broken, 30, TcpPseudo(30));
        Assert.Equal(ChecksumStatus.Invalid, bad.ChecksumStatus);
        Assert.Equal(PacketProblems.BadChecksum, bad.Problems);
        Assert.Equal((ushort)0x1a05, bad.ComputedChecksum); // python over the flipped bytes
    }

    [Fact]
    public void A_data_offset_below_5_still_counts_the_payload_after_the_20_fixed_bytes()
    {
        byte[] segment = Hex("9c400050000003e800000000401804001a04000030313233343536373839");
        var t = TcpHeader.Decode(segment, 30, null);
        Assert.Equal(PacketProblems.BadDataOffset, t.Problems);
        Assert.Equal(10, t.PayloadLength);
    }

    [Fact]
    public void Tcp_options_of_the_wrong_size_are_listed_but_not_read_as_values()
    {
        // RFC 9293 / RFC 7323: MSS is 4 bytes, window scale 3, timestamps 10. Here MSS is 5, WS 4, TS 8: listed, not read.
        byte[] options = Hex("0205aabbcc" + "0304aabb" + "0808000000010000" + "0402" + "01");
        byte[] header = [.. Hex("9c400050000003e800000000"), 0xa0, 0x02, 0x04, 0x00, 0, 0, 0, 0, .. options]; // offset 10: 40 bytes
        var t = TcpHeader.Decode(header, header.Length, null);
        Assert.Equal(PacketProblems.None, t.Problems);
        Assert.Equal(["MSS", "WindowScale", "Timestamps", "SackPermitted", "NOP"], t.Options.Select(o => o.Name));
        Assert.Null(t.MaximumSegmentSize);
        Assert.Null(t.WindowScale);
        Assert.Null(t.TimestampValue);
        Assert.Null(t.TimestampEchoReply);
        Assert.True(t.SackPermitted);
        Assert.Empty(t.SackBlocks);
    }

    [Fact]
    public void Two_sack_options_give_every_block_in_order()
    {
        // SACK (RFC 2018): kind 5, length 18 = two blocks; a second SACK option with one block.
        byte[] options = Hex("0512" + "000003e8000007d0" + "00000bb800000fa0" + "050a" + "0000138800001770" + "00000000");
        byte[] header = [.. Hex("9c400050000003e800000000"), 0xd0, 0x10, 0x04, 0x00, 0, 0, 0, 0, .. options]; // offset 13: 52 bytes
        var t = TcpHeader.Decode(header, header.Length, null);
        Assert.Equal(PacketProblems.None, t.Problems);
        Assert.Equal(["1000-2000", "3000-4000", "5000-6000"], t.SackBlocks);
        Assert.False(t.SackPermitted);
    }

    // RFC 768: source port 0-1, destination port 2-3, length 4-5, checksum 6-7.
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Each_udp_field_is_read_exactly_when_its_bytes_were_captured(int captured)
    {
        byte[] udp = Hex("0035829a000ccc0361626364"); // tshark: 53 → 33434 Length 12, checksum 0xcc03 correct
        var u = UdpHeader.Decode(udp.AsSpan(0, captured), 12, HeaderChecksums.PseudoHeader(Source, Destination, 17, 0), zeroMeansNone: true);
        Assert.Equal(captured >= 2 ? 53 : null, u.SourcePort);
        Assert.Equal(captured >= 4 ? 33434 : null, u.DestinationPort);
        Assert.Equal(captured >= 6 ? 12 : null, u.Length);
        Assert.Equal(captured >= 8 ? (ushort)0xcc03 : null, u.Checksum);
        Assert.Equal(ChecksumStatus.Unverifiable, u.ChecksumStatus); // 12 bytes are announced, at most 8 captured
        Assert.Equal(captured >= 8 ? PacketProblems.None : PacketProblems.Truncated, u.Problems);
    }

    [Fact]
    public void A_udp_length_of_exactly_8_or_exactly_the_ip_length_is_right()
    {
        // RFC 768: the length counts the 8-byte header, so 8 is an empty datagram. Checksum by python over the pseudo-header.
        ulong pseudo = HeaderChecksums.PseudoHeader(Source, Destination, 17, 0);
        var empty = UdpHeader.Decode(Hex("0035829a000890d2"), 8, pseudo, zeroMeansNone: true);
        Assert.Equal(PacketProblems.None, empty.Problems);
        Assert.Equal(0, empty.PayloadLength);

        var full = UdpHeader.Decode(Hex("0035829a000ccc0361626364"), 12, pseudo, zeroMeansNone: true);
        Assert.Equal(PacketProblems.None, full.Problems);
        Assert.Equal(ChecksumStatus.Valid, full.ChecksumStatus);
        Assert.Equal((ushort)0xcc03, full.ComputedChecksum);
        Assert.Equal(4, full.PayloadLength);

        var over = UdpHeader.Decode(Hex("0035829a000ccc0361626364"), 11, pseudo, zeroMeansNone: true);
        Assert.Equal(PacketProblems.LengthMismatch, over.Problems);
        Assert.Equal(ChecksumStatus.Unverifiable, over.ChecksumStatus);
        Assert.Equal(3, over.PayloadLength);

        var snapped = UdpHeader.Decode(Hex("0035829a000ccc03616263"), 12, pseudo, zeroMeansNone: true);
        Assert.Equal(PacketProblems.None, snapped.Problems);
        Assert.Equal(ChecksumStatus.Unverifiable, snapped.ChecksumStatus);
    }

    [Fact]
    public void An_ihl_6_header_of_which_only_20_bytes_were_captured_is_truncated()
    {
        var h = IPv4Header.Decode(Hex("460000180007000040068b9cc0000201c633640701010100").AsSpan(0, 20), onWireLength: 24);
        Assert.Equal(PacketProblems.Truncated, h.Problems & PacketProblems.Truncated);
        Assert.Equal(ChecksumStatus.Unverifiable, h.ChecksumStatus);
    }

    [Fact]
    public void The_fragment_flags_read_as_wireshark_reads_them()
    {
        // tshark: "Flags: 0x1, More fragments" (Don't fragment: Not set) and "Flags: 0x2, Don't fragment".
        var more = IPv4Header.Decode(Hex("46bb0024beef20b901111234c0000201c6336407940400000035829a000cabcd61626364"));
        Assert.Equal((false, true), (more.DontFragment, more.MoreFragments));
        var dont = IPv4Header.Decode(Hex("450000510001400040064e6ac0000201c6336407"));
        Assert.Equal((true, false), (dont.DontFragment, dont.MoreFragments));
        var none = IPv4Header.Decode(Hex("450000"));
        Assert.Equal((null, null), (none.DontFragment, none.MoreFragments));
    }

    [Fact]
    public void A_udp_datagram_with_a_wrong_checksum_is_a_bad_checksum_problem()
    {
        ulong pseudo = HeaderChecksums.PseudoHeader(Source, Destination, 17, 0);
        var u = UdpHeader.Decode(Hex("0035829a000cabcd61626364"), 12, pseudo, zeroMeansNone: true); // tshark: should be 0xcc03
        Assert.Equal(ChecksumStatus.Invalid, u.ChecksumStatus);
        Assert.Equal(PacketProblems.BadChecksum, u.Problems);
    }

    [Fact]
    public void An_exactly_8_byte_udp_header_with_a_zero_checksum_over_ipv4_has_none()
    {
        // RFC 768: a zero checksum over IPv4 means the sender computed none.
        var u = UdpHeader.Decode(Hex("0035829a00080000"), 8, HeaderChecksums.PseudoHeader(Source, Destination, 17, 0), zeroMeansNone: true);
        Assert.Equal(ChecksumStatus.NotPresent, u.ChecksumStatus);
        Assert.Equal((ushort)0, u.Checksum);
        Assert.Equal(PacketProblems.None, u.Problems);
    }

    [Fact]
    public void A_udp_length_below_the_ip_length_counts_the_udp_payload_not_the_padding()
    {
        // An Ethernet frame padded to 60 bytes: IP announces 26 UDP bytes, the UDP length says 12 (RFC 768 decides).
        byte[] padded = [.. Hex("0035829a000ccc0361626364"), .. new byte[14]];
        var u = UdpHeader.Decode(padded, 26, null, zeroMeansNone: true);
        Assert.Equal(PacketProblems.None, u.Problems);
        Assert.Equal(4, u.PayloadLength);
    }

    [Fact]
    public void A_tcp_header_cut_inside_its_options_explains_the_fixed_fields_only()
    {
        // Data offset 14 (56 bytes), 30 captured: every fixed field, no Options row, no exception.
        byte[] segment = Hex("01bbc738010203040a0b0c0de5b801f6dead0003020405b401030307040201010101080a00000001000000020101050a000003e8000007d068656c6c6f");
        var rows = TcpHeader.Explain(segment.AsSpan(0, 30), null);
        Assert.Equal("UrgentPointer", rows[^1].Name);
        Assert.DoesNotContain(rows, r => r.Name == "Options");
    }

    [Fact]
    public void Tcp_flags_are_listed_in_wiresharks_order_and_none_as_wireshark_writes_none()
    {
        // tshark's Info lists flags from the lowest bit up ("[PSH, ACK, URG, CWR, AE, ...]") and writes "[<None>]" for none.
        var all = TcpFlags.Fin | TcpFlags.Syn | TcpFlags.Rst | TcpFlags.Psh | TcpFlags.Ack | TcpFlags.Urg | TcpFlags.Ece | TcpFlags.Cwr | TcpFlags.Ae;
        Assert.Equal("FIN, SYN, RST, PSH, ACK, URG, ECE, CWR, AE", TcpHeader.FlagText(all));
        Assert.Equal("<None>", TcpHeader.FlagText(TcpFlags.None));
        Assert.Equal("PSH, ACK, URG, CWR, AE", TcpHeader.FlagText(TcpFlags.Psh | TcpFlags.Ack | TcpFlags.Urg | TcpFlags.Cwr | TcpFlags.Ae));

        byte[] segment = Hex("01bbc738010203040a0b0c0de5b801f6dead0003020405b401030307040201010101080a00000001000000020101050a000003e8000007d068656c6c6f");
        Assert.StartsWith("443 → 51000 [PSH, ACK, URG, CWR, AE] Seq=16909060", TcpHeader.Decode(segment, segment.Length, null).ToString(), StringComparison.Ordinal);
        Assert.Contains("[<None>]", TcpHeader.Decode(segment.AsSpan(0, 13), 61, null).ToString(), StringComparison.Ordinal);
    }
}
