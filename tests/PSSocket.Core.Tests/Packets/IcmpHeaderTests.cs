using PSSocket.Core.Packets;

namespace PSSocket.Core.Tests.Packets;

/// <summary>
/// The ICMP header decoder at its byte limits and its error/echo split, from the layouts of RFC 792 (ICMPv4: errors are
/// destination unreachable 3, source quench 4, redirect 5, time exceeded 11, parameter problem 12) and RFC 4443 (ICMPv6:
/// errors 1 to 4, echo 128/129): type in byte 0, code in 1, checksum in 2-3, identifier 4-5 and sequence 6-7 for
/// echoes, then for errors as much of the offending datagram as fits. Checksums are RFC 1071 sums computed by python.
/// </summary>
public class IcmpHeaderTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex);

    private static IcmpHeader Decode(byte[] bytes, int ipVersion = 4) => IcmpHeader.Decode(bytes, bytes.Length, ipVersion, null);

    [Theory]
    [InlineData(4, 3, true)]
    [InlineData(4, 4, true)]
    [InlineData(4, 5, true)]
    [InlineData(4, 11, true)]
    [InlineData(4, 12, true)]
    [InlineData(4, 0, false)]
    [InlineData(4, 1, false)]
    [InlineData(4, 2, false)]
    [InlineData(4, 8, false)]
    [InlineData(4, 13, false)]
    [InlineData(6, 1, true)]
    [InlineData(6, 2, true)]
    [InlineData(6, 3, true)]
    [InlineData(6, 4, true)]
    [InlineData(6, 5, false)]
    [InlineData(6, 11, false)]
    [InlineData(6, 12, false)]
    [InlineData(6, 128, false)]
    [InlineData(6, 129, false)]
    public void An_icmp_message_is_an_error_exactly_when_its_rfc_lists_its_type_as_one(int ipVersion, byte type, bool error)
    {
        // 8 header bytes, then the start of an IPv4 datagram as an error would quote it.
        byte[] message = [type, 0, 0, 0, 0, 0, 0, 0, .. Hex("4500001c00010000401100000a0000010a000002")];
        var h = Decode(message, ipVersion);
        Assert.Equal(error, h.IsError);
        Assert.Equal(error, h.Quoted is not null);
    }

    [Fact]
    public void An_error_of_exactly_8_bytes_quotes_nothing()
    {
        Assert.Null(Decode(Hex("0b00f4ff00000000")).Quoted); // time exceeded, nothing after the header
    }

    [Fact]
    public void A_quoted_ipv4_datagram_of_exactly_4_bytes_keeps_the_length_its_header_announced()
    {
        var quoted = Decode(Hex("0300b7c300000000" + "4500003c")).Quoted; // the quote's total length: 60
        Assert.NotNull(quoted);
        Assert.Equal((60, 4), (quoted.Length, quoted.CapturedLength));
    }

    [Fact]
    public void A_quoted_ipv6_datagram_of_exactly_6_bytes_keeps_the_length_its_header_announced()
    {
        var quoted = Decode(Hex("0100000000000000" + "600000000014"), ipVersion: 6).Quoted; // 40 + payload length 20
        Assert.NotNull(quoted);
        Assert.Equal((60, 6), (quoted.Length, quoted.CapturedLength));
    }

    [Fact]
    public void A_quote_of_6_bytes_that_is_neither_ipv4_nor_ipv6_keeps_its_captured_length()
    {
        var quoted = Decode(Hex("0300000000000000" + "5000003c0000")).Quoted;
        Assert.NotNull(quoted);
        Assert.Equal(6, quoted.Length);
    }

    [Fact]
    public void Each_field_is_read_exactly_when_its_bytes_were_captured()
    {
        byte[] echo = Hex("0800e5ca12340001"); // echo request, identifier 0x1234, sequence 1
        for (int n = 0; n <= 8; n++)
        {
            var h = Decode(echo[..n]);
            Assert.Equal(n >= 1 ? (byte)8 : null, h.Type);
            Assert.Equal(n >= 2 ? (byte)0 : null, h.Code);
            Assert.Equal(n >= 4 ? (ushort)0xe5ca : null, h.Checksum);
            Assert.Equal(n >= 6 ? 0x1234 : null, h.Identifier);
            Assert.Equal(n >= 8 ? 1 : null, h.SequenceNumber);
            Assert.Equal(n >= 8 ? 0x12340001u : null, h.RestOfHeader);
            Assert.Equal(n >= 8 ? PacketProblems.None : PacketProblems.Truncated, h.Problems);
        }
    }

    [Fact]
    public void A_message_that_is_not_an_echo_has_no_identifier_or_sequence()
    {
        var h = Decode(Hex("0301fcfe00000000")); // host unreachable
        Assert.Equal((null, null, 0u), (h.Identifier, h.SequenceNumber, h.RestOfHeader));
    }

    [Fact]
    public void A_4_byte_icmp_message_has_its_checksum_verified()
    {
        var h = IcmpHeader.Decode(Hex("0800f7ff"), 4, 4, 0); // ~0x0800
        Assert.Equal(ChecksumStatus.Valid, h.ChecksumStatus);
        Assert.Equal(PacketProblems.Truncated, h.Problems);
    }

    [Fact]
    public void A_wrong_icmp_checksum_is_a_problem()
    {
        var h = IcmpHeader.Decode(Hex("0800000012340001"), 8, 4, 0); // the right sum is 0xe5ca
        Assert.Equal(ChecksumStatus.Invalid, h.ChecksumStatus);
        Assert.Equal((ushort)0xe5ca, h.ComputedChecksum);
        Assert.Equal(PacketProblems.BadChecksum, h.Problems);
    }

    [Fact]
    public void A_4_byte_icmp_message_explains_the_fields_it_has()
    {
        var rows = IcmpHeader.Explain(Hex("0800f7ff"), 4, 0);
        Assert.Equal(["Type", "Code", "Checksum"], rows.Select(r => r.Name));
    }
}
