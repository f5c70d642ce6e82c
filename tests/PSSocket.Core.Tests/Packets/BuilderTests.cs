using System.Net;
using PSSocket.Core.Files;
using PSSocket.Core.Packets;
using PSSocket.Core.Tests.Support;

namespace PSSocket.Core.Tests.Packets;

public sealed class BuilderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pssocket-build-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string, string> Addresses => new() { { "192.0.2.1", "198.51.100.7" }, { "2001:db8::1", "2001:db8::2" } };

    private static PacketTemplate Template(string src, string dst, CraftedTransport kind) => new()
    {
        Source = IPAddress.Parse(src),
        Destination = IPAddress.Parse(dst),
        Kind = kind,
        SourcePort = 40000,
        DestinationPort = 59000,
        Sequence = 1000,
        Acknowledgment = 2000,
        TcpFlags = TcpFlags.Syn | TcpFlags.Ack,
        Window = 29200,
        MaximumSegmentSize = 1460,
        SackPermitted = true,
        Timestamps = (123456, 654321),
        WindowScale = 7,
        Payload = "hello, world"u8.ToArray(),
        Ttl = 33,
        Identification = 0xbeef,
        IcmpIdentifier = 0x1234,
        IcmpSequence = 9,
    };

    [Theory]
    [MemberData(nameof(Addresses))]
    public void Built_packets_decode_to_what_was_asked_with_valid_checksums(string src, string dst)
    {
        foreach (var kind in new[] { CraftedTransport.Tcp, CraftedTransport.Udp, CraftedTransport.IcmpEcho })
        {
            var p = PacketFactory.Build(Template(src, dst, kind));
            Assert.Equal(PacketProblems.None, p.Problems);
            Assert.Equal(src, p.Source);
            Assert.Equal(dst, p.Destination);
            Assert.Equal("hello, world"u8.ToArray(), p.Payload);
            if (p.IPv4 is { } v4)
            {
                Assert.Equal(33, v4.Ttl);
                Assert.Equal(0xbeef, (int?)v4.Identification);
                Assert.Equal(IPv4Flags.DontFragment, v4.Flags);
                Assert.Equal(ChecksumStatus.Valid, v4.ChecksumStatus);
                Assert.Equal(p.Length, v4.TotalLength);
            }
            else
            {
                Assert.Equal(33, p.IPv6!.HopLimit);
                Assert.Equal(p.Length - 40, p.IPv6.PayloadLength);
            }

            switch (kind)
            {
                case CraftedTransport.Tcp:
                    var t = p.Tcp!;
                    Assert.Equal((40000, 59000, 1000u, 2000u, TcpFlags.Syn | TcpFlags.Ack, 29200), (t.SourcePort, t.DestinationPort, t.SequenceNumber, t.AcknowledgmentNumber, t.Flags, t.Window));
                    Assert.Equal((1460, 7, true, 123456u, 654321u), (t.MaximumSegmentSize, t.WindowScale, t.SackPermitted, t.TimestampValue, t.TimestampEchoReply));
                    Assert.Equal(40, t.HeaderLength);
                    Assert.Equal(ChecksumStatus.Valid, t.ChecksumStatus);
                    break;
                case CraftedTransport.Udp:
                    Assert.Equal((40000, 59000, 20), (p.Udp!.SourcePort, p.Udp.DestinationPort, p.Udp.Length));
                    Assert.Equal(ChecksumStatus.Valid, p.Udp.ChecksumStatus);
                    break;
                default:
                    Assert.Equal(p.IPv4 is null ? 128 : 8, (int?)p.Icmp!.Type);
                    Assert.Equal((0x1234, 9), (p.Icmp.Identifier, p.Icmp.SequenceNumber));
                    Assert.Equal(ChecksumStatus.Valid, p.Icmp.ChecksumStatus);
                    break;
            }
        }
    }

    [PeerFact("tshark")]
    public void Tshark_validates_every_checksum_we_build_and_flags_the_ones_we_break()
    {
        string file = Path.Combine(_dir, "built.pcapng");
        var packets = new List<Packet>();
        foreach (var (src, dst) in new[] { ("192.0.2.1", "198.51.100.7"), ("2001:db8::1", "2001:db8::2") })
        {
            foreach (var kind in new[] { CraftedTransport.Tcp, CraftedTransport.Udp, CraftedTransport.IcmpEcho })
            {
                packets.Add(PacketFactory.Build(Template(src, dst, kind)));
                packets.Add(PacketFactory.Build(new PacketTemplate { Source = IPAddress.Parse(src), Destination = IPAddress.Parse(dst), Kind = kind, Checksum = 0xdead, LinkType = LinkType.Ethernet }));
            }
        }

        using (var writer = CaptureFileWriter.Create(file, CaptureFormat.PcapNg, LinkType.RawIP, append: false))
        {
            foreach (var p in packets)
            {
                writer.Write(p.Data, p.TimestampNanoseconds, p.Length, p.LinkType, null, null);
            }
        }

        var rows = Tshark.Fields(file, "ip.checksum.status", "tcp.checksum.status", "udp.checksum.status", "icmp.checksum.status", "icmpv6.checksum.status", "tcp.options.mss_val", "tcp.options.wscale.shift");
        Assert.Equal(packets.Count, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            bool broken = i % 2 == 1;
            string[] statuses = rows[i][1..5].Where(v => v.Length > 0).ToArray();
            Assert.Equal(broken ? "0" : "1", Assert.Single(statuses));
            Assert.Equal(broken ? ChecksumStatus.Invalid : ChecksumStatus.Valid, (packets[i].Tcp?.ChecksumStatus ?? packets[i].Udp?.ChecksumStatus ?? packets[i].Icmp?.ChecksumStatus)!.Value);
            if (packets[i].IPv4 is not null)
            {
                Assert.Equal("1", rows[i][0]);
            }

            if (packets[i].Protocol == PacketProtocol.Tcp && !broken)
            {
                Assert.Equal(("1460", "7"), (rows[i][5], rows[i][6]));
            }
        }
    }

    [Fact]
    public void Every_field_can_be_overridden_even_into_nonsense()
    {
        var p = PacketFactory.Build(new PacketTemplate
        {
            Source = IPAddress.Loopback,
            Destination = IPAddress.Loopback,
            Kind = CraftedTransport.Tcp,
            Ihl = 4,
            TotalLength = 1000,
            IPChecksum = 0x1111,
            Protocol = 6,
            IPFlags = IPv4Flags.MoreFragments | IPv4Flags.Reserved,
            Dscp = 46,
            Ecn = 3,
            DataOffset = 4,
        });
        var ip = p.IPv4!;
        Assert.Equal((4, 1000, (ushort)0x1111, IPv4Flags.MoreFragments | IPv4Flags.Reserved, 46, 3), (ip.Ihl, ip.TotalLength, ip.HeaderChecksum, ip.Flags, ip.Dscp, ip.Ecn));
        Assert.Equal(PacketProblems.BadIhl | PacketProblems.LengthMismatch, ip.Problems);

        var withOptions = PacketFactory.Build(new PacketTemplate { Source = IPAddress.Loopback, Destination = IPAddress.Loopback, IPOptions = [0x94, 0x04, 0, 0, 1], TcpOptions = [1, 1, 1] });
        Assert.Equal(28, withOptions.IPv4!.HeaderLength);
        Assert.Equal(["RouterAlert=0000", "NOP", "EOL"], withOptions.IPv4.Options.Select(o => o.ToString()));
        Assert.Equal(ChecksumStatus.Valid, withOptions.IPv4.ChecksumStatus);
        Assert.Equal(24, withOptions.Tcp!.HeaderLength);
        var sack = PacketFactory.Build(new PacketTemplate { Source = IPAddress.Loopback, Destination = IPAddress.Loopback, TcpFlags = TcpFlags.Ack, TcpOptions = [1, 1, 5, 18, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0x10, 0, 0, 0, 0x20, 0] }).Tcp!;
        Assert.Equal(["1-2", "4096-8192"], sack.SackBlocks);
        Assert.Equal("Sack=1-2 4096-8192", sack.Options[2].ToString());
        Assert.Equal(ChecksumStatus.Valid, withOptions.Tcp.ChecksumStatus);

        var fault = Assert.Throws<PSSocketException>(() => PacketBuilder.Build(new PacketTemplate { Source = IPAddress.Loopback, Destination = IPAddress.IPv6Loopback }));
        Assert.Equal("MixedAddressFamilies", fault.ErrorId);
        Assert.Equal("TcpOptionsTooLong", Assert.Throws<PSSocketException>(() => PacketBuilder.Build(new PacketTemplate { Source = IPAddress.Loopback, Destination = IPAddress.Loopback, TcpOptions = new byte[41] })).ErrorId);
    }

    [Fact]
    public void A_syn_reads_like_tsharks_info_column()
    {
        var p = PacketFactory.Build(new PacketTemplate { Source = IPAddress.Loopback, Destination = IPAddress.Loopback, SourcePort = 41234, DestinationPort = 59000, Window = 65495 });
        Assert.Equal("41234 → 59000 [SYN] Seq=0 Win=65495 Len=0", p.Info);
        Assert.Equal(LinkType.RawIP, p.LinkType);
        Assert.Equal(40, p.Length);
    }

    [Theory]
    [InlineData("127.0.0.1", "Udp", 65507)]   // 65,535 − 20 IPv4 − 8 UDP
    [InlineData("127.0.0.1", "Tcp", 65495)]   // 65,535 − 20 IPv4 − 20 TCP
    [InlineData("127.0.0.1", "IcmpEcho", 65507)]
    [InlineData("::1", "Udp", 65527)]         // 65,535 Payload Length − 8 UDP
    [InlineData("::1", "Tcp", 65515)]
    public void The_largest_payload_fits_and_one_byte_more_is_refused(string address, string transport, int largest)
    {
        var ip = IPAddress.Parse(address);
        var kind = Enum.Parse<CraftedTransport>(transport);
        var p = PacketFactory.Build(new PacketTemplate { Source = ip, Destination = ip, Kind = kind, Payload = new byte[largest] });
        Assert.Equal(PacketProblems.None, p.Problems);
        Assert.Equal(largest, p.Payload!.Length);

        var e = Assert.Throws<PSSocketException>(() => PacketFactory.Build(new PacketTemplate { Source = ip, Destination = ip, Kind = kind, Payload = new byte[largest + 1] }));
        Assert.Equal("PayloadTooLarge", e.ErrorId);
        Assert.Contains(largest.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
        Assert.Contains(ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ip_options_lower_the_ipv4_limit()
    {
        var ip = IPAddress.Loopback;
        var e = Assert.Throws<PSSocketException>(() => PacketFactory.Build(new PacketTemplate { Source = ip, Destination = ip, Kind = CraftedTransport.Udp, IPOptions = [1, 1, 1, 1], Payload = new byte[65504] }));
        Assert.Contains("65,503", e.Message, StringComparison.Ordinal);
    }
}
