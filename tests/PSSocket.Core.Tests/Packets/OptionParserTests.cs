using PSSocket.Core.Packets;

namespace PSSocket.Core.Tests.Packets;

/// <summary>
/// Option lists of IPv4 (RFC 791), TCP (RFC 9293) and IPv6 (RFC 8200 §4.2): each option's name against the name tshark
/// 4.0.17 or the IANA registry gives its kind, and the walk at the limits of a length byte.
/// </summary>
public class OptionParserTests
{
    private static IReadOnlyList<HeaderOption> Parse(byte[] bytes, OptionParser.Flavor flavor, out PacketProblems problems)
    {
        problems = PacketProblems.None;
        return OptionParser.Parse(bytes, flavor, ref problems);
    }

    private static string Normal(string name) => name.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    // tshark -V: "IP Option - Record Route", "No-Operation (NOP)", "Security", "Loose Source Route", "Stream ID",
    // "Strict Source Route", "Time Stamp", "End of Options List (EOL)" for these bytes; "Router Alert" for 148.
    [Fact]
    public void Ipv4_options_are_named_as_wireshark_names_them_and_routes_show_their_addresses()
    {
        byte[] options = Convert.FromHexString("070904c0000209c633" + "01" + "820b000000000000000000" + "830304" + "88040001" + "890304" + "44040500" + "94040000" + "00" + "07");
        var list = Parse(options, OptionParser.Flavor.IPv4, out var problems);
        Assert.Equal(PacketProblems.None, problems);
        string[] tshark = ["Record Route", "No-Operation (NOP)", "Security", "Loose Source Route", "Stream ID", "Strict Source Route", "Time Stamp", "Router Alert", "End of Options List (EOL)"];
        Assert.Equal(tshark.Length, list.Count); // the End of Option List ends the walk: the 07 after it is padding
        for (int i = 0; i < tshark.Length; i++)
        {
            Assert.Contains(Normal(list[i].Name), Normal(tshark[i]), StringComparison.Ordinal);
        }

        Assert.Equal("pointer=4 192.0.2.9", list[0].Value); // the 2 bytes after the address are no address
        Assert.Equal([7, 1, 130, 131, 136, 137, 68, 148, 0], list.Select(o => (int)o.Kind));
        Assert.Equal([9, 1, 11, 3, 4, 3, 4, 4, 1], list.Select(o => o.Length));
        Assert.Equal("pointer=4", list[3].Value);
        Assert.Equal("0001", list[4].Value);
        Assert.Equal(string.Empty, list[1].Value);
        Assert.Equal("NOP", list[1].ToString());
        Assert.Equal("StreamId=0001", list[4].ToString());
    }

    // IANA TCP option kinds: User Timeout Option, TCP Authentication Option (TCP-AO), Multipath TCP (MPTCP), TCP Fast Open Cookie.
    [Theory]
    [InlineData(0, "End of Option List (EOL)")]
    [InlineData(1, "No-Operation (NOP)")]
    [InlineData(2, "Maximum Segment Size (MSS)")]
    [InlineData(3, "Window Scale")]
    [InlineData(4, "SACK Permitted")]
    [InlineData(5, "SACK")]
    [InlineData(8, "Timestamps")]
    [InlineData(28, "User Timeout Option")]
    [InlineData(29, "TCP Authentication Option (TCP-AO)")]
    [InlineData(30, "Multipath TCP (MPTCP)")]
    [InlineData(34, "TCP Fast Open Cookie")]
    public void Tcp_option_kinds_are_named_as_the_registry_names_them(byte kind, string iana)
    {
        string name = OptionParser.Name(kind, OptionParser.Flavor.Tcp);
        Assert.NotEqual(string.Empty, name);
        Assert.Contains(Normal(name), Normal(iana), StringComparison.Ordinal);
    }

