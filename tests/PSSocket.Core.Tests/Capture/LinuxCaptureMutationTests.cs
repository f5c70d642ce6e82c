using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using PSSocket.Core.Capture;
using PSSocket.Core.Files;
using PSSocket.Core.Packets;
using PSSocket.Core.Tests.Support;

namespace PSSocket.Core.Tests.Capture;

/// <summary>
/// The AF_PACKET engine's set-up, ring walk, counters and clean-up, judged by what the kernel reports
/// about the socket (ss -0: the packet_diag view of its ring and buffer; /proc/self/fd and fdinfo;
/// ip -d link), written for the mutants of LinuxPacketCapture.cs that the live tests left alive.
/// Traffic is loopback to this test's own ports, or on a veth pair the test makes.
/// </summary>
[Collection(LiveCapture.Name)]
public sealed partial class LinuxCaptureMutationTests
{
    public static TheoryData<CaptureMethod> Methods => new() { CaptureMethod.Ring, CaptureMethod.Receive };

    [Theory]
    [InlineData(0, 256 * 1024, 0)]
    [InlineData(-1, 256 * 1024, -1)]
    [InlineData(1, (256 * 1024) - 1, (256 * 1024) - 1)]
    public void A_snap_length_below_one_or_a_buffer_below_two_128_KiB_blocks_is_refused_naming_the_value(int snap, int buffer, int target)
    {
        var e = Assert.Throws<PSSocketException>(() => LinuxPacketCapture.Open(new CaptureOptions { Interface = "lo", SnapLength = snap, BufferSize = buffer }));
        Assert.Equal("InvalidCaptureOption", e.ErrorId);
        Assert.Equal(FaultCategory.InvalidArgument, e.Category);
        Assert.Equal(target, e.Target);
    }

