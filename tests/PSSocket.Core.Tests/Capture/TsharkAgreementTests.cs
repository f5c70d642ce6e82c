using System.Globalization;
using PSSocket.Core.Capture;
using PSSocket.Core.Packets;
using PSSocket.Core.Tests.Support;
using Xunit.Abstractions;

namespace PSSocket.Core.Tests.Capture;

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
        ("eth.type", p => p.Ethernet?.EtherType),
        ("sll.pkttype", p => p.LinuxSll?.PacketType),
        ("sll.hatype", p => p.LinuxSll?.ArphrdType),
        ("sll.ifindex", p => p.LinuxSll?.InterfaceIndex),
        ("sll.etype", p => p.LinuxSll?.Protocol),
        ("ip.version", p => p.IPv4?.Version ?? p.IPv6?.Version),
        ("ip.hdr_len", p => p.IPv4?.HeaderLength),
        ("ip.dsfield.dscp", p => p.IPv4?.Dscp),
        ("ip.dsfield.ecn", p => p.IPv4?.Ecn),
        ("ip.len", p => p.IPv4?.TotalLength),
        ("ip.id", p => p.IPv4?.Identification),
        ("ip.flags.df", p => p.IPv4 is null ? null : p.IPv4.DontFragment ? 1 : 0),
        ("ip.flags.mf", p => p.IPv4 is null ? null : p.IPv4.MoreFragments ? 1 : 0),
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
        ("ipv6.src", p => p.IPv6?.SourceAddress),
        ("ipv6.dst", p => p.IPv6?.DestinationAddress),
        ("tcp.srcport", p => p.Tcp?.SourcePort),
        ("tcp.dstport", p => p.Tcp?.DestinationPort),
        ("tcp.seq_raw", p => p.Tcp?.SequenceNumber),
        ("tcp.ack_raw", p => p.Tcp?.AcknowledgmentNumber),
        ("tcp.hdr_len", p => p.Tcp?.HeaderLength),
        ("tcp.flags", p => (int?)p.Tcp?.Flags),
        ("tcp.window_size_value", p => p.Tcp?.Window),
        ("tcp.checksum", p => p.Tcp?.Checksum),
        ("tcp.checksum.status", p => Status(p.Tcp?.ChecksumStatus)),
        ("tcp.urgent_pointer", p => p.Tcp?.UrgentPointer),
        ("tcp.len", p => p.Tcp?.PayloadLength),
        ("tcp.options.mss_val", p => p.Tcp?.MaximumSegmentSize),
        ("tcp.options.wscale.shift", p => p.Tcp?.WindowScale),
        ("tcp.options.sack_perm", p => p.Tcp?.Options.FirstOrDefault(o => o.Kind == 4) is { } o ? Convert.ToHexString([o.Kind, (byte)o.Length]) : null),
        ("tcp.options.timestamp.tsval", p => p.Tcp?.TimestampValue),
        ("tcp.options.timestamp.tsecr", p => p.Tcp?.TimestampEchoReply),
        ("udp.srcport", p => p.Udp?.SourcePort),
        ("udp.dstport", p => p.Udp?.DestinationPort),
        ("udp.length", p => p.Udp?.Length),
        ("udp.checksum", p => p.Udp?.Checksum),
        ("udp.checksum.status", p => Status(p.Udp?.ChecksumStatus)),
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

    [RootFact]
    public void Our_decode_of_real_loopback_traffic_agrees_with_tshark_on_every_field()
    {
        string lo = Path.Combine(_dir, "lo.pcap");
        string any = Path.Combine(_dir, "any.pcap");
        using (var traffic = new LoopbackTraffic())
        {
            using var ethernet = new Tcpdump(lo, "lo", traffic.Filter, 400);
            using var cooked = new Tcpdump(any, "any", traffic.Filter, 400);
            traffic.Generate();
            Thread.Sleep(1200); // libpcap hands over a ring block after at most 1 s; stop only after that
            output.WriteLine(ethernet.Stop());
            output.WriteLine(cooked.Stop());
        }

        var kinds = new HashSet<string>();
        foreach (string file in new[] { lo, any })
        {
            var packets = ReadAll(file);
            Assert.True(packets.Count >= 25, $"{file}: only {packets.Count} packets captured");
            var rows = Tshark(file);
            Assert.Equal(rows.Count, packets.Count);
            for (int n = 0; n < packets.Count; n++)
            {
                Assert.Equal(n + 1, packets[n].Number);
                kinds.Add(packets[n].LinkType + "/" + packets[n].Protocol);
                for (int f = 0; f < Fields.Length; f++)
                {
                    string theirs = rows[n][f];
                    string? ours = Text(Fields[f].Ours(packets[n]));
                    Assert.True(Same(ours, theirs), $"{Path.GetFileName(file)} packet {n + 1} {Fields[f].Field}: tshark '{theirs}', ours '{ours ?? "(none)"}'");
                }

                Assert.Equal(PacketProblems.None, packets[n].Problems & ~PacketProblems.BadChecksum);
            }
        }

        foreach (string expected in new[] { "Ethernet/Tcp", "Ethernet/Udp", "Ethernet/Icmp", "Ethernet/IcmpV6", "LinuxSll2/Tcp", "LinuxSll2/Udp", "LinuxSll2/Icmp", "LinuxSll2/IcmpV6" })
        {
            Assert.Contains(expected, kinds);
        }

        output.WriteLine($"compared {Fields.Length} fields: {string.Join(", ", Fields.Select(f => f.Field))}");
    }

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
        var args = new List<string> { "-n", "-r", file, "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE",
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

    /// <summary>tshark's -T fields values of a checksum status: 0 bad, 1 good, 2 unverified, 3 not present.</summary>
    private static int? Status(ChecksumStatus? status) => status switch
    {
        null => null,
        ChecksumStatus.Invalid => 0,
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
