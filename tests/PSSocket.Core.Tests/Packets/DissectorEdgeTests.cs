using PSSocket.Core.Packets;
using static PSSocket.Core.Tests.Packets.DissectorFrames;

namespace PSSocket.Core.Tests.Packets;

/// <summary>
/// The dissector at the edges its mutants showed untested (issue #13 item 8): link headers cut to nothing or to their
/// length field, a frame as long on the wire as captured, the layer limit, the rows that stand for a layer PacketDotNet
/// could not read, lists longer than 16 items, and the walks that keep PacketDotNet 1.4.8 from looping (TCP, NDP, DRDA,
/// OSPF) one byte either side of where they stop. Frames are written byte by byte from the RFC layouts; the byte counts
/// in the expected rows are those of the frames (header offsets and lengths from RFC 791/8200/9293, radiotap.org).
/// </summary>
public class DissectorEdgeTests
{
    private static readonly byte[] Host1 = [10, 0, 0, 1];
    private static readonly byte[] Host2 = [10, 0, 0, 2];

    private static string Value(IReadOnlyList<PacketField> rows, string layer, string name) =>
        Assert.Single(rows, r => r.Layer == layer && r.Name == name).Value;

    private static (string Layer, string Name, string Value) Last(IReadOnlyList<PacketField> rows) => (rows[^1].Layer, rows[^1].Name, rows[^1].Value);

    /// <summary>A TCP segment 10.0.0.1:50000 to 10.0.0.2:80 (RFC 9293 3.1) with these option bytes and payload.</summary>
    private static byte[] TcpFrame(byte flags, byte[] options, byte[] payload)
    {
        byte[] tcp = [0xC3, 0x50, 0, 80, 0, 0, 0, 1, 0, 0, 0, 0, (byte)((5 + (options.Length / 4)) << 4), flags, 0xFF, 0xFF, 0, 0, 0, 0, .. options, .. payload];
        return [.. Ethernet(ServerMac, 0x0800), .. IPv4(6, 64, Host1, Host2, [], tcp)];
    }

    [Fact]
    public void A_packet_object_is_dissected_with_its_number_link_type_and_wire_length()
    {
        byte[] dhcp = DhcpDiscover();
        var packet = new Packet(5, 0, null, LinkType.Ethernet, dhcp.Length, dhcp[..20], null);
        var rows = Dissector.Dissect(packet);
        Assert.All(rows, r => Assert.Equal(5, r.Number));
        Assert.Equal(("IPv4", Dissector.TruncatedField, "Packet size limited during capture: IPv4 truncated: 6 of its 20 header bytes"), Last(rows));
        Assert.Equal("IPv4.(truncated) = Packet size limited during capture: IPv4 truncated: 6 of its 20 header bytes", rows[^1].ToString());

        Assert.Throws<ArgumentNullException>(() => Dissector.Dissect((Packet)null!));
        Assert.Throws<ArgumentNullException>(() => Dissector.Dissect(null!, LinkType.Ethernet));
    }

    [Fact]
    public void A_frame_as_long_on_the_wire_as_captured_is_malformed_not_cut()
    {
        // An Ethernet header saying IPv4 (0x0800) and nothing after it: 14 bytes captured of 14 on the wire, then of 15.
        byte[] frame = Ethernet(ServerMac, 0x0800);
        const string Rest = "0 bytes from its start, and it goes on past the frame's end";
        Assert.Equal(("Payload", Dissector.TruncatedField, "Malformed Packet: Payload: " + Rest), Last(Dissector.Dissect(frame, LinkType.Ethernet, 1, 14)));
        Assert.Equal(("Payload", Dissector.TruncatedField, "Packet size limited during capture: Payload truncated: " + Rest), Last(Dissector.Dissect(frame, LinkType.Ethernet, 1, 15)));

        // Raw IP (link type 101): the first 2 bytes of an IPv4 header, whose version nibble is all PacketDotNet reads.
        var raw = Dissector.Dissect([0x45, 0x00], LinkType.RawIP);
        Assert.Equal([("RawIP", "Protocol", "IPv4"), ("Payload", Dissector.TruncatedField, "Malformed Packet: Payload: 2 bytes from its start, and it goes on past the frame's end")],
            raw.Select(r => (r.Layer, r.Name, r.Value)));
    }

