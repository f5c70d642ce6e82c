using System.Globalization;
using PSSocket.Core.Capture;
using PSSocket.Core.Packets;
using PSSocket.Core.Tests.Packets;
using PSSocket.Core.Tests.Support;

namespace PSSocket.Core.Tests.Capture;

/// <summary>
/// A live capture's reader copies each frame and makes a small packet; the packet decodes its headers
/// on first use. What that must not change: the fields (tshark's, and the eager decode's of the same
/// bytes), the answer when many threads ask first at once, and what one packet costs the reader.
/// </summary>
[Collection(LiveCapture.Name)]
public sealed class LazyDecodeTests : IDisposable
{
    /// <summary>
    /// Measured on the reader's thread (GC.GetAllocatedBytesForCurrentThread) for the benchmark's
    /// frame, 14 + 20 + 8 + 64 bytes: 208-209 bytes a packet, of which the frame's array is 136
    /// (it was 330 when the packet carried its decode inline and the reader always decoded).
    /// </summary>
    private const int MaxBytesPerPacket = 224;

    private readonly string _dir = Directory.CreateTempSubdirectory("pssocket-lazy-").FullName;

    public static TheoryData<string, int, string, string, string, int?, int?, string> Frames => new()
    {
        // name, on-wire length, then tshark's columns for it (RealFrames): ip.src, ip.dst, protocol, ports, Info
        // (numbers raw, as tshark -o tcp.relative_sequence_numbers:FALSE and without the handshake shows them: Seq 0x9cdfb80f, Win 0x0040).
        { nameof(RealFrames.TcpSyn), RealFrames.TcpSyn.Length, "127.0.0.1", "127.0.0.1", "Tcp", 58880, 47123, "58880 → 47123 [SYN] Seq=2631907343 Win=65495 Len=0 MSS=65495 SACK_PERM TSval=2920323857 TSecr=0 WS=1024" },
        { nameof(RealFrames.TcpData), RealFrames.TcpData.Length, "127.0.0.1", "127.0.0.1", "Tcp", 58880, 47123, "58880 → 47123 [PSH, ACK] Seq=2631907344 Ack=2576837270 Win=64 Len=4" },
        { nameof(RealFrames.IcmpV6EchoRequest), RealFrames.IcmpV6EchoRequest.Length, "::1", "::1", "IcmpV6", null, null, "Echo (ping) request id=0x5873, seq=1, hop limit=64" },
        { nameof(RealFrames.Sll2Udp6), RealFrames.Sll2Udp6.Length, "::1", "::1", "Udp", 51979, 47124, "51979 → 47124 Len=3" },
    };

    [Theory]
    [MemberData(nameof(Frames))]
    public void A_captured_packet_decoded_on_first_use_has_tsharks_fields_and_the_eager_decodes(string frame, int length, string source, string destination, string protocol, int? sourcePort, int? destinationPort, string info)
    {
        byte[] bytes = (byte[])typeof(RealFrames).GetField(frame)!.GetValue(null)!;
        var link = frame == nameof(RealFrames.Sll2Udp6) ? LinkType.LinuxSll2 : LinkType.Ethernet;
        var captured = Capture([bytes], link).Single();
        var eager = new Packet(1, 0, "lo", link, length, bytes, null, KernelChecksum.NotReady);

        Assert.Equal(source, captured.Source);
        Assert.Equal(destination, captured.Destination);
        Assert.Equal(protocol, captured.Protocol.ToString());
        Assert.Equal(sourcePort, captured.SourcePort);
        Assert.Equal(destinationPort, captured.DestinationPort);
        Assert.StartsWith(info, captured.Info, StringComparison.Ordinal);
        Assert.Equal(length, captured.Length);
        Assert.Equal(Columns(eager), Columns(captured));
        Assert.Equal(eager.Problems, captured.Problems);
        Assert.Equal(eager.Payload, captured.Payload);
        Assert.Equal(eager.Tcp?.ChecksumStatus, captured.Tcp?.ChecksumStatus);
        Assert.Equal(eager.Udp?.ChecksumStatus, captured.Udp?.ChecksumStatus);
        Assert.Null(captured.Comment);
    }

