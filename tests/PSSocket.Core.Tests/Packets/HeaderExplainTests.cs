using System.Net;
using PSSocket.Core.Packets;

namespace PSSocket.Core.Tests.Packets;

/// <summary>
/// The header diagrams ConvertFrom-*Header -Explain prints, checked row by row against the RFC layouts
/// (RFC 791 §3.1, RFC 9293 §3.1, RFC 768) and against what tshark 4.0 printed for the same fixed bytes.
/// </summary>
public class HeaderExplainTests
{
    /// <summary>
    /// IPv4 with a Router Alert option (IHL 6), TOS 0xbb, MF set, offset 185, TTL 1, protocol UDP, checksum 0x1234.
    /// tshark -V: "Header Length: 24 bytes (6)", "DSCP: Expedited Forwarding (46)", "ECN: Congestion Experienced (3)",
    /// "Identification: 0xbeef", "Flags: 0x1, More fragments", "Fragment Offset: 1480", "Time to Live: 1",
    /// "Protocol: UDP (17)", "Header Checksum: 0x1234 incorrect, should be 0x5825", "Options: (4 bytes), Router Alert".
    /// </summary>
    private static readonly byte[] FragmentWithOption = Convert.FromHexString(
        "46bb0024beef20b901111234c0000201c6336407940400000035829a000cabcd61626364");

    /// <summary>
    /// IPv4 (20 bytes, checksum 0x4e6a correct, DF, TTL 64) carrying TCP 443 → 51000 with 36 bytes of options and "hello".
    /// tshark -V: "Flags: 0x5b8 (PSH, ACK, URG, CWR, AE, Reserved)", "Reserved: Set" (010), "Header Length: 56 bytes (14)",
    /// "Window: 502", "Checksum: 0xdead incorrect, should be 0xd953", "Urgent Pointer: 3", "Window scale: 7 (multiply by 128)",
    /// options MSS, NOP, WS, SACK_PERM, 4 × NOP, Timestamps, 2 × NOP, SACK: twelve in all.
    /// </summary>
    private static readonly byte[] TcpWithOptions = Convert.FromHexString(
        "450000510001400040064e6ac0000201c633640701bbc738010203040a0b0c0de5b801f6dead0003020405b401030307040201010101080a00000001000000020101050a000003e8000007d068656c6c6f");

    /// <summary>IPv4 192.0.2.1 → 198.51.100.7 UDP 53 → 33434 Length 12 "abcd"; tshark: "Checksum: 0xcc03 [correct]".</summary>
    private static readonly byte[] UdpGood = Convert.FromHexString(
        "450000200002000040118e8fc0000201c63364070035829a000ccc0361626364");

    /// <summary>
    /// IPv6 2001:db8::1 → 2001:db8::2, traffic class 0xb9, flow label 0x12345, hop limit 255, carrying an ICMPv6 echo reply
    /// id 0x1234 seq 258 "ab" whose checksum 0xbeef is bad. tshark -V: "Traffic Class: 0xb9 (DSCP: EF PHB, ECN: ECT(1))",
    /// "DSCP ... (46)", "ECN ... (1)", "Flow Label: 0x12345", "Payload Length: 10", "Next Header: ICMPv6 (58)", "Hop Limit: 255",
    /// "Type: Echo (ping) reply (129)", "Checksum: 0xbeef incorrect, should be 0xaead", "Identifier: 0x1234", "Sequence: 258".
    /// </summary>
    private static readonly byte[] EchoReplyV6 = Convert.FromHexString(
        "6b912345000a3aff20010db800000000000000000000000120010db80000000000000000000000028100beef123401026162");

    /// <summary>
    /// IPv4 198.51.100.7 → 192.0.2.1 ICMP type 3 code 3 quoting UdpGood's first 28 bytes. tshark -V: "Type: 3 (Destination unreachable)",
    /// "Code: 3 (Port unreachable)", "Checksum: 0xae1d [correct]", "Unused: 00000000".
    /// </summary>
    private static readonly byte[] PortUnreachable = Convert.FromHexString(
        "45c000380009000040018dc0c6336407c00002010303ae1d00000000450000200002000040118e8fc0000201c63364070035829a000ccc03");

    private static readonly byte[] Source = [192, 0, 2, 1];

    private static readonly byte[] Destination = [198, 51, 100, 7];