    [Fact]
    public void Opening_without_options_is_an_argument_error_naming_them() =>
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => LinuxPacketCapture.Open(null!)).ParamName);

    /// <summary>
    /// The smallest snap length and buffer the capture accepts (1 byte, 256 KiB) open and work: each frame cut to one
    /// byte, its length on the wire kept. On a veth of the test's own, where nothing else runs, so no selection is needed
    /// (a selection cannot judge a frame cut inside its headers).
    /// </summary>
    [RootTheory]
    [MemberData(nameof(Methods))]
    public void The_smallest_snap_length_and_buffer_cut_every_frame_to_one_byte(CaptureMethod method)
    {
        using var veth = new VethPair();
        using var capture = new CaptureHarness(new CaptureOptions { Interface = veth.Host, Method = method, SnapLength = 1, BufferSize = 256 * 1024 });
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.SendTo(new byte[1111], new IPEndPoint(IPAddress.Parse(veth.PeerAddress), 9));
        var packets = capture.Collect(3); // ARP request and reply, then the datagram (and whatever IPv6 sends on a new link)
        Assert.NotEmpty(packets);
        Assert.All(packets, p => Assert.Equal(1, p.CapturedLength));
        Assert.Contains(packets, p => p.Length == 14 + 20 + 8 + 1111);
    }

    /// <summary>
    /// The ring as the kernel set it up (ss -0 -e, packet_diag's PACKET_DIAG_RX_RING), against the rule in
    /// LinuxPacketCapture's comments: blocks a power of two from 128 KiB to 1 MiB, at least 16 of them while that
    /// allows, 2048-byte frames, blocks retired after 100 ms; the mapping in /proc/self/maps is the whole ring.
    /// </summary>
    [PeerTheory("ss", NeedsRoot = true)]
    [InlineData(256 * 1024, 128 * 1024, 2)]
    [InlineData(3 << 20, 128 * 1024, 24)]
    [InlineData(4 << 20, 256 * 1024, 16)]
    [InlineData((4 << 20) + (100 * 1024), 256 * 1024, 16)]
    [InlineData(64 << 20, 1 << 20, 64)]
    public void The_ring_has_the_blocks_the_buffer_size_asks_for(int bufferSize, int blockSize, int blockCount)
    {
        var before = Descriptors();
        using var capture = LinuxPacketCapture.Open(new CaptureOptions { Interface = "lo", BufferSize = bufferSize, Selection = new PacketFilter(null, [9], null) });
        string socket = CaptureSocket(before);
        string diag = PacketDiag(socket);
        Assert.Contains("ver:2 ", diag, StringComparison.Ordinal); // TPACKET_V3
        Assert.Contains($"ring_rx(blk_size:{blockSize},blk_nr:{blockCount},frm_size:2048,frm_nr:{blockSize / 2048 * blockCount},tmo:100,", diag, StringComparison.Ordinal);
        Assert.Equal((long)blockSize * blockCount, MappedBytes(socket));
        Assert.Equal(CaptureMethod.Ring, capture.Method);
        Assert.Equal("native Ring, kernel filter: not lo outgoing and port 9", capture.Description);
    }

    /// <summary>
    /// Without a ring the socket's buffer is three times -BufferSize (SO_RCVBUFFORCE; the kernel doubles what it is
    /// given and caps it at INT_MAX/2 before that, socket(7)), read back as ss -m's rb; the socket keeps TPACKET_V1 and no ring.
    /// </summary>
    [PeerTheory("ss", NeedsRoot = true)]
    [InlineData(256 * 1024, 2L * 3 * 256 * 1024)]
    [InlineData(1 << 30, 2L * (int.MaxValue / 2))]
    public void The_receive_path_asks_the_kernel_for_three_bytes_of_socket_buffer_per_byte_of_buffer(int bufferSize, long rb)
    {
        var before = Descriptors();
        using var capture = LinuxPacketCapture.Open(new CaptureOptions { Interface = "lo", Method = CaptureMethod.Receive, BufferSize = bufferSize, Selection = new PacketFilter(null, [9], null) });
        string diag = PacketDiag(CaptureSocket(before));
        Assert.Contains($"rb{rb},", diag, StringComparison.Ordinal);
        Assert.Contains("ver:0 ", diag, StringComparison.Ordinal);
        Assert.DoesNotContain("ring_rx", diag, StringComparison.Ordinal);
        Assert.Equal(CaptureMethod.Receive, capture.Method);
        Assert.StartsWith("native Receive, kernel filter: ", capture.Description, StringComparison.Ordinal);
    }

    /// <summary>
    /// A datagram that waited in the kernel before the reader started carries the time the kernel took it
    /// (the ring's tp_sec/tp_nsec, SO_TIMESTAMPNS on the receive path), not the time it was read.
    /// </summary>
    [RootTheory]
    [MemberData(nameof(Methods))]
    public void A_packet_that_waited_in_the_kernel_keeps_the_time_the_kernel_took_it(CaptureMethod method)
    {
        using var receiver = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        int port = LinuxCaptureTests.Port(receiver);
        var opened = LinuxPacketCapture.Open(new CaptureOptions { Interface = "lo", Method = method, Selection = new PacketFilter([PacketProtocol.Udp], [port], [IPAddress.Loopback]) });
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        // When the first socket of the system asks for timestamps (SO_TIMESTAMPNS), the kernel turns them on through a
        // work item (net_enable_timestamp); a packet that arrives before it runs is stamped when it is read. No signal
        // tells when it has run, so the datagram goes out a moment later.
        Thread.Sleep(200);
        var beforeSend = DateTimeOffset.UtcNow;
        sender.SendTo("waited"u8.ToArray(), new IPEndPoint(IPAddress.Loopback, port));
        var afterSend = DateTimeOffset.UtcNow;
        Thread.Sleep(600);
        using var capture = new CaptureHarness(opened);
        var p = Assert.Single(capture.Collect(1));
        Assert.InRange(p.Timestamp, beforeSend.AddMilliseconds(-5), afterSend.AddMilliseconds(50));
    }

    /// <summary>
    /// A ring of two blocks walked round many times: waves of datagrams, each waiting for the last to be delivered,
    /// so every wave lands in the next block; all arrive once, in order, and the kernel dropped none (each block was
    /// handed back before the kernel needed it again).
    /// </summary>
    [RootFact]
    public void Waves_of_datagrams_go_round_a_two_block_ring_in_order_and_none_is_lost()
    {
        const int Waves = 8, PerWave = 200;
        using var receiver = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        int port = LinuxCaptureTests.Port(receiver);
        using var capture = new CaptureHarness(new CaptureOptions { Interface = "lo", BufferSize = 256 * 1024, Selection = new PacketFilter([PacketProtocol.Udp], [port], [IPAddress.Loopback]) });
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.Connect(new IPEndPoint(IPAddress.Loopback, port));
        byte[] payload = new byte[200];
        for (int wave = 0; wave < Waves; wave++)
        {
            for (int i = 0; i < PerWave; i++)
            {
                BinaryPrimitives.WriteInt32BigEndian(payload, (wave * PerWave) + i);
                sender.Send(payload);
            }

            var until = DateTime.UtcNow.AddSeconds(10);
            while (capture.Capture.Captured < (wave + 1) * PerWave && DateTime.UtcNow < until)
            {
                Thread.Sleep(5);
            }
        }

        var packets = capture.Collect(Waves * PerWave);
        Assert.Equal(Enumerable.Range(0, Waves * PerWave), packets.Select(p => BinaryPrimitives.ReadInt32BigEndian(p.Payload)));
        Assert.Equal(0, capture.Capture.Statistics.KernelDropped);
        Assert.Equal(Waves * PerWave, capture.Capture.Statistics.KernelReceived);
    }

    /// <summary>
    /// A burst that overfills a small ring before the reader starts: the kernel's drops show in the counters while the
    /// capture still runs (read about once a second while it waits), and every datagram is captured or dropped.
    /// </summary>
    [RootFact]
    public void The_ring_counts_the_kernels_drops_while_the_capture_runs()
    {
        const int Burst = 20_000;
        using var receiver = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        int port = LinuxCaptureTests.Port(receiver);
        var opened = LinuxPacketCapture.Open(new CaptureOptions { Interface = "lo", BufferSize = 256 * 1024, Selection = new PacketFilter([PacketProtocol.Udp], [port], [IPAddress.Loopback]) });
        NumberedDatagrams.Send(new IPEndPoint(IPAddress.Loopback, port), Burst, 22);

        using var capture = new CaptureHarness(opened);
        var until = DateTime.UtcNow.AddSeconds(15);
        while (opened.Captured + opened.KernelDropped < Burst && DateTime.UtcNow < until)
        {
            Thread.Sleep(20);
        }

        Assert.Equal(Burst, opened.Captured + opened.KernelDropped); // seen before the capture ends
        var packets = capture.Collect(0);
        var stats = opened.Statistics;
        Assert.InRange(stats.KernelDropped, 1, Burst - 1); // two 128 KiB blocks cannot hold the burst
        Assert.Equal(Burst, stats.KernelReceived); // PACKET_STATISTICS counts the dropped as received too
        Assert.Equal(Enumerable.Range(0, (int)stats.Captured), packets.Select(p => BinaryPrimitives.ReadInt32BigEndian(p.Payload)));
    }

    /// <summary>
    /// Stopped right after the traffic, before the kernel retired the ring block it sits in (within 100 ms) or before
    /// the reader took it from the socket's buffer, the capture still delivers it: the stop waits for that block once,
    /// or reads the socket's buffer once more without waiting.
    /// </summary>
    [RootTheory]
    [MemberData(nameof(Methods))]
    public async Task A_stop_right_after_the_traffic_still_delivers_what_the_kernel_took(CaptureMethod method)
    {
        using var receiver = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        int port = LinuxCaptureTests.Port(receiver);
        using var capture = LinuxPacketCapture.Open(new CaptureOptions { Interface = "lo", Method = method, Selection = new PacketFilter([PacketProtocol.Udp], [port], [IPAddress.Loopback]) });
        using (var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            for (int i = 0; i < 3; i++)
            {
                sender.SendTo(new byte[] { (byte)i }, new IPEndPoint(IPAddress.Loopback, port));
            }
        }

        capture.Stop(); // before the reader starts, so it is the stop's reading that must find them
        var packets = new List<Packet>();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await foreach (var p in capture.ReadAllAsync(limit.Token))
        {
            packets.Add(p);
        }

        Assert.Equal([0, 1, 2], packets.Select(p => (int)p.Payload![0]));
    }

    /// <summary>
    /// Stopped before its reader starts, with both blocks of a two-block ring full (the kernel retires a block when the
    /// next packet does not fit, and drops the rest once it finds no free block): the stop reads both blocks, in
    /// order. One 128 KiB block holds at most 383 frames of 342 bytes, so more than that means both were read.
    /// </summary>
    [RootFact]
    public async Task A_stop_reads_every_block_the_kernel_filled_in_ring_order()
    {
        const int Sent = 1000;
        using var receiver = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        int port = LinuxCaptureTests.Port(receiver);
        using var capture = LinuxPacketCapture.Open(new CaptureOptions { Interface = "lo", BufferSize = 256 * 1024, Selection = new PacketFilter([PacketProtocol.Udp], [port], [IPAddress.Loopback]) });
        NumberedDatagrams.Send(new IPEndPoint(IPAddress.Loopback, port), Sent, 300);

        capture.Stop();
        var sequence = new List<int>();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await foreach (var p in capture.ReadAllAsync(limit.Token))
        {
            sequence.Add(BinaryPrimitives.ReadInt32BigEndian(p.Payload));
        }

        Assert.InRange(sequence.Count, (128 * 1024 / (14 + 20 + 8 + 300)) + 1, Sent - 1);
        Assert.Equal(Enumerable.Range(0, sequence.Count), sequence);
        Assert.Equal(Sent, capture.Statistics.Captured + capture.Statistics.KernelDropped);
    }

    /// <summary>
    /// Written to a file, a capture whose link goes quiet puts what it took on disk within about a second (so tshark can
    /// read the file while it runs), not only when the stream buffer fills or the capture ends: the second datagram,
    /// sent after the first reached the disk, is in the file within seconds while the capture still runs.
    /// </summary>
    [RootTheory]
    [MemberData(nameof(Methods))]
    public async Task A_file_capture_reaches_the_disk_while_the_link_is_quiet(CaptureMethod method)
    {
        string dir = Directory.CreateTempSubdirectory("pssocket-quiet-file-").FullName;
        try
        {
            string path = Path.Combine(dir, "quiet.pcap");
            using var receiver = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
            int port = LinuxCaptureTests.Port(receiver);
            using var capture = LinuxPacketCapture.Open(new CaptureOptions { Interface = "lo", Method = method, Selection = new PacketFilter([PacketProtocol.Udp], [port], [IPAddress.Loopback]) });
            capture.WriteTo(CaptureFileWriter.Create(path, CaptureFormat.Pcap, capture.LinkType, append: false));
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var reading = CaptureHarness.ReadToEndAsync(capture, limit.Token);
            using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            const int Record = 16 + 14 + 20 + 8 + 100; // pcap record header and the frame (libpcap's file format)
            sender.SendTo(new byte[100], new IPEndPoint(IPAddress.Loopback, port));
            Assert.True(await OnDisk(path, 24 + Record, TimeSpan.FromSeconds(10)), "the first datagram never reached the disk");
            sender.SendTo(new byte[100], new IPEndPoint(IPAddress.Loopback, port));
            Assert.True(await OnDisk(path, 24 + (2 * Record), TimeSpan.FromSeconds(6)), "the second datagram stayed in the buffer while the link was quiet");
            Assert.False(reading.IsCompleted);
            await limit.CancelAsync();
            await reading;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<bool> OnDisk(string path, long length, TimeSpan wait)
    {
        var until = DateTime.UtcNow + wait;
        while (DateTime.UtcNow < until)
        {
            if (new FileInfo(path).Length >= length)
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }

    public static TheoryData<CaptureMethod, string, int> SnapCases => new()
    {
        { CaptureMethod.Receive, "lo", 14 },
        { CaptureMethod.Ring, "any", 20 },
        { CaptureMethod.Receive, "any", 20 },
    };

    /// <summary>The snap length on the paths LinuxCaptureTests does not cut: 50 bytes kept (an SLL2 header counts), the length on the wire whole.</summary>
    [RootTheory]
    [MemberData(nameof(SnapCases))]
    public void The_snap_length_cuts_frames_on_the_receive_path_and_on_any(CaptureMethod method, string device, int linkHeader)
    {
        using var receiver = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        using var capture = new CaptureHarness(new CaptureOptions { Interface = device, Method = method, SnapLength = 50, Selection = new PacketFilter(null, [LinuxCaptureTests.Port(receiver)], null) });
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.SendTo(new byte[1000], new IPEndPoint(IPAddress.Loopback, LinuxCaptureTests.Port(receiver)));
        var p = Assert.Single(capture.Collect(1));
        Assert.Equal(50, p.CapturedLength);
        Assert.Equal(linkHeader + 20 + 8 + 1000, p.Length);
    }

    /// <summary>Datagrams larger than the cooked frame buffer first holds (2 KiB), and than twice that, arrive byte-exact on "any".</summary>
    [RootTheory]
    [MemberData(nameof(Methods))]
    public void Frames_larger_than_the_cooked_buffer_arrive_whole_on_any(CaptureMethod method)
    {
        using var receiver = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        int port = LinuxCaptureTests.Port(receiver);
        using var capture = new CaptureHarness(new CaptureOptions { Interface = "any", Method = method, Selection = new PacketFilter([PacketProtocol.Udp], [port], [IPAddress.Loopback]) });
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        byte[][] payloads = [Pattern(3000), Pattern(9000), Pattern(100)];
        foreach (byte[] payload in payloads)
        {
            sender.SendTo(payload, new IPEndPoint(IPAddress.Loopback, port));
        }

        var packets = capture.Collect(payloads.Length);
        Assert.Equal(payloads, packets.Select(p => p.Payload));
        Assert.Equal(payloads.Select(b => 20 + 20 + 8 + b.Length), packets.Select(p => p.Length));
        Assert.Equal(payloads.Select(b => 20 + 20 + 8 + b.Length), packets.Select(p => p.CapturedLength));
    }

    /// <summary>An "any" capture names an interface that appeared after it opened (its index was not known at the start).</summary>
    [RootFact]
    public void An_any_capture_names_an_interface_that_appeared_after_it_opened()
    {
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.Bind(new IPEndPoint(IPAddress.Any, 0));
        int port = LinuxCaptureTests.Port(sender);
        using var capture = new CaptureHarness(new CaptureOptions { Interface = "any", Selection = new PacketFilter([PacketProtocol.Udp], [port], null) });
        using var veth = new VethPair();
        sender.SendTo("new link"u8.ToArray(), new IPEndPoint(IPAddress.Parse(veth.PeerAddress), port));
        var p = Assert.Single(capture.Collect(1));
        Assert.Equal(veth.Host, p.Interface);
        Assert.Equal(veth.PeerAddress, p.Destination);

        // The SLL2 header as tcpdump -i any writes it for a sent frame: the link's index, ARPHRD_ETHER, PACKET_OUTGOING, and the 6-byte
        // source MAC (sockaddr_ll's sll_addr, at offset 12: read from offset 16 it gave the MAC's last two bytes and then zeros).
        Assert.Equal(int.Parse(File.ReadAllText($"/sys/class/net/{veth.Host}/ifindex"), CultureInfo.InvariantCulture), p.LinuxSll!.InterfaceIndex);
        Assert.Equal(1, p.LinuxSll.ArphrdType);
        Assert.Equal(4, p.LinuxSll.PacketType);
        Assert.Equal(6, p.LinuxSll.AddressLength);
        Assert.Equal(File.ReadAllText($"/sys/class/net/{veth.Host}/address").Trim(), p.LinuxSll.Address!.Replace('-', ':'), ignoreCase: true);
    }

    /// <summary>
    /// A packet of an interface that appeared after an "any" capture opened and was deleted before the packet was read
    /// is named by the index it had (nothing else is left to name it by), and the capture goes on.
    /// </summary>
    [RootTheory]
    [MemberData(nameof(Methods))]
    public void An_any_capture_names_a_packet_of_an_interface_gone_before_it_was_read_by_its_index(CaptureMethod method)
    {
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { EnableBroadcast = true };
        sender.Bind(new IPEndPoint(IPAddress.Any, 0));
        int port = LinuxCaptureTests.Port(sender);
        using var capture = LinuxPacketCapture.Open(new CaptureOptions { Interface = "any", Method = method, Selection = new PacketFilter([PacketProtocol.Udp], [port], null) });
        string index;
        using (var veth = new VethPair())
        {
            index = File.ReadAllText($"/sys/class/net/{veth.Host}/ifindex").Trim();

            // To the /30's broadcast address: no ARP to wait for, so the datagram has left (and been captured) when
            // SendTo returns, before the link is deleted (veth has no queue).
            string broadcast = veth.HostAddress[..veth.HostAddress.LastIndexOf('.')] + ".3";
            sender.SendTo("gone"u8.ToArray(), new IPEndPoint(IPAddress.Parse(broadcast), port));
        }

        Assert.False(Directory.Exists("/sys/class/net/" + index), "the veth is still there");
        using var harness = new CaptureHarness(capture);
        var p = Assert.Single(harness.Collect(1));
        Assert.Equal(index, p.Interface);
        Assert.Equal("gone"u8.ToArray(), p.Payload);
    }

    /// <summary>
    /// An interface deleted under a capture ends it with CaptureSetupFailed (the kernel reports ENETDOWN on the socket)
    /// instead of leaving it waiting forever.
    /// </summary>
    [RootTheory]
    [MemberData(nameof(Methods))]
    public async Task Deleting_the_interface_ends_the_capture_with_CaptureSetupFailed(CaptureMethod method)
    {
        using var veth = new VethPair();
        using var capture = LinuxPacketCapture.Open(new CaptureOptions { Interface = veth.Host, Method = method });
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var reading = CaptureHarness.ReadToEndAsync(capture, limit.Token);
        var (exit, _, err) = Peer.Run("ip", ["link", "del", veth.Host], TimeSpan.FromSeconds(10));
        Assert.True(exit == 0, err);
        var e = await Assert.ThrowsAsync<PSSocketException>(() => reading);
        Assert.False(limit.IsCancellationRequested, "the capture ran until the test's limit");
        Assert.Equal("CaptureSetupFailed", e.ErrorId);
        Assert.Equal(veth.Host, e.Target);
        // The ring path learns it from poll; the receive path from poll or from recvmmsg, whichever the reader is in.
        Assert.Matches(method == CaptureMethod.Ring ? "may have gone away" : "may have gone away|recvmmsg", e.Message);
    }

    /// <summary>
    /// -Promiscuous joins the interface's promiscuous membership for the capture's lifetime (ip -d link: promiscuity 1;
    /// the PROMISC flag shows only what a user set), and a capture without it does not; on "any" there is no one interface to join and it opens as well.
    /// </summary>
    [PeerFact("ip", NeedsRoot = true)]
    public void A_promiscuous_capture_holds_the_interface_promiscuous_until_it_is_disposed()
    {
        using var veth = new VethPair();
        using (LinuxPacketCapture.Open(new CaptureOptions { Interface = veth.Host }))
        {
            Assert.Equal(0, Promiscuity(veth.Host));
        }

        using (LinuxPacketCapture.Open(new CaptureOptions { Interface = veth.Host, Promiscuous = true }))
        {
            Assert.Equal(1, Promiscuity(veth.Host));
        }

        Assert.Equal(0, Promiscuity(veth.Host));
        using var any = LinuxPacketCapture.Open(new CaptureOptions { Interface = "any", Promiscuous = true, Selection = new PacketFilter(null, [9], null) });
        Assert.Equal(LinkType.LinuxSll2, any.LinkType);
    }

    /// <summary>
    /// The kernel's checksum verdict per packet, on a tun interface of the test's own (a raw-IP link) that is given
    /// each datagram with a virtio_net_hdr saying what is known of its checksum (linux/virtio_net.h): nothing
    /// (CHECKSUM_NONE: no status bit, Unknown) or VIRTIO_NET_HDR_F_NEEDS_CSUM (CHECKSUM_PARTIAL: TP_STATUS_CSUMNOTREADY).
    /// (No software path here makes TP_STATUS_CSUM_VALID: tun ignores VIRTIO_NET_HDR_F_DATA_VALID, and veth stopped
    /// marking checksums as checked in 2016.) The datagrams go from 127.0.0.2 to 127.0.0.1, which the kernel drops as
    /// martians when they arrive on a link that is not lo.
    /// </summary>
    [PeerTheory("ip", NeedsRoot = true)]
    [MemberData(nameof(Methods))]
    public void The_kernel_checksum_verdict_follows_the_status_bits_of_each_packet(CaptureMethod method)
    {
        using var receiver = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        int port = LinuxCaptureTests.Port(receiver);
        using var tun = new TunInterface();
        using var capture = new CaptureHarness(new CaptureOptions { Interface = tun.Name, Method = method, Selection = new PacketFilter([PacketProtocol.Udp], [port], null) });
        tun.Write(TunDatagram(0, port, marker: 0)); // nothing known
        tun.Write(TunDatagram(1, port, marker: 1)); // VIRTIO_NET_HDR_F_NEEDS_CSUM
        var packets = capture.Collect(2);
        Assert.Equal([0, 1], packets.Select(p => (int)p.Payload![0]));
        Assert.Equal([KernelChecksum.Unknown, KernelChecksum.NotReady], packets.Select(p => p.KernelChecksum));
        Assert.All(packets, p =>
        {
            Assert.Equal(LinkType.RawIP, p.LinkType);
            Assert.Equal(tun.Name, p.Interface);
            Assert.Equal(20 + 8 + 4, p.Length);
            Assert.Equal("127.0.0.2", p.Source);
        });
    }

    /// <summary>virtio_net_hdr (flags, gso_type, hdr_len, gso_size, csum_start, csum_offset; little-endian) and an IPv4/UDP datagram 127.0.0.2 to 127.0.0.1, port to port, 4 payload bytes.</summary>
    private static byte[] TunDatagram(byte flags, int port, byte marker)
    {
        byte[] b = new byte[10 + 20 + 8 + 4];
        b[0] = flags;
        if (flags == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(6), 20); // the checksum covers from the UDP header
            BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(8), 6); // and goes in its checksum field
        }

        var ip = b.AsSpan(10);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], 32);
        ip[8] = 64;
        ip[9] = 17;
        byte[] source = [127, 0, 0, 2], destination = [127, 0, 0, 1];
        source.CopyTo(ip[12..]);
        destination.CopyTo(ip[16..]);
        BinaryPrimitives.WriteUInt16BigEndian(ip[20..], (ushort)port);
        BinaryPrimitives.WriteUInt16BigEndian(ip[22..], (ushort)port);
        BinaryPrimitives.WriteUInt16BigEndian(ip[24..], 12); // UDP length; checksum 0: none (RFC 768)
        ip[28] = marker;
        "tun"u8.CopyTo(ip[29..]);
        return b;
    }

    /// <summary>
    /// Stop wakes the reader through its eventfd (seen in /proc/self/fdinfo as a count of 1), and Dispose closes that
    /// eventfd with the socket: no descriptor of the capture is left (eventfd-id names each eventfd uniquely).
    /// </summary>
    [RootTheory]
    [MemberData(nameof(Methods))]
    public void Stop_signals_the_readers_eventfd_and_dispose_closes_it(CaptureMethod method)
    {
        var before = EventFds().Select(e => e.Id).ToHashSet();
        var capture = LinuxPacketCapture.Open(new CaptureOptions { Interface = "lo", Method = method, Selection = new PacketFilter(null, [9], null) });
        try
        {
            // New by its eventfd-id, not by its number: another test may close a descriptor whose number the capture then gets.
            var (fd, id) = Assert.Single(EventFds(), e => !before.Contains(e.Id));
            Assert.Equal(0, EventCount(fd));
            capture.Stop();
            Assert.Equal(1, EventCount(fd));
            capture.Dispose();
            Assert.DoesNotContain(id, EventFds().Select(e => e.Id));
        }
        finally
        {
            capture.Dispose();
        }
    }

    /// <summary>
    /// Stop wakes a reader that waits in poll at once (its eventfd is polled beside the socket), rather than at the
    /// poll's one-second timeout: the stream of a quiet capture ends within three quarters of a second of Stop, which
    /// holds the ring's settling wait (150 ms) with room for a loaded CI machine. The reader is seen waiting in poll
    /// first (/proc/self/task/*/wchan), so the timeout is nearly a whole second away.
    /// </summary>
    [RootTheory]
    [MemberData(nameof(Methods))]
    public async Task Stop_wakes_a_reader_that_waits_in_poll_at_once(CaptureMethod method)
    {
        using var capture = LinuxPacketCapture.Open(new CaptureOptions { Interface = "lo", Method = method, Selection = new PacketFilter(null, [9], null) });
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var reading = CaptureHarness.ReadToEndAsync(capture, limit.Token);
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!ReaderPolls() && DateTime.UtcNow < until)
        {
            await Task.Delay(2);
        }

        Assert.True(ReaderPolls(), "the reader never waited in poll");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        capture.Stop();
        await reading.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromMilliseconds(750));
    }

    /// <summary>The capture's reader thread ("PSSocket capture lo", 15 characters of it in comm) is blocked in poll.</summary>
    private static bool ReaderPolls() =>
        Directory.GetDirectories("/proc/self/task").Any(t =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(t, "comm")).Trim() == "PSSocket captur" && File.ReadAllText(Path.Combine(t, "wchan")).Contains("poll", StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
        });

    /// <summary>
    /// The receive path's message slots (32 of the snap length, 8 MiB at the default) are native memory, given back when
    /// its reader ends: twelve captures opened, run and closed leave malloc's bytes in use (mallinfo2: arena plus mmapped
    /// blocks) far below the 96 MiB that twelve kept slot sets would hold.
    /// </summary>
    [RootFact]
    public async Task The_receive_paths_message_slots_are_freed_when_its_reader_ends()
    {
        long before = MallocInUse();
        for (int i = 0; i < 12; i++)
        {
            using var capture = LinuxPacketCapture.Open(new CaptureOptions { Interface = "lo", Method = CaptureMethod.Receive, Selection = new PacketFilter(null, [9], null) });
            capture.Start();
            await Task.Delay(20);
            capture.Stop();
            await foreach (var _ in capture.ReadAllAsync())
            {
            }
        }

        Assert.InRange(MallocInUse() - before, long.MinValue, 24L << 20);
    }

    private static long MallocInUse()
    {
        var info = MallInfo2();
        return (long)(info.Uordblks + info.Hblkhd);
    }

    [LibraryImport("libc", EntryPoint = "mallinfo2")]
    private static partial MallocInfo MallInfo2();

    /// <summary>struct mallinfo2 (glibc): ten size_t fields.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct MallocInfo
    {
        public nuint Arena;
        public nuint Ordblks;
        public nuint Smblks;
        public nuint Hblks;
        public nuint Hblkhd;
        public nuint Usmblks;
        public nuint Fsmblks;
        public nuint Uordblks;
        public nuint Fordblks;
        public nuint Keepcost;
    }

    private static Dictionary<string, string?> Descriptors() =>
        Directory.GetFiles("/proc/self/fd").ToDictionary(f => Path.GetFileName(f), f => TryReadLink(f));

    private static byte[] Pattern(int length) => [.. Enumerable.Range(0, length).Select(b => (byte)(b * 7))];

    private static string? TryReadLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The capture's socket ("socket:[inode]"): the packet socket among the descriptors that were not there before it opened.</summary>
    private static string CaptureSocket(Dictionary<string, string?> before)
    {
        string packetSockets = File.ReadAllText("/proc/net/packet");
        return Assert.Single(
            Descriptors().Where(d => !before.TryGetValue(d.Key, out string? link) || link != d.Value).Select(d => d.Value).OfType<string>(),
            l => l.StartsWith("socket:[", StringComparison.Ordinal) && Regex.IsMatch(packetSockets, $@"\s{l[8..^1]}\s*$", RegexOptions.Multiline));
    }

    /// <summary>ss's lines for one packet socket: the line with its inode and the indented lines after it.</summary>
    private static string PacketDiag(string socket)
    {
        var (exit, output, err) = Peer.Run("ss", ["-0", "-a", "-n", "-e", "-m"], TimeSpan.FromSeconds(10));
        Assert.True(exit == 0, err);
        string[] lines = output.Split('\n');
        int at = Array.FindIndex(lines, l => l.Contains($" ino:{socket[8..^1]} ", StringComparison.Ordinal));
        Assert.True(at >= 0, "ss -0 does not list " + socket + ":\n" + output);
        return string.Join('\n', lines.Skip(at).Take(1).Concat(lines.Skip(at + 1).TakeWhile(l => l.StartsWith('\t'))));
    }

    private static long MappedBytes(string socket) =>
        File.ReadAllLines("/proc/self/maps").Where(l => l.EndsWith(socket, StringComparison.Ordinal)).Sum(l =>
        {
            string[] range = l.Split(' ')[0].Split('-');
            return long.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) - long.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        });

    private static IEnumerable<(string Fd, string Id)> EventFds() =>
        Descriptors().Where(d => d.Value == "anon_inode:[eventfd]")
            .Select(d => (d.Key, Id: FdInfo(d.Key, "eventfd-id"))).Where(e => e.Id is not null).Select(e => (e.Key, e.Id!));

    private static int EventCount(string fd) => int.Parse(FdInfo(fd, "eventfd-count")!, CultureInfo.InvariantCulture);

    private static string? FdInfo(string fd, string key)
    {
        try
        {
            return File.ReadAllLines("/proc/self/fdinfo/" + fd).Where(l => l.StartsWith(key + ":", StringComparison.Ordinal)).Select(l => l[(key.Length + 1)..].Trim()).FirstOrDefault();
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static int Promiscuity(string device)
    {
        var (exit, output, err) = Peer.Run("ip", ["-d", "link", "show", "dev", device], TimeSpan.FromSeconds(10));
        Assert.True(exit == 0, err);
        return int.Parse(PromiscuityPattern().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"promiscuity (\d+)")]
    private static partial Regex PromiscuityPattern();

    /// <summary>A tun interface (raw IP, with virtio_net_hdr) that lives as long as its descriptor; up while it lives.</summary>
    private sealed unsafe partial class TunInterface : IDisposable
    {
        private const uint TunSetIff = 0x400454ca;
        private const short IffTun = 0x0001, IffNoPi = 0x1000, IffVnetHdr = 0x4000;
        private readonly int _fd;

        public TunInterface()
        {
            Name = "psst" + Random.Shared.Next(0x10000, 0xfffff).ToString("x", CultureInfo.InvariantCulture);
            _fd = Open("/dev/net/tun", 2 | 0x80000); // O_RDWR | O_CLOEXEC
            Assert.True(_fd >= 0, "open /dev/net/tun: errno " + Marshal.GetLastPInvokeError());
            byte* request = stackalloc byte[40]; // struct ifreq: the name, then the flags
            new Span<byte>(request, 40).Clear();
            System.Text.Encoding.ASCII.GetBytes(Name).CopyTo(new Span<byte>(request, 16));
            *(short*)(request + 16) = IffTun | IffNoPi | IffVnetHdr;
            Assert.True(Ioctl(_fd, TunSetIff, request) == 0, "TUNSETIFF: errno " + Marshal.GetLastPInvokeError());
            var (exit, _, err) = Peer.Run("ip", ["link", "set", "dev", Name, "up"], TimeSpan.FromSeconds(10));
            Assert.True(exit == 0, err);
        }

        public string Name { get; }

        public void Write(byte[] packet)
        {
            fixed (byte* p = packet)
            {
                Assert.Equal(packet.Length, (int)WriteFd(_fd, p, (nuint)packet.Length));
            }
        }

        public void Dispose() => _ = CloseFd(_fd);

        [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        private static partial int Open(string path, int flags);

        [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
        private static partial int Ioctl(int fd, nuint request, void* argument);

        [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
        private static partial nint WriteFd(int fd, byte* buffer, nuint length);

        [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
        private static partial int CloseFd(int fd);
    }
}
