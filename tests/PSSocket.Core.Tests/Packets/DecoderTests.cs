using System.Net;
using PSSocket.Core.Packets;

namespace PSSocket.Core.Tests.Packets;

public class DecoderTests
{
    private static Packet Decode(byte[] frame, LinkType linkType = LinkType.Ethernet) => PacketFactory.FromBytes(frame, linkType, 1);

    [Fact]
    public void A_real_syn_decodes_every_ethernet_ipv4_and_tcp_field()
    {
        var p = Decode(RealFrames.TcpSyn);
        Assert.Equal(74, p.Length);
        Assert.Equal(74, p.CapturedLength);
        Assert.Equal(PacketProtocol.Tcp, p.Protocol);
        Assert.Equal("127.0.0.1", p.Source);
        Assert.Equal("127.0.0.1", p.Destination);
        Assert.Equal(58880, p.SourcePort);
        Assert.Equal(47123, p.DestinationPort);
        Assert.Equal(TcpFlags.Syn, p.TcpFlags);
        Assert.Equal("58880 → 47123 [SYN] Seq=2631907343 Win=65495 Len=0 MSS=65495 SACK_PERM TSval=2920323857 TSecr=0 WS=1024 [ChecksumOffloaded]", p.Info);
        Assert.Equal(ChecksumStatus.Offloaded, p.Tcp!.ChecksumStatus); // the field holds the pseudo-header sum lo leaves unfinished
        Assert.Equal(PacketProblems.None, p.Problems);

        var e = p.Ethernet!;
        Assert.Equal("00:00:00:00:00:00", e.Source);
        Assert.Equal("00:00:00:00:00:00", e.Destination);
        Assert.Equal(0x0800, (int?)e.EtherType);
        Assert.Empty(e.VlanTags);

        var ip = p.IPv4!;
        Assert.Equal(4, ip.Version);
        Assert.Equal(5, ip.Ihl);
        Assert.Equal(20, ip.HeaderLength);
        Assert.Equal(0, ip.Dscp);
        Assert.Equal(0, ip.Ecn);
        Assert.Equal(60, ip.TotalLength);
        Assert.Equal(0x41f0, (int?)ip.Identification);
        Assert.Equal(IPv4Flags.DontFragment, ip.Flags);
        Assert.Equal(0, ip.FragmentOffset);
        Assert.Equal(64, ip.Ttl);
        Assert.Equal(6, (int?)ip.Protocol);
        Assert.Equal(0xfac9, (int?)ip.HeaderChecksum);
        Assert.Equal(0xfac9, (int?)ip.ComputedChecksum);
        Assert.Equal(ChecksumStatus.Valid, ip.ChecksumStatus);
        Assert.Equal(IPAddress.Loopback, ip.SourceAddress);
        Assert.Equal(IPAddress.Loopback, ip.DestinationAddress);
        Assert.Empty(ip.Options);
        Assert.Equal(PacketProblems.None, ip.Problems);

        var t = p.Tcp!;
        Assert.Equal(58880, t.SourcePort);
        Assert.Equal(47123, t.DestinationPort);
        Assert.Equal(0x9cdfb80fu, t.SequenceNumber);
        Assert.Equal(0u, t.AcknowledgmentNumber);
        Assert.Equal(10, t.DataOffset);
        Assert.Equal(40, t.HeaderLength);
        Assert.Equal(0, t.Reserved);
        Assert.Equal(TcpFlags.Syn, t.Flags);
        Assert.Equal(65495, t.Window);
        Assert.Equal(0xfe30, (int?)t.Checksum);
        // Loopback leaves the checksum to "hardware" that does not exist (tshark calls it bad): the field holds
        // the folded pseudo-header sum 7f00+0001+7f00+0001+0006+0028 = 0xfe30, so it is offload, not damage.
        Assert.Equal(ChecksumStatus.Offloaded, t.ChecksumStatus);
        Assert.Equal(0x13d9, (int?)t.ComputedChecksum); // tshark: "should be 0x13d9"
        Assert.Equal(0, t.UrgentPointer);
        Assert.Equal(["MSS=65495", "SackPermitted", "Timestamps=TSval=2920323857 TSecr=0", "NOP", "WindowScale=10"], t.Options.Select(o => o.ToString()));
        Assert.Equal(65495, t.MaximumSegmentSize);
        Assert.Equal(10, t.WindowScale);
        Assert.True(t.SackPermitted);
        Assert.Empty(t.SackBlocks);
        Assert.Equal(2920323857u, t.TimestampValue);
        Assert.Equal(0u, t.TimestampEchoReply);
        Assert.Equal(0, t.PayloadLength);
        Assert.Equal(PacketProblems.None, t.Problems);
        Assert.Equal(PacketProblems.None, p.Problems);
        Assert.Null(p.Udp);
        Assert.Null(p.Icmp);
        Assert.Empty(p.Payload!);
    }

