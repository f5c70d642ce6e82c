using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using PSSocket.Core.Files;
using PSSocket.Core.Packets;
using PSSocket.Core.Tests.Packets;
using PSSocket.Core.Tests.Support;

namespace PSSocket.Core.Tests.Files;

public sealed class CaptureFileTests : IDisposable
{
    private const long Base = 1_763_769_600_123_456_789; // 2025-11-22T00:00:00.123456789Z
    private readonly string _dir = Directory.CreateTempSubdirectory("pssocket-files-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    /// <summary>Frames of three link types, each with a distinct timestamp.</summary>
    private static List<(byte[] Data, LinkType Link, long Time)> Mixed() =>
    [
        (RealFrames.TcpSyn, LinkType.Ethernet, Base),
        (RealFrames.IcmpEchoRequest, LinkType.Ethernet, Base + 1_000),
        (RealFrames.Sll2Udp6, LinkType.LinuxSll2, Base + 2_000_000_001),
        (PacketBuilder.Build(new PacketTemplate { Source = IPAddress.Loopback, Destination = IPAddress.Loopback, Kind = CraftedTransport.Udp, DestinationPort = 53 }), LinkType.RawIP, Base + 3_000_000_000),
        (RealFrames.IcmpV6EchoRequest, LinkType.Ethernet, Base + 4_000_000_000),
    ];

    [PeerFact("tshark")]
    public void Pcapng_with_several_link_types_and_comments_is_read_by_tshark_byte_for_byte()
    {
        string file = PathOf("mixed.pcapng");
        var frames = Mixed();
        using (var w = CaptureFileWriter.Create(file, CaptureFormat.PcapNg, LinkType.Ethernet, append: false))
        {
            for (int i = 0; i < frames.Count; i++)
            {
                w.Write(frames[i].Data, frames[i].Time, frames[i].Data.Length, frames[i].Link, i == 2 ? "any" : "lo", i % 2 == 0 ? $"comment {i} ✓" : null);
            }
        }

        Assert.Equal(frames.Select(f => f.Data), Tshark.Frames(file));
        var rows = Tshark.Fields(file, "frame.comment", "frame.time_epoch", "frame.interface_name", "frame.len");
        Assert.Equal(["comment 0 ✓", "", "comment 2 ✓", "", "comment 4 ✓"], rows.Select(r => r[0]));
        Assert.Equal(frames.Select(f => Epoch(f.Time)), rows.Select(r => r[1]));
        Assert.Equal(["lo", "lo", "any", "lo", "lo"], rows.Select(r => r[2]));

        var ours = TsharkAgreementTests.ReadAll(file);
        Assert.Equal(frames.Select(f => f.Data), ours.Select(p => p.Data));
        Assert.Equal(frames.Select(f => f.Link), ours.Select(p => p.LinkType));
        Assert.Equal(frames.Select(f => f.Time / 100), ours.Select(p => (p.Timestamp - DateTimeOffset.UnixEpoch).Ticks));
        Assert.Equal(["comment 0 ✓", null, "comment 2 ✓", null, "comment 4 ✓"], ours.Select(p => p.Comment));
        Assert.Equal(["lo", "lo", "any", "lo", "lo"], ours.Select(p => p.Interface));
    }

    [PeerTheory("tshark")]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Pcap_in_both_byte_orders_and_resolutions_is_read_by_tshark_and_by_us(bool bigEndian, bool nanoseconds)
    {
        string file = PathOf($"e{bigEndian}-n{nanoseconds}.pcap");
        var frames = Mixed().Where(f => f.Link == LinkType.Ethernet).ToList();
        using (var w = new PcapFileWriter(File.Create(file), file, LinkType.Ethernet, nanoseconds, bigEndian))
        {
            foreach (var f in frames)
            {
                w.Write(f.Data, f.Time, f.Data.Length + 10, f.Link, null, null); // as if snapped 10 bytes short
            }
        }

        Assert.Equal(frames.Select(f => f.Data), Tshark.Frames(file));
        var rows = Tshark.Fields(file, "frame.time_epoch", "frame.len", "frame.cap_len");
        long unit = nanoseconds ? 1 : 1000;
        Assert.Equal(frames.Select(f => Epoch(f.Time / unit * unit)), rows.Select(r => r[0]));
        Assert.Equal(frames.Select(f => (f.Data.Length + 10).ToString(CultureInfo.InvariantCulture)), rows.Select(r => r[1]));

        using var reader = (PcapFileReader)CaptureFileReader.Open(file);
        Assert.Equal((bigEndian, nanoseconds, LinkType.Ethernet, CaptureFileWriter.DefaultSnapLength), (reader.BigEndian, reader.Nanoseconds, reader.LinkType, reader.SnapLength));
        foreach (var f in frames)
        {
            Assert.True(reader.MoveNext());
            Assert.Equal(f.Data, reader.CurrentData.ToArray());
            Assert.Equal(f.Time / unit * unit, reader.CurrentTimestampNanoseconds);
            Assert.Equal(f.Data.Length + 10, reader.CurrentOriginalLength);
        }

        Assert.False(reader.MoveNext());
    }

    [Fact]
    public void A_pcap_file_refuses_a_second_link_type_and_comments()
    {
        string file = PathOf("one.pcap");
        using var w = CaptureFileWriter.Create(file, CaptureFormat.Pcap, LinkType.Ethernet, append: false);
        w.Write(RealFrames.TcpSyn, Base, 74, LinkType.Ethernet, null, null);
        var mixed = Assert.Throws<PSSocketException>(() => w.Write(RealFrames.Sll2Udp6, Base, 20, LinkType.LinuxSll2, null, null));
        Assert.Equal("MixedLinkTypesInPcap", mixed.ErrorId);
        Assert.Contains("-Format PcapNg", mixed.Message, StringComparison.Ordinal);
        Assert.Equal("CommentNeedsPcapNg", Assert.Throws<PSSocketException>(() => w.Write(RealFrames.TcpSyn, Base, 74, LinkType.Ethernet, null, "x")).ErrorId);
        Assert.Equal(1, w.PacketsWritten);

        using var ng = CaptureFileWriter.Create(PathOf("long.pcapng"), CaptureFormat.PcapNg, LinkType.Ethernet, append: false);
        Assert.Equal("PcapNgOptionTooLong", Assert.Throws<PSSocketException>(() => ng.Write(RealFrames.TcpSyn, Base, 74, LinkType.Ethernet, null, new string('x', 70_000))).ErrorId);
        ng.Write(RealFrames.TcpSyn, Base, 74, LinkType.Ethernet, null, "fine");
        Assert.Equal(1, ng.PacketsWritten);
    }

    [PeerFact("tshark")]
    public void Appending_keeps_the_format_and_tshark_reads_every_packet()
    {
        foreach (var format in new[] { CaptureFormat.Pcap, CaptureFormat.PcapNg })
        {
            string file = PathOf("append." + format);
            for (int round = 0; round < 3; round++)
            {
                using var w = CaptureFileWriter.Create(file, format, LinkType.Ethernet, append: true);
                w.Write(RealFrames.TcpSyn, Base + round, 74, LinkType.Ethernet, null, format == CaptureFormat.PcapNg ? "round " + round : null);
            }

            Assert.Equal(3, Tshark.Frames(file).Count);
            Assert.Equal(3, TsharkAgreementTests.ReadAll(file).Count);
            var other = format == CaptureFormat.Pcap ? CaptureFormat.PcapNg : CaptureFormat.Pcap;
            Assert.Equal("CaptureFormatMismatch", Assert.Throws<PSSocketException>(() => CaptureFileWriter.Create(file, other, LinkType.Ethernet, append: true)).ErrorId);
        }

        Assert.Equal("MixedLinkTypesInPcap", Assert.Throws<PSSocketException>(() => CaptureFileWriter.Create(PathOf("append.Pcap"), CaptureFormat.Pcap, LinkType.RawIP, append: true)).ErrorId);
    }

    [Fact]
    public void Unknown_pcapng_blocks_and_options_are_skipped_and_simple_packets_read()
    {
        string file = PathOf("odd.pcapng");
        using (var f = File.Create(file))
        {
            f.Write(Block(0x0A0D0D0A, [.. U32(0x1A2B3C4D), 1, 0, 0, 0, .. Enumerable.Repeat((byte)0xFF, 8), .. Option(1, "section"u8), 0, 0, 0, 0]));
            f.Write(Block(0x00000BAD, [1, 2, 3, 4, 5, 6, 7, 8])); // a block type nobody defined
            f.Write(Block(1, [1, 0, 0, 0, .. U32(96), .. Option(0x7777, [9, 9, 9]), .. Option(9, [3]), .. Option(2, "eth9"u8), 0, 0, 0, 0]));
            f.Write(Block(6, [.. U32(0), .. U32(0), .. U32(1_700_000), .. U32(74), .. U32(74), .. RealFrames.TcpSyn, 0, 0, .. Option(0x8888, [1]), .. Option(1, "hello"u8), 0, 0, 0, 0]));
            f.Write(Block(3, [.. U32(70), .. RealFrames.TcpData, 0, 0]));
        }

        var packets = TsharkAgreementTests.ReadAll(file);
        Assert.Equal(2, packets.Count);
        Assert.Equal("hello", packets[0].Comment);
        Assert.Equal("eth9", packets[0].Interface);
        Assert.Equal(1_700_000_000_000L / 100, (packets[0].Timestamp - DateTimeOffset.UnixEpoch).Ticks); // if_tsresol 3: milliseconds
        Assert.Equal(RealFrames.TcpSyn, packets[0].Data);
        Assert.Equal(RealFrames.TcpData, packets[1].Data); // a simple packet's length comes from its original length, not its padding
        Assert.Equal(70, packets[1].Length);
        Assert.Equal("eth9", packets[1].Interface);
    }

    [PeerFact("tshark")]
    public void A_big_endian_pcapng_section_after_a_little_endian_one_is_read_by_us_and_tshark()
    {
        string file = PathOf("both-orders.pcapng");
        using (var w = CaptureFileWriter.Create(file, CaptureFormat.PcapNg, LinkType.Ethernet, append: false))
        {
            w.Write(RealFrames.TcpSyn, Base, 74, LinkType.Ethernet, "lo", "little");
        }

        // A second section written by a big-endian host: every number in network order.
        static byte[] Be32(uint v) => [(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v];
        static byte[] BeBlock(uint type, byte[] body) => [.. Be32(type), .. Be32((uint)(12 + body.Length)), .. body, .. Be32((uint)(12 + body.Length))];
        byte[] comment = "big"u8.ToArray();
        using (var f = new FileStream(file, FileMode.Append))
        {
            f.Write(BeBlock(0x0A0D0D0A, [.. Be32(0x1A2B3C4D), 0, 1, 0, 0, .. Enumerable.Repeat((byte)0xFF, 8)]));
            f.Write(BeBlock(1, [0, 1, 0, 0, .. Be32(65535), 0, 9, 0, 1, 9, 0, 0, 0, 0, 0, 0, 0])); // if_tsresol 9
            ulong ticks = (ulong)Base + 5;
            f.Write(BeBlock(6, [.. Be32(0), .. Be32((uint)(ticks >> 32)), .. Be32((uint)ticks), .. Be32(70), .. Be32(70), .. RealFrames.TcpData, 0, 0, 0, 1, 0, 3, .. comment, 0, 0, 0, 0, 0]));
        }

        var packets = TsharkAgreementTests.ReadAll(file);
        Assert.Equal([RealFrames.TcpSyn, RealFrames.TcpData], packets.Select(p => p.Data));
        Assert.Equal(["little", "big"], packets.Select(p => p.Comment));
        Assert.Equal((Base + 5) / 100, (packets[1].Timestamp - DateTimeOffset.UnixEpoch).Ticks);
        Assert.Equal([RealFrames.TcpSyn, RealFrames.TcpData], Tshark.Frames(file));
        Assert.Equal(["little", "big"], Tshark.Fields(file, "frame.comment").Select(r => r[0]));
    }

    [Fact]
    public void Broken_files_raise_named_errors_after_the_good_records()
    {
        string good = PathOf("good.pcap");
        using (var w = CaptureFileWriter.Create(good, CaptureFormat.Pcap, LinkType.Ethernet, append: false))
        {
            w.Write(RealFrames.TcpSyn, Base, 74, LinkType.Ethernet, null, null);
            w.Write(RealFrames.TcpData, Base, 70, LinkType.Ethernet, null, null);
        }

        byte[] bytes = File.ReadAllBytes(good);
        File.WriteAllBytes(PathOf("cut.pcap"), bytes[..^5]);
        using (var reader = new PacketFileReader(CaptureFileReader.Open(PathOf("cut.pcap"))))
        {
            Assert.NotNull(reader.Next());
            Assert.Equal("TruncatedCaptureFile", Assert.Throws<PSSocketException>(() => reader.Next()).ErrorId);
        }

        byte[] lying = [.. bytes];
        BinaryPrimitives.WriteUInt32LittleEndian(lying.AsSpan(24 + 8), 0x7FFFFFFF);
        File.WriteAllBytes(PathOf("lying.pcap"), lying);
        using (var reader = CaptureFileReader.Open(PathOf("lying.pcap")))
        {
            var fault = Assert.Throws<PSSocketException>(() => reader.MoveNext());
            Assert.Equal("InvalidCaptureFile", fault.ErrorId);
            Assert.Equal(FaultCategory.InvalidData, fault.Category);
        }

        File.WriteAllText(PathOf("text.pcap"), "not a capture");
        Assert.Equal("UnknownCaptureFormat", Assert.Throws<PSSocketException>(() => CaptureFileReader.Open(PathOf("text.pcap"))).ErrorId);
        Assert.Equal("CaptureFileNotFound", Assert.Throws<PSSocketException>(() => CaptureFileReader.Open(PathOf("missing.pcap"))).ErrorId);
    }

    [Fact]
    public void Engine_filters_select_before_objects_exist_and_keep_file_numbers()
    {
        string file = PathOf("filter.pcapng");
        var frames = Mixed();
        using (var w = CaptureFileWriter.Create(file, CaptureFormat.PcapNg, LinkType.Ethernet, append: false))
        {
            foreach (var f in frames)
            {
                w.Write(f.Data, f.Time, f.Data.Length, f.Link, null, null);
            }
        }

        List<long> Numbers(PacketFilter filter, long skip = 0, long count = long.MaxValue)
        {
            using var reader = new PacketFileReader(CaptureFileReader.Open(file), filter, skip, count);
            var numbers = new List<long>();
            while (reader.Next() is { } p)
            {
                numbers.Add(p.Number);
            }

            return numbers;
        }

        Assert.Equal([1], Numbers(new PacketFilter([PacketProtocol.Tcp], null, null)));
        Assert.Equal([2, 5], Numbers(new PacketFilter([PacketProtocol.Icmp, PacketProtocol.IcmpV6], null, null)));
        Assert.Equal([3, 5], Numbers(new PacketFilter([PacketProtocol.IPv6], null, null)));
        Assert.Equal([3, 4], Numbers(new PacketFilter(null, [47124, 53], null)));
        Assert.Equal([1, 2, 4], Numbers(new PacketFilter(null, null, [IPAddress.Loopback])));
        Assert.Equal([3, 5], Numbers(new PacketFilter(null, null, [IPAddress.IPv6Loopback])));
        Assert.Equal([4], Numbers(new PacketFilter([PacketProtocol.Udp], null, [IPAddress.Loopback])));
        Assert.Equal([2, 4], Numbers(new PacketFilter(null, null, [IPAddress.Loopback]), skip: 1, count: 2));
    }

    [Fact]
    public void Streaming_a_large_file_allocates_a_constant_amount_not_per_packet()
    {
        string file = PathOf("large.pcap");
        const int Count = 200_000;
        using (var w = CaptureFileWriter.Create(file, CaptureFormat.Pcap, LinkType.Ethernet, append: false))
        {
            for (int i = 0; i < Count; i++)
            {
                byte[] frame = i % 2 == 0 ? RealFrames.TcpSyn : RealFrames.IcmpEchoRequest;
                w.Write(frame, Base + i, frame.Length, LinkType.Ethernet, null, null);
            }
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        int tcp = 0;
        using (var reader = CaptureFileReader.Open(file))
        {
            while (reader.MoveNext())
            {
                FrameDecoder.Decode(reader.CurrentData, reader.CurrentLinkType, reader.CurrentOriginalLength, out var s);
                tcp += s.Protocol == PacketProtocol.Tcp ? 1 : 0;
            }
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(Count / 2, tcp);
        Assert.True(allocated < 2 * CaptureFileReader.BufferSize, $"reading {Count} records allocated {allocated} bytes");
    }

    [PeerFact("tcpdump", "tshark", "ping", NeedsRoot = true)]
    public void A_snapped_tcpdump_capture_reports_payload_truncation_like_tshark()
    {
        string file = PathOf("snap.pcap");
        using (var traffic = new LoopbackTraffic())
        {
            using var dump = new Tcpdump(file, "lo", traffic.Filter, 200, snapLength: 60);
            traffic.Generate();
            dump.WaitFor(file, traffic.Marker);
            dump.Stop();
        }

        var packets = TsharkAgreementTests.ReadAll(file);
        var rows = Tshark.Fields(file, "frame.len", "frame.cap_len", "tcp.srcport", "udp.srcport", "ip.len");
        Assert.Equal(rows.Count, packets.Count);
        Assert.Contains(packets, p => p.Length > p.CapturedLength);
        for (int i = 0; i < packets.Count; i++)
        {
            var p = packets[i];
            Assert.Equal((rows[i][0], rows[i][1]), (p.Length.ToString(CultureInfo.InvariantCulture), p.CapturedLength.ToString(CultureInfo.InvariantCulture)));
            Assert.Equal(rows[i][2] + rows[i][3], p.SourcePort?.ToString(CultureInfo.InvariantCulture) ?? string.Empty);
            Assert.Equal(p.Length > p.CapturedLength, (p.Problems & PacketProblems.PayloadTruncated) != 0);
            Assert.Equal(PacketProblems.None, p.Problems & (PacketProblems.LengthMismatch | PacketProblems.BadIhl | PacketProblems.BadVersion));
        }
    }

    private static string Epoch(long nanoseconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / 1_000_000_000}.{nanoseconds % 1_000_000_000:D9}");

    private static byte[] U32(uint v)
    {
        byte[] b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        return b;
    }

    private static byte[] Option(ushort code, ReadOnlySpan<byte> value)
    {
        byte[] o = new byte[4 + ((value.Length + 3) & ~3)];
        BinaryPrimitives.WriteUInt16LittleEndian(o, code);
        BinaryPrimitives.WriteUInt16LittleEndian(o.AsSpan(2), (ushort)value.Length);
        value.CopyTo(o.AsSpan(4));
        return o;
    }

    private static byte[] Block(uint type, byte[] body)
    {
        uint total = (uint)(12 + body.Length);
        return [.. U32(type), .. U32(total), .. body, .. U32(total)];
    }
}
