using System.Net;
using System.Net.Sockets;
using PSSocket.Core.Capture;
using PSSocket.Core.Packets;
using PSSocket.Core.Tests.Support;

namespace PSSocket.Core.Tests.Capture;

/// <summary>
/// What every backend shares (PacketCaptureBase: reader thread, queue bounded by bytes, numbering,
/// selection, stop conditions), driven here through the Windows raw-socket reader. On Windows that
/// reader gets IP packets from a raw socket with SIO_RCVALL, which cannot run on Linux, so these tests
/// feed it the same thing, one IPv4 packet per datagram, from an ordinary UDP socket on loopback.
/// </summary>
[Collection(LiveCapture.Name)]
public sealed class CaptureQueueTests
{
    private static readonly CaptureInterface Loopback = new("lo", 1, null, ["127.0.0.1"], 65536, true, true, -1, LinkType.RawIP, ["Native"]);

    [Fact]
    public void The_raw_socket_reader_turns_each_ip_packet_into_a_numbered_RawIP_packet_and_applies_the_selection()
    {
        using var source = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        var options = new CaptureOptions { Interface = "lo", SnapLength = 30, Selection = new PacketFilter([PacketProtocol.Udp], [5000], null) };
        using var capture = new CaptureHarness(new WindowsRawCapture(options, Loopback, source));
        using var feeder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        byte[] wanted = Ip(CraftedTransport.Udp, 5000, "wanted, and longer than the snap length"u8.ToArray());
        foreach (byte[] ip in new[] { Ip(CraftedTransport.Udp, 6000, [1]), Ip(CraftedTransport.Tcp, 5000, [2]), wanted, wanted })
        {
            feeder.SendTo(ip, source.LocalEndPoint!);
        }

        var packets = capture.Collect(2);
        Assert.Equal(2, packets.Count);
        Assert.Equal([1L, 2L], packets.Select(p => p.Number));
        var p = packets[0];
        Assert.Equal(LinkType.RawIP, p.LinkType);
        Assert.Equal("lo", p.Interface);
        Assert.Equal(wanted.Length, p.Length);
        Assert.Equal(wanted[..30], p.Data);
        Assert.Equal(5000, p.DestinationPort);
        Assert.InRange(DateTimeOffset.UnixEpoch.AddTicks(p.TimestampNanoseconds / 100), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);
        Assert.Equal(4, capture.Capture.Statistics.KernelReceived); // all that the socket handed over, before the selection
        Assert.Equal(0, capture.Capture.Statistics.KernelDropped);
    }

