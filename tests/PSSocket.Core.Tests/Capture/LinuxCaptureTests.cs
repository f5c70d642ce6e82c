using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using PSSocket.Core.Capture;
using PSSocket.Core.Packets;
using PSSocket.Core.Tests.Support;

namespace PSSocket.Core.Tests.Capture;

/// <summary>
/// The native AF_PACKET engine on real loopback traffic. Other tests make loopback traffic at the
/// same time, so every capture selects this test's own ports.
/// </summary>
[Collection(LiveCapture.Name)]
public sealed partial class LinuxCaptureTests
{
    public static TheoryData<CaptureMethod> Methods => new() { CaptureMethod.Ring, CaptureMethod.Receive };

    [RootTheory]
    [MemberData(nameof(Methods))]
    public void Udp_datagrams_on_lo_arrive_once_each_byte_exact_numbered_with_kernel_timestamps(CaptureMethod method)
    {
        using var receiver = UdpOn(IPAddress.Loopback);
        int port = Port(receiver);
        var before = DateTimeOffset.UtcNow;
        using var capture = new CaptureHarness(new CaptureOptions { Interface = "lo", Method = method, Selection = new PacketFilter([PacketProtocol.Udp], [port], null) });
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var payloads = Enumerable.Range(1, 5).Select(i => Enumerable.Range(0, 10 * i).Select(b => (byte)(b * i)).ToArray()).ToList();
        foreach (byte[] payload in payloads)
        {
            sender.SendTo(payload, new IPEndPoint(IPAddress.Loopback, port));
        }

        var packets = capture.Collect(payloads.Count);
        Assert.Equal(payloads.Count, packets.Count); // once each: lo's outgoing copies are not delivered
        for (int i = 0; i < packets.Count; i++)
        {
            var p = packets[i];
            Assert.Equal(i + 1, p.Number);
            Assert.Equal("lo", p.Interface);
            Assert.Equal(LinkType.Ethernet, p.LinkType);
            Assert.Equal(PacketProtocol.Udp, p.Protocol);
            Assert.Equal(port, p.DestinationPort);
            Assert.Equal(payloads[i], p.Payload);
            Assert.Equal(14 + 20 + 8 + payloads[i].Length, p.Length);
            Assert.InRange(p.Timestamp, before, DateTimeOffset.UtcNow);
            // Sent from this host, so the kernel left the checksum unfinished and says so.
            Assert.Equal(KernelChecksum.NotReady, p.KernelChecksum);
            Assert.Equal(ChecksumStatus.Offloaded, p.Udp!.ChecksumStatus);
            Assert.Equal(PacketProblems.None, p.Problems);
            Assert.EndsWith("[ChecksumOffloaded]", p.Info, StringComparison.Ordinal);
        }

        Assert.True(packets.Zip(packets.Skip(1)).All(t => t.First.Timestamp <= t.Second.Timestamp));
        var stats = capture.Capture.Statistics;
        Assert.Equal(payloads.Count, stats.Captured);
        Assert.Equal(0, stats.KernelDropped);
    }

    [RootTheory]
    [MemberData(nameof(Methods))]
    public void A_tcp_connection_shows_the_handshake_and_the_teardown_in_order_with_offloaded_checksums(CaptureMethod method)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        int port = Port(listener);
        using var capture = new CaptureHarness(new CaptureOptions { Interface = "lo", Method = method, Selection = new PacketFilter([PacketProtocol.Tcp], [port], null) });
        using (var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            client.Connect(new IPEndPoint(IPAddress.Loopback, port));
            using var server = listener.Accept();
            client.Send("hi"u8);
            byte[] buffer = new byte[16];
            Assert.Equal(2, server.Receive(buffer));
            client.Shutdown(SocketShutdown.Send);
            Assert.Equal(0, server.Receive(buffer));
            server.Shutdown(SocketShutdown.Send);
            Assert.Equal(0, client.Receive(buffer));
        }