    [Fact]
    public void A_real_data_segment_has_its_payload_and_ack()
    {
        var p = Decode(RealFrames.TcpData);
        Assert.Equal(TcpFlags.Psh | TcpFlags.Ack, p.TcpFlags);
        Assert.Equal(0x99976a96u, p.Tcp!.AcknowledgmentNumber);
        Assert.Equal(64, p.Tcp.Window);
        Assert.Equal(4, p.Tcp.PayloadLength);
        Assert.Equal("hi!\n"u8.ToArray(), p.Payload);
        Assert.Equal(["NOP", "NOP", "Timestamps=TSval=2920323857 TSecr=2285730156"], p.Tcp.Options.Select(o => o.ToString()));
    }

    [Fact]
    public void A_real_icmp_echo_request_decodes_and_its_checksum_is_valid()
    {
        var p = Decode(RealFrames.IcmpEchoRequest);
        Assert.Equal(PacketProtocol.Icmp, p.Protocol);
        Assert.Null(p.SourcePort);
        Assert.Null(p.TcpFlags);
        var i = p.Icmp!;
        Assert.Equal(4, i.IPVersion);
        Assert.Equal(8, (int?)i.Type);
        Assert.Equal(0, (int?)i.Code);
        Assert.Equal("Echo (ping) request", i.TypeName);
        Assert.Equal(0xf564, (int?)i.Checksum);
        Assert.Equal(0xf564, (int?)i.ComputedChecksum);
        Assert.Equal(ChecksumStatus.Valid, i.ChecksumStatus);
        Assert.Equal(0x5872, i.Identifier);
        Assert.Equal(1, i.SequenceNumber);
        Assert.Equal(0x58720001u, i.RestOfHeader);
        Assert.Equal(56, i.PayloadLength);
        Assert.Equal(PacketProblems.None, p.Problems);
        Assert.Equal("Echo (ping) request  id=0x5872, seq=1/256, ttl=64", p.Info);
        Assert.Equal(0xa78d, (int?)p.IPv4!.Identification);
        Assert.Equal(ChecksumStatus.Valid, p.IPv4.ChecksumStatus);
    }

    [Fact]
    public void A_real_icmpv6_echo_request_is_verified_with_the_pseudo_header()
    {
        var p = Decode(RealFrames.IcmpV6EchoRequest);
        Assert.Equal(PacketProtocol.IcmpV6, p.Protocol);
        Assert.Equal("::1", p.Source);
        var v6 = p.IPv6!;
        Assert.Equal(6, v6.Version);
        Assert.Equal(0, v6.TrafficClass);
        Assert.Equal(0xcee8, v6.FlowLabel);
        Assert.Equal(64, v6.PayloadLength);
        Assert.Equal(58, (int?)v6.NextHeader);
        Assert.Equal(58, (int?)v6.UpperLayerProtocol);
        Assert.Equal(64, v6.HopLimit);
        Assert.Equal(40, v6.HeaderLength);
        Assert.Empty(v6.ExtensionHeaders);
        Assert.Equal(IPAddress.IPv6Loopback, v6.DestinationAddress);
        var i = p.Icmp!;
        Assert.Equal(128, (int?)i.Type);
        Assert.Equal(0xfcbc, (int?)i.Checksum);
        Assert.Equal(ChecksumStatus.Valid, i.ChecksumStatus);
        Assert.Equal(0x5873, i.Identifier);
        Assert.Equal(1, i.SequenceNumber);
        Assert.Equal("Echo (ping) request id=0x5873, seq=1, hop limit=64", p.Info);
    }

