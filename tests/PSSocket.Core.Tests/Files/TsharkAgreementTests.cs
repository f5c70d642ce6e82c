using System.Globalization;
using System.Net;
using PSSocket.Core.Files;
using PSSocket.Core.Packets;
using PSSocket.Core.Tests.Support;
using Xunit.Abstractions;

namespace PSSocket.Core.Tests.Files;

/// <summary>
/// Captures real loopback traffic with tcpdump (Ethernet on lo, Linux cooked v2 on any), decodes
/// it with our reader and decoders, and compares every field below with tshark's dissection of
/// the same file, packet by packet. Checksum validation is switched on in tshark.
/// </summary>
public sealed class TsharkAgreementTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pssocket-tshark-").FullName;

    /// <summary>Every field compared: tshark's name and how we read the same thing.</summary>
    private static readonly (string Field, Func<Packet, object?> Ours)[] Fields =
    [
        ("frame.len", p => p.Length),
        ("frame.cap_len", p => p.CapturedLength),
        ("eth.src", p => p.Ethernet?.Source),
        ("eth.dst", p => p.Ethernet?.Destination),
        ("eth.type", p => p.Ethernet is { } e ? (e.VlanTags.Count > 0 ? e.VlanTags[0].TagProtocol : e.EtherType) : null),
        ("sll.pkttype", p => p.LinuxSll?.PacketType),
        ("sll.hatype", p => p.LinuxSll?.ArphrdType),
        ("sll.ifindex", p => p.LinuxSll?.InterfaceIndex),
        ("sll.etype", p => p.LinuxSll?.Protocol),
        ("vlan.id", p => First(p.Ethernet?.VlanTags)?.VlanId),
        ("vlan.priority", p => First(p.Ethernet?.VlanTags)?.Priority),
        ("vlan.etype", p => First(p.Ethernet?.VlanTags)?.EtherType),
        ("null.family", p => p.Loopback?.Family),
        ("arp.opcode", p => p.Arp?.Operation),
        ("arp.src.hw_mac", p => p.Arp?.SenderHardwareAddress),
        ("arp.src.proto_ipv4", p => p.Arp?.SenderProtocolAddress),
        ("arp.dst.hw_mac", p => p.Arp?.TargetHardwareAddress),
        ("arp.dst.proto_ipv4", p => p.Arp?.TargetProtocolAddress),
        ("ip.version", p => p.IPv4?.Version ?? p.IPv6?.Version),
        ("ip.hdr_len", p => p.IPv4?.HeaderLength),
        ("ip.dsfield.dscp", p => p.IPv4?.Dscp),
        ("ip.dsfield.ecn", p => p.IPv4?.Ecn),
        ("ip.len", p => p.IPv4?.TotalLength),
        ("ip.id", p => p.IPv4?.Identification),
        ("ip.flags.df", p => p.IPv4 is null ? null : p.IPv4.DontFragment == true ? 1 : 0),
        ("ip.flags.mf", p => p.IPv4 is null ? null : p.IPv4.MoreFragments == true ? 1 : 0),
        ("ip.frag_offset", p => p.IPv4?.FragmentOffset * 8),
        ("ip.ttl", p => p.IPv4?.Ttl),
        ("ip.proto", p => p.IPv4?.Protocol),
        ("ip.checksum", p => p.IPv4?.HeaderChecksum),
        ("ip.checksum.status", p => Status(p.IPv4?.ChecksumStatus)),
        ("ip.src", p => p.IPv4?.SourceAddress),
        ("ip.dst", p => p.IPv4?.DestinationAddress),
        ("ipv6.tclass", p => p.IPv6?.TrafficClass),
        ("ipv6.flow", p => p.IPv6?.FlowLabel),
        ("ipv6.plen", p => p.IPv6?.PayloadLength),
        ("ipv6.nxt", p => p.IPv6?.NextHeader),
        ("ipv6.hlim", p => p.IPv6?.HopLimit),
        ("ipv6.hopopts.nxt", p => p.IPv6?.ExtensionHeaders.FirstOrDefault(e => e.Type == 0)?.NextHeader),
        ("ipv6.dstopts.nxt", p => p.IPv6?.ExtensionHeaders.FirstOrDefault(e => e.Type == 60)?.NextHeader),
        ("ipv6.routing.type", p => p.IPv6?.ExtensionHeaders.FirstOrDefault(e => e.Type == 43)?.RoutingType),
        ("ipv6.routing.segleft", p => p.IPv6?.ExtensionHeaders.FirstOrDefault(e => e.Type == 43)?.SegmentsLeft),
        ("ipv6.fraghdr.ident", p => p.IPv6?.ExtensionHeaders.FirstOrDefault(e => e.Type == 44)?.Identification),
        ("ipv6.src", p => p.IPv6?.SourceAddress),
        ("ipv6.dst", p => p.IPv6?.DestinationAddress),
        ("tcp.srcport", p => Inner(p).Tcp?.SourcePort),
        ("tcp.dstport", p => Inner(p).Tcp?.DestinationPort),
        ("tcp.seq_raw", p => Inner(p).Tcp?.SequenceNumber),
        ("tcp.ack_raw", p => Inner(p).Tcp?.AcknowledgmentNumber),
        ("tcp.hdr_len", p => Inner(p).Tcp?.HeaderLength),
        ("tcp.flags", p => (int?)p.Tcp?.Flags),
        ("tcp.window_size_value", p => Inner(p).Tcp?.Window),
        ("tcp.checksum", p => Inner(p).Tcp?.Checksum),
        ("tcp.checksum.status", p => Status(Inner(p).Tcp?.ChecksumStatus)),
        ("tcp.urgent_pointer", p => Inner(p).Tcp?.UrgentPointer),
        ("tcp.len", p => Inner(p).Tcp?.PayloadLength),
        ("tcp.options.mss_val", p => Inner(p).Tcp?.MaximumSegmentSize),
        ("tcp.options.wscale.shift", p => Inner(p).Tcp?.WindowScale),
        ("tcp.options.sack_perm", p => Inner(p).Tcp?.Options.FirstOrDefault(o => o.Kind == 4) is { } o ? Convert.ToHexString([o.Kind, (byte)o.Length]) : null),
        ("tcp.options.timestamp.tsval", p => Inner(p).Tcp?.TimestampValue),
        ("tcp.options.timestamp.tsecr", p => Inner(p).Tcp?.TimestampEchoReply),
        ("tcp.options.sack_le", p => First(p.Tcp?.SackBlocks)?.Split('-')[0]),
        ("tcp.options.sack_re", p => First(p.Tcp?.SackBlocks)?.Split('-')[1]),
        ("ip.opt.type", p => First(p.IPv4?.Options)?.Kind),
        ("udp.srcport", p => Inner(p).Udp?.SourcePort),
        ("udp.dstport", p => Inner(p).Udp?.DestinationPort),
        ("udp.length", p => Inner(p).Udp?.Length),
        ("udp.checksum", p => Inner(p).Udp?.Checksum),
        ("udp.checksum.status", p => Status(Inner(p).Udp?.ChecksumStatus)),
        ("icmp.type", p => p.Icmp is { IPVersion: 4 } i ? i.Type : null),
        ("icmp.code", p => p.Icmp is { IPVersion: 4 } i ? i.Code : null),
        ("icmp.checksum", p => p.Icmp is { IPVersion: 4 } i ? i.Checksum : null),
        ("icmp.checksum.status", p => p.Icmp is { IPVersion: 4 } i ? Status(i.ChecksumStatus) : null),
        ("icmp.ident", p => p.Icmp is { IPVersion: 4 } i ? i.Identifier : null),
        ("icmp.seq", p => p.Icmp is { IPVersion: 4 } i ? i.SequenceNumber : null),
        ("icmpv6.type", p => p.Icmp is { IPVersion: 6 } i ? i.Type : null),
        ("icmpv6.code", p => p.Icmp is { IPVersion: 6 } i ? i.Code : null),
        ("icmpv6.checksum", p => p.Icmp is { IPVersion: 6 } i ? i.Checksum : null),
        ("icmpv6.checksum.status", p => p.Icmp is { IPVersion: 6 } i ? Status(i.ChecksumStatus) : null),
        ("icmpv6.echo.identifier", p => p.Icmp is { IPVersion: 6, IsEcho: true } i ? i.Identifier : null),
        ("icmpv6.echo.sequence_number", p => p.Icmp is { IPVersion: 6, IsEcho: true } i ? i.SequenceNumber : null),
    ];

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [PeerFact("tcpdump", "tshark", "ping", NeedsRoot = true)]
    public void Our_decode_of_real_loopback_traffic_agrees_with_tshark_on_every_field()
    {
        string lo = Path.Combine(_dir, "lo.pcap");
        string any = Path.Combine(_dir, "any.pcap");
        using (var traffic = new LoopbackTraffic())
        {
            using var ethernet = new Tcpdump(lo, "lo", traffic.Filter, 400);
            using var cooked = new Tcpdump(any, "any", traffic.Filter, 400);
            traffic.Generate();
            ethernet.WaitFor(lo, traffic.Marker);
            cooked.WaitFor(any, traffic.Marker);
            output.WriteLine(ethernet.Stop());
            output.WriteLine(cooked.Stop());
        }

        var kinds = new HashSet<string>();
        foreach (string file in new[] { lo, any })
        {
            var packets = ReadAll(file);
            Assert.True(packets.Count >= 25, $"{file}: only {packets.Count} packets captured");
            CompareWithTshark(file, packets);
            kinds.UnionWith(packets.Select(p => p.LinkType + "/" + p.Protocol));
            Assert.All(packets, p => Assert.Equal(PacketProblems.None, p.Problems & ~PacketProblems.BadChecksum));
        }

        foreach (string expected in new[] { "Ethernet/Tcp", "Ethernet/Udp", "Ethernet/Icmp", "Ethernet/IcmpV6", "LinuxSll2/Tcp", "LinuxSll2/Udp", "LinuxSll2/Icmp", "LinuxSll2/IcmpV6" })
        {
            Assert.Contains(expected, kinds);
        }

        output.WriteLine($"compared {Fields.Length} fields: {string.Join(", ", Fields.Select(f => f.Field))}");
    }

    /// <summary>
    /// What loopback cannot produce, crafted: 802.1Q, Linux cooked v1, BSD loopback, ARP, IPv4
    /// options, IPv6 hop-by-hop/destination/routing/atomic-fragment headers, SACK, a zero UDP
    /// checksum, an ICMP error quoting a packet, and deliberately wrong checksums.
    /// </summary>
    [PeerFact("tshark")]
    public void Our_decode_of_crafted_edge_cases_agrees_with_tshark_on_every_field()
    {
        IPAddress v4a = IPAddress.Parse("192.0.2.1"), v4b = IPAddress.Parse("198.51.100.2"), v6a = IPAddress.Parse("2001:db8::1"), v6b = IPAddress.Parse("2001:db8::2");
        byte[] Build(PacketTemplate t) => PacketBuilder.Build(t);
        byte[] udp4 = Build(new PacketTemplate { Source = v4a, Destination = v4b, Kind = CraftedTransport.Udp, SourcePort = 5353, DestinationPort = 9999, Payload = [1, 2, 3] });
        byte[] tcpSack = Build(new PacketTemplate { Source = v4a, Destination = v4b, SourcePort = 443, DestinationPort = 50000, TcpFlags = TcpFlags.Ack, Acknowledgment = 7, TcpOptions = [1, 1, 5, 10, 0, 0, 0, 10, 0, 0, 0, 20], Payload = new byte[100] });
        byte[] withIpOptions = Build(new PacketTemplate { Source = v4a, Destination = v4b, Kind = CraftedTransport.IcmpEcho, IPOptions = [0x94, 4, 0, 0], Dscp = 46, Ecn = 1, Identification = 4321, IPFlags = IPv4Flags.None });
        byte[] zeroUdp = Build(new PacketTemplate { Source = v4a, Destination = v4b, Kind = CraftedTransport.Udp, SourcePort = 1, DestinationPort = 7, Checksum = 0 });
        byte[] badTcp = Build(new PacketTemplate { Source = v6a, Destination = v6b, SourcePort = 1, DestinationPort = 2, Checksum = 0xbad0, Payload = [9] });
        byte[] badIp = Build(new PacketTemplate { Source = v4a, Destination = v4b, Kind = CraftedTransport.Udp, SourcePort = 3, DestinationPort = 4, IPChecksum = 0x1234 });
        byte[] quoted = udp4[..28];
        byte[] unreachable = Build(new PacketTemplate { Source = v4b, Destination = v4a, Kind = CraftedTransport.IcmpEcho, IcmpType = 3, IcmpCode = 3, Payload = quoted });

        // IPv6 with hop-by-hop (router alert), destination options, routing type 0 and an atomic fragment before TCP.
        byte[] tcp6 = Build(new PacketTemplate { Source = v6a, Destination = v6b, SourcePort = 4000, DestinationPort = 80, MaximumSegmentSize = 1440, WindowScale = 9 });
        byte[] extensions = [60, 0, 5, 2, 0, 0, 1, 0, /* dest opts */ 43, 0, 1, 4, 0, 0, 0, 0, /* routing */ 44, 2, 0, 0, 0, 0, 0, 0, .. v6b.GetAddressBytes(), /* fragment */ 6, 0, 0, 0, 0, 0, 0, 42];
        byte[] ext6 = [.. tcp6[..40], .. extensions, .. tcp6[40..]];
        ext6[6] = 0; // hop-by-hop first
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(ext6.AsSpan(4), (ushort)(ext6.Length - 40));
        // The TCP checksum covers the final destination: routing type 0 with segments left 0 keeps it v6b.

        byte[] mac = [0x02, 0, 0, 0, 0, 1];
        byte[] Ethernet(ushort type, byte[] body) => [0x02, 0, 0, 0, 0, 2, .. mac, (byte)(type >> 8), (byte)type, .. body];
        byte[] arp = [0, 1, 8, 0, 6, 4, 0, 2, .. mac, .. v4a.GetAddressBytes(), 0x02, 0, 0, 0, 0, 2, .. v4b.GetAddressBytes()];
        var frames = new List<(byte[] Frame, LinkType Link)>
        {
            (Ethernet(0x8100, [0xa0, 0x2a, 0x08, 0x00, .. udp4]), LinkType.Ethernet),
            (Ethernet(0x0800, tcpSack), LinkType.Ethernet),
            (Ethernet(0x0800, withIpOptions), LinkType.Ethernet),
            (Ethernet(0x0800, zeroUdp), LinkType.Ethernet),
            (Ethernet(0x86dd, badTcp), LinkType.Ethernet),
            (Ethernet(0x0800, badIp), LinkType.Ethernet),
            (Ethernet(0x0800, unreachable), LinkType.Ethernet),
            (Ethernet(0x86dd, ext6), LinkType.Ethernet),
            (Ethernet(0x0806, arp), LinkType.Ethernet),
            ([0, 4, 0, 1, 0, 6, .. mac, 0, 0, 0x08, 0x00, .. udp4], LinkType.LinuxSll),
            ([2, 0, 0, 0, .. tcpSack], LinkType.Null),
            ([0, 0, 0, 30, .. badTcp], LinkType.Null),
            (withIpOptions, LinkType.RawIP),
            (ext6, LinkType.RawIP),
        };
        string file = Path.Combine(_dir, "crafted.pcapng");
        using (var w = CaptureFileWriter.Create(file, CaptureFormat.PcapNg, LinkType.Ethernet, append: false))
        {
            foreach (var (frame, link) in frames)
            {
                w.Write(frame, 1_700_000_000_000_000_000, frame.Length, link, null, null);
            }
        }

        var packets = ReadAll(file);
        Assert.Equal(frames.Count, packets.Count);
        CompareWithTshark(file, packets);
        Assert.Equal([0, 60, 43, 44], packets[7].IPv6!.ExtensionHeaders.Select(e => (int)e.Type));
        Assert.Equal(ChecksumStatus.Valid, packets[7].Tcp!.ChecksumStatus);
        Assert.Equal(PacketProtocol.Arp, packets[8].Protocol);
        var error = packets[6].Icmp!.Quoted!;
        Assert.Equal((9999, 31, 28, PacketProblems.PayloadTruncated), (error.DestinationPort, error.Length, error.CapturedLength, error.Problems));
        Assert.True(packets[6].Icmp!.IsError);
        Assert.Equal("192.0.2.1 is at 02:00:00:00:00:01", packets[8].Info);
        Assert.All(packets, p => Assert.Equal(PacketProblems.None, p.Problems & ~PacketProblems.BadChecksum));
    }

    /// <summary>Compares every field of <see cref="Fields"/> for every packet, in file order.</summary>
    private void CompareWithTshark(string file, List<Packet> packets)
    {
        var rows = Tshark(file);
        Assert.Equal(rows.Count, packets.Count);
        for (int n = 0; n < packets.Count; n++)
        {
            Assert.Equal(n + 1, packets[n].Number);
            for (int f = 0; f < Fields.Length; f++)
            {
                string theirs = rows[n][f];
                string? ours = Text(Fields[f].Ours(packets[n]));
                Assert.True(Same(ours, theirs), $"{Path.GetFileName(file)} packet {n + 1} {Fields[f].Field}: tshark '{theirs}', ours '{ours ?? "(none)"}'");
            }
        }

        output.WriteLine($"{Path.GetFileName(file)}: {packets.Count} packets × {Fields.Length} fields agree");
    }

    /// <summary>tshark dissects the packet an ICMP error quotes; its TCP/UDP fields are the quoted ones when the outer packet has none.</summary>
    private static Packet Inner(Packet p) => p.Tcp is null && p.Udp is null && p.Icmp?.Quoted is { } quoted ? quoted : p;

    private static T? First<T>(IReadOnlyList<T>? list)
        where T : class => list is { Count: > 0 } ? list[0] : null;

    internal static List<Packet> ReadAll(string file)
    {
        using var reader = new PacketFileReader(CaptureFileReader.Open(file));
        var packets = new List<Packet>();
        while (reader.Next() is { } p)
        {
            packets.Add(p);
        }

        return packets;
    }

    private static List<string[]> Tshark(string file)
    {
        var args = new List<string> { "-n", "-r", file, "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE", "-o", "tcp.relative_sequence_numbers:FALSE",
            "-T", "fields", "-E", "separator=\t", "-E", "occurrence=f" };
        foreach (var (field, _) in Fields)
        {
            args.Add("-e");
            args.Add(field);
        }

        var (exit, stdout, stderr) = Peer.Run("tshark", args, TimeSpan.FromSeconds(30));
        Assert.True(exit == 0, "tshark failed: " + stderr);
        return [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t'))];
    }

    /// <summary>
    /// tshark's -T fields values of a checksum status: 0 bad, 1 good, 2 unverified, 3 not present.
    /// tshark calls an offloaded checksum (the field holds the pseudo-header sum) bad; we name why.
    /// </summary>
    private static int? Status(ChecksumStatus? status) => status switch
    {
        null => null,
        ChecksumStatus.Invalid or ChecksumStatus.Offloaded => 0,
        ChecksumStatus.Valid => 1,
        ChecksumStatus.Unverifiable => 2,
        _ => 3,
    };

    private static string? Text(object? value) => value switch
    {
        null => null,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>Numbers compare by value (tshark prints some in hex), everything else as text.</summary>
    private static bool Same(string? ours, string theirs)
    {
        if (ours is null)
        {
            return theirs.Length == 0;
        }

        if (Number(ours) is ulong a && Number(theirs) is ulong b)
        {
            return a == b;
        }

        return string.Equals(ours, theirs, StringComparison.OrdinalIgnoreCase);
    }

    private static ulong? Number(string text) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong h) ? h : null
            : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong d) ? d : null;
}
