using System.Net;
using System.Net.Sockets;
using PSSocket.Core.Capture;
using PSSocket.Core.Packets;
using PSSocket.Core.Tests.Support;

namespace PSSocket.Core.Tests.Capture;

/// <summary>
/// The libpcap backend on its own: the selection in tcpdump's language (each expression also
/// compiled by libpcap), the selection and an expression applied together, the count and the
/// duration ending the stream, pcap_stats' counters, and the faults before anything opens.
/// </summary>
[Collection(LiveCapture.Name)]
public sealed class PcapLibraryCaptureTests
{
    public static TheoryData<PacketProtocol[]?, int[]?, string[]?, string?> Selections => new()
    {
        { [PacketProtocol.IPv4, PacketProtocol.IPv6, PacketProtocol.Arp, PacketProtocol.Udp, PacketProtocol.Icmp], null, null, "(ip or ip6 or arp or udp or icmp)" },
        { [PacketProtocol.Tcp, PacketProtocol.IcmpV6], null, null, "(tcp or icmp6)" },
        { [PacketProtocol.Unknown, PacketProtocol.Tcp], null, null, null }, // anything: no protocol test at all
        { [PacketProtocol.Unknown], [53], null, "((tcp or udp) and (port 53))" },
        { null, null, ["192.0.2.1"], "(host 192.0.2.1)" },
        { null, [7, 9], ["2001:db8::1", "192.0.2.1"], "((tcp or udp) and (port 7 or port 9)) and (host 2001:db8::1 or host 192.0.2.1)" },
        { null, null, null, null },
    };

    [Theory]
    [MemberData(nameof(Selections))]
    public void The_selection_in_tcpdumps_language_compiles_in_libpcap(PacketProtocol[]? protocols, int[]? ports, string[]? addresses, string? expected)
    {
        var selection = new PacketFilter(protocols, ports, addresses?.Select(IPAddress.Parse).ToArray());
        string? expression = PcapLibraryCapture.ToExpression(selection);
        Assert.Equal(expected, expression);
        if (expression is not null)
        {
            using var compiled = FilterExpression.Compile(expression);
        }

        Assert.Null(PcapLibraryCapture.ToExpression(null));
    }

    [Fact]
    public void A_capture_in_a_namespace_needs_the_native_backend()
    {
        var e = Assert.Throws<PSSocketException>(() => PcapLibraryCapture.Open(new CaptureOptions { Interface = "lo", NetworkNamespace = "elsewhere" }));
        Assert.Equal("NetworkNamespaceNeedsNativeBackend", e.ErrorId);
        Assert.Equal(FaultCategory.InvalidArgument, e.Category);
        Assert.Equal("elsewhere", e.Target);
    }

    [Fact]
    public void An_unknown_interface_is_CaptureInterfaceNotFound()
    {
        var e = Assert.Throws<PSSocketException>(() => PcapLibraryCapture.Open(new CaptureOptions { Interface = "nosuch0" }));
        Assert.Equal("CaptureInterfaceNotFound", e.ErrorId);
    }

    /// <summary>The selection and the expression both apply; the count ends the stream; pcap_stats counts what passed the filter and no drops.</summary>
    [RootFact]
    public async Task The_selection_and_the_expression_apply_together_and_the_count_ends_the_stream()
    {
        using var receiver = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        using var other = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        int port = LinuxCaptureTests.Port(receiver);
        using var expression = FilterExpression.Compile("udp[8:4] = 0x6b656570"); // the payload starts "keep"
        using var capture = PcapLibraryCapture.Open(new CaptureOptions
        {
            Interface = "lo",
            Selection = new PacketFilter([PacketProtocol.Udp], [port], null),
            Expression = expression,
            MaxPackets = 3,
        });
        Assert.Equal(LinkType.Ethernet, capture.LinkType);
        Assert.Equal($"libpcap (Ethernet), filter: ((udp) and ((tcp or udp) and (port {port}))) and (udp[8:4] = 0x6b656570)", capture.Description);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var reading = CaptureHarness.ReadToEndAsync(capture, limit.Token);
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        for (int i = 0; !reading.IsCompleted && DateTime.UtcNow < until; i++)
        {
            sender.SendTo("drop it"u8.ToArray(), new IPEndPoint(IPAddress.Loopback, port));
            sender.SendTo("keep it"u8.ToArray(), new IPEndPoint(IPAddress.Loopback, LinuxCaptureTests.Port(other)));
            sender.SendTo([.. "keep"u8, (byte)i], new IPEndPoint(IPAddress.Loopback, port));
            await Task.Delay(50);
        }

        var packets = await reading;
        Assert.Equal(3, packets.Count);
        Assert.Equal([1L, 2, 3], packets.Select(p => p.Number));
        Assert.All(packets, p => Assert.Equal(port, p.DestinationPort));
        Assert.All(packets, p => Assert.Equal("keep"u8.ToArray(), p.Payload![..4]));
        Assert.Equal(packets.Select(p => (int)p.Payload![4]).Order(), packets.Select(p => (int)p.Payload![4])); // in sending order
        var stats = capture.Statistics;
        Assert.Equal(3, stats.Captured);
        Assert.InRange(stats.KernelReceived, 3, long.MaxValue);
        Assert.Equal(0, stats.KernelDropped);
        Assert.Equal("lo", stats.Interface);
    }

