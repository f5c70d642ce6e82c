using PSSocket.Core.Packets;

namespace PSSocket.Core.Tests.Packets;

/// <summary>
/// What a user sees for numbers no registry names (IANA protocol numbers, IEEE EtherTypes, ICMP and ICMPv6 types) and at
/// a few edges of the text the packet objects give: the number itself is shown, never an empty string.
/// </summary>
public class UnnamedValueTests
{
    [Fact]
    public void Unassigned_numbers_are_shown_as_numbers()
    {
        Assert.Equal("Protocol 253", ProtocolNames.IpProtocol(253)); // 253: reserved for experiments (RFC 3692)
        Assert.Equal("0x1234", ProtocolNames.EtherType(0x1234));
        Assert.Equal("Type 200", ProtocolNames.Icmp(200, 0));
        Assert.Equal("Type 200", ProtocolNames.IcmpV6(200, 0));
    }

    [Fact]
    public void An_unknown_ethertype_is_named_in_the_info_column()
    {
        byte[] frame = Convert.FromHexString("ffffffffffff020000000001123400000000");
        var p = new Packet(1, 0, null, LinkType.Ethernet, frame.Length, frame, null);
        Assert.StartsWith("EtherType 0x1234", p.Info, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ethernet_header_reads_as_source_to_destination_and_its_ethertype()
    {
        var h = EthernetHeader.Decode(Convert.FromHexString("ffffffffffff0200000000010800"));
        Assert.Equal("02:00:00:00:00:01 → ff:ff:ff:ff:ff:ff IPv4", h.ToString());
    }

    [Fact]
    public void An_ipv6_header_of_exactly_40_bytes_gives_its_addresses()
    {
        byte[] header = Convert.FromHexString("6000000000003b40" + "20010db8000000000000000000000001" + "20010db8000000000000000000000002");
        var p = new Packet(1, 0, null, LinkType.RawIP, 40, header, null);
        Assert.Equal(("2001:db8::1", "2001:db8::2"), (p.Source, p.Destination));
    }

    [Fact]
    public void A_time_whose_fraction_ends_the_text_is_read_as_utc_to_the_nanosecond()
    {
        // python: datetime(2026, 11, 30, 8, 0, 0, tzinfo=timezone.utc).timestamp() * 10**9 + 123456789
        Assert.True(PacketTime.TryParse("2026-11-30T08:00:00.123456789", out long nanoseconds));
        Assert.Equal(1796025600123456789, nanoseconds);
    }
}
