using PSSocket.Core.Packets;

namespace PSSocket.Core.Tests.Packets;

/// <summary>
/// How a frame's layers are put together: the BSD loopback link types (pcap-linktype(7): DLT_NULL's family in the
/// capturing host's byte order, DLT_LOOP's in network order), first fragments whose checksum covers bytes that are
/// not here, and the ISO 8601 times a CSV gives back (expected nanoseconds from python's calendar.timegm).
/// </summary>
public class PacketLayerTests
{
    // IPv4 192.0.2.1 → 198.51.100.7, UDP 53 → 33434 "abcd"; tshark: both checksums correct.
    private static readonly byte[] Udp = Convert.FromHexString("450000200002000040118e8fc0000201c63364070035829a000ccc0361626364");

    [Theory]
    [InlineData(LinkType.Null, new byte[] { 2, 0, 0, 0 })]
    [InlineData(LinkType.Loop, new byte[] { 0, 0, 0, 2 })]
    public void A_bsd_loopback_header_gives_family_2_and_the_ipv4_packet_after_it(LinkType linkType, byte[] header)
    {
        var p = PacketFactory.FromBytes([.. header, .. Udp], linkType, 1);
        Assert.Equal(2u, p.Loopback!.Family);
        Assert.Equal(PacketProblems.None, p.Loopback.Problems);
        Assert.Equal("Family 2", p.Loopback.ToString());
        Assert.Equal(PacketProtocol.Udp, p.Protocol);
        Assert.Equal(ChecksumStatus.Valid, p.Udp!.ChecksumStatus);
        Assert.Null(p.Ethernet);
        Assert.Null(p.LinuxSll);
    }

    [Fact]
    public void A_bsd_loopback_frame_shorter_than_its_4_byte_header_is_truncated()
    {
        var p = PacketFactory.FromBytes([2, 0, 0], LinkType.Null, 1);
        Assert.Equal(PacketProblems.Truncated, p.Loopback!.Problems);
        Assert.Equal(0u, p.Loopback.Family);
        Assert.Equal(PacketProblems.Truncated, p.Problems & PacketProblems.Truncated);
    }

    [Fact]
    public void A_first_fragment_leaves_the_udp_checksum_unverifiable_and_the_whole_datagram_verifies_it()
    {
        byte[] first = [.. Udp];
        first[6] = 0x20; // More Fragments; the header checksum is no longer right either, which is not the point here
        var p = PacketFactory.FromBytes(first, LinkType.RawIP, 1);
        Assert.Equal(PacketProtocol.Udp, p.Protocol);
        Assert.Equal(ChecksumStatus.Unverifiable, p.Udp!.ChecksumStatus);
        Assert.Equal(PacketProblems.None, p.Udp.Problems);

        Assert.Equal(ChecksumStatus.Valid, PacketFactory.FromBytes(Udp, LinkType.RawIP, 1).Udp!.ChecksumStatus);
    }

    [Fact]
    public void An_icmp_first_fragment_leaves_its_checksum_unverifiable()
    {
        // tshark: ICMP port unreachable, checksum 0xae1d correct.
        byte[] icmp = Convert.FromHexString("45c000380009000040018dc0c6336407c00002010303ae1d00000000450000200002000040118e8fc0000201c63364070035829a000ccc03");
        Assert.Equal(ChecksumStatus.Valid, PacketFactory.FromBytes(icmp, LinkType.RawIP, 1).Icmp!.ChecksumStatus);
        icmp[6] = 0x20;
        Assert.Equal(ChecksumStatus.Unverifiable, PacketFactory.FromBytes(icmp, LinkType.RawIP, 1).Icmp!.ChecksumStatus);
    }

    [Fact]
    public void An_icmpv6_checksum_is_verified_over_the_pseudo_header()
    {
        // tshark: ICMPv6 echo reply, checksum 0xbeef incorrect, should be 0xaead.
        byte[] v6 = Convert.FromHexString("6b912345000a3aff20010db800000000000000000000000120010db80000000000000000000000028100beef123401026162");
        var bad = PacketFactory.FromBytes(v6, LinkType.RawIP, 1).Icmp!;
        Assert.Equal(ChecksumStatus.Invalid, bad.ChecksumStatus);
        Assert.Equal((ushort)0xaead, bad.ComputedChecksum);
        v6[42] = 0xae;
        v6[43] = 0xad;
        Assert.Equal(ChecksumStatus.Valid, PacketFactory.FromBytes(v6, LinkType.RawIP, 1).Icmp!.ChecksumStatus);
    }

    [Theory]
    [InlineData("2026-11-29T17:24:20.123456789Z", 1795973060123456789L)]
    [InlineData("2026-11-29T18:24:20.1+01:00", 1795973060100000000L)]
    [InlineData("2026-11-29T17:24:20Z", 1795973060000000000L)]
    [InlineData("  2026-11-29T17:24:20.00000012Z ", 1795973060000000120L)]
    [InlineData("1969-12-31T23:59:59.999999999Z", -1L)]
    public void Iso_8601_text_reads_back_to_the_nanosecond(string text, long expected)
    {
        Assert.True(PacketTime.TryParse(text, out long nanoseconds));
        Assert.Equal(expected, nanoseconds);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("yesterday")]
    [InlineData("2026-11-29T17:24:20.1234567891Z")] // ten fraction digits: finer than a nanosecond
    [InlineData("2026-11-29T17:24:20.12x")]
    public void Text_that_is_no_time_to_the_nanosecond_does_not_read(string? text)
    {
        Assert.False(PacketTime.TryParse(text, out long nanoseconds));
        Assert.Equal(0, nanoseconds);
    }
}
