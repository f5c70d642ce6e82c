using PSSocket.Core.Packets;

namespace PSSocket.Core.Tests.Packets;

/// <summary>
/// PPPoE discovery (RFC 2516 §4, appendix A) as Get-PacketField reads it, against tshark 4.0.17's reading of the same
/// fixed frames: "Code: Active Discovery Offer (PADO) (0x07)", "AC-Name: isp", "AC-Cookie: 01020304", "Relay-Session-Id: aa",
/// "Service-Name-Error: no", "AC-System-Error: sys", "Generic-Error: gen", "Tag: Unknown (0x0abc)".
/// </summary>
public class PppoeDiscoveryTests
{
    // Ethernet 0x8863, version 1 type 1, code 0x07, session 0, length 66, then the TAGs; a Service-Name after End-Of-List.
    private const string Pado =
        "02000000000202000000000188631107000000420102000369737001040004010203040105000400000de901100001aa020100026e6f" +
        "020200037379730203000367656e0abc00010500000000010100056166746572";

    private static string Normal(string name) => name.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    private static List<(string Name, string Value)> Rows(byte[] frame, int originalLength = 0) =>
        [.. Dissector.Dissect(frame, LinkType.Ethernet, 1, originalLength).Where(r => r.Layer == "PppoeDiscovery").Select(r => (r.Name, r.Value))];

    [Fact]
    public void Every_tag_of_an_offer_reads_as_wireshark_reads_it_up_to_the_end_of_list()
    {
        var rows = Rows(Convert.FromHexString(Pado));
        Assert.Equal(("Version", "1"), rows[0]);
        Assert.Equal(("Type", "1"), rows[1]);
        Assert.Contains(Normal(rows[2].Value), Normal("Active Discovery Offer (PADO)"), StringComparison.Ordinal);
        Assert.Equal(("SessionId", "0"), rows[3]);
        Assert.Equal(("Length", "66"), rows[4]);

        (string Tshark, string Value)[] tags =
        [
            ("AC-Name", "isp"), ("AC-Cookie", "01020304"), ("Vendor-Specific", "00000DE9"), ("Relay-Session-Id", "AA"),
            ("Service-Name-Error", "no"), ("AC-System-Error", "sys"), ("Generic-Error", "gen"), ("0x0ABC", "05"), ("End-Of-List", string.Empty),
        ];
        Assert.Equal(5 + tags.Length, rows.Count); // nothing after End-Of-List
        for (int i = 0; i < tags.Length; i++)
        {
            var (name, value) = rows[5 + i];
            Assert.StartsWith("Tag.", name, StringComparison.Ordinal);
            Assert.Equal(Normal(tags[i].Tshark), Normal(name["Tag.".Length..]));
            Assert.Equal(tags[i].Value, value, ignoreCase: true);
        }
    }

    [Theory]
    [InlineData(0x19, "Active Discovery Request (PADR)")]
    [InlineData(0x65, "Active Discovery Session-confirmation (PADS)")]
    [InlineData(0xa7, "Active Discovery Terminate (PADT)")]
    public void Discovery_codes_are_named_as_wireshark_names_them(byte code, string tshark)
    {
        byte[] frame = Convert.FromHexString(Pado);
        frame[15] = code;
        var rows = Rows(frame);
        Assert.Equal("Code", rows[2].Name);
        Assert.Contains(Normal(rows[2].Value), Normal(tshark), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unnamed_code_is_its_number()
    {
        byte[] frame = Convert.FromHexString(Pado);
        frame[15] = 0x42;
        Assert.Equal(("Code", "66"), Rows(frame)[2]);
    }

    [Fact]
    public void A_payload_shorter_than_its_length_ends_in_one_truncated_row()
    {
        // The header says 66 bytes; 20 of them were captured: the TAGs that fit, then the truncation.
        byte[] frame = Convert.FromHexString(Pado)[..(14 + 6 + 20)];
        var rows = Rows(frame, originalLength: 14 + 6 + 66);
        Assert.Equal(["Version", "Type", "Code", "SessionId", "Length", "Tag.AcName", "Tag.AcCookie", Dissector.TruncatedField], rows.Select(r => r.Name));

        // Five bytes after Ethernet: not even the 6-byte header.
        Assert.Equal([Dissector.TruncatedField], Rows(Convert.FromHexString(Pado)[..19]).Select(r => r.Name));
    }

    [Fact]
    public void A_tag_that_runs_past_the_length_is_an_error_row()
    {
        // Length 9: AC-Name (7 bytes) fits, the AC-Cookie's header starts inside and its value runs past.
        byte[] frame = Convert.FromHexString(Pado);
        frame[19] = 11;
        var rows = Rows(frame);
        Assert.Equal(["Version", "Type", "Code", "SessionId", "Length", "Tag.AcName", Dissector.ErrorField], rows.Select(r => r.Name));

        // Length 7: exactly the AC-Name: no error.
        frame[19] = 7;
        Assert.Equal(["Version", "Type", "Code", "SessionId", "Length", "Tag.AcName"], Rows(frame).Select(r => r.Name));
    }
}
