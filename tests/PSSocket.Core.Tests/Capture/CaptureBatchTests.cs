using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using PSSocket.Core.Capture;
using PSSocket.Core.Packets;
using PSSocket.Core.Tests.Support;

namespace PSSocket.Core.Tests.Capture;

/// <summary>
/// The reader hands packets to the consumer in batches (a ring block's worth, or what one wakeup
/// read). What a batch must not change: every packet arrives once, in the order the kernel took it,
/// numbered without a gap; the count stops inside a batch; the last, partly filled block is not lost;
/// and the queue stays within its bound of bytes.
/// </summary>
[Collection(LiveCapture.Name)]
public sealed class CaptureBatchTests
{
    private const int Burst = 30_000;

    [RootTheory]
    [MemberData(nameof(LinuxCaptureTests.Methods), MemberType = typeof(LinuxCaptureTests))]
    public async Task A_burst_that_waited_in_the_kernel_arrives_complete_in_sending_order_numbered_without_gaps(CaptureMethod method)
    {
        using var receiver = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        int port = LinuxCaptureTests.Port(receiver);
        var before = DateTimeOffset.UtcNow;
        using var capture = LinuxPacketCapture.Open(new CaptureOptions { Interface = "lo", Method = method, Selection = new PacketFilter([PacketProtocol.Udp], [port], null) });
        NumberedDatagrams.Send(new IPEndPoint(IPAddress.Loopback, port), Burst, 22); // nobody reads yet: the burst waits in the ring or the socket buffer

        var packets = await ReadAsync(capture, Burst);
        Assert.Equal(Burst, packets.Count);
        Assert.Equal(Enumerable.Range(0, Burst), packets.Select(Sequence)); // one sender on lo: the kernel takes them in sending order
        Assert.Equal(Enumerable.Range(1, Burst).Select(n => (long)n), packets.Select(p => p.Number));
        var now = DateTimeOffset.UtcNow;
        Assert.All(packets, p => Assert.InRange(p.Timestamp, before, now));
        if (method == CaptureMethod.Ring)
        {
            // The ring stamps each packet as it fills it. On the recvmsg path the kernel stamps a packet
            // that arrived without a timestamp when it is read, and it begins stamping arrivals only once
            // the timestamp switch this socket turned on has taken effect (deferred work): the first
            // packets of a burst sent at once after opening can carry their read time (seen here).
            Assert.True(packets.Zip(packets.Skip(1)).All(t => t.First.TimestampNanoseconds <= t.Second.TimestampNanoseconds));
        }
        Assert.All(packets, p => Assert.Equal(KernelChecksum.NotReady, p.KernelChecksum));
        Assert.Equal(0, capture.Statistics.KernelDropped);
        Assert.Equal(Burst, capture.Statistics.Captured);
    }

    [RootTheory]
    [MemberData(nameof(LinuxCaptureTests.Methods), MemberType = typeof(LinuxCaptureTests))]
    public async Task The_count_ends_the_stream_inside_a_batch_with_the_first_packets(CaptureMethod method)
    {
        const int Count = Burst - 7;
        using var receiver = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        int port = LinuxCaptureTests.Port(receiver);
        using var capture = LinuxPacketCapture.Open(new CaptureOptions { Interface = "lo", Method = method, MaxPackets = Count, Selection = new PacketFilter([PacketProtocol.Udp], [port], null) });
        NumberedDatagrams.Send(new IPEndPoint(IPAddress.Loopback, port), Burst, 22);

        var packets = await ReadAsync(capture, int.MaxValue); // ends by itself at the count
        Assert.Equal(Enumerable.Range(0, Count), packets.Select(Sequence));
        Assert.Equal(Count, capture.Statistics.Captured);
    }

    /// <summary>
    /// With the reader running and nobody consuming, the reader queues up to the limit (a 4 MiB
    /// buffer: 4 MiB of packets, each counted with its bytes and the fixed overhead) and then leaves
    /// the rest in the ring; once the consumer reads, everything follows in order and nothing is dropped.
    /// </summary>
    [RootFact]
    public async Task Batches_keep_the_queue_within_its_bound_while_nobody_reads()
    {
        const int Limit = 4 << 20, Sent = 36_000;
        using var receiver = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        int port = LinuxCaptureTests.Port(receiver);
        using var capture = LinuxPacketCapture.Open(new CaptureOptions { Interface = "lo", BufferSize = Limit, Selection = new PacketFilter([PacketProtocol.Udp], [port], null) });
        capture.Start();
        NumberedDatagrams.Send(new IPEndPoint(IPAddress.Loopback, port), Sent, 22);
        long cost = 14 + 20 + 8 + 22 + PacketCaptureBase.QueuedPacketOverhead;
        var quiet = DateTime.UtcNow.AddSeconds(30);
        long last = -1;
        while (capture.Captured != last && DateTime.UtcNow < quiet)
        {
            last = capture.Captured;
            Thread.Sleep(500); // the ring's blocks retire within 100 ms; half a second without progress means the reader waits for room
        }

        Assert.InRange(capture.QueuedPeak, Limit - cost, Limit);
        Assert.InRange(capture.Captured, (Limit / cost) + 1, Sent - 1); // the reader stopped at the bound, short of the burst

        var packets = await ReadAsync(capture, Sent);
        Assert.Equal(Enumerable.Range(0, Sent), packets.Select(Sequence));
        Assert.Equal(0, capture.Statistics.KernelDropped);
    }

    private static int Sequence(Packet p) => BinaryPrimitives.ReadInt32BigEndian(p.Payload);

    /// <summary>22-byte payloads (64-byte frames) carrying their index, from one socket.</summary>
    private static async Task<List<Packet>> ReadAsync(LinuxPacketCapture capture, int wanted)
    {
        var packets = new List<Packet>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (var p in capture.ReadAllAsync(stop.Token))
        {
            packets.Add(p);
            if (packets.Count == wanted)
            {
                await stop.CancelAsync();
            }
        }

        return packets;
    }
}