    [Fact]
    public void Many_threads_reading_a_captured_packet_first_at_once_get_the_same_fields_and_the_same_layers()
    {
        byte[][] frames = [RealFrames.TcpSyn, RealFrames.TcpData, RealFrames.IcmpEchoRequest, RealFrames.IcmpV6EchoRequest];
        const int Rounds = 200;
        int threads = Math.Max(4, Environment.ProcessorCount * 2);
        var packets = Capture([.. Enumerable.Range(0, Rounds).SelectMany(_ => frames)], LinkType.Ethernet);
        string[] expected = frames.Select(f => Columns(new Packet(1, 0, "lo", LinkType.Ethernet, f.Length, f, null, KernelChecksum.NotReady))).ToArray();
        (string Columns, object? Layer)[][] seen = new (string, object?)[threads][];
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var mine = new (string, object?)[packets.Count];
            start.SignalAndWait();
            for (int i = 0; i < packets.Count; i++)
            {
                // Half the threads begin with the layers, half with the flat columns, so both first uses race.
                object? layer = t % 2 == 0 ? (object?)packets[i].Tcp ?? packets[i].Icmp : null;
                mine[i] = (Columns(packets[i]), layer ?? (object?)packets[i].Tcp ?? packets[i].Icmp);
            }

            seen[t] = mine;
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => Assert.True(w.Join(TimeSpan.FromSeconds(60)), "a reader thread did not finish"));

