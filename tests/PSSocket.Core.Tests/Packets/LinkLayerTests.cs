using PSSocket.Core.Packets;

namespace PSSocket.Core.Tests.Packets;

/// <summary>
/// Ethernet with 802.1Q/802.1ad tags, ARP (RFC 826), Linux cooked headers and hardware address text, each field at
/// the byte where its specification puts it, one byte either side of where it ends, with tshark 4.0.17's reading of
/// the same fixed bytes as the expected value where tshark prints one.
/// </summary>
public class LinkLayerTests
{
    private static readonly byte[] Mac1 = Convert.FromHexString("020000000001");

    /// <summary>Ethernet 02:00:00:00:00:01 → 00:00:00:00:00:00, an 802.1ad tag (PCP 5, DEI 1, VID 100), an 802.1Q tag
    /// (tshark: vlan.priority 3, vlan.dei 0, vlan.id 4094), then IPv4.</summary>
    private static readonly byte[] QinQ = Convert.FromHexString(
        "00000000000002000000000188a8b06481006ffe0800450000140007000040068ea1c0000201c6336407");

    private static byte[] Arp(int operation, byte[] senderIp, byte[] targetIp, byte[]? targetMac = null) =>
        [0, 1, 0x08, 0x00, 6, 4, (byte)(operation >> 8), (byte)operation, .. Mac1, .. senderIp, .. targetMac ?? new byte[6], .. targetIp];

    [Fact]
    public void Stacked_vlan_tags_give_their_pcp_dei_and_vid_and_the_type_after_them()
    {
        var e = EthernetHeader.Decode(QinQ);
        Assert.Equal(PacketProblems.None, e.Problems);
        Assert.Equal(22, e.HeaderLength);
        Assert.Equal((ushort)0x0800, e.EtherType);
        Assert.Equal("02:00:00:00:00:01", e.Source);
        Assert.Equal("00:00:00:00:00:00", e.Destination);
        Assert.Equal(2, e.VlanTags.Count);

        var outer = e.VlanTags[0];
        Assert.Equal((ushort)0x88a8, outer.TagProtocol);
        Assert.Equal((5, true, 100, (ushort)0x8100), (outer.Priority, outer.DropEligible, outer.VlanId, outer.EtherType));
        var inner = e.VlanTags[1];
        Assert.Equal((ushort)0x8100, inner.TagProtocol);
        Assert.Equal((3, false, 4094, (ushort)0x0800), (inner.Priority, inner.DropEligible, inner.VlanId, inner.EtherType));
        Assert.Equal("VLAN 4094", inner.ToString());

        var p = PacketFactory.FromBytes(QinQ, LinkType.Ethernet, 1);
        Assert.Equal(PacketProtocol.Tcp, p.Protocol);
        Assert.Equal("192.0.2.1", p.Source);
    }

    [Fact]
    public void An_old_qinq_type_9100_is_a_tag_too()
    {
        byte[] frame = [.. QinQ];
        frame[12] = 0x91;
        frame[13] = 0x00;
        var e = EthernetHeader.Decode(frame);
        Assert.Equal((ushort)0x9100, e.VlanTags[0].TagProtocol);
        Assert.Equal(22, e.HeaderLength);
    }