    [Theory]
    [InlineData(LinkType.Ethernet, "Malformed Packet: Ethernet: 0 of its 14 header bytes")]
    [InlineData(LinkType.LinuxSll, "Malformed Packet: LinuxSll: 0 of its 16 header bytes")]
    [InlineData(LinkType.LinuxSll2, "Malformed Packet: LinuxSll2: 0 of its 20 header bytes")]
    [InlineData(LinkType.Null, "Malformed Packet: Null: 0 of its 4 header bytes")]
    [InlineData(LinkType.Ieee80211Radiotap, "Malformed Packet: Ieee80211Radiotap: 0 of its 8 header bytes")]
    [InlineData(LinkType.RawIP, "Malformed Packet: RawIP: 0 bytes from its start, and it goes on past the frame's end")]
    public void An_empty_frame_is_one_row_naming_the_link_header_it_lacks(LinkType linkType, string value)
    {
        // Ethernet 14, SLL 16, SLL2 20, BSD loopback 4 bytes (tcpdump.org link types); radiotap at least 8 (radiotap.org);
        // raw IP has no link header to count.
        var row = Assert.Single(Dissector.Dissect([], linkType));
        Assert.Equal((linkType.ToString(), Dissector.TruncatedField, value), (row.Layer, row.Name, row.Value));
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 15 }, "3 of its 8 header bytes")]
    [InlineData(new byte[] { 0, 0, 15, 0 }, "4 of its 15 header bytes")]
    [InlineData(new byte[] { 0, 0, 0, 1, 0, 0 }, "6 of its 256 header bytes")]
    public void A_cut_radiotap_header_is_measured_by_its_little_endian_length_once_it_is_captured(byte[] frame, string counted)
    {
        // radiotap.org: version, pad, then it_len (little-endian, bytes 2-3); before those 4 bytes only the 8-byte minimum is known.
        var row = Assert.Single(Dissector.Dissect(frame, LinkType.Ieee80211Radiotap));
        Assert.Equal("Malformed Packet: Ieee80211Radiotap: " + counted, row.Value);
    }

    [Fact]
    public void A_radiotap_fields_encoding_is_not_listed_as_its_content()
    {
        // radiotap.org: each field's alignment and size follow from its bit in the present word; they are not values.
        var rows = Dissector.Dissect(RadiotapBeacon(), LinkType.Ieee80211Radiotap).Where(r => r.Layer == "Radio").Select(r => r.Name).ToList();
        Assert.Equal(["Length", "Version", "Flags.Flags", "Rate.RateMbps", "Channel.Channel", "Channel.Flags", "Channel.FrequencyMHz", "DbmAntennaSignal.AntennaSignalDbm"], rows);
    }

    [Fact]
    public void A_link_type_PacketDotNet_cannot_read_is_one_error_row()
    {
        // Link type 108 (OpenBSD loopback): PacketDotNet 1.4.8 has no parser for it.
        var row = Assert.Single(Dissector.Dissect([0, 0, 0, 2, 0x45], LinkType.Loop));
        Assert.Equal(("Loop", Dissector.ErrorField, "PacketDotNet could not read this: NotImplementedException: linkLayers is not yet implemented."), (row.Layer, row.Name, row.Value));
    }

    [Fact]
    public void At_most_32_layers_are_read()
    {
        // 40 stacked 802.1Q tags (each TPID 0x8100 inside the one before) over a UDP datagram: the Ethernet header and 31 tags.
        byte[] udp = VlanTagged()[18..];
        byte[] frame = [.. Ethernet(ServerMac, 0x8100), .. Enumerable.Repeat<byte[]>([0x00, 0x64, 0x81, 0x00], 39).SelectMany(t => t), 0x00, 0x64, 0x08, 0x00, .. udp];
        var rows = Dissector.Dissect(frame, LinkType.Ethernet);
        Assert.Equal(["Ethernet", "Ieee8021Q"], rows.Select(r => r.Layer).Distinct());
        Assert.Equal(31, rows.Count(r => r.Name == "VlanIdentifier"));
    }

    [Fact]
    public void The_llc_header_of_a_plain_data_frame_is_read_only_when_unprotected_and_all_8_bytes_are_there()
    {
        // IEEE 802.11 data frame to the AP (frame control 0x08 0x01; 0x41 adds Protected), then LLC/SNAP AA AA 03 000000 0800.
        byte[] header = [0x08, 0x01, 0x2C, 0x00, .. Bssid, .. ClientMac, .. ServerMac, 0x20, 0x00];
        byte[] llc = [0xAA, 0xAA, 0x03, 0, 0, 0, 0x08, 0x00];
        var whole = Dissector.Dissect([.. Radiotap(), .. header, .. llc], LinkType.Ieee80211Radiotap);
        Assert.Equal("IPv4", Value(whole, "LogicalLinkControl", "Type"));
        Assert.Equal(("Payload", "Malformed Packet: Payload: 0 bytes from its start, and it goes on past the frame's end"), (whole[^1].Layer, whole[^1].Value));

        // Its null receiver address is empty, and a false flag reads False.
        Assert.Equal(string.Empty, Value(whole, "DataDataFrame", "ReceiverAddress"));
        Assert.Equal("False", Value(whole, "DataDataFrame", "FcsValid"));
        Assert.Equal("SequenceControlField(Field=32, FragmentNumber=0, SequenceNumber=2)", Value(whole, "DataDataFrame", "SequenceControl"));

        Assert.DoesNotContain(Dissector.Dissect([.. Radiotap(), .. header, .. llc[..7]], LinkType.Ieee80211Radiotap), r => r.Layer == "LogicalLinkControl");
        byte[] protectedHeader = [.. header];
        protectedHeader[1] = 0x41;
        var hidden = Dissector.Dissect([.. Radiotap(), .. protectedHeader, .. llc, 0x45, 0x00], LinkType.Ieee80211Radiotap);
        Assert.Equal("Data ToDS Wep", Value(hidden, "DataDataFrame", "FrameControl"));
        Assert.DoesNotContain(hidden, r => r.Layer == "LogicalLinkControl");
    }

    [Fact]
    public void Objects_without_a_text_of_their_own_list_their_members_in_declaration_order()
    {
        // The beacon's sequence control 0x0010 (802.11 9.2.4.4: fragment 0, sequence 1) and its three elements (SSID "lab",
        // four rates, DS parameter set channel 6), each one level deep.
        var beacon = Dissector.Dissect(RadiotapBeacon(), LinkType.Ieee80211Radiotap);
        Assert.Equal("SequenceControlField(Field=16, FragmentNumber=0, SequenceNumber=1)", Value(beacon, "BeaconFrame", "SequenceControl"));
        Assert.Equal(
            "[InformationElement(ElementLength=5, Id=ServiceSetIdentity, Value=6C6162, ValueLength=3), " +
            "InformationElement(ElementLength=6, Id=SupportedRates, Value=82848B96, ValueLength=4), " +
            "InformationElement(ElementLength=3, Id=DsParameterSet, Value=06, ValueLength=1)]",
            Value(beacon, "BeaconFrame", "InformationElements"));

        var solicitation = Dissector.Dissect(NeighborSolicitation(), LinkType.Ethernet);
        Assert.Equal("[NdpLinkLayerAddressOption(LinkLayerAddress=02:00:00:00:00:01, Length=1, Type=SourceLinkLayerAddress)]", Value(solicitation, "NdpNeighborSolicitation", "OptionsCollection"));
        Assert.Equal("0101020000000001", Value(solicitation, "NdpNeighborSolicitation", "OptionsSegment"));

        // The same option cut after its type and length: the member PacketDotNet cannot read says why, the others are read.
        var cut = Dissector.Dissect(NeighborSolicitation()[..^6], LinkType.Ethernet);
        Assert.Equal(
            "[NdpLinkLayerAddressOption(LinkLayerAddress=(error) Index was outside the bounds of the array., Length=1, Type=SourceLinkLayerAddress)]",
            Value(cut, "NdpNeighborSolicitation", "OptionsCollection"));
    }

    [Fact]
    public void A_group_record_lists_its_fields_and_not_its_display_colour()
    {
        // IGMPv3 Membership Report (RFC 3376 4.2) from 192.168.1.10 to 224.0.0.22 with Router Alert: one group record,
        // MODE_IS_INCLUDE (1) for 239.1.2.3 with one source, 192.168.1.10. PacketDotNet's record also has a Color
        // (its console colour), which is not a field of the record.
        byte[] igmp = [0x22, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 239, 1, 2, 3, 192, 168, 1, 10];
        Put16(igmp, 2, Checksum(igmp));
        var rows = Dissector.Dissect([.. Ethernet([0x01, 0x00, 0x5E, 0x00, 0x00, 0x16], 0x0800), .. IPv4(2, 1, [192, 168, 1, 10], [224, 0, 0, 22], [0x94, 0x04, 0, 0], igmp)], LinkType.Ethernet);
        Assert.Equal(
            "[IgmpV3MembershipReportGroupRecord(AuxiliaryDataLength=0, MulticastAddress=239.1.2.3, NumberOfSources=1, RecordType=ModeIsInclude, SourceAddresses=[192.168.1.10])]",
            Value(rows, "IgmpV3MembershipReport", "GroupRecords"));
    }

    [Fact]
    public void A_list_of_more_than_16_items_shows_16_and_an_ellipsis()
    {
        // 40 bytes of No-Operation options (RFC 9293 3.2, kind 1): data offset 15.
        var rows = Dissector.Dissect(TcpFrame(0x02, [.. Enumerable.Repeat((byte)1, 40)], []), LinkType.Ethernet);
        Assert.Equal("[" + string.Join(", ", Enumerable.Repeat("[NoOperation]", 16)) + ", ...]", Value(rows, "Tcp", "OptionsCollection"));
        Assert.Equal(string.Concat(Enumerable.Repeat("01", 40)), Value(rows, "Tcp", "Options"));
    }

    [Fact]
    public void The_tcp_option_walk_stops_at_the_frames_last_byte_and_at_the_options_end()
    {
        // Three No-Operations, then kind 2 (MSS) as the frame's very last byte: its length byte is not in the frame.
        var atEnd = Dissector.Dissect(TcpFrame(0x02, [1, 1, 1, 2], []), LinkType.Ethernet);
        Assert.Equal("[[NoOperation], [NoOperation], [NoOperation]]", Value(atEnd, "Tcp", "OptionsCollection"));
        Assert.DoesNotContain(atEnd, r => r.Name == Dissector.TruncatedField);

        // Four No-Operations, then payload bytes 05 00: they are data, not an option of length 0.
        var payload = Dissector.Dissect(TcpFrame(0x18, [1, 1, 1, 1], [5, 0]), LinkType.Ethernet);
        Assert.Equal("[[NoOperation], [NoOperation], [NoOperation], [NoOperation]]", Value(payload, "Tcp", "OptionsCollection"));
    }

    [Fact]
    public void A_layer_whose_reading_fails_is_one_row_instead_of_its_fields()
    {
        // URG set with an MSS option: PacketDotNet 1.4.8 refuses to read the options of such a segment.
        var urgent = Dissector.Dissect(TcpFrame(0x22, [2, 4, 0x05, 0xB4], []), LinkType.Ethernet);
        var tcp = Assert.Single(urgent, r => r.Layer == "Tcp");
        Assert.Equal((Dissector.ErrorField, "PacketDotNet could not read this: NotImplementedException: Options with the urgent pointer set are not yet implemented."), (tcp.Name, tcp.Value));

        // An LLDPDU cut one byte into its management address TLV (802.1AB 8.5.9): one row for the layer, counted from its start.
        byte[] lldp = Lldp()[..^13];
        var cut = Dissector.Dissect(lldp, LinkType.Ethernet);
        var row = Assert.Single(cut, r => r.Layer == "Lldp");
        Assert.Equal((Dissector.TruncatedField, $"Malformed Packet: Lldp: {lldp.Length - 14} bytes from its start, and it goes on past the frame's end"), (row.Name, row.Value));

        // An IPv4 header of IHL 6 cut after 3 bytes: PacketDotNet throws when asked for the next layer.
        var payload = Dissector.Dissect([.. Ethernet(ServerMac, 0x0800), 0x46, 0x00, 0x00], LinkType.Ethernet);
        Assert.Equal(("Payload", Dissector.ErrorField, "PacketDotNet could not read this: InvalidOperationException: The total length is below the minimum header length."), Last(payload));
    }

    [Fact]
    public void Fields_read_past_the_frames_end_end_the_layer_in_one_row_counted_from_its_start()
    {
        // IPv4 Total Length 56 but only the 20-byte TCP header captured: the TCP fields are read, then one row for the rest.
        byte[] frame = DrdaZeroLength()[..54];
        var rows = Dissector.Dissect(frame, LinkType.Ethernet, 1, 70);
        Assert.Equal("50000", Value(rows, "Tcp", "SourcePort"));
        Assert.Equal(("Tcp", Dissector.TruncatedField, "Packet size limited during capture: Tcp truncated: 20 bytes from its start, and it goes on past the frame's end"), Last(rows));
    }

    [Fact]
    public void The_ndp_option_walk_stops_at_the_payloads_end_and_at_the_frames_last_byte()
    {
        // Two bytes of Ethernet padding after the IPv6 payload: not options, though the second is 0.
        var padded = Dissector.Dissect([.. NeighborSolicitation(), 0, 0], LinkType.Ethernet);
        Assert.StartsWith("[NdpLinkLayerAddressOption(LinkLayerAddress=02:00:00:00:00:01", Value(padded, "NdpNeighborSolicitation", "OptionsCollection"), StringComparison.Ordinal);

        // One byte more inside the payload (Payload Length 33): the start of an option whose length is not in the frame.
        byte[] longer = [.. NeighborSolicitation(), 1];
        Put16(longer, 14 + 4, longer.Length - 14 - 40);
        var rows = Dissector.Dissect(longer, LinkType.Ethernet);
        Assert.StartsWith("[NdpLinkLayerAddressOption(LinkLayerAddress=02:00:00:00:00:01", Value(rows, "NdpNeighborSolicitation", "OptionsCollection"), StringComparison.Ordinal);
        Assert.DoesNotContain(rows, r => r.Name == Dissector.TruncatedField);
    }

    [Fact]
    public void The_ndp_option_walk_steps_by_each_options_own_length()
    {
        // RFC 4861 4.6: the length byte counts 8-octet units. One source link-layer address option of length 2 (16 bytes:
        // type, length, the MAC, 8 bytes of zeros) for target fe80::1: the zeros inside it are not an option.
        byte[] src = [0xFE, 0x80, .. new byte[13], 1];
        byte[] dst = [0xFF, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xFF, 0, 0, 1];
        byte[] icmp = [135, 0, 0, 0, 0, 0, 0, 0, 0xFE, 0x80, .. new byte[13], 1, 1, 2, .. ClientMac, .. new byte[8]];
        Put16(icmp, 2, Checksum([.. src, .. dst, 0, 0, .. Be16(icmp.Length), 0, 0, 0, 58, .. icmp]));
        byte[] frame = [.. Ethernet([0x33, 0x33, 0xFF, 0x00, 0x00, 0x01], 0x86DD), 0x60, 0, 0, 0, .. Be16(icmp.Length), 58, 255, .. src, .. dst, .. icmp];
        var rows = Dissector.Dissect(frame, LinkType.Ethernet);
        Assert.Equal("fe80::1", Value(rows, "NdpNeighborSolicitation", "TargetAddress"));
        Assert.DoesNotContain(Dissector.ErrorField, Value(rows, "NdpNeighborSolicitation", "OptionsCollection"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_drda_walk_reads_whole_ddms_and_names_a_length_cut_in_two()
    {
        // The TCP header of DrdaZeroLength (10.0.0.1:50000 to 10.0.0.2:50001), then DDMs: a 12-byte one alone; then
        // followed by a 10-byte one; then followed by one byte; then one DDM of 256 bytes (length 0x0100, its second
        // header's length 250). Each DDM is listed by its layer name.
        byte[] tcp = DrdaZeroLength()[34..54];
        byte[] Frame(byte[] payload) => [.. Ethernet(ServerMac, 0x0800), .. IPv4(6, 64, Host1, Host2, [], [.. tcp, .. payload])];
        byte[] ddm = [0x00, 0x0C, 0xD0, 0x01, 0x00, 0x01, 0x00, 0x06, 0x10, 0x41, 0x00, 0x00];

        Assert.Equal("[DrdaDdm]", Value(Dissector.Dissect(Frame(ddm), LinkType.Ethernet), "Drda", "DrdaDdmPackets"));

        // Two bytes of Ethernet padding after the IPv4 datagram are not a DDM of length 0.
        Assert.Equal("[DrdaDdm]", Value(Dissector.Dissect([.. Frame(ddm), 0, 0], LinkType.Ethernet), "Drda", "DrdaDdmPackets"));
        byte[] second = [0x00, 0x0A, 0xD0, 0x01, 0x00, 0x02, 0x00, 0x04, 0x10, 0x41];
        Assert.Equal("[DrdaDdm, DrdaDdm]", Value(Dissector.Dissect(Frame([.. ddm, .. second]), LinkType.Ethernet), "Drda", "DrdaDdmPackets"));
        Assert.Equal(
            $"{Dissector.ErrorField} not read: the length of the DRDA DDM at byte 66 runs past the frame's end",
            Value(Dissector.Dissect(Frame([.. ddm, 0x00]), LinkType.Ethernet), "Drda", "DrdaDdmPackets"));
        byte[] big = [0x01, 0x00, 0xD0, 0x01, 0x00, 0x01, 0x00, 0xFA, .. new byte[248]];
        Assert.Equal("[DrdaDdm]", Value(Dissector.Dissect(Frame(big), LinkType.Ethernet), "Drda", "DrdaDdmPackets"));
    }

    [Fact]
    public void The_ospf_walk_reads_as_many_lsas_as_counted_and_names_a_length_cut_in_two()
    {
        // RFC 2328 A.3.5 Link State Update from 10.0.0.1 to 224.0.0.5 with a count, then LSAs (A.4.1 20-byte header,
        // length at bytes 18-19): a router LSA of 24 bytes (no links) and a summary LSA of exactly 20.
        byte[] router = [0, 1, 0x02, 0x01, 10, 0, 0, 1, 10, 0, 0, 1, 0x80, 0, 0, 1, 0, 0, 0, 24, 0, 0, 0, 0];
        byte[] summary = [0, 1, 0x02, 0x03, 10, 0, 0, 0, 10, 0, 0, 1, 0x80, 0, 0, 1, 0, 0, 0, 20];
        static IReadOnlyList<PacketField> Update(uint count, byte[] lsas)
        {
            byte[] ospf = [2, 4, 0, 0, 10, 0, 0, 1, .. new byte[16], (byte)(count >> 24), (byte)(count >> 16), (byte)(count >> 8), (byte)count, .. lsas];
            Put16(ospf, 2, ospf.Length);
            return Dissector.Dissect([.. Ethernet([0x01, 0x00, 0x5E, 0x00, 0x00, 0x05], 0x0800), .. IPv4(89, 1, Host1, [224, 0, 0, 5], [], ospf)], LinkType.Ethernet);
        }

        static string Updates(IReadOnlyList<PacketField> rows) => Value(rows, "OspfV2LinkStateUpdate", "Updates");
        const string Router = "Router LSA, V: 0, E: 0, B: 0, links#: 0";

        Assert.Equal($"[{Router}]", Updates(Update(1, router)));
        Assert.Equal($"[{Router}, {Router}]", Updates(Update(2, [.. router, .. router])));
        Assert.DoesNotContain(Dissector.ErrorField, Updates(Update(1, summary)), StringComparison.Ordinal);

        // Only as many LSAs as counted are walked: a zero-length one after them is not read.
        Assert.Equal($"[{Router}]", Updates(Update(1, [.. router, .. summary[..18], 0, 0])));

        // A length of 0x0100 is 256, not 1 (the walk reads it big-endian), though the LSA is cut short.
        Assert.DoesNotContain(Dissector.ErrorField, Updates(Update(1, [.. router[..18], 0x01, 0x00, 0, 0, 0, 0])), StringComparison.Ordinal);

        // The second LSA cut before its length: PacketDotNet stops on it; cut after its length's first byte: named.
        var beforeLength = Update(2, [.. router, .. summary[..18]]);
        Assert.Equal(("OspfV2LinkStateUpdate", Dissector.TruncatedField), (beforeLength[^1].Layer, beforeLength[^1].Name));
        Assert.DoesNotContain(beforeLength, r => r.Name == "Updates");
        Assert.Equal(
            $"{Dissector.ErrorField} not read: the length of the LSA at byte 86 runs past the frame's end",
            Updates(Update(2, [.. router, .. summary[..19]])));
    }
}