    [Fact]
    public void A_real_linux_cooked_v2_frame_carries_ipv6_udp()
    {
        var p = Decode(RealFrames.Sll2Udp6, LinkType.LinuxSll2);
        var sll = p.LinuxSll!;
        Assert.Equal(2, sll.Version);
        Assert.Equal(0x86dd, (int?)sll.Protocol);
        Assert.Equal(1, sll.InterfaceIndex);
        Assert.Equal(772, sll.ArphrdType);
        Assert.Equal(0, sll.PacketType);
        Assert.Equal(6, sll.AddressLength);
        Assert.Equal("00:00:00:00:00:00", sll.Address);
        var u = p.Udp!;
        Assert.Equal(51979, u.SourcePort);
        Assert.Equal(47124, u.DestinationPort);
        Assert.Equal(11, u.Length);
        Assert.Equal(0x001e, (int?)u.Checksum);
        // Loopback offload again; tshark: "incorrect, should be 0xb853". The field is the pseudo-header sum
        // ::1 + ::1 + length 11 + next header 17 = 0x001e.
        Assert.Equal(0xb853, (int?)u.ComputedChecksum);
        Assert.Equal(ChecksumStatus.Offloaded, u.ChecksumStatus);
        Assert.Equal(3, u.PayloadLength);
        Assert.Equal("abc"u8.ToArray(), p.Payload);
        Assert.Equal("51979 → 47124 Len=3 [ChecksumOffloaded]", p.Info);
        Assert.Equal(0x767b5, p.IPv6!.FlowLabel);
    }

    [Fact]
    public void The_same_packet_decodes_the_same_under_every_link_type()
    {
        byte[] ip = RealFrames.IcmpEchoRequest[14..];
        byte[] sll = [0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x00, .. ip];
        byte[] nullLittle = [2, 0, 0, 0, .. ip];
        byte[] nullBig = [0, 0, 0, 2, .. ip];
        byte[] vlan = [.. RealFrames.IcmpEchoRequest[..12], 0x81, 0x00, 0x20, 0x64, 0x08, 0x00, .. ip];
        foreach (var (bytes, link) in new[] { (ip, LinkType.RawIP), (sll, LinkType.LinuxSll), (nullLittle, LinkType.Null), (nullBig, LinkType.Null), (nullBig, LinkType.Loop), (vlan, LinkType.Ethernet) })
        {
            var p = Decode(bytes, link);
            Assert.Equal(PacketProtocol.Icmp, p.Protocol);
            Assert.Equal(ChecksumStatus.Valid, p.Icmp!.ChecksumStatus);
            Assert.Equal(PacketProblems.None, p.Problems);
        }

        var tag = Decode(vlan).Ethernet!.VlanTags.Single();
        Assert.Equal(1, tag.Priority);
        Assert.False(tag.DropEligible);
        Assert.Equal(100, tag.VlanId);
        Assert.Equal(0x0800, tag.EtherType);
        Assert.Equal(2u, Decode(nullLittle, LinkType.Null).Loopback!.Family);
    }

