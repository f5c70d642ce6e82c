using PSSocket.Core.Packets;
using static PSSocket.Core.Tests.Packets.DissectorFrames;

namespace PSSocket.Core.Tests.Packets;

/// <summary>
/// PPPoE discovery (RFC 2516 §4 and appendix A) at the edges its mutants showed untested (issue #13 item 8): inside an
/// 802.1Q tag, a session ID and a Length above 255, a header with no TAGs, a TAG ending exactly at the Length, more TAGs
/// than are listed, and the row for a TAG that runs past the Length. Expected values are the frames' own bytes.
/// </summary>
public class PppoeDiscoveryEdgeTests
{
    private static byte[] Discovery(byte code, int session, byte[] tags, int? length = null) =>
        [.. Ethernet(ServerMac, 0x8863), 0x11, code, .. Be16(session), .. Be16(length ?? tags.Length), .. tags];

    private static List<(string Name, string Value)> Rows(byte[] frame) =>
        [.. Dissector.Dissect(frame, LinkType.Ethernet).Where(r => r.Layer == "PppoeDiscovery").Select(r => (r.Name, r.Value))];

    [Fact]
    public void A_padi_in_an_802_1q_tag_is_read_as_one_without()
    {
        // TPID 0x8100, priority 5 VLAN 100, then EtherType 0x8863 and PppoePadi's discovery header and TAGs.
        byte[] padi = PppoePadi();
        byte[] tagged = [.. padi[..12], 0x81, 0x00, 0xA0, 0x64, .. padi[12..]];
        var rows = Dissector.Dissect(tagged, LinkType.Ethernet);
        Assert.Equal(["Ethernet", "Ieee8021Q", "PppoeDiscovery"], rows.Select(r => r.Layer).Distinct());
        Assert.Equal(Rows(padi), Rows(tagged));
    }

    [Fact]
    public void A_session_id_and_a_length_are_16_bit_big_endian()
    {
        // PADS (code 0x65) for session 0x1234 with an empty Service-Name TAG.
        Assert.Equal(
            [("Version", "1"), ("Type", "1"), ("Code", "ActiveDiscoverySessionConfirmation"), ("SessionId", "4660"), ("Length", "4"), ("Tag.ServiceName", string.Empty)],
            Rows(Discovery(0x65, 0x1234, [0x01, 0x01, 0, 0])));

        // One Host-Uniq TAG of 300 bytes: Length 304 (0x0130), TAG length 300 (0x012C).
        byte[] uniq = [.. Enumerable.Range(0, 300).Select(i => (byte)i)];
        var rows = Rows(Discovery(0x09, 0, [0x01, 0x03, 0x01, 0x2C, .. uniq]));
        Assert.Equal(("Length", "304"), rows[4]);
        Assert.Equal(("Tag.HostUniq", Convert.ToHexString(uniq)), rows[5]);
        Assert.Equal(6, rows.Count);
    }

    [Theory]
    [InlineData(0x09, "ActiveDiscoveryInitiation")]
    [InlineData(0x07, "ActiveDiscoveryOffer")]
    [InlineData(0x19, "ActiveDiscoveryRequest")]
    [InlineData(0x65, "ActiveDiscoverySessionConfirmation")]
    public void Each_discovery_code_has_its_name(byte code, string name)
    {
        // RFC 2516 5.1-5.4: PADI 0x09, PADO 0x07, PADR 0x19, PADS 0x65.
        Assert.Equal(("Code", name), Rows(Discovery(code, 0, []))[2]);
    }

    [Fact]
    public void A_header_with_length_0_and_nothing_after_it_has_no_tags_and_is_whole()
    {
        Assert.Equal(
            [("Version", "1"), ("Type", "1"), ("Code", "ActiveDiscoveryInitiation"), ("SessionId", "0"), ("Length", "0")],
            Rows(Discovery(0x09, 0, [])));
    }

    [Fact]
    public void An_empty_tag_that_ends_exactly_at_the_length_is_read()
    {
        Assert.Equal(("Tag.ServiceName", string.Empty), Rows(Discovery(0x09, 0, [0x01, 0x01, 0, 0]))[^1]);
    }

    [Fact]
    public void At_most_64_tags_are_listed_and_the_rest_is_no_error()
    {
        // 70 empty Host-Uniq TAGs, all inside the Length (280): the first 64 are listed, as DHCP options and LLDP TLVs are.
        byte[] tags = [.. Enumerable.Repeat<byte[]>([0x01, 0x03, 0, 0], 70).SelectMany(t => t)];
        var rows = Rows(Discovery(0x09, 0, tags));
        Assert.Equal(("Length", "280"), rows[4]);
        Assert.Equal(64, rows.Count(r => r.Name == "Tag.HostUniq"));
        Assert.Equal(5 + 64, rows.Count);
    }

    [Fact]
    public void A_tag_that_runs_past_the_length_is_named_by_its_offset_in_the_frame()
    {
        // PADO, Length 11: AC-Name "isp" (7 bytes) fits; the AC-Cookie's header (frame bytes 27-30) says 4 more bytes.
        var rows = Rows(Discovery(0x07, 0, [0x01, 0x02, 0, 3, .. "isp"u8, 0x01, 0x04, 0, 4, 1, 2, 3], length: 11));
        Assert.Equal(("Tag.AcName", "isp"), rows[5]);
        Assert.Equal((Dissector.ErrorField, "the TAG at byte 27 runs past the PPPoE payload's Length of 11"), rows[6]);
        Assert.Equal(7, rows.Count);
    }
}