    /// <summary>A duration ends a quiet capture by itself (pcap_breakloop from a timer wakes the blocked read).</summary>
    [RootFact]
    public async Task A_duration_ends_a_quiet_capture_by_itself()
    {
        using var quiet = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        var capture = PcapLibraryCapture.Open(new CaptureOptions
        {
            Interface = "lo",
            Selection = new PacketFilter(null, [LinuxCaptureTests.Port(quiet)], null),
            Duration = TimeSpan.FromMilliseconds(300),
        });
        var started = DateTime.UtcNow;
        var reading = CaptureHarness.ReadToEndAsync(capture);

        // Bounded: a reader that nothing wakes stays blocked in libpcap, and then Dispose would wait for it too.
        Assert.True(await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(20))) == reading, "the duration did not end the capture");
        capture.Dispose();
        Assert.Empty(await reading);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(15));
        Assert.InRange(capture.Statistics.Elapsed, TimeSpan.FromMilliseconds(290), TimeSpan.FromSeconds(15));
    }

    [RootFact]
    public void Without_a_selection_the_description_says_all()
    {
        using var capture = PcapLibraryCapture.Open(new CaptureOptions { Interface = "lo", SnapLength = 96, Promiscuous = true });
        Assert.Equal("libpcap (Ethernet), filter: all", capture.Description);
        Assert.Equal("lo", capture.Interface.Name);
    }
    /// <summary>
    /// Each packet reaches the consumer as it arrives (the capture goes on), cut to the snap length with
    /// its length on the wire, and stamped with the time it was sent (nanoseconds as libpcap gives them).
    /// </summary>
    [RootFact]
    public async Task Each_packet_is_handed_over_as_it_arrives_cut_to_the_snap_length_with_its_time()
    {
        using var receiver = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        int port = LinuxCaptureTests.Port(receiver);
        using var capture = PcapLibraryCapture.Open(new CaptureOptions { Interface = "lo", Selection = new PacketFilter(null, [port], null), SnapLength = 60 });
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var first = Task.Run(async () =>
        {
            await foreach (var p in capture.ReadAllAsync(limit.Token))
            {
                return p;
            }

            return null;
        });
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var before = DateTimeOffset.UtcNow;
        while (!first.IsCompleted)
        {
            sender.SendTo(new byte[100], new IPEndPoint(IPAddress.Loopback, port));
            await Task.Delay(50);
        }

        var packet = await first;
        Assert.NotNull(packet); // before the stream ended: a packet is not held back until the end
        Assert.False(limit.IsCancellationRequested);
        // libpcap 1.10 in immediate mode keeps 58 bytes of a snap length of 60 on lo: tcpdump --immediate-mode -s 60 keeps the same.
        Assert.InRange(packet.Data.Length, 58, 60);
        Assert.Equal(14 + 20 + 8 + 100, packet.Length);
        Assert.InRange(packet.Timestamp, before, DateTimeOffset.UtcNow);
    }

    /// <summary>A tun device is raw IP to libpcap (DLT_RAW, 12 on Linux); down, libpcap refuses it ("That device is not up").</summary>
    [PeerFact("ip", NeedsRoot = true)]
    public void A_tun_is_raw_ip_and_a_down_one_is_CaptureSetupFailed()
    {
        string tun = "pstun" + Random.Shared.Next(0x1000, 0xffff).ToString("x4", System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            Run("tuntap", "add", "dev", tun, "mode", "tun");
            var e = Assert.Throws<PSSocketException>(() => PcapLibraryCapture.Open(new CaptureOptions { Interface = tun }));
            Assert.Equal("CaptureSetupFailed", e.ErrorId);
            Assert.Equal(FaultCategory.ResourceUnavailable, e.Category);
            Assert.Equal(tun, e.Target);
            Run("link", "set", tun, "up");
            using var capture = PcapLibraryCapture.Open(new CaptureOptions { Interface = tun });
            Assert.Equal(LinkType.RawIP, capture.LinkType);
            Assert.Equal("libpcap (RawIP), filter: all", capture.Description);
        }
        finally
        {
            _ = Peer.Run("ip", ["link", "del", tun], TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>Without a named backend Linux reads AF_PACKET; a named one is what opens, with the options' defaults (tcpdump -i any, -s 262144).</summary>
    [RootFact]
    public void The_backend_named_or_chosen_opens_and_the_defaults_are_tcpdumps()
    {
        var defaults = new CaptureOptions();
        using (var chosen = CaptureBackends.Open(null, defaults))
        {
            var native = Assert.IsType<LinuxPacketCapture>(chosen);
            Assert.Equal(("any", LinkType.LinuxSll2, CaptureMethod.Ring), (native.Interface.Name, native.LinkType, native.Method));
            Assert.Equal(262144, defaults.SnapLength);
            Assert.Equal(long.MaxValue, defaults.MaxPackets);
            Assert.Null(defaults.Duration);
            Assert.False(defaults.Promiscuous);
        }

        using (var named = CaptureBackends.Open(CaptureBackend.Native, new CaptureOptions { Interface = "lo" }))
        {
            Assert.IsType<LinuxPacketCapture>(named);
        }

        using var pcap = CaptureBackends.Open(CaptureBackend.Pcap, new CaptureOptions { Interface = "lo" });
        Assert.IsType<PcapLibraryCapture>(pcap);
    }

    private static void Run(params string[] arguments)
    {
        var (exit, _, err) = Peer.Run("ip", arguments, TimeSpan.FromSeconds(10));
        Assert.True(exit == 0, $"ip {string.Join(' ', arguments)}: {err}");
    }
}