        for (int i = 0; i < packets.Count; i++)
        {
            Assert.Equal(expected[i % frames.Length], seen[0][i].Columns);
            for (int t = 1; t < threads; t++)
            {
                Assert.Equal(seen[0][i].Columns, seen[t][i].Columns);
                Assert.Same(seen[0][i].Layer, seen[t][i].Layer); // one decode of the layers is published, the others dropped
            }
        }
    }

    [Fact]
    public void A_captured_packet_costs_the_reader_its_frame_and_a_small_object_and_the_queue_counts_that()
    {
        // The benchmark's datagram on lo: Ethernet, IPv4, UDP and 64 bytes of payload.
        byte[] frame = [.. RealFrames.TcpData.AsSpan(0, 14), .. Convert.FromHexString("4500005c00004000401100007f0000017f000001"), .. Convert.FromHexString("d431d4310048fe5b"), .. new byte[64]];
        const int Count = 100_000;
        using var capture = new SyntheticCapture([frame], LinkType.Ethernet, Count, measure: true);
        var packets = Drain(capture);
        Assert.Equal(Count, packets.Count);
        double perPacket = (double)capture.AllocatedBytes / Count;
        Assert.True(perPacket <= MaxBytesPerPacket, $"{perPacket:0.0} bytes a captured packet on the reader's thread, more than {MaxBytesPerPacket}");

        // The queue's bound counts a packet as its frame plus the overhead: the overhead must cover what
        // the reader allocated beyond the frame's bytes, and not much more, or the bound would lie either way.
        double beyondFrame = perPacket - frame.Length;
        Assert.InRange(PacketCaptureBase.QueuedPacketOverhead, beyondFrame, beyondFrame + 32);
        Assert.Equal(frame.Length, packets[^1].CapturedLength);
        Assert.Equal("127.0.0.1", packets[^1].Source); // and it still decodes
        Assert.Equal(54321, packets[^1].DestinationPort);
    }

    [PeerFact("tcpdump", "tshark", NeedsRoot = true)]
    public void Live_packets_of_a_capture_without_a_selection_have_the_fields_tshark_reads_in_tcpdumps_file()
    {
        using var traffic = new LoopbackTraffic();
        string file = Path.Combine(_dir, "lo.pcap");
        using var tcpdump = new Tcpdump(file, "lo", traffic.Filter, 1000);
        using var expression = FilterExpression.Compile(traffic.Filter); // in the kernel only: no selection, so nothing is decoded by the reader
        using var ours = new CaptureHarness(new CaptureOptions { Interface = "lo", Expression = expression });
        traffic.Generate();
        tcpdump.WaitFor(file, traffic.Marker);
        _ = tcpdump.Stop();

        var rows = Tshark.Fields(file, "frame.len", "ip.src", "ipv6.src", "ip.dst", "ipv6.dst", "tcp.srcport", "udp.srcport", "tcp.dstport", "udp.dstport", "icmp.type", "icmpv6.type");
        var frames = Tshark.Frames(file);
        var theirs = frames.Zip(rows).ToLookup(t => Convert.ToHexString(t.First), t => t.Second);
        var mine = ours.Collect(frames.Count);
        int compared = 0;
        foreach (var p in mine)
        {
            // Other engineers' pings may fall between the two captures' start and end: compare what both hold.
            if (theirs[Convert.ToHexString(p.Data)].FirstOrDefault() is not { } row)
            {
                continue;
            }

            compared++;
            // An ICMP error (a port unreachable for a probe to a closed port) quotes the datagram it answers:
            // tshark's first port fields are then the quoted datagram's, while a packet's ports are its own
            // TCP/UDP header's, and an ICMP packet has none.
            bool icmp = Either(row[9], row[10]).Length > 0;
            string expected = string.Join(' ', row[0], Either(row[1], row[2]), Either(row[3], row[4]), icmp ? string.Empty : Either(row[5], row[6]), icmp ? string.Empty : Either(row[7], row[8]));
            string actual = string.Join(' ', p.Length.ToString(CultureInfo.InvariantCulture), p.Source, p.Destination, p.SourcePort?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, p.DestinationPort?.ToString(CultureInfo.InvariantCulture) ?? string.Empty);
            Assert.Equal(expected, actual);
        }

        Assert.True(compared >= 20, $"only {compared} of our {mine.Count} packets were also in tcpdump's {frames.Count}");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Either(string a, string b) => a.Length > 0 ? a : b;

    private static string Columns(Packet p) => string.Join('|', p.Source, p.Destination, p.Protocol, p.Length, p.CapturedLength, p.SourcePort, p.DestinationPort, p.TcpFlags, p.Info);

    private static List<Packet> Capture(byte[][] frames, LinkType link)
    {
        using var capture = new SyntheticCapture(frames, link, frames.Length, measure: false);
        return Drain(capture);
    }

    private static List<Packet> Drain(SyntheticCapture capture)
    {
        return Task.Run(async () =>
        {
            var list = new List<Packet>();
            await foreach (var p in capture.ReadAllAsync())
            {
                list.Add(p);
            }

            return list;
        }).GetAwaiter().GetResult();
    }

    /// <summary>A backend whose "kernel" hands over the given frames in turn, as the ring reader does: no selection, delivered in blocks, flushed.</summary>
    private sealed class SyntheticCapture(byte[][] frames, LinkType link, int count, bool measure)
        : PacketCaptureBase(new CaptureOptions { Interface = "synthetic", BufferSize = 512 << 20 }, new CaptureInterface("synthetic", 1, null, [], null, true, true, 1, link, ["Native"]))
    {
        public long AllocatedBytes { get; private set; }

        public override LinkType LinkType => link;

        public override string Description => "synthetic frames";

        protected override void Read()
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < count; i++)
            {
                Deliver(frames[i % frames.Length], frames[i % frames.Length].Length, i, "lo", KernelChecksum.NotReady);
                if (i % 256 == 255)
                {
                    Flush(); // a ring block's worth
                }
            }

            Flush();
            if (measure)
            {
                AllocatedBytes = GC.GetAllocatedBytesForCurrentThread() - before;
            }
        }

        protected override void Wake()
        {
        }

        protected override void ReadCounters()
        {
        }

        protected override void ReleaseHandles()
        {
        }
    }
}
