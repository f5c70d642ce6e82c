using PSSocket.Core.Files;
using PSSocket.Core.Packets;
using PSSocket.Core.Tests.Support;
using Xunit.Abstractions;

namespace PSSocket.Core.Tests.Packets;

/// <summary>
/// The dissector on frames written here byte by byte from the RFC layouts (DHCP RFC 2131/2132,
/// IGMPv2 RFC 2236, 802.1Q, NDP RFC 4861); expected values are the ones written into the frames,
/// and tshark reads the same frames back for the fields both name.
/// </summary>
public sealed class DissectorTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pssocket-dissect-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly byte[] ClientMac = [0x02, 0x00, 0x00, 0x00, 0x00, 0x01];

    /// <summary>DHCPDISCOVER, 0.0.0.0:68 to 255.255.255.255:67, xid 0x3903F326, broadcast flag, requesting 192.168.1.100.</summary>
    internal static byte[] DhcpDiscover()
    {
        var bootp = new List<byte> { 1, 1, 6, 0, 0x39, 0x03, 0xF3, 0x26, 0, 0, 0x80, 0 };
        bootp.AddRange(new byte[16]);                    // ciaddr yiaddr siaddr giaddr
        bootp.AddRange(ClientMac);
        bootp.AddRange(new byte[10 + 64 + 128]);          // chaddr padding, sname, file
        bootp.AddRange([0x63, 0x82, 0x53, 0x63]);         // magic cookie
        bootp.AddRange([53, 1, 1]);                       // message type: DISCOVER
        bootp.AddRange([50, 4, 192, 168, 1, 100]);        // requested address
        bootp.AddRange([55, 3, 1, 3, 6]);                 // parameter request list
        bootp.Add(255);
        byte[] udp = [0, 68, 0, 67, .. Be16(8 + bootp.Count), 0, 0, .. bootp];
        return [.. Ethernet([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], 0x0800), .. IPv4(17, 64, [0, 0, 0, 0], [255, 255, 255, 255], [], udp)];
    }

    /// <summary>IGMPv2 Membership Report for 224.0.0.251 from 192.168.1.10, with the Router Alert option RFC 2236 asks for.</summary>
    internal static byte[] IgmpV2Report()
    {
        byte[] igmp = [0x16, 0, 0, 0, 224, 0, 0, 251];
        Put16(igmp, 2, Checksum(igmp));
        return [.. Ethernet([0x01, 0x00, 0x5E, 0x00, 0x00, 0xFB], 0x0800), .. IPv4(2, 1, [192, 168, 1, 10], [224, 0, 0, 251], [0x94, 0x04, 0x00, 0x00], igmp)];
    }

    /// <summary>A UDP datagram 10.0.0.1:5000 to 10.0.0.2:53 in an 802.1Q tag: priority 5, DEI 0, VLAN 100.</summary>
    internal static byte[] VlanTagged()
    {
        byte[] udp = [0x13, 0x88, 0, 53, 0, 12, 0, 0, 0xDE, 0xAD, 0xBE, 0xEF];
        byte[] eth = Ethernet([0x02, 0x00, 0x00, 0x00, 0x00, 0x02], 0x8100);
        return [.. eth, 0xA0, 0x64, 0x08, 0x00, .. IPv4(17, 64, [10, 0, 0, 1], [10, 0, 0, 2], [], udp)];
    }

    /// <summary>Neighbor Solicitation from fe80::1 for fe80::2, to its solicited-node group, with a source link-layer address option.</summary>
    internal static byte[] NeighborSolicitation()
    {
        byte[] src = [0xFE, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
        byte[] dst = [0xFF, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xFF, 0, 0, 2];
        byte[] target = [0xFE, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];
        byte[] icmp = [135, 0, 0, 0, 0, 0, 0, 0, .. target, 1, 1, .. ClientMac];
        byte[] pseudo = [.. src, .. dst, 0, 0, .. Be16(icmp.Length), 0, 0, 0, 58, .. icmp];
        Put16(icmp, 2, Checksum(pseudo));
        byte[] ip6 = [0x60, 0, 0, 0, .. Be16(icmp.Length), 58, 255, .. src, .. dst];
        return [.. Ethernet([0x33, 0x33, 0xFF, 0x00, 0x00, 0x02], 0x86DD), .. ip6, .. icmp];
    }

    [Fact]
    public void Dhcp_over_udp_67_68_gives_the_bootp_fields_and_options_written()
    {
        var rows = Rows(DhcpDiscover());
        Assert.Equal(["Ethernet", "IPv4", "Udp", "DhcpV4"], rows.Select(r => r.Layer).Distinct());
        Assert.Equal("68", Value(rows, "Udp", "SourcePort"));
        Assert.Equal("67", Value(rows, "Udp", "DestinationPort"));
        Assert.Equal("Discover", Value(rows, "DhcpV4", "MessageType"));
        Assert.Equal("3903F326", uint.Parse(Value(rows, "DhcpV4", "TransactionId"), System.Globalization.CultureInfo.InvariantCulture).ToString("X8", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("02:00:00:00:00:01", Value(rows, "DhcpV4", "ClientHardwareAddress"));
        Assert.Equal("0.0.0.0", Value(rows, "DhcpV4", "YourAddress"));
        Assert.Contains(rows, r => r.Layer == "DhcpV4" && r.Name.StartsWith("Option.", StringComparison.Ordinal) && r.Value.Contains("192.168.1.100", StringComparison.Ordinal));
    }

    [Fact]
    public void Igmpv2_report_gives_type_and_group()
    {
        var rows = Rows(IgmpV2Report());
        Assert.Equal(["Ethernet", "IPv4", "IgmpV2"], rows.Select(r => r.Layer).Distinct());
        Assert.Equal("MembershipReportIGMPv2", Value(rows, "IgmpV2", "Type"));
        Assert.Equal("224.0.0.251", Value(rows, "IgmpV2", "GroupAddress"));
        Assert.Equal("1", Value(rows, "IPv4", "TimeToLive"));
    }

    [Fact]
    public void Vlan_tag_gives_priority_vlan_and_the_layers_inside()
    {
        var rows = Rows(VlanTagged());
        Assert.Equal(["Ethernet", "Ieee8021Q", "IPv4", "Udp"], rows.Select(r => r.Layer).Distinct());
        Assert.Equal("100", Value(rows, "Ieee8021Q", "VlanIdentifier"));
        // Priority 5 is the one 802.1Q names "Voice, < 10 ms latency and jitter"; PacketDotNet names its enum member so.
        Assert.Equal("Voice10ms", Value(rows, "Ieee8021Q", "PriorityControlPoint"));
        Assert.Equal("53", Value(rows, "Udp", "DestinationPort"));
    }

    [Fact]
    public void Neighbor_solicitation_gives_the_target_address()
    {
        var rows = Rows(NeighborSolicitation());
        Assert.Equal(["Ethernet", "IPv6", "IcmpV6", "NdpNeighborSolicitation"], rows.Select(r => r.Layer).Distinct());
        Assert.Equal("NeighborSolicitation", Value(rows, "IcmpV6", "Type"));
        Assert.Equal("fe80::2", Value(rows, "NdpNeighborSolicitation", "TargetAddress"));
        Assert.Equal("255", Value(rows, "IPv6", "HopLimit"));
        Assert.Contains("02:00:00:00:00:01", Value(rows, "NdpNeighborSolicitation", "OptionsCollection"), StringComparison.Ordinal);
    }

    [PeerFact("tshark")]
    public void Tshark_reads_the_same_values_from_the_same_frames()
    {
        string file = Path.Combine(_dir, "dissect.pcap");
        byte[][] frames = [DhcpDiscover(), IgmpV2Report(), VlanTagged(), NeighborSolicitation()];
        using (var writer = CaptureFileWriter.Create(file, CaptureFormat.Pcap, LinkType.Ethernet, append: false))
        {
            foreach (byte[] frame in frames)
            {
                writer.Write(frame, 0, frame.Length, LinkType.Ethernet, null, null);
            }
        }

        var t = Tshark.Fields(file, "dhcp.option.dhcp", "dhcp.id", "dhcp.hw.mac_addr", "igmp.type", "igmp.maddr", "vlan.id", "vlan.priority", "icmpv6.nd.ns.target_address", "ip.checksum.status", "igmp.checksum.status", "icmpv6.checksum.status");
        Assert.Equal(4, t.Count);
        Assert.Equal(("1", "0x3903f326", "02:00:00:00:00:01"), (t[0][0], t[0][1], t[0][2]));
        Assert.Equal("Discover", Value(Rows(frames[0]), "DhcpV4", "MessageType"));
        Assert.Equal(("0x16", "224.0.0.251", "1", "1"), (t[1][3], t[1][4], t[1][8], t[1][9]));
        Assert.Equal(t[1][4], Value(Rows(frames[1]), "IgmpV2", "GroupAddress"));
        Assert.Equal((t[2][5], t[2][6]), ("100", "5"));
        Assert.Equal(t[2][5], Value(Rows(frames[2]), "Ieee8021Q", "VlanIdentifier"));
        Assert.Equal(("fe80::2", "1"), (t[3][7], t[3][10]));
        Assert.Equal(t[3][7], Value(Rows(frames[3]), "NdpNeighborSolicitation", "TargetAddress"));
    }

    [Fact]
    public void Truncated_and_garbage_frames_give_rows_and_never_throw()
    {
        var random = new Random(1129);
        byte[][] seeds = [DhcpDiscover(), IgmpV2Report(), VlanTagged(), NeighborSolicitation()];
        foreach (byte[] seed in seeds)
        {
            for (int cut = 0; cut <= seed.Length; cut++)
            {
                _ = Dissector.Dissect(seed[..cut], LinkType.Ethernet);
            }
        }

        for (int i = 0; i < 2000; i++)
        {
            byte[] frame = (byte[])seeds[i % seeds.Length].Clone();
            for (int flips = random.Next(1, 8); flips > 0; flips--)
            {
                frame[random.Next(frame.Length)] = (byte)random.Next(256);
            }

            _ = Dissector.Dissect(frame, LinkType.Ethernet);
        }

        Assert.NotEmpty(Dissector.Dissect([0x45], LinkType.RawIP));
        var cut20 = Dissector.Dissect(DhcpDiscover()[..20], LinkType.Ethernet);
        output.WriteLine(string.Join('\n', cut20));
        Assert.Contains(cut20, r => r.Layer == "Ethernet");
        Assert.Contains(cut20, r => r.Value.StartsWith(Dissector.ErrorField, StringComparison.Ordinal) || r.Name == Dissector.ErrorField);
        Assert.Contains(Dissector.Dissect(new byte[64], (LinkType)9999), r => r.Name == Dissector.ErrorField);
    }

    [Fact]
    public async Task A_tcp_option_of_length_zero_is_reported_not_read_forever()
    {
        // 10.0.0.1:40000 -> 10.0.0.2:80 SYN, data offset 6: one option, kind 2 (MSS) with length byte 0,
        // which RFC 9293 3.2 forbids (at least 2) and on which PacketDotNet 1.4.8's option walk never ends.
        byte[] tcp = [0x9C, 0x40, 0, 80, 0, 0, 0, 1, 0, 0, 0, 0, 0x60, 0x02, 0xFF, 0xFF, 0, 0, 0, 0, 2, 0, 0, 0];
        byte[] frame = [.. Ethernet([0x02, 0, 0, 0, 0, 0x02], 0x0800), .. IPv4(6, 64, [10, 0, 0, 1], [10, 0, 0, 2], [], tcp)];
        var work = Task.Run(() => Dissector.Dissect(frame, LinkType.Ethernet));
        Assert.Same(work, await Task.WhenAny(work, Task.Delay(TimeSpan.FromSeconds(30))));
        var rows = await work;
        output.WriteLine(string.Join('\n', rows));
        Assert.StartsWith(Dissector.ErrorField, Value(rows, "Tcp", "OptionsCollection"), StringComparison.Ordinal);
        Assert.Equal("80", Value(rows, "Tcp", "DestinationPort"));

        // The same SYN with a well-formed MSS option (1460) is read.
        tcp[21] = 4;
        (tcp[22], tcp[23]) = (0x05, 0xB4);
        byte[] good = [.. Ethernet([0x02, 0, 0, 0, 0, 0x02], 0x0800), .. IPv4(6, 64, [10, 0, 0, 1], [10, 0, 0, 2], [], tcp)];
        Assert.Contains("1460", Value(Dissector.Dissect(good, LinkType.Ethernet), "Tcp", "OptionsCollection"), StringComparison.Ordinal);

        // Without options (data offset 5) the field is empty, not an error.
        byte[] bare = [.. tcp[..20]];
        bare[12] = 0x50;
        byte[] plain = [.. Ethernet([0x02, 0, 0, 0, 0, 0x02], 0x0800), .. IPv4(6, 64, [10, 0, 0, 1], [10, 0, 0, 2], [], bare)];
        var plainRows = Dissector.Dissect(plain, LinkType.Ethernet);
        Assert.Equal(string.Empty, Value(plainRows, "Tcp", "OptionsCollection"));
        Assert.DoesNotContain(plainRows, r => r.Value.StartsWith(Dissector.ErrorField, StringComparison.Ordinal));
    }

    private IReadOnlyList<PacketField> Rows(byte[] frame)
    {
        var rows = Dissector.Dissect(frame, LinkType.Ethernet, 7);
        output.WriteLine(string.Join('\n', rows));
        Assert.All(rows, r => Assert.Equal(7, r.Number));
        Assert.DoesNotContain(rows, r => r.Name == Dissector.ErrorField);
        return rows;
    }

    private static string Value(IReadOnlyList<PacketField> rows, string layer, string name) =>
        Assert.Single(rows, r => r.Layer == layer && r.Name == name).Value;

    private static byte[] Ethernet(byte[] destination, int etherType) => [.. destination, .. ClientMac, .. Be16(etherType)];

    private static byte[] IPv4(byte protocol, byte ttl, byte[] source, byte[] destination, byte[] options, byte[] payload)
    {
        int headerLength = 20 + options.Length;
        byte[] header = [(byte)(0x40 | headerLength / 4), 0, .. Be16(headerLength + payload.Length), 0, 1, 0, 0, ttl, protocol, 0, 0, .. source, .. destination, .. options];
        Put16(header, 10, Checksum(header));
        return [.. header, .. payload];
    }

    private static byte[] Be16(int value) => [(byte)(value >> 8), (byte)value];

    private static void Put16(byte[] buffer, int offset, int value) => (buffer[offset], buffer[offset + 1]) = ((byte)(value >> 8), (byte)value);

    /// <summary>The Internet checksum (RFC 1071), written out here rather than taken from the code under test.</summary>
    private static int Checksum(byte[] data)
    {
        long sum = 0;
        for (int i = 0; i < data.Length; i += 2)
        {
            sum += (data[i] << 8) | (i + 1 < data.Length ? data[i + 1] : 0);
        }

        while (sum >> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (int)~sum & 0xFFFF;
    }
}