        // SYN, SYN-ACK, ACK, data, ACK, FIN, ACK, FIN, ACK (delayed ACKs may merge; the first three and the FINs may not).
        var packets = capture.Collect(9);
        var flags = packets.Select(p => p.TcpFlags!.Value).ToList();
        Assert.Equal(TcpFlags.Syn, flags[0]);
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, flags[1]);
        Assert.Equal(TcpFlags.Ack, flags[2]);
        Assert.Equal(port, packets[0].DestinationPort);
        Assert.Equal(port, packets[1].SourcePort);
        int clientFin = flags.FindIndex(f => (f & TcpFlags.Fin) != 0);
        int serverFin = flags.FindLastIndex(f => (f & TcpFlags.Fin) != 0);
        Assert.True(clientFin > 2 && serverFin > clientFin, string.Join(", ", flags));
        Assert.Equal(port, packets[clientFin].DestinationPort);
        Assert.Equal(port, packets[serverFin].SourcePort);
        Assert.Equal(TcpFlags.Ack, flags[^1]);
        Assert.Equal("hi"u8.ToArray(), packets.Single(p => p.Payload!.Length > 0).Payload);
        Assert.All(packets, p =>
        {
            Assert.Equal(ChecksumStatus.Offloaded, p.Tcp!.ChecksumStatus);
            Assert.Equal(PacketProblems.None, p.Problems);
        });
    }

    [RootFact]
    public void Icmp_echo_on_lo_has_valid_checksums()
    {
        // An address of this run's own in 127/8 (all of it is lo's): the net8.0 and net10.0 runs ping at the same time.
        var target = new IPAddress([127, (byte)Random.Shared.Next(1, 255), (byte)Random.Shared.Next(1, 255), (byte)Random.Shared.Next(1, 255)]);
        using var capture = new CaptureHarness(new CaptureOptions { Interface = "lo", Selection = new PacketFilter([PacketProtocol.Icmp], null, [target]) });
        var (exit, _, err) = Peer.Run("ping", ["-c", "2", "-i", "0.2", "-W", "2", target.ToString()], TimeSpan.FromSeconds(10));
        Assert.True(exit == 0, err);
        var packets = capture.Collect(4);
        Assert.Equal(4, packets.Count);
        Assert.Equal([8, 0, 8, 0], packets.Select(p => (int)p.Icmp!.Type!)); // echo request, echo reply (RFC 792)
        Assert.All(packets, p => Assert.Equal(ChecksumStatus.Valid, p.Icmp!.ChecksumStatus));
        Assert.All(packets, p => Assert.Equal(ChecksumStatus.Valid, p.IPv4!.ChecksumStatus));
    }

    [RootTheory]
    [MemberData(nameof(Methods))]
    public void The_kernel_filter_lets_only_the_selected_port_reach_user_space(CaptureMethod method)
    {
        using var wanted = UdpOn(IPAddress.Loopback);
        using var other = UdpOn(IPAddress.Loopback);
        using var capture = new CaptureHarness(new CaptureOptions { Interface = "lo", Method = method, Selection = new PacketFilter([PacketProtocol.Udp], [Port(wanted)], [IPAddress.Loopback]) });
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        for (int i = 0; i < 50; i++)
        {
            sender.SendTo(new byte[8], new IPEndPoint(IPAddress.Loopback, Port(other)));
            if (i % 5 == 0)
            {
                sender.SendTo(new byte[8], new IPEndPoint(IPAddress.Loopback, Port(wanted)));
            }
        }

        var packets = capture.Collect(10);
        Assert.Equal(10, packets.Count);
        // The kernel counts what passed its filter: only the 10 datagrams to the wanted port, none of the
        // other 50 and no outgoing copy, so nothing else was copied to this socket.
        Assert.Equal(10, capture.Capture.Statistics.KernelReceived);
    }

    [RootFact]
    public void Address_and_protocol_selection_in_the_kernel_matches_ipv6_too()
    {
        using var receiver = UdpOn(IPAddress.IPv6Loopback);
        using var receiver4 = UdpOn(IPAddress.Loopback);
        using var capture = new CaptureHarness(new CaptureOptions
        {
            Interface = "lo",
            Selection = new PacketFilter([PacketProtocol.Udp], [Port(receiver), Port(receiver4)], [IPAddress.IPv6Loopback]),
        });
        using var sender6 = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
        using var sender4 = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        for (int i = 0; i < 3; i++)
        {
            sender6.SendTo("six"u8.ToArray(), new IPEndPoint(IPAddress.IPv6Loopback, Port(receiver)));
            sender4.SendTo("four"u8.ToArray(), new IPEndPoint(IPAddress.Loopback, Port(receiver4)));
        }

        var packets = capture.Collect(3);
        Assert.Equal(3, packets.Count);
        Assert.All(packets, p => Assert.Equal("::1", p.Source));
        Assert.Equal(3, capture.Capture.Statistics.KernelReceived);
    }

    [RootFact]
    public void The_any_interface_gives_cooked_v2_frames_and_each_loopback_packet_once()
    {
        using var receiver = UdpOn(IPAddress.Loopback);
        using var capture = new CaptureHarness(new CaptureOptions { Interface = "any", Selection = new PacketFilter(null, [Port(receiver)], null) });
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.SendTo("any"u8.ToArray(), new IPEndPoint(IPAddress.Loopback, Port(receiver)));
        sender.SendTo("any2"u8.ToArray(), new IPEndPoint(IPAddress.Loopback, Port(receiver)));
        var packets = capture.Collect(2);
        Assert.Equal(2, packets.Count);
        Assert.All(packets, p =>
        {
            Assert.Equal(LinkType.LinuxSll2, p.LinkType);
            Assert.Equal("lo", p.Interface);
            Assert.Equal(2, p.LinuxSll!.Version);
            Assert.Equal(772, p.LinuxSll.ArphrdType);
            Assert.Equal(1, p.LinuxSll.InterfaceIndex);
            Assert.Equal(0x0800, (int?)p.LinuxSll.Protocol);
        });
        Assert.Equal("any"u8.ToArray(), packets[0].Payload);
        Assert.Equal(20 + 20 + 8 + 3, packets[0].Length);
    }

    [RootFact]
    public void The_snap_length_cuts_frames_and_keeps_their_length_on_the_wire()
    {
        using var receiver = UdpOn(IPAddress.Loopback);
        using var capture = new CaptureHarness(new CaptureOptions { Interface = "lo", SnapLength = 50, Selection = new PacketFilter(null, [Port(receiver)], null) });
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.SendTo(new byte[1000], new IPEndPoint(IPAddress.Loopback, Port(receiver)));
        var p = Assert.Single(capture.Collect(1));
        Assert.Equal(50, p.CapturedLength);
        Assert.Equal(14 + 20 + 8 + 1000, p.Length);
    }

    [RootTheory]
    [MemberData(nameof(Methods))]
    public void Count_and_duration_end_the_stream_by_themselves(CaptureMethod method)
    {
        using var receiver = UdpOn(IPAddress.Loopback);
        using (var counted = new CaptureHarness(new CaptureOptions { Interface = "lo", Method = method, MaxPackets = 3, Selection = new PacketFilter(null, [Port(receiver)], null) }))
        {
            using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            for (int i = 0; i < 10; i++)
            {
                sender.SendTo(new byte[4], new IPEndPoint(IPAddress.Loopback, Port(receiver)));
            }

            Assert.Equal(3, counted.UntilEnd().Count);
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var timed = new CaptureHarness(new CaptureOptions { Interface = "lo", Method = method, Duration = TimeSpan.FromMilliseconds(300), Selection = new PacketFilter(null, [Port(receiver)], null) });
        Assert.Empty(timed.UntilEnd());
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(20));
    }

    [RootTheory]
    [MemberData(nameof(Methods))]
    public void Cancelling_frees_the_socket_and_the_ring(CaptureMethod method)
    {
        var fdsBefore = Descriptors();
        var capture = LinuxPacketCapture.Open(new CaptureOptions { Interface = "lo", Method = method, BufferSize = 4 << 20, Selection = new PacketFilter(null, [9], null) });
        // The capture's socket: a descriptor that was not there before (other tests may open sockets too, so one that is also mapped when ringed).
        // (A descriptor number another test closed meanwhile can come back as ours, so new means a new number or a new link.)
        string socketLink = Descriptors().Where(d => !fdsBefore.TryGetValue(d.Key, out string? link) || link != d.Value).Select(d => d.Value).OfType<string>()
            .First(l => l.StartsWith("socket:", StringComparison.Ordinal) && (method == CaptureMethod.Receive || File.ReadAllText("/proc/self/maps").Contains(l, StringComparison.Ordinal)));
        if (method == CaptureMethod.Ring)
        {
            Assert.Contains(socketLink, File.ReadAllText("/proc/self/maps"), StringComparison.Ordinal);
        }

        using var cancel = new CancellationTokenSource();
        var reading = CaptureHarness.ReadToEndAsync(capture, cancel.Token);
        Thread.Sleep(200);
        cancel.Cancel();
        Assert.True(reading.Wait(TimeSpan.FromSeconds(5)), "cancellation did not end the stream at once");
        capture.Dispose();
        Assert.DoesNotContain(socketLink, File.ReadAllText("/proc/self/maps"), StringComparison.Ordinal);
        Assert.DoesNotContain(socketLink, Descriptors().Keys.Select(fd => TryReadLink("/proc/self/fd/" + fd)));
    }

    private static Dictionary<string, string?> Descriptors() =>
        Directory.GetFiles("/proc/self/fd").ToDictionary(f => Path.GetFileName(f), f => TryReadLink(f));

    [Fact]
    public void An_unknown_interface_is_named_in_the_error()
    {
        var e = Assert.Throws<PSSocketException>(() => LinuxPacketCapture.Open(new CaptureOptions { Interface = "nosuch0" }));
        Assert.Equal("CaptureInterfaceNotFound", e.ErrorId);
        Assert.Equal(FaultCategory.ObjectNotFound, e.Category);
        Assert.Equal("nosuch0", e.Target);
        Assert.Contains("lo", e.Message, StringComparison.Ordinal);
    }

    /// <summary>On a thread dropped to nobody (raw setresuid changes only that thread), opening fails with PermissionDenied and leaves no descriptor open.</summary>
    [Fact]
    public void Without_privilege_opening_is_CapturePermissionDenied_and_leaves_nothing_open()
    {
        int fdsBefore = 0, fdsAfter = 0;
        var caught = Unprivileged.Run(() =>
        {
            fdsBefore = Directory.GetFiles("/proc/thread-self/fd").Length;
            try
            {
                using var capture = LinuxPacketCapture.Open(new CaptureOptions { Interface = "lo" });
            }
            finally
            {
                fdsAfter = Directory.GetFiles("/proc/thread-self/fd").Length;
            }
        });
        var fault = Assert.IsType<PSSocketException>(caught);
        Assert.Equal("CapturePermissionDenied", fault.ErrorId);
        Assert.Equal(FaultCategory.PermissionDenied, fault.Category);
        Assert.Equal("lo", fault.Target);
        Assert.Contains("CAP_NET_RAW", fault.Message, StringComparison.Ordinal);
        Assert.Equal(fdsBefore, fdsAfter);
    }

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

    internal static Socket UdpOn(IPAddress address)
    {
        var s = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 5000 };
        s.Bind(new IPEndPoint(address, 0));
        return s;
    }

    internal static int Port(Socket s) => ((IPEndPoint)s.LocalEndPoint!).Port;
}

