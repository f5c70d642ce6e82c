using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PSSocket.Core.Capture;
using PSSocket.Core.Files;
using PSSocket.Core.Host;
using PSSocket.Core.Packets;
using PSSocket.Core.Tests.Support;

namespace PSSocket.Core.Tests.Capture;

/// <summary>
/// The libpcap backend's set-up and failures, written against the mutants its Stryker run left alive:
/// promiscuous mode as the kernel shows it (IFF_PROMISC in sysfs), libpcap's own refusals (no such
/// device in the thread's namespace, no permission on an unprivileged thread, an expression it cannot
/// compile for the link type), and an interface that goes down under a running capture.
/// </summary>
[Collection(LiveCapture.Name)]
public sealed class PcapLibraryCaptureMutationTests
{
    private const int IffPromisc = 0x100;

    /// <summary>-Promiscuous asks libpcap for promiscuous mode: the kernel sets IFF_PROMISC on the veth while the capture is open, and only then.</summary>
    [PeerFact("ip", NeedsRoot = true)]
    public void Promiscuous_mode_is_what_the_kernel_shows_on_the_interface()
    {
        using var veth = new VethPair();
        Assert.Equal(0, Flags(veth.Host) & IffPromisc);
        using (PcapLibraryCapture.Open(new CaptureOptions { Interface = veth.Host, Promiscuous = true }))
        {
            Assert.Equal(IffPromisc, Flags(veth.Host) & IffPromisc);
        }

        Assert.Equal(0, Flags(veth.Host) & IffPromisc);
        using (PcapLibraryCapture.Open(new CaptureOptions { Interface = veth.Host, Promiscuous = false }))
        {
            Assert.Equal(0, Flags(veth.Host) & IffPromisc);
        }
    }

