using System.Net;
using PSSocket.Core.Packets;

namespace PSSocket.Core.Tests.Packets;

/// <summary>
/// The IPv6 header (RFC 8200 §3) and its extension headers (§4) at their limits, with tshark 4.0.17's reading of
/// the same fixed bytes as the expected values.
/// </summary>
public class IPv6HeaderTests
{
    /// <summary>
    /// 2001:db8::1 → 2001:db8::2, payload 72: routing header (tshark: "Type: Source Route (0)", "Segments Left: 2",
    /// "Length: 4 [40 bytes]", addresses 2001:db8::3 and ::4) → AH ("Length: 1 (12 bytes)") → fragment ("Offset: 185",
    /// "More Fragments: No", "Identification: 0xdeadbeef", next header UDP) → 12 bytes of a later fragment.
    /// </summary>
    private static readonly byte[] Chain = Convert.FromHexString(
        "6000000000482b4020010db800000000000000000000000120010db8000000000000000000000002" +
        "330400020000000020010db800000000000000000000000320010db8000000000000000000000004" +
        "2c01000000000100000000011100" + "05c8deadbeef04d20035000c000001020304");

    /// <summary>A mobility header (135; tshark: mipv6) whose next header is 59, no next header.</summary>
    private static readonly byte[] Mobility = Convert.FromHexString(
        "600000000008874020010db800000000000000000000000120010db80000000000000000000000023b00000000000000");

    [Fact]
    public void A_chain_of_routing_ah_and_fragment_headers_reads_as_wireshark_reads_it()
    {
        var v6 = IPv6Header.Decode(Chain);
        Assert.Equal(PacketProblems.None, v6.Problems);
        Assert.Equal([43, 51, 44], v6.ExtensionHeaders.Select(x => (int)x.Type));
        Assert.Equal([40, 12, 8], v6.ExtensionHeaders.Select(x => x.Length));
        Assert.Equal([51, 44, 17], v6.ExtensionHeaders.Select(x => (int)x.NextHeader));

        var routing = v6.ExtensionHeaders[0];
        Assert.Equal((0, 2), (routing.RoutingType, routing.SegmentsLeft));
        Assert.Equal([IPAddress.Parse("2001:db8::3"), IPAddress.Parse("2001:db8::4")], routing.Addresses);
        Assert.Null(routing.Options);

        var fragment = v6.ExtensionHeaders[2];
        Assert.Equal(185, fragment.FragmentOffset);
        Assert.False(fragment.MoreFragments);
        Assert.Equal(0xdeadbeefu, fragment.Identification);

        var ah = v6.ExtensionHeaders[1];
        Assert.Null(ah.FragmentOffset);
        Assert.Null(ah.RoutingType);

        Assert.Equal((byte)17, v6.UpperLayerProtocol);
        Assert.Equal("UDP", v6.UpperLayerProtocolName);
        Assert.Equal(40 + 40 + 12 + 8, v6.HeaderLength);
        Assert.Equal(72, v6.PayloadLength);
        Assert.Equal("IPv6-Route", v6.ExtensionHeaders[0].ToString());

        var p = PacketFactory.FromBytes([.. new byte[12], 0x86, 0xdd, .. Chain], LinkType.Ethernet, 1);
        Assert.Equal(PacketProtocol.IPv6, p.Protocol); // a later fragment (tshark: "IPv6 fragment (off=1480 ...)") has no UDP header
        Assert.Null(p.Udp);
        Assert.Null(p.SourcePort);
    }