    private static HeaderField Row(IReadOnlyList<HeaderField> rows, string name) => Assert.Single(rows, r => r.Name == name);

    private static void AssertRow(IReadOnlyList<HeaderField> rows, string header, string name, int bitOffset, int bitLength, string bits, object? value)
    {
        var row = Row(rows, name);
        Assert.Equal(header, row.Header);
        Assert.Equal((bitOffset, bitLength, bits), (row.BitOffset, row.BitLength, row.Bits));
        Assert.Equal(value, row.Value);
    }

    [Fact]
    public void Ipv4_explain_rows_sit_where_rfc_791_puts_the_fields_with_wiresharks_values()
    {
        var rows = IPv4Header.Explain(FragmentWithOption);

        Assert.Equal(
            ["Version", "IHL", "DSCP", "ECN", "TotalLength", "Identification", "Flags", "FragmentOffset", "TTL", "Protocol",
             "HeaderChecksum", "SourceAddress", "DestinationAddress", "Options"],
            rows.Select(r => r.Name));
        AssertRow(rows, "IPv4", "Version", 0, 4, "0100", 4);
        AssertRow(rows, "IPv4", "IHL", 4, 4, "0110", 6);
        AssertRow(rows, "IPv4", "DSCP", 8, 6, "101110", 46);
        AssertRow(rows, "IPv4", "ECN", 14, 2, "11", 3);
        AssertRow(rows, "IPv4", "TotalLength", 16, 16, "00000000 00100100", 36);
        AssertRow(rows, "IPv4", "Identification", 32, 16, "10111110 11101111", (ushort?)0xbeef);
        AssertRow(rows, "IPv4", "Flags", 48, 3, "001", IPv4Flags.MoreFragments);
        AssertRow(rows, "IPv4", "FragmentOffset", 51, 13, "00000 10111001", 185);
        AssertRow(rows, "IPv4", "TTL", 64, 8, "00000001", 1);
        AssertRow(rows, "IPv4", "Protocol", 72, 8, "00010001", (byte?)17);
        AssertRow(rows, "IPv4", "HeaderChecksum", 80, 16, "00010010 00110100", (ushort?)0x1234);
        AssertRow(rows, "IPv4", "SourceAddress", 96, 32, "11000000 00000000 00000010 00000001", IPAddress.Parse("192.0.2.1"));
        AssertRow(rows, "IPv4", "DestinationAddress", 128, 32, "11000110 00110011 01100100 00000111", IPAddress.Parse("198.51.100.7"));
        AssertRow(rows, "IPv4", "Options", 160, 32, "10010100 00000100 00000000 00000000", "RouterAlert=0000");

        Assert.Equal("IPv4", Row(rows, "Version").Meaning); // not "not 4: not an IPv4 header", which also holds "IPv4"
        Assert.StartsWith("24 bytes", Row(rows, "IHL").Meaning, StringComparison.Ordinal);
        Assert.Contains("(6", Row(rows, "IHL").Meaning, StringComparison.Ordinal);
        Assert.Contains("46", Row(rows, "DSCP").Meaning, StringComparison.Ordinal);
        Assert.Contains("CS5", Row(rows, "DSCP").Meaning, StringComparison.Ordinal); // RFC 2474 §4.2.2: the class is the top 3 bits, 101
        Assert.Contains("congestion experienced", Row(rows, "ECN").Meaning, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("36 bytes", Row(rows, "TotalLength").Meaning, StringComparison.Ordinal);
        Assert.Equal("0xbeef", Row(rows, "Identification").Meaning);
        Assert.Equal("morefragments", Row(rows, "Flags").Meaning.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant());
        Assert.StartsWith("1480 bytes", Row(rows, "FragmentOffset").Meaning, StringComparison.Ordinal);
        Assert.StartsWith("1 hop", Row(rows, "TTL").Meaning, StringComparison.Ordinal);
        Assert.Equal("UDP", Row(rows, "Protocol").Meaning);
        Assert.Equal("0x1234 Invalid (should be 0x5825)", Row(rows, "HeaderChecksum").Meaning);
        Assert.Equal("192.0.2.1", Row(rows, "SourceAddress").Meaning);
        Assert.Equal("198.51.100.7", Row(rows, "DestinationAddress").Meaning);
        Assert.StartsWith("1 option", Row(rows, "Options").Meaning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_20_byte_ipv4_header_with_a_right_checksum_explains_no_options_and_no_should_be()
    {
        var rows = IPv4Header.Explain(TcpWithOptions);

        Assert.DoesNotContain(rows, r => r.Name == "Options");
        Assert.Equal(13, rows.Count);
        Assert.Equal("0x4e6a Valid", Row(rows, "HeaderChecksum").Meaning);
        Assert.StartsWith("Default", Row(rows, "DSCP").Meaning, StringComparison.Ordinal); // tshark: "Default (0)"
        Assert.Equal("Not-ECT", Row(rows, "ECN").Meaning);                               // tshark: "ECN: Not-ECT"
        Assert.Equal("dontfragment", Row(rows, "Flags").Meaning.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant());
        Assert.StartsWith("0 bytes", Row(rows, "FragmentOffset").Meaning, StringComparison.Ordinal);
        Assert.Equal("TCP", Row(rows, "Protocol").Meaning);
    }

    [Theory]
    [InlineData(0x01, "ECT(1)")] // RFC 3168 §5: 01 is ECT(1), 10 is ECT(0)
    [InlineData(0x02, "ECT(0)")]
    public void Ipv4_explain_names_the_ecn_codepoints_as_rfc_3168_does(byte tos, string name)
    {
        byte[] header = (byte[])UdpGood.Clone();
        header[1] = tos;
        Assert.Equal(name, Row(IPv4Header.Explain(header), "ECN").Meaning);
    }

    [Fact]
    public void A_header_that_is_not_version_4_says_so_in_its_explanation()
    {
        byte[] header = (byte[])UdpGood.Clone();
        header[0] = 0x65;
        var version = Row(IPv4Header.Explain(header), "Version");
        Assert.Equal(6, version.Value);
        Assert.Contains("not 4", version.Meaning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_ipv4_header_explains_exactly_the_fields_whose_bits_were_captured()
    {
        // 10 bytes end after the Protocol field (bits 72-79); the checksum and addresses were not captured.
        var rows = IPv4Header.Explain(UdpGood.AsSpan(0, 10));
        Assert.Equal("Protocol", rows[^1].Name);
        Assert.Equal(10, rows.Count);

        // 9 bytes end inside nothing: TTL (bits 64-71) is the last whole field.
        Assert.Equal("TTL", IPv4Header.Explain(UdpGood.AsSpan(0, 9))[^1].Name);
    }

    [Fact]
    public void Tcp_explain_rows_sit_where_rfc_9293_puts_the_fields_with_wiresharks_values()
    {
        byte[] segment = TcpWithOptions[20..];
        ulong pseudo = HeaderChecksums.PseudoHeader(Source, Destination, 6, segment.Length);
        var rows = TcpHeader.Explain(segment, pseudo);

        Assert.Equal(
            ["SourcePort", "DestinationPort", "SequenceNumber", "AcknowledgmentNumber", "DataOffset", "Reserved",
             "AE", "CWR", "ECE", "URG", "ACK", "PSH", "RST", "SYN", "FIN", "Window", "Checksum", "UrgentPointer", "Options"],
            rows.Select(r => r.Name));
        AssertRow(rows, "TCP", "SourcePort", 0, 16, "00000001 10111011", 443);
        AssertRow(rows, "TCP", "DestinationPort", 16, 16, "11000111 00111000", 51000);
        AssertRow(rows, "TCP", "SequenceNumber", 32, 32, "00000001 00000010 00000011 00000100", 16909060u);
        AssertRow(rows, "TCP", "AcknowledgmentNumber", 64, 32, "00001010 00001011 00001100 00001101", 168496141u);
        AssertRow(rows, "TCP", "DataOffset", 96, 4, "1110", 14);
        AssertRow(rows, "TCP", "Reserved", 100, 3, "010", 2);
        AssertRow(rows, "TCP", "Window", 112, 16, "00000001 11110110", 502);
        AssertRow(rows, "TCP", "Checksum", 128, 16, "11011110 10101101", (ushort?)0xdead);
        AssertRow(rows, "TCP", "UrgentPointer", 144, 16, "00000000 00000011", 3);
        Assert.Equal((160, 288), (Row(rows, "Options").BitOffset, Row(rows, "Options").BitLength));

        // tshark: AE, CWR, URG, ACK, PSH set; ECE, RST, SYN, FIN not set.
        (string Flag, bool Set)[] flags =
            [("AE", true), ("CWR", true), ("ECE", false), ("URG", true), ("ACK", true), ("PSH", true), ("RST", false), ("SYN", false), ("FIN", false)];
        for (int i = 0; i < flags.Length; i++)
        {
            var row = Row(rows, flags[i].Flag);
            Assert.Equal((103 + i, 1, flags[i].Set ? "1" : "0", (object)flags[i].Set), (row.BitOffset, row.BitLength, row.Bits, row.Value));
            Assert.Equal(flags[i].Set ? "set" : "not set", row.Meaning, ignoreCase: true); // tshark's "Set" / "Not set"
        }

        Assert.Contains("https", Row(rows, "SourcePort").Meaning, StringComparison.Ordinal); // /etc/services: https 443/tcp
        Assert.Contains("51000", Row(rows, "DestinationPort").Meaning, StringComparison.Ordinal);
        Assert.Contains("next", Row(rows, "AcknowledgmentNumber").Meaning, StringComparison.Ordinal); // RFC 9293: the next sequence number expected
        Assert.StartsWith("56 bytes", Row(rows, "DataOffset").Meaning, StringComparison.Ordinal);
        Assert.Contains("(14", Row(rows, "DataOffset").Meaning, StringComparison.Ordinal);
        Assert.Equal("not zero", Row(rows, "Reserved").Meaning);
        Assert.Equal("502 × 2^7", Row(rows, "Window").Meaning); // tshark: "Window scale: 7 (multiply by 128)"
        Assert.Equal("0xdead Invalid (should be 0xd953)", Row(rows, "Checksum").Meaning);
        Assert.Contains("urgent", Row(rows, "UrgentPointer").Meaning, StringComparison.Ordinal);
        Assert.Equal("12 option(s)", Row(rows, "Options").Meaning);
        Assert.Equal(
            "MSS=1460, NOP, WindowScale=7, SackPermitted, NOP, NOP, NOP, NOP, Timestamps=TSval=1 TSecr=2, NOP, NOP, Sack=1000-2000",
            Row(rows, "Options").Value);
    }

    [Fact]
    public void Tcp_explain_of_a_bare_syn_says_ack_and_urgent_pointer_mean_nothing_and_the_window_is_unscaled()
    {
        // RFC 9293 layout: ports 58880 → 47123, seq 0x9cdfb80f, ack 0, offset 5, SYN only, window 512, checksum 0, urgent 0.
        byte[] syn = Convert.FromHexString("e600b8139cdfb80f0000000050020200" + "00000000");
        var rows = TcpHeader.Explain(syn, null);

        Assert.Equal(18, rows.Count); // no Options row for a 20-byte header
        Assert.Contains("ACK", Row(rows, "AcknowledgmentNumber").Meaning, StringComparison.Ordinal);
        Assert.DoesNotContain("next", Row(rows, "AcknowledgmentNumber").Meaning, StringComparison.Ordinal);
        Assert.Contains("URG", Row(rows, "UrgentPointer").Meaning, StringComparison.Ordinal);
        Assert.Equal("must be zero", Row(rows, "Reserved").Meaning);
        Assert.StartsWith("512 bytes", Row(rows, "Window").Meaning, StringComparison.Ordinal);
        Assert.DoesNotContain("×", Row(rows, "Window").Meaning, StringComparison.Ordinal);
        Assert.Equal("0x0000 Unverifiable", Row(rows, "Checksum").Meaning);
        Assert.Equal(true, Row(rows, "SYN").Value);
        Assert.Equal(false, Row(rows, "ACK").Value);
    }

    [Fact]
    public void Two_ipv4_options_are_listed_apart_in_the_options_row()
    {
        // RFC 791 §3.1: IHL 7, so 8 option bytes: Router Alert (RFC 2113: 0x94, length 4, value 0), then four
        // No Operation bytes (type 1). tshark -V lists them as "Router Alert" and four "No Operation (NOP)".
        byte[] header = Convert.FromHexString("4700001c0001000040110000c0000201c6336407" + "94040000" + "01010101");
        var options = Row(IPv4Header.Explain(header), "Options");

        Assert.Equal((160, 64), (options.BitOffset, options.BitLength));
        Assert.Equal("5 option(s)", options.Meaning);
        Assert.Equal("RouterAlert=0000, NOP, NOP, NOP, NOP", options.Value);
    }

    [Fact]
    public void A_destination_port_is_named_for_its_own_protocol()
    {
        // /etc/services (netbase): 513/tcp is login and 513/udp is who, the one port whose two names differ
        // among the BSD r-services; 40000 is an unnamed source port. Fields: RFC 9293 and RFC 768 layouts.
        byte[] tcp = Convert.FromHexString("9c400201" + "00000001" + "00000000" + "50020200" + "00000000");
        byte[] udp = Convert.FromHexString("9c400201" + "0008" + "0000");

        var tcpRows = TcpHeader.Explain(tcp, null);
        var udpRows = UdpHeader.Explain(udp, null, zeroMeansNone: true);

        Assert.StartsWith("login", Row(tcpRows, "DestinationPort").Meaning, StringComparison.Ordinal);
        Assert.StartsWith("who", Row(udpRows, "DestinationPort").Meaning, StringComparison.Ordinal);
        Assert.Equal("raw sequence number", Row(tcpRows, "SequenceNumber").Meaning); // not the relative number tshark shows
        Assert.Equal(1u, Row(tcpRows, "SequenceNumber").Value);
    }

    [Fact]
    public void Udp_explain_rows_follow_rfc_768_with_wiresharks_checksum_verdicts()
    {
        byte[] datagram = UdpGood[20..];
        ulong pseudo = HeaderChecksums.PseudoHeader(Source, Destination, 17, 0);
        var rows = UdpHeader.Explain(datagram, pseudo, zeroMeansNone: true);

        Assert.Equal(["SourcePort", "DestinationPort", "Length", "Checksum"], rows.Select(r => r.Name));
        AssertRow(rows, "UDP", "SourcePort", 0, 16, "00000000 00110101", 53);
        AssertRow(rows, "UDP", "DestinationPort", 16, 16, "10000010 10011010", 33434);
        AssertRow(rows, "UDP", "Length", 32, 16, "00000000 00001100", 12);
        AssertRow(rows, "UDP", "Checksum", 48, 16, "11001100 00000011", (ushort?)0xcc03);
        Assert.Contains("domain", Row(rows, "SourcePort").Meaning, StringComparison.Ordinal); // /etc/services: domain 53/udp
        Assert.Contains("33434", Row(rows, "DestinationPort").Meaning, StringComparison.Ordinal);
        Assert.Equal("12 bytes: 8-byte header + 4 data", Row(rows, "Length").Meaning);
        Assert.Equal("0xcc03 Valid", Row(rows, "Checksum").Meaning);

        datagram[6] = 0xab;
        datagram[7] = 0xcd;
        Assert.Equal("0xabcd Invalid (should be 0xcc03)", Row(UdpHeader.Explain(datagram, pseudo, zeroMeansNone: true), "Checksum").Meaning);
    }

    [Fact]
    public void A_udp_header_cut_inside_its_length_field_explains_only_the_ports()
    {
        var rows = UdpHeader.Explain(UdpGood.AsSpan(20, 5), null, zeroMeansNone: true);
        Assert.Equal(["SourcePort", "DestinationPort"], rows.Select(r => r.Name));
    }

    [Fact]
    public void Ipv6_explain_rows_sit_where_rfc_8200_puts_the_fields_with_wiresharks_values()
    {
        var rows = IPv6Header.Explain(EchoReplyV6);

        Assert.Equal(["Version", "TrafficClass", "FlowLabel", "PayloadLength", "NextHeader", "HopLimit", "SourceAddress", "DestinationAddress"], rows.Select(r => r.Name));
        AssertRow(rows, "IPv6", "Version", 0, 4, "0110", 6);
        AssertRow(rows, "IPv6", "TrafficClass", 4, 8, "10111001", 0xb9);
        AssertRow(rows, "IPv6", "FlowLabel", 12, 20, "0001 00100011 01000101", 0x12345);
        AssertRow(rows, "IPv6", "PayloadLength", 32, 16, "00000000 00001010", 10);
        AssertRow(rows, "IPv6", "NextHeader", 48, 8, "00111010", (byte?)58);
        AssertRow(rows, "IPv6", "HopLimit", 56, 8, "11111111", 255);
        Assert.Equal((64, 128), (Row(rows, "SourceAddress").BitOffset, Row(rows, "SourceAddress").BitLength));
        Assert.Equal((192, 128), (Row(rows, "DestinationAddress").BitOffset, Row(rows, "DestinationAddress").BitLength));
        Assert.Equal(IPAddress.Parse("2001:db8::1"), Row(rows, "SourceAddress").Value);
        Assert.Equal(IPAddress.Parse("2001:db8::2"), Row(rows, "DestinationAddress").Value);

        Assert.Equal("IPv6", Row(rows, "Version").Meaning);
        Assert.Equal("DSCP 46, ECN 1", Row(rows, "TrafficClass").Meaning);
        Assert.Equal("0x12345", Row(rows, "FlowLabel").Meaning);
        Assert.StartsWith("10 bytes", Row(rows, "PayloadLength").Meaning, StringComparison.Ordinal);
        Assert.Equal("ICMPv6", Row(rows, "NextHeader").Meaning);
        Assert.StartsWith("255 hops", Row(rows, "HopLimit").Meaning, StringComparison.Ordinal);
        Assert.Equal("2001:db8::1", Row(rows, "SourceAddress").Meaning);
        Assert.Equal("2001:db8::2", Row(rows, "DestinationAddress").Meaning);

        byte[] notSix = (byte[])EchoReplyV6.Clone();
        notSix[0] = 0x4b;
        Assert.Contains("not 6", Row(IPv6Header.Explain(notSix), "Version").Meaning, StringComparison.Ordinal);
        Assert.Equal("HopLimit", IPv6Header.Explain(EchoReplyV6.AsSpan(0, 8))[^1].Name); // 8 bytes: nothing of the addresses
    }

    [Fact]
    public void Icmpv6_echo_explain_gives_identifier_and_sequence_with_wiresharks_checksum_verdict()
    {
        byte[] icmp = EchoReplyV6[40..];
        ulong pseudo = HeaderChecksums.PseudoHeader(EchoReplyV6.AsSpan(8, 16), EchoReplyV6.AsSpan(24, 16), 58, icmp.Length);
        var rows = IcmpHeader.Explain(icmp, 6, pseudo);

        Assert.Equal(["Type", "Code", "Checksum", "Identifier", "SequenceNumber"], rows.Select(r => r.Name));
        AssertRow(rows, "ICMPv6", "Type", 0, 8, "10000001", (byte?)129);
        AssertRow(rows, "ICMPv6", "Code", 8, 8, "00000000", (byte?)0);
        AssertRow(rows, "ICMPv6", "Checksum", 16, 16, "10111110 11101111", (ushort?)0xbeef);
        AssertRow(rows, "ICMPv6", "Identifier", 32, 16, "00010010 00110100", 0x1234);
        AssertRow(rows, "ICMPv6", "SequenceNumber", 48, 16, "00000001 00000010", 258);
        Assert.Contains("reply", Row(rows, "Type").Meaning, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("0xbeef Invalid (should be 0xaead)", Row(rows, "Checksum").Meaning);
        Assert.Equal("0x1234", Row(rows, "Identifier").Meaning);
        Assert.Contains("sequence", Row(rows, "SequenceNumber").Meaning, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Icmp_error_explain_gives_the_rest_of_header_instead_of_echo_fields()
    {
        var rows = IcmpHeader.Explain(PortUnreachable.AsSpan(20), 4, 0);

        Assert.Equal(["Type", "Code", "Checksum", "RestOfHeader"], rows.Select(r => r.Name));
        AssertRow(rows, "ICMP", "Type", 0, 8, "00000011", (byte?)3);
        AssertRow(rows, "ICMP", "Code", 8, 8, "00000011", (byte?)3);
        AssertRow(rows, "ICMP", "RestOfHeader", 32, 32, "00000000 00000000 00000000 00000000", (uint?)0);
        Assert.Contains("unreachable", Row(rows, "Type").Meaning, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("unreachable", Row(rows, "Code").Meaning, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("0xae1d Valid", Row(rows, "Checksum").Meaning);
        Assert.NotEqual(string.Empty, Row(rows, "RestOfHeader").Meaning);
    }
}