    // IANA "Destination Options and Hop-by-Hop Options": Pad1, PadN, Router Alert, Jumbo Payload.
    [Theory]
    [InlineData(0x00, "Pad1")]
    [InlineData(0x01, "PadN")]
    [InlineData(0x05, "Router Alert")]
    [InlineData(0xC2, "Jumbo Payload")]
    public void Ipv6_option_types_are_named_as_the_registry_names_them(byte type, string iana) =>
        Assert.Equal(Normal(iana), Normal(OptionParser.Name(type, OptionParser.Flavor.IPv6)));

    [Fact]
    public void Unknown_kinds_are_named_by_their_number()
    {
        Assert.Contains("99", OptionParser.Name(99, OptionParser.Flavor.Tcp), StringComparison.Ordinal); // tshark: "Unknown"
        Assert.Contains("99", OptionParser.Name(99, OptionParser.Flavor.IPv4), StringComparison.Ordinal);
        Assert.Contains("99", OptionParser.Name(99, OptionParser.Flavor.IPv6), StringComparison.Ordinal);
        Assert.NotEqual(OptionParser.Name(99, OptionParser.Flavor.Tcp), OptionParser.Name(98, OptionParser.Flavor.Tcp));
    }

    [Fact]
    public void Tcp_values_are_read_only_at_their_rfc_sizes()
    {
        // MSS 1460; WS 7; SACK 2 blocks; TS 1/2; then the same kinds at wrong sizes: shown as hex.
        byte[] options = Convert.FromHexString(
            "020405b4" + "030307" + "0512000003e8000007d000000bb800000fa0" + "080a0000000100000002" +
            "020505b4ff" + "03040707" + "050b000003e8000007d0ff" + "0808000000010000");
        var list = Parse(options, OptionParser.Flavor.Tcp, out var problems);
        Assert.Equal(PacketProblems.None, problems);
        Assert.Equal(
            ["1460", "7", "1000-2000 3000-4000", "TSval=1 TSecr=2", "05b4ff", "0707", "000003e8000007d0ff", "000000010000"],
            list.Select(o => o.Value));
    }

    [Fact]
    public void Ipv6_lengths_count_after_the_two_bytes_and_pad1_does_not_end_the_walk()
    {
        // Pad1, Router Alert (length byte 2: 4 bytes in all), PadN of 0 data bytes.
        var list = Parse([0x00, 0x05, 0x02, 0x00, 0x00, 0x01, 0x00], OptionParser.Flavor.IPv6, out var problems);
        Assert.Equal(PacketProblems.None, problems);
        Assert.Equal(["Pad1", "RouterAlert=0000", "PadN"], list.Select(o => o.ToString()));
        Assert.Equal([1, 4, 2], list.Select(o => o.Length));
    }

    [Theory]
    [InlineData(new byte[] { 0x02 }, 0)]                   // a kind on the last byte has no length byte
    [InlineData(new byte[] { 0x01, 0x02 }, 1)]             // NOP, then the same
    [InlineData(new byte[] { 0x02, 0x01, 0x00 }, 0)]       // a length of 1 cannot hold kind and length
    [InlineData(new byte[] { 0x02, 0x00 }, 0)]             // nor one of 0 (it would never move on)
    [InlineData(new byte[] { 0x02, 0x05, 0x05, 0xb4 }, 0)] // 5 bytes claimed, 4 there
    public void A_length_byte_that_lies_stops_the_walk_as_bad_options(byte[] options, int before)
    {
        var list = Parse(options, OptionParser.Flavor.Tcp, out var problems);
        Assert.Equal(PacketProblems.BadOptions, problems);
        Assert.Equal(before, list.Count);
    }

    [Fact]
    public void A_length_that_ends_exactly_at_the_last_byte_is_whole()
    {
        var list = Parse([0x01, 0x02, 0x04, 0x05, 0xb4], OptionParser.Flavor.Tcp, out var problems);
        Assert.Equal(PacketProblems.None, problems);
        Assert.Equal(["NOP", "MSS=1460"], list.Select(o => o.ToString()));
        Assert.Equal(PacketProblems.None, Problems([0x04, 0x02]));
    }

    private static PacketProblems Problems(byte[] options)
    {
        Parse(options, OptionParser.Flavor.Tcp, out var problems);
        return problems;
    }
}
