using PSSocket.Core.Packets;

namespace PSSocket.Core.Tests.Packets;

/// <summary>
/// Option names by number from the IANA registries ("IP Option Numbers": 7 RR, 68 TS, 130 SEC, 131 LSR, 137 SSR;
/// "TCP Option Kind Numbers"; "Destination Options and Hop-by-Hop Options"), an unassigned number shown as its number,
/// and the RFC 791 §3.1 route option layout (length, pointer, then 4-byte addresses).
/// </summary>
public class OptionNameTests
{
    [Theory]
    [InlineData(7, "RecordRoute")]
    [InlineData(68, "Timestamp")]
    [InlineData(130, "Security")]
    [InlineData(131, "LooseSourceRoute")]
    [InlineData(137, "StrictSourceRoute")]
    [InlineData(200, "Type200")]
    public void Ipv4_options_are_named_for_their_iana_number(byte kind, string name) =>
        Assert.Equal(name, OptionParser.Name(kind, OptionParser.Flavor.IPv4));

    [Fact]
    public void Unassigned_tcp_and_ipv6_option_numbers_are_shown_as_numbers()
    {
        Assert.Equal("Kind99", OptionParser.Name(99, OptionParser.Flavor.Tcp));
        Assert.Equal("Type200", OptionParser.Name(200, OptionParser.Flavor.IPv6));
    }

    [Fact]
    public void A_record_route_option_filled_to_its_last_byte_lists_every_address()
    {
        var problems = PacketProblems.None;
        var options = OptionParser.Parse([7, 11, 12, 192, 0, 2, 1, 198, 51, 100, 7, 0], OptionParser.Flavor.IPv4, ref problems);
        Assert.Equal(PacketProblems.None, problems);
        Assert.Equal("pointer=12 192.0.2.1 198.51.100.7", options[0].Value);
    }

    [Fact]
    public void Two_bad_option_lists_in_one_ipv6_header_leave_it_with_bad_options()
    {
        // Hop-by-hop then destination options, each with a PadN whose length (9) runs past its 8-byte header.
        byte[] packet =
        [
            0x60, 0, 0, 0, 0, 16, 0, 64,
            .. Convert.FromHexString("20010db800000000000000000000000120010db8000000000000000000000002"),
            60, 0, 1, 9, 0, 0, 0, 0,
            59, 0, 1, 9, 0, 0, 0, 0,
        ];
        var h = IPv6Header.Decode(packet);
        Assert.Equal(2, h.ExtensionHeaders.Count);
        Assert.Equal(PacketProblems.BadOptions, h.Problems);
    }
}