    [Fact]
    public void A_frame_that_ends_inside_a_tag_is_truncated_and_one_that_ends_after_it_is_not()
    {
        var cut = EthernetHeader.Decode(QinQ.AsSpan(0, 21)); // the second tag needs bytes 18-21
        Assert.Equal(PacketProblems.Truncated, cut.Problems);
        Assert.Single(cut.VlanTags);
        Assert.Equal(18, cut.HeaderLength);

        var whole = EthernetHeader.Decode(QinQ.AsSpan(0, 22));
        Assert.Equal(PacketProblems.None, whole.Problems);
        Assert.Equal(2, whole.VlanTags.Count);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    public void Ethernet_addresses_are_read_exactly_when_their_six_bytes_were_captured(int captured)
    {
        var e = EthernetHeader.Decode(QinQ.AsSpan(0, captured));
        Assert.Equal(captured >= 6 ? "00:00:00:00:00:00" : null, e.Destination);
        Assert.Equal(captured >= 12 ? "02:00:00:00:00:01" : null, e.Source);
        Assert.Equal(captured >= 14 ? (ushort)0x88a8 : null, e.EtherType);
        Assert.Equal(PacketProblems.Truncated, e.Problems); // 14 bytes end inside the 802.1ad tag
        Assert.Equal(14, e.HeaderLength);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("0a", "0a")]
    [InlineData("0123456789abcdef", "01:23:45:67:89:ab:cd:ef")]             // 8 bytes: EUI-64, packed in one word
    [InlineData("0123456789abcdeffe", "01:23:45:67:89:ab:cd:ef:fe")]        // 9 bytes: the longer path
    [InlineData("80000048fe800000000000000002c903000b8c51", "80:00:00:48:fe:80:00:00:00:00:00:00:00:02:c9:03:00:0b:8c:51")] // 20-byte InfiniBand
    public void Hardware_addresses_of_any_length_are_lowercase_colon_hex(string hex, string expected) =>
        Assert.Equal(expected, MacAddress.Format(Convert.FromHexString(hex)));

    [Theory]
    [InlineData(1, "request", "Who has 192.0.2.2? Tell 192.0.2.1")]
    [InlineData(2, "reply", "192.0.2.1 is at 02:00:00:00:00:01")]
    [InlineData(3, "reverse request", null)]
    [InlineData(4, "reverse reply", null)]
    [InlineData(256, "unknown", null)] // tshark: "Unknown (256)"
    public void Arp_operations_are_named_as_wireshark_names_them(int operation, string name, string? info)
    {
        var a = ArpPacket.Decode(Arp(operation, [192, 0, 2, 1], [192, 0, 2, 2], operation == 2 ? Mac1 : null));
        Assert.Equal(PacketProblems.None, a.Problems);
        Assert.Equal(operation, a.Operation);
        Assert.Equal(name, a.OperationName);
        Assert.Equal(info ?? "ARP " + name, a.ToString());
        Assert.Equal((1, (ushort)0x0800, 6, 4), (a.HardwareType, a.ProtocolType, a.HardwareSize, a.ProtocolSize));
        Assert.Equal("02:00:00:00:00:01", a.SenderHardwareAddress);
        Assert.Equal("192.0.2.1", a.SenderProtocolAddress);
        Assert.Equal("192.0.2.2", a.TargetProtocolAddress);
    }

    [Fact]
    public void An_arp_request_for_its_own_address_is_an_announcement()
    {
        var a = ArpPacket.Decode(Arp(1, [192, 0, 2, 1], [192, 0, 2, 1]));
        Assert.Equal("ARP Announcement for 192.0.2.1", a.ToString()); // tshark's Info
    }

    [Fact]
    public void An_arp_message_is_truncated_one_byte_before_its_last_address_ends()
    {
        byte[] whole = Arp(1, [192, 0, 2, 1], [192, 0, 2, 2]);
        Assert.Equal(28, whole.Length); // RFC 826 over Ethernet/IPv4: 8 + 2 × (6 + 4)
        var cut = ArpPacket.Decode(whole.AsSpan(0, 27));
        Assert.Equal(PacketProblems.Truncated, cut.Problems);
        Assert.Equal(1, cut.Operation);
        Assert.Null(cut.SenderHardwareAddress);
        Assert.Null(cut.TargetProtocolAddress);

        var header = ArpPacket.Decode(whole.AsSpan(0, 7));
        Assert.Equal(PacketProblems.Truncated, header.Problems);
        Assert.Null(header.Operation);
        Assert.Null(header.HardwareType);
        Assert.Null(header.OperationName);

        Assert.Equal(PacketProblems.None, ArpPacket.Decode(whole).Problems);
        Assert.Equal(PacketProblems.None, ArpPacket.Decode([0, 1, 0x08, 0x00, 0, 0, 0, 1]).Problems); // sizes 0: the 8 fixed bytes are all
    }

    [Fact]
    public void Arp_protocol_addresses_that_are_not_4_or_16_bytes_are_hex()
    {
        // hardware size 6, protocol size 2 (no IP): 8 + 2 × 8 = 24 bytes.
        byte[] arp = [0, 1, 0x12, 0x34, 6, 2, 0, 1, .. Mac1, 0xab, 0xcd, .. new byte[6], 0x01, 0x02];
        var a = ArpPacket.Decode(arp);
        Assert.Equal(PacketProblems.None, a.Problems);
        Assert.Equal("abcd", a.SenderProtocolAddress);
        Assert.Equal("0102", a.TargetProtocolAddress);
        Assert.Equal("00:00:00:00:00:00", a.TargetHardwareAddress);

        // protocol size 16: IPv6 text.
        byte[] v6 = [0, 1, 0x86, 0xdd, 6, 16, 0, 2, .. Mac1, .. Convert.FromHexString("20010db8000000000000000000000001"), .. Mac1, .. Convert.FromHexString("20010db8000000000000000000000002")];
        var b = ArpPacket.Decode(v6);
        Assert.Equal("2001:db8::1", b.SenderProtocolAddress);
        Assert.Equal("2001:db8::1 is at 02:00:00:00:00:01", b.ToString());
    }

    // tshark's sll.pkttype names for Linux's PACKET_HOST ... PACKET_OUTGOING (linux/if_packet.h: 0-4).
    [Theory]
    [InlineData(0, "Unicast to us")]
    [InlineData(1, "Broadcast")]
    [InlineData(2, "Multicast")]
    [InlineData(3, "Unicast to another host")]
    [InlineData(4, "Sent by us")]
    [InlineData(7, "Unknown")]
    public void Linux_cooked_packet_types_are_named_as_wireshark_names_them(int type, string name)
    {
        // SLL v1: packet type, ARPHRD 1, address length 6, address + 2 pad, protocol 0x0800.
        byte[] v1 = [0, (byte)type, 0, 1, 0, 6, .. Mac1, 0, 0, 0x08, 0x00];
        var h = LinuxSllHeader.Decode(v1, 1);
        Assert.Equal(name, h.PacketTypeName);
        Assert.Equal(name + " IPv4", h.ToString());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(15)]
    [InlineData(16)]
    public void Linux_cooked_v1_fields_are_read_exactly_when_captured(int captured)
    {
        // SLL v1 (16 bytes): type 0-1, ARPHRD 2-3, address length 4-5, address 6-13, protocol 14-15.
        byte[] v1 = [0, 4, 0x03, 0x04, 0, 6, .. Mac1, 0, 0, 0x86, 0xdd];
        var h = LinuxSllHeader.Decode(v1.AsSpan(0, captured), 1);
        Assert.Equal(1, h.Version);
        Assert.Equal(16, h.HeaderLength);
        Assert.Equal(captured >= 2 ? 4 : null, h.PacketType);
        Assert.Equal(captured >= 4 ? 772 : null, h.ArphrdType);
        Assert.Equal(captured >= 6 ? 6 : null, h.AddressLength);
        Assert.Equal(captured >= 12 ? "02:00:00:00:00:01" : null, h.Address);
        Assert.Equal(captured >= 16 ? (ushort)0x86dd : null, h.Protocol);
        Assert.Equal(captured >= 16 ? PacketProblems.None : PacketProblems.Truncated, h.Problems);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(17)]
    [InlineData(18)]
    [InlineData(19)]
    [InlineData(20)]
    public void Linux_cooked_v2_fields_are_read_exactly_when_captured(int captured)
    {
        // SLL v2 (20 bytes): protocol 0-1, reserved 2-3, ifindex 4-7, ARPHRD 8-9, type 10, address length 11, address 12-19.
        byte[] v2 = [0x08, 0x00, 0, 0, 0, 0, 0, 3, 0, 1, 0, 6, .. Mac1, 0, 0];
        var h = LinuxSllHeader.Decode(v2.AsSpan(0, captured), 2);
        Assert.Equal(2, h.Version);
        Assert.Equal(20, h.HeaderLength);
        Assert.Equal(captured >= 2 ? (ushort)0x0800 : null, h.Protocol);
        Assert.Equal(captured >= 8 ? 3 : null, h.InterfaceIndex);
        Assert.Equal(captured >= 10 ? 1 : null, h.ArphrdType);
        Assert.Equal(captured >= 11 ? 0 : null, h.PacketType);
        Assert.Equal(captured >= 12 ? 6 : null, h.AddressLength);
        Assert.Equal(captured >= 18 ? "02:00:00:00:00:01" : null, h.Address);
        Assert.Equal(captured >= 20 ? PacketProblems.None : PacketProblems.Truncated, h.Problems);
    }

    [Fact]
    public void A_linux_cooked_address_longer_than_8_bytes_shows_its_first_8()
    {
        // The header has room for 8 address bytes (pcap-linktype(7)); a longer length keeps the first 8.
        byte[] v1 = [0, 0, 0, 1, 0, 20, 1, 2, 3, 4, 5, 6, 7, 8, 0x08, 0x00];
        var h = LinuxSllHeader.Decode(v1, 1);
        Assert.Equal(20, h.AddressLength);
        Assert.Equal("01:02:03:04:05:06:07:08", h.Address);
        Assert.Equal((ushort)0x0800, h.Protocol);
    }
}