    [Fact]
    public void The_raw_socket_reader_ends_by_count_by_duration_and_by_cancellation()
    {
        using var source = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        using var feeder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using (var counted = new CaptureHarness(new WindowsRawCapture(new CaptureOptions { MaxPackets = 2 }, Loopback, source)))
        {
            for (int i = 0; i < 5; i++)
            {
                feeder.SendTo(Ip(CraftedTransport.Udp, 5000, [(byte)i]), source.LocalEndPoint!);
            }

            Assert.Equal(2, counted.UntilEnd().Count);
        }

        using var quiet = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (var timed = new CaptureHarness(new WindowsRawCapture(new CaptureOptions { Duration = TimeSpan.FromMilliseconds(300) }, Loopback, quiet)))
        {
            Assert.Empty(timed.UntilEnd());
        }

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(20));
        using var other = LinuxCaptureTests.UdpOn(IPAddress.Loopback); // the timed capture closed its socket
        using var stopped = new CaptureHarness(new WindowsRawCapture(new CaptureOptions(), Loopback, other));
        Assert.Empty(stopped.Collect(1, TimeSpan.FromMilliseconds(200))); // Collect cancels; it fails if the stream does not end
    }

    /// <summary>
    /// The queue between reader and consumer is bounded by bytes (the buffer size, each packet counted
    /// with its bytes and a fixed overhead), not by a packet count: with nobody reading, the reader
    /// queues about a buffer's worth and then waits; once the consumer reads, everything follows in order.
    /// </summary>
    [Fact]
    public async Task The_queue_holds_a_buffer_of_bytes_while_nobody_reads_and_then_delivers_everything_in_order()
    {
        const int Limit = 1 << 20;
        using var source = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        source.ReceiveBufferSize = 4 << 20;
        using var feeder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var capture = new WindowsRawCapture(new CaptureOptions { BufferSize = Limit }, Loopback, source);
        capture.Start(); // reading starts; nobody consumes yet
        byte[] ip = Ip(CraftedTransport.Udp, 5000, new byte[1000]);
        long cost = ip.Length + PacketCaptureBase.QueuedPacketOverhead;
        int sent = 0;
        while (sent < 10 * Limit / cost)
        {
            // Feed in steps the socket buffer can hold; the step the reader does not finish taking is the one that met the limit.
            for (int i = 0; i < 20; i++, sent++)
            {
                feeder.SendTo(ip, source.LocalEndPoint!);
            }

            var quiet = DateTime.UtcNow.AddSeconds(2);
            while (capture.Captured < sent && DateTime.UtcNow < quiet)
            {
                Thread.Sleep(10);
            }

            if (capture.Captured < sent)
            {
                break;
            }
        }

        // The packet waiting for room is numbered already, so one more than the queue holds.
        Assert.InRange(capture.QueuedPeak, Limit - cost, Limit);
        Assert.Equal((Limit / cost) + 1, capture.Captured);
        var numbers = new List<long>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var p in capture.ReadAllAsync(stop.Token))
        {
            numbers.Add(p.Number);
            if (numbers.Count == sent)
            {
                await stop.CancelAsync();
            }
        }

        Assert.Equal(Enumerable.Range(1, numbers.Count).Select(n => (long)n), numbers);
        Assert.Equal(sent, numbers.Count); // the socket buffer held what the queue could not
    }

    /// <summary>
    /// A burst bigger than the queue, sent while nobody reads, waits in the ring and arrives whole once
    /// the consumer catches up. With blocks retiring every 10 ms (before), a 4 MiB ring held only
    /// 16 × 10 ms of traffic and this lost packets; at 100 ms the blocks fill first.
    /// </summary>
    [RootFact]
    public async Task A_burst_larger_than_the_queue_waits_in_the_ring_and_arrives_whole()
    {
        const int Burst = 20_000;
        using var receiver = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        int port = LinuxCaptureTests.Port(receiver);
        using var capture = LinuxPacketCapture.Open(new CaptureOptions { Interface = "lo", BufferSize = 4 << 20, Selection = new PacketFilter([PacketProtocol.Udp], [port], [IPAddress.Loopback]) });
        capture.Start();
        using (var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            sender.Connect(new IPEndPoint(IPAddress.Loopback, port));
            for (int i = 0; i < Burst; i++)
            {
                sender.Send(new byte[22]);
            }
        }

        long count = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (var _ in capture.ReadAllAsync(stop.Token))
        {
            if (++count == Burst)
            {
                break;
            }
        }

        Assert.Equal(0, capture.Statistics.KernelDropped);
        Assert.Equal(Burst, count);
    }

    [Theory]
    [InlineData(null, true, false, false, CaptureBackend.Native)]
    [InlineData(null, false, true, true, CaptureBackend.Pcap)]
    [InlineData(null, false, true, false, CaptureBackend.Native)]
    [InlineData(null, false, false, true, CaptureBackend.Pcap)]
    [InlineData(CaptureBackend.Pcap, true, false, true, CaptureBackend.Pcap)]
    [InlineData(CaptureBackend.Native, false, true, true, CaptureBackend.Native)]
    public void Each_platform_gets_its_own_way_unless_a_backend_is_named(CaptureBackend? requested, bool linux, bool windows, bool pcap, CaptureBackend expected) =>
        Assert.Equal(expected, CaptureBackends.Choose(requested, linux, windows, pcap));

    [Fact]
    public void The_interface_list_for_windows_agrees_with_sys_class_net_here()
    {
        var list = CaptureInterfaces.FromNetworkInterfaces(["Native"], LinkType.RawIP);
        Assert.Equal("any", list[0].Name);
        var lo = Assert.Single(list, i => i.Name == "lo");
        Assert.Equal(int.Parse(File.ReadAllText("/sys/class/net/lo/ifindex"), System.Globalization.CultureInfo.InvariantCulture), lo.Index);
        Assert.True(lo.IsLoopback);
        Assert.Contains("127.0.0.1", lo.Addresses);
        Assert.Equal(LinkType.RawIP, lo.LinkType);
    }

    /// <summary>A crafted loopback packet to <paramref name="port"/> from port 40010, as bare IP or in the frame <paramref name="linkType"/> names.</summary>
    internal static byte[] Ip(CraftedTransport kind, int port, byte[] payload, LinkType linkType = LinkType.RawIP) => PacketFactory.Build(new PacketTemplate
    {
        Source = IPAddress.Loopback,
        Destination = IPAddress.Loopback,
        Kind = kind,
        SourcePort = 40010,
        DestinationPort = port,
        Payload = payload,
        LinkType = linkType,
    }).Data;
}