    [Fact]
    public void An_extension_header_the_decoder_only_steps_over_keeps_its_type_length_and_next_header()
    {
        var v6 = IPv6Header.Decode(Mobility);
        var mobility = Assert.Single(v6.ExtensionHeaders);
        Assert.Equal((135, 59, 8), ((int)mobility.Type, (int)mobility.NextHeader, mobility.Length));
        Assert.Null(mobility.Options);
        Assert.Null(mobility.Addresses);
        Assert.Null(mobility.Identification);
        Assert.Equal((byte)59, v6.UpperLayerProtocol);
        Assert.Equal(48, v6.HeaderLength);
        Assert.Equal(PacketProblems.None, v6.Problems);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(23)]
    [InlineData(24)]
    [InlineData(39)]
    [InlineData(40)]
    public void Each_ipv6_field_is_read_exactly_when_its_bytes_were_captured(int captured)
    {
        // RFC 8200 §3: version/class/flow 0-3, payload length 4-5, next header 6, hop limit 7, source 8-23, destination 24-39.
        byte[] header = Convert.FromHexString("6b912345000a3aff20010db800000000000000000000000120010db8000000000000000000000002");
        var v6 = IPv6Header.Decode(header.AsSpan(0, captured));
        Assert.Equal(6, v6.Version);
        Assert.Equal(captured >= 2 ? 0xb9 : null, v6.TrafficClass);
        Assert.Equal(captured >= 2 ? 46 : null, v6.Dscp);
        Assert.Equal(captured >= 2 ? 1 : null, v6.Ecn);
        Assert.Equal(captured >= 4 ? 0x12345 : null, v6.FlowLabel);
        Assert.Equal(captured >= 6 ? 10 : null, v6.PayloadLength);
        Assert.Equal(captured >= 7 ? (byte)58 : null, v6.NextHeader);
        Assert.Equal(captured >= 8 ? 255 : null, v6.HopLimit);
        Assert.Equal(captured >= 24 ? "2001:db8::1" : null, v6.SourceAddress?.ToString());
        Assert.Equal(captured >= 40 ? "2001:db8::2" : null, v6.DestinationAddress?.ToString());
        Assert.Equal(captured >= 40 ? (byte)58 : null, v6.UpperLayerProtocol);
        Assert.Equal(captured >= 40 ? 40 : null, v6.HeaderLength);
        Assert.Equal(captured >= 40 ? PacketProblems.PayloadTruncated : PacketProblems.Truncated, v6.Problems);
    }

    [Theory]
    [InlineData(50, PacketProblems.PayloadTruncated)] // the wire had the 10 bytes: snapped
    [InlineData(49, PacketProblems.LengthMismatch)]   // not even the wire had them: the payload length lies
    public void A_payload_length_past_the_capture_is_snapped_or_a_lie_by_the_bytes_on_the_wire(int onWire, PacketProblems expected)
    {
        byte[] header = Convert.FromHexString("6b912345000a3aff20010db800000000000000000000000120010db8000000000000000000000002");
        Assert.Equal(expected, IPv6Header.Decode(header, onWire).Problems);
        Assert.Equal(PacketProblems.None, IPv6Header.Decode([.. header, .. new byte[10]], 50).Problems);
    }

    [Fact]
    public void A_version_other_than_6_is_a_bad_version()
    {
        byte[] header = [.. Mobility];
        header[0] = 0x40;
        Assert.Equal(PacketProblems.BadVersion, IPv6Header.Decode(header).Problems);
    }

    [Fact]
    public void An_extension_header_past_the_captured_bytes_is_truncated_and_past_the_payload_length_a_mismatch()
    {
        // The routing header declares 40 bytes; only 39 were captured of a payload that announces 72.
        var snapped = IPv6Header.Decode(Chain.AsSpan(0, 79), onWireLength: Chain.Length);
        Assert.Equal(PacketProblems.Truncated | PacketProblems.PayloadTruncated, snapped.Problems);
        Assert.Empty(snapped.ExtensionHeaders);
        Assert.Equal(40, snapped.HeaderLength);

        // All bytes captured, but the payload length says 39: the routing header's 40 bytes do not fit in it.
        byte[] lying = [.. Chain];
        lying[5] = 39;
        var mismatch = IPv6Header.Decode(lying);
        Assert.Equal(PacketProblems.LengthMismatch, mismatch.Problems);
        Assert.Empty(mismatch.ExtensionHeaders);

        // Exactly 40: it fits, and the AH after it is the one past the end.
        lying[5] = 40;
        var fits = IPv6Header.Decode(lying);
        Assert.Equal([43], fits.ExtensionHeaders.Select(x => (int)x.Type));
        Assert.Equal(PacketProblems.LengthMismatch, fits.Problems);
    }

    [Fact]
    public void An_extension_header_whose_length_byte_was_not_captured_counts_as_8_bytes()
    {
        // 41 bytes: the routing header's next-header byte but not its length; RFC 8200's minimum extension is 8 bytes.
        var v6 = IPv6Header.Decode(Chain.AsSpan(0, 41), onWireLength: Chain.Length);
        Assert.Equal(PacketProblems.Truncated | PacketProblems.PayloadTruncated, v6.Problems);
        Assert.Empty(v6.ExtensionHeaders);
    }
}