/// <summary>The libpcap backend beside the native one: the same packets, each once, on lo and on any.</summary>
[Collection(LiveCapture.Name)]
public sealed class PcapBackendTests
{
    [RootTheory]
    [InlineData("lo")]
    [InlineData("any")]
    public void Libpcap_and_native_capture_the_same_datagrams(string device)
    {
        using var receiver = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        int port = LinuxCaptureTests.Port(receiver);
        var options = new CaptureOptions { Interface = device, Selection = new PacketFilter([PacketProtocol.Udp], [port], null) };
        using var pcap = PcapLibraryCapture.Open(options);
        using var native = new CaptureHarness(options);
        var reading = Task.Run(async () =>
        {
            var list = new List<Packet>();
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await foreach (var p in pcap.ReadAllAsync(limit.Token))
            {
                list.Add(p);
                if (list.Count == 5)
                {
                    break;
                }
            }

            return list;
        });
        Thread.Sleep(300); // pcap_activate has armed its socket; the reader thread needs a moment to start
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        for (int i = 0; i < 5; i++)
        {
            sender.SendTo(new[] { (byte)i, (byte)(i * 3) }, new IPEndPoint(IPAddress.Loopback, port));
        }

        var ours = native.Collect(5);
        Assert.True(reading.Wait(TimeSpan.FromSeconds(30)));
        var theirs = reading.Result;
        Assert.Equal(5, theirs.Count);
        Assert.Equal(ours.Select(p => Convert.ToHexString(p.Payload!)), theirs.Select(p => Convert.ToHexString(p.Payload!)));
        Assert.Equal([1L, 2, 3, 4, 5], theirs.Select(p => p.Number));
        Assert.All(theirs, p => Assert.Equal(device, p.Interface));
        if (device == "lo")
        {
            Assert.Equal(ours.Select(p => Convert.ToHexString(p.Data)), theirs.Select(p => Convert.ToHexString(p.Data)));
        }
    }

    [Fact]
    public void The_selection_becomes_a_tcpdump_expression()
    {
        var selection = new PacketFilter([PacketProtocol.Tcp, PacketProtocol.IcmpV6], [80, 443], [IPAddress.Parse("10.0.0.1"), IPAddress.IPv6Loopback]);
        Assert.Equal("(tcp or icmp6) and ((tcp or udp) and (port 80 or port 443)) and (host 10.0.0.1 or host ::1)", PcapLibraryCapture.ToExpression(selection));
        Assert.Null(PcapLibraryCapture.ToExpression(PacketFilter.All));
    }
}