    [Fact]
    public void Arp_request_and_reply_decode_with_wireshark_info()
    {
        byte[] request = Convert.FromHexString("ffffffffffff0242ac110002080600010800060400010242ac110002ac110002000000000000ac110001");
        var p = Decode(request);
        Assert.Equal(PacketProtocol.Arp, p.Protocol);
        var a = p.Arp!;
        Assert.Equal(1, a.HardwareType);
        Assert.Equal(0x0800, (int?)a.ProtocolType);
        Assert.Equal(6, a.HardwareSize);
        Assert.Equal(4, a.ProtocolSize);
        Assert.Equal(1, a.Operation);
        Assert.Equal("02:42:ac:11:00:02", a.SenderHardwareAddress);
        Assert.Equal("172.17.0.2", a.SenderProtocolAddress);
        Assert.Equal("00:00:00:00:00:00", a.TargetHardwareAddress);
        Assert.Equal("172.17.0.1", a.TargetProtocolAddress);
        Assert.Equal("Who has 172.17.0.1? Tell 172.17.0.2", p.Info);
        Assert.Equal("172.17.0.2", p.Source);
        Assert.Equal("172.17.0.1", p.Destination);
        Assert.Equal(PacketProblems.Truncated, Decode(request[..30]).Problems);
    }

    [Fact]
    public void Ipv6_extension_headers_are_walked_to_the_upper_layer()
    {
        // Hop-by-hop (router alert + PadN) → destination options (Pad1 ×6... as PadN) → fragment (first, M=1) → UDP.
        byte[] hbh = [60, 0, 5, 2, 0, 0, 1, 0];
        byte[] dst = [44, 0, 1, 4, 0, 0, 0, 0];
        byte[] frag = [17, 0, 0x00, 0x01, 0x12, 0x34, 0x56, 0x78];
        byte[] udp = [0x04, 0xd2, 0x00, 0x35, 0x00, 0x0c, 0x00, 0x00, 1, 2, 3, 4];
        byte[] payload = [.. hbh, .. dst, .. frag, .. udp];
        byte[] header = Convert.FromHexString("60000000" + payload.Length.ToString("x4", System.Globalization.CultureInfo.InvariantCulture) + "0040" + "fe800000000000000000000000000001" + "fe800000000000000000000000000002");
        var p = Decode([.. header, .. payload], LinkType.RawIP);
        var v6 = p.IPv6!;
        Assert.Equal([0, 60, 44], v6.ExtensionHeaders.Select(x => (int)x.Type));
        Assert.Equal(["RouterAlert=0000", "PadN"], v6.ExtensionHeaders[0].Options!.Select(o => o.ToString()));
        Assert.Equal(0, v6.ExtensionHeaders[2].FragmentOffset);
        Assert.True(v6.ExtensionHeaders[2].MoreFragments);
        Assert.Equal(0x12345678u, v6.ExtensionHeaders[2].Identification);
        Assert.Equal(17, (int?)v6.UpperLayerProtocol);
        Assert.Equal(64, v6.HeaderLength);
        Assert.Equal(PacketProtocol.Udp, p.Protocol);
        Assert.Equal(53, p.DestinationPort);
        // A first fragment's checksum covers the reassembled datagram, which is not here.
        Assert.Equal(ChecksumStatus.Unverifiable, p.Udp!.ChecksumStatus);

        byte[] routing = [17, 2, 0, 1, 0, 0, 0, 0, .. IPAddress.Parse("2001:db8::1").GetAddressBytes()];
        byte[] routed = Convert.FromHexString("60000000" + (routing.Length + udp.Length).ToString("x4", System.Globalization.CultureInfo.InvariantCulture) + "2b40" + "fe800000000000000000000000000001" + "fe800000000000000000000000000002");
        var r = Decode([.. routed, .. routing, .. udp], LinkType.RawIP).IPv6!.ExtensionHeaders.Single();
        Assert.Equal(0, r.RoutingType);
        Assert.Equal(1, r.SegmentsLeft);
        Assert.Equal([IPAddress.Parse("2001:db8::1")], r.Addresses);
    }

