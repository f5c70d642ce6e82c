using System.Net;
using System.Net.Sockets;
using PSSocket.Core.Capture;
using PSSocket.Core.Files;
using PSSocket.Core.Packets;
using PSSocket.Core.Tests.Support;

namespace PSSocket.Core.Tests.Capture;

/// <summary>
/// tcpdump's filter language through libpcap: on a file of mixed traffic the reader keeps exactly the
/// packets tcpdump -r keeps (tcpdump writes its selection to a file and the frames are compared), and
/// attached to a live socket only matching packets reach user space.
/// </summary>
[Collection(LiveCapture.Name)]
public sealed class FilterExpressionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pssocket-filter-").FullName;

    public static TheoryData<string> Expressions => new()
    {
        "tcp", "udp port 53", "host 127.0.0.2", "tcp[tcpflags] & tcp-syn != 0", "ip6", "not port 22", "icmp or arp",
        "portrange 50000-50100", "icmp6", "udp and ip6", "arp", "len > 100", "src host 127.0.0.1 and dst port 53",
    };

    [PeerTheory("tcpdump", NeedsRoot = true)]
    [MemberData(nameof(Expressions))]
    public void A_file_filter_selects_exactly_what_tcpdump_r_selects(string expression)
    {
        string mixed = MixedFile();
        string theirsFile = Path.Combine(_dir, "theirs.pcap");
        var (exit, _, err) = Peer.Run("tcpdump", ["-r", mixed, "-w", theirsFile, expression], TimeSpan.FromSeconds(30));
        Assert.True(exit == 0, "tcpdump: " + err);
        var theirs = Frames(theirsFile, null);
        using var compiled = FilterExpression.Compile(expression);
        var ours = Frames(mixed, compiled);
        int all = Frames(mixed, null).Count;
        Assert.NotEmpty(ours);
        Assert.True(ours.Count < all || expression == "not port 22", $"'{expression}' kept all {all} packets: the file does not test it");
        Assert.Equal(theirs.Count, ours.Count);
        Assert.Equal(theirs, ours);
    }

    [Fact]
    public void A_bad_expression_is_InvalidFilterExpression_with_libpcaps_reason()
    {
        var e = Assert.Throws<PSSocketException>(() => FilterExpression.Compile("tcp port banana"));
        Assert.Equal("InvalidFilterExpression", e.ErrorId);
        Assert.Equal(FaultCategory.InvalidArgument, e.Category);
        Assert.Equal("tcp port banana", e.Target);
        Assert.Contains("banana", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_libpcap_the_error_names_the_package_to_install()
    {
        var e = Assert.Throws<PSSocketException>(() => FilterExpression.FindLibrary(["libpcap-not-here.so.9"]));
        Assert.Equal("PcapLibraryNotFound", e.ErrorId);
        Assert.Equal(FaultCategory.ResourceUnavailable, e.Category);
        Assert.Contains("apt-get install libpcap0.8", e.Message, StringComparison.Ordinal);
        Assert.Contains("-Port", e.Message, StringComparison.Ordinal);
    }

    [PeerTheory("tcpdump", NeedsRoot = true)]
    [InlineData("lo")]
    [InlineData("any")]
    public void Live_only_packets_matching_the_expression_are_delivered(string device)
    {
        using var wanted = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        using var other = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        using var expression = FilterExpression.Compile($"udp dst port {LinuxCaptureTests.Port(wanted)} and udp[8:4] = 0x6b656570"); // payload starts "keep"
        using var capture = new CaptureHarness(new CaptureOptions { Interface = device, Expression = expression });
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        for (int i = 0; i < 20; i++)
        {
            sender.SendTo(i % 4 == 0 ? "keep it"u8.ToArray() : "drop it"u8.ToArray(), new IPEndPoint(IPAddress.Loopback, LinuxCaptureTests.Port(wanted)));
            sender.SendTo("keep it"u8.ToArray(), new IPEndPoint(IPAddress.Loopback, LinuxCaptureTests.Port(other)));
        }

        var packets = capture.Collect(5);
        Assert.Equal(5, packets.Count);
        Assert.All(packets, p => Assert.Equal("keep it"u8.ToArray(), p.Payload));
        if (device == "lo")
        {
            Assert.Equal(5, capture.Capture.Statistics.KernelReceived); // in the kernel: nothing else was copied up
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// Loopback traffic of every kind (TCP/UDP/ICMP over IPv4 and IPv6, DNS-port datagrams to 127.0.0.2,
    /// a connection attempt to port 22, datagrams into 50000-50100) captured by tcpdump, plus two ARP
    /// frames (lo carries none), in one Ethernet pcap.
    /// </summary>
    private string MixedFile()
    {
        string path = Path.Combine(_dir, "mixed.pcap");
        if (File.Exists(path))
        {
            return path;
        }

        using var traffic = new LoopbackTraffic();
        string raw = Path.Combine(_dir, "raw.pcap");
        using (var tcpdump = new Tcpdump(raw, "lo", traffic.Filter + " or host 127.0.0.2 or port 22 or portrange 50000-50100", 500))
        {
            traffic.Generate();
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.SendTo(new byte[30], new IPEndPoint(IPAddress.Parse("127.0.0.2"), 53));
            udp.SendTo(new byte[200], new IPEndPoint(IPAddress.Loopback, 50050));
            udp.SendTo(new byte[10], new IPEndPoint(IPAddress.Loopback, 50101));
            using var ssh = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                ssh.Connect(new IPEndPoint(IPAddress.Loopback, 22));
            }
            catch (SocketException)
            {
                // refused: the SYN and the RST are what the file needs
            }

            Thread.Sleep(1500); // tcpdump's ring-block timeout
            tcpdump.Stop();
        }

        using (var writer = CaptureFileWriter.Create(path, CaptureFormat.Pcap, LinkType.Ethernet, append: false))
        using (var reader = CaptureFileReader.Open(raw))
        {
            while (reader.MoveNext())
            {
                writer.Write(reader.CurrentData, reader.CurrentTimestampNanoseconds, reader.CurrentOriginalLength, LinkType.Ethernet, null, null);
            }

            // ARP who-has 10.0.0.2 tell 10.0.0.1, and the reply (RFC 826 layout).
            byte[] request = Convert.FromHexString("ffffffffffff02000000000108060001080006040001020000000001" + "0a000001" + "000000000000" + "0a000002");
            byte[] reply = Convert.FromHexString("020000000001020000000002080600010800060400020200000000020a000002020000000001" + "0a000001");
            writer.Write(request, 1, request.Length, LinkType.Ethernet, null, null);
            writer.Write(reply, 2, reply.Length, LinkType.Ethernet, null, null);
        }

        return path;
    }

    private static List<string> Frames(string file, FilterExpression? expression)
    {
        using var reader = new PacketFileReader(CaptureFileReader.Open(file), expression: expression);
        var list = new List<string>();
        while (reader.Next() is { } p)
        {
            list.Add(Convert.ToHexString(p.Data));
        }

        return list;
    }
}