    /// <summary>
    /// An expression that compiles for Ethernet but not for a tun's raw IP ("ether host"): libpcap's
    /// refusal is InvalidFilterExpression naming the expression, and the handle opened for it is closed.
    /// </summary>
    [PeerFact("ip", NeedsRoot = true)]
    public void An_expression_libpcap_cannot_apply_on_the_link_type_is_InvalidFilterExpression_and_closes_the_handle()
    {
        string tun = "pstun" + Random.Shared.Next(0x1000, 0xffff).ToString("x4", CultureInfo.InvariantCulture);
        try
        {
            Ip("tuntap", "add", "dev", tun, "mode", "tun");
            Ip("link", "set", tun, "up");
            using var expression = FilterExpression.Compile("ether host 02:00:00:00:00:01");
            var e = Assert.Throws<PSSocketException>(() => PcapLibraryCapture.Open(new CaptureOptions { Interface = tun, Expression = expression }));
            Assert.Equal(("InvalidFilterExpression", FaultCategory.InvalidArgument, "(ether host 02:00:00:00:00:01)"), (e.ErrorId, e.Category, e.Target));
            Assert.Contains("ether", e.Message, StringComparison.Ordinal);
            int before = Directory.GetFiles("/proc/self/fd").Length;
            for (int i = 0; i < 30; i++)
            {
                Assert.Throws<PSSocketException>(() => PcapLibraryCapture.Open(new CaptureOptions { Interface = tun, Expression = expression }));
            }

            Assert.InRange(Directory.GetFiles("/proc/self/fd").Length - before, int.MinValue, 10);
        }
        finally
        {
            _ = Peer.Run("ip", ["link", "del", tun], TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>
    /// On a thread in another network namespace the interface list (sysfs) still names this host's
    /// tun, but libpcap opens in the thread's namespace and finds no such device (PCAP_ERROR_NO_SUCH_DEVICE).
    /// </summary>
    [PeerFact("ip", NeedsRoot = true)]
    public void A_device_libpcap_cannot_find_is_CaptureInterfaceNotFound()
    {
        string tag = Random.Shared.Next(0x1000, 0xffff).ToString("x4", CultureInfo.InvariantCulture);
        string tun = "pstun" + tag, ns = "psns" + tag;
        try
        {
            Ip("tuntap", "add", "dev", tun, "mode", "tun");
            Ip("link", "set", tun, "up");
            Ip("netns", "add", ns);
            var e = Assert.Throws<PSSocketException>(() => NetworkNamespace.Run(ns, () => PcapLibraryCapture.Open(new CaptureOptions { Interface = tun })));
            Assert.Equal(("CaptureInterfaceNotFound", FaultCategory.ObjectNotFound, tun), (e.ErrorId, e.Category, e.Target));
            Assert.Contains("libpcap", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            _ = Peer.Run("ip", ["link", "del", tun], TimeSpan.FromSeconds(10));
            _ = Peer.Run("ip", ["netns", "del", ns], TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>On a thread without CAP_NET_RAW libpcap refuses (PCAP_ERROR_PERM_DENIED): CapturePermissionDenied, as the native backend says it.</summary>
    [RootFact]
    public void Without_privilege_libpcap_is_CapturePermissionDenied()
    {
        var e = Assert.IsType<PSSocketException>(Unprivileged.Run(() => PcapLibraryCapture.Open(new CaptureOptions { Interface = "lo" }).Dispose()));
        Assert.Equal(("CapturePermissionDenied", FaultCategory.PermissionDenied, "lo"), (e.ErrorId, e.Category, e.Target));
        Assert.Contains("CAP_NET_RAW", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The veth removed under a running capture: libpcap's read fails ("The interface disappeared"), and
    /// the stream ends with CaptureSetupFailed naming pcap_next_ex. (Set down instead, libpcap 1.10 keeps
    /// waiting without an error: nothing to end on.)
    /// </summary>
    [PeerFact("ip", NeedsRoot = true)]
    public async Task An_interface_removed_under_the_capture_ends_it_with_CaptureSetupFailed()
    {
        using var veth = new VethPair();
        using var capture = PcapLibraryCapture.Open(new CaptureOptions { Interface = veth.Host });
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var reading = CaptureHarness.ReadToEndAsync(capture, limit.Token);
        Ip("link", "del", veth.Host);
        Assert.True(await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(20))) == reading, "the capture did not end");
        var e = await Assert.ThrowsAsync<PSSocketException>(() => reading);
        Assert.Equal(("CaptureSetupFailed", FaultCategory.ResourceUnavailable, veth.Host), (e.ErrorId, e.Category, e.Target));
        Assert.Contains("pcap_next_ex: The interface disappeared", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The same datagrams captured by this backend and by tcpdump --immediate-mode -s 60 (libpcap as tcpdump
    /// drives it): the same bytes kept (58 on lo in immediate mode, 60 without it) and the same nanosecond
    /// times, within 5 ms.
    /// </summary>
    [PeerFact("tcpdump", NeedsRoot = true)]
    public async Task A_snapped_capture_keeps_the_bytes_and_times_tcpdump_keeps()
    {
        string dir = Directory.CreateTempSubdirectory("pssocket-pcap-").FullName;
        try
        {
            using var receiver = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
            int port = LinuxCaptureTests.Port(receiver);
            string file = Path.Combine(dir, "lo.pcap");
            using var tcpdump = new Tcpdump(file, "lo", $"udp port {port}", 3, snapLength: 60);
            using var capture = PcapLibraryCapture.Open(new CaptureOptions { Interface = "lo", Selection = new PacketFilter(null, [port], null), SnapLength = 60, MaxPackets = 3 });
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var reading = CaptureHarness.ReadToEndAsync(capture, limit.Token);
            using (var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
            {
                for (int i = 0; i < 3; i++)
                {
                    sender.SendTo(Enumerable.Repeat((byte)i, 100).ToArray(), new IPEndPoint(IPAddress.Loopback, port));
                    await Task.Delay(30);
                }
            }

            var mine = await reading;
            string said = tcpdump.Stop();
            var theirs = new List<Packet>();
            using (var reader = new PacketFileReader(CaptureFileReader.Open(file)))
            {
                while (reader.Next() is { } p)
                {
                    theirs.Add(p);
                }
            }

            Assert.True(theirs.Count == 3, $"tcpdump kept {theirs.Count} packets: {said}");
            Assert.Equal(theirs.Select(p => (p.Data, p.Length)), mine.Select(p => (p.Data, p.Length)));
            for (int i = 0; i < 3; i++)
            {
                Assert.InRange((mine[i].Timestamp - theirs[i].Timestamp).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(5));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Open_without_options_is_ArgumentNullException() =>
        Assert.Throws<ArgumentNullException>(() => PcapLibraryCapture.Open(null!));

    /// <summary>Each capture's libpcap handle (and its packet socket) is closed on Dispose: thirty captures leave no descriptor open.</summary>
    [RootFact]
    public void Disposing_closes_the_libpcap_handle()
    {
        int before = Directory.GetFiles("/proc/self/fd").Length;
        for (int i = 0; i < 30; i++)
        {
            using var capture = PcapLibraryCapture.Open(new CaptureOptions { Interface = "lo", BufferSize = 1 << 20 });
        }

        Assert.InRange(Directory.GetFiles("/proc/self/fd").Length - before, int.MinValue, 10);
    }

    /// <summary>A down tun: the fault says where libpcap failed and why, in libpcap's words ("That device is not up", as tcpdump says).</summary>
    [PeerFact("ip", NeedsRoot = true)]
    public void A_failure_says_which_libpcap_call_failed_and_why()
    {
        string tun = "pstun" + Random.Shared.Next(0x1000, 0xffff).ToString("x4", CultureInfo.InvariantCulture);
        try
        {
            Ip("tuntap", "add", "dev", tun, "mode", "tun");
            var e = Assert.Throws<PSSocketException>(() => PcapLibraryCapture.Open(new CaptureOptions { Interface = tun }));
            Assert.Equal("CaptureSetupFailed", e.ErrorId);
            Assert.Contains($"'{tun}' failed at pcap_activate: That device is not up", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            _ = Peer.Run("ip", ["link", "del", tun], TimeSpan.FromSeconds(10));
        }
    }

    private static int Flags(string name) => Convert.ToInt32(File.ReadAllText($"/sys/class/net/{name}/flags").Trim(), 16);

    private static void Ip(params string[] arguments)
    {
        var (exit, _, err) = Peer.Run("ip", arguments, TimeSpan.FromSeconds(10));
        Assert.True(exit == 0, $"ip {string.Join(' ', arguments)}: {err}");
    }
}