    [Fact]
    public void Udp_with_a_zero_checksum_over_ipv4_reports_not_present()
    {
        var p = PacketFactory.Build(new PacketTemplate { Source = IPAddress.Loopback, Destination = IPAddress.Loopback, Kind = CraftedTransport.Udp, Checksum = 0, Payload = [1, 2, 3] });
        Assert.Equal(ChecksumStatus.NotPresent, p.Udp!.ChecksumStatus);
        Assert.Equal(PacketProblems.None, p.Problems);
        var v6 = PacketFactory.Build(new PacketTemplate { Source = IPAddress.IPv6Loopback, Destination = IPAddress.IPv6Loopback, Kind = CraftedTransport.Udp, Checksum = 0 });
        Assert.Equal(ChecksumStatus.Invalid, v6.Udp!.ChecksumStatus);
    }

    [Fact]
    public void A_port_unreachable_quotes_the_refused_datagram()
    {
        // The help example of ConvertFrom-IcmpHeader.
        byte[] icmp = Convert.FromHexString("0303c0f9000000004500001f0000400040114e97c0000201c633640214e9270f000b0000");
        var h = IcmpHeader.Decode(icmp, icmp.Length, 4, 0);
        Assert.Equal(ChecksumStatus.Valid, h.ChecksumStatus);
        Assert.Equal("Destination unreachable (Port unreachable)", h.TypeName);
        Assert.True(h.IsError);
        Assert.Null(h.Identifier);
        var q = h.Quoted!;
        Assert.Equal(("192.0.2.1", "198.51.100.2", PacketProtocol.Udp, 5353, 9999), (q.Source, q.Destination, q.Protocol, q.SourcePort!.Value, q.DestinationPort!.Value));
        Assert.Equal(ChecksumStatus.Valid, q.IPv4!.ChecksumStatus);
        Assert.Equal(PacketProblems.PayloadTruncated, q.Problems);
    }

    [Fact]
    public void The_help_examples_decode_as_their_remarks_say()
    {
        Assert.Equal(ChecksumStatus.Valid, IPv4Header.Decode(Convert.FromHexString("4500003c1c4640004006b1e6ac100a63ac100a0c")).ChecksumStatus);
        var echo = IcmpHeader.Decode(Convert.FromHexString("0800f7fc00010002"), 8, 4, 0);
        Assert.Equal((ChecksumStatus.Valid, 1, 2), (echo.ChecksumStatus, echo.Identifier!.Value, echo.SequenceNumber!.Value));
        var raw = PacketFactory.FromBytes(Convert.FromHexString("4500001c0000400040013cdf7f0000017f0000010800f7ff00000000"), LinkType.RawIP, 1);
        Assert.Equal(PacketProblems.None, raw.Problems);
        Assert.Equal("Echo (ping) request  id=0x0000, seq=0/0, ttl=64", raw.Info);
        var udp = UdpHeader.Decode(Convert.FromHexString("04d20035000c00006869210a"), 12, null, zeroMeansNone: true);
        Assert.Equal((ChecksumStatus.NotPresent, 1234, 53, 4), (udp.ChecksumStatus, udp.SourcePort, udp.DestinationPort, udp.PayloadLength));
        var syn = TcpHeader.Decode(Convert.FromHexString("a00a005000000000000000005002ffff00000000"), 20, null);
        Assert.Equal((40970, 80, TcpFlags.Syn), (syn.SourcePort, syn.DestinationPort, syn.Flags));
        var v6 = IPv6Header.Decode(Convert.FromHexString("6000000000083a4000000000000000000000000000000001" + "00000000000000000000000000000001"));
        Assert.Equal(((int?)6, (int?)8, (int?)58, (int?)64), (v6.Version, v6.PayloadLength, (int?)v6.NextHeader, v6.HopLimit));
        Assert.Equal(PacketProblems.PayloadTruncated, v6.Problems);
    }
}
