using System.Net;
using System.Net.Sockets;
using PSSocket.Core.Capture;
using PSSocket.Core.Host;
using PSSocket.Core.Packets;
using PSSocket.Core.Tests.Capture;
using PSSocket.Core.Tests.Support;

namespace PSSocket.Core.Tests.Host;

/// <summary>
/// Work run inside a network namespace the test makes with `ip netns add` (and deletes): its sockets,
/// its socket table and its capture are that namespace's, checked against ss and ip run in it by
/// `ip netns exec`, and nothing leaks into the calling thread.
/// </summary>
[Collection(LiveCapture.Name)]
public sealed class NetworkNamespaceTests : IDisposable
{
    private readonly string _name = "pssocket-t" + Guid.NewGuid().ToString("N")[..10];

    public NetworkNamespaceTests()
    {
        if (Environment.IsPrivilegedProcess && Peers.Exists("ip"))
        {
            Assert.Equal(0, Peer.Run("ip", ["netns", "add", _name]).Exit);
            Assert.Equal(0, Peer.Run("ip", ["-n", _name, "link", "set", "lo", "up"]).Exit);
        }
    }

    public void Dispose()
    {
        if (File.Exists(NetworkNamespace.PathOf(_name)))
        {
            _ = Peer.Run("ip", ["netns", "delete", _name]);
        }
    }

    [PeerFact("ip", NeedsRoot = true)]
    public void The_work_runs_in_the_namespace_and_the_caller_stays_home()
    {
        string home = NetLink();
        string inside = NetworkNamespace.Run(_name, NetLink);
        // The namespace file is an nsfs inode; /proc/thread-self/ns/net reads "net:[<that inode>]".
        string inode = Peer.Run("stat", ["-L", "-c", "%i", NetworkNamespace.PathOf(_name)]).Out.Trim();
        Assert.Equal($"net:[{inode}]", inside);
        Assert.NotEqual(home, inside);
        Assert.Equal(home, NetLink());
    }

    [PeerFact("ip", "ss", NeedsRoot = true)]
    public void A_listener_made_inside_is_in_the_namespace_table_as_ss_lists_it_and_not_at_home()
    {
        using Socket listener = NetworkNamespace.Run(_name, () =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            s.Listen();
            return s;
        });
        int port = LinuxCaptureTests.Port(listener);
        var query = new SocketTableQuery { Protocols = [SocketTableProtocol.Tcp], Listening = true };

        List<SocketTableEntry> inside = SocketTable.ReadInNamespace(_name, query);

        // ss run in the namespace is the oracle: one listener, ours.
        string ss = Peer.Run("ip", ["netns", "exec", _name, "ss", "-Htln"]).Out;
        Assert.Equal($"127.0.0.1:{port}", Assert.Single(ss.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[3]);
        SocketTableEntry entry = Assert.Single(inside);
        Assert.Equal(("127.0.0.1", port, SocketTableState.Listen), (entry.LocalAddress, entry.LocalPort, entry.State));
        Assert.Equal(Environment.ProcessId, entry.ProcessId);
        List<SocketTableEntry> home = SocketTable.Read(SocketTable.ForThisPlatform(), query);
        Assert.DoesNotContain(home, e => e.Inode == entry.Inode);
    }

    [PeerFact("ip", NeedsRoot = true)]
    public void A_client_made_inside_cannot_reach_a_listener_at_home()
    {
        using var homeListener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        homeListener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        homeListener.Listen();
        int port = LinuxCaptureTests.Port(homeListener);
        SocketError outcome = NetworkNamespace.Run(_name, () =>
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                client.Connect(new IPEndPoint(IPAddress.Loopback, port));
                return SocketError.Success;
            }
            catch (SocketException e)
            {
                return e.SocketErrorCode;
            }
        });
        Assert.Equal(SocketError.ConnectionRefused, outcome);
    }

    [PeerFact("ip", NeedsRoot = true)]
    public void The_interfaces_inside_are_the_namespace_ones_as_ip_lists_them()
    {
        // This kernel has no dummy driver; a veth pair lives wholly inside the namespace too.
        Assert.Equal(0, Peer.Run("ip", ["-n", _name, "link", "add", "pst0", "type", "veth", "peer", "name", "pst1"]).Exit);
        string ipLink = Peer.Run("ip", ["-n", _name, "-o", "link", "show", "pst0"]).Out;
        int vethIndex = int.Parse(ipLink[..ipLink.IndexOf(':', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
        string mac = ipLink[(ipLink.IndexOf("link/ether ", StringComparison.Ordinal) + 11)..].Split(' ')[0];

        IReadOnlyList<CaptureInterface> inside = NetworkNamespace.Run(_name, CaptureInterfaces.ListOfThisThread);

        Assert.Equal(["any", "lo", "pst0", "pst1"], inside.Select(i => i.Name).Order(StringComparer.Ordinal));
        CaptureInterface lo = inside.Single(i => i.Name == "lo"), veth = inside.Single(i => i.Name == "pst0");
        Assert.Equal((1, true, true, 772, 65536), (lo.Index, lo.IsLoopback, lo.IsUp, lo.HardwareType, lo.Mtu!.Value));
        Assert.Equal((vethIndex, false, false, 1, mac, LinkType.Ethernet, 1500), (veth.Index, veth.IsLoopback, veth.IsUp, veth.HardwareType, veth.MacAddress!, veth.LinkType, veth.Mtu!.Value));
        Assert.DoesNotContain(inside, i => i.Name == "eth0");
    }

    [PeerFact("ip", NeedsRoot = true)]
    public void A_capture_inside_sees_the_namespace_loopback_only()
    {
        var filter = new PacketFilter([PacketProtocol.Udp], null, null);
        using var harness = new CaptureHarness(new CaptureOptions { Interface = "lo", Selection = filter, NetworkNamespace = _name });
        // The same datagrams at home: a capture of this machine's lo would see them too.
        using (var home = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        using (var homeSink = LinuxCaptureTests.UdpOn(IPAddress.Loopback))
        {
            for (int i = 0; i < 5; i++)
            {
                home.SendTo(new byte[1], new IPEndPoint(IPAddress.Loopback, LinuxCaptureTests.Port(homeSink)));
            }
        }

        int sinkPort = NetworkNamespace.Run(_name, () =>
        {
            using var sink = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
            using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            for (int i = 0; i < 3; i++)
            {
                sender.SendTo(new byte[] { 7, 7, (byte)i }, new IPEndPoint(IPAddress.Loopback, LinuxCaptureTests.Port(sink)));
            }

            return LinuxCaptureTests.Port(sink);
        });

        List<Packet> packets = harness.Collect(3);
        Assert.Equal(3, packets.Count);
        Assert.All(packets, p => Assert.Equal(("lo", sinkPort, 3), (p.Interface!, p.DestinationPort!.Value, p.Payload!.Length)));
        Assert.Equal([0, 1, 2], packets.Select(p => (int)p.Payload![2]));
    }

    [PeerFact("ip", NeedsRoot = true)]
    public void A_missing_namespace_or_a_path_is_a_named_fault_with_the_name_as_target()
    {
        var missing = Assert.Throws<PSSocketException>(() => SocketTable.ReadInNamespace(_name + "-gone", new SocketTableQuery()));
        Assert.Equal(("NetworkNamespaceNotFound", FaultCategory.ObjectNotFound, (object)(_name + "-gone")), (missing.ErrorId, missing.Category, missing.Target!));
        foreach (string bad in new[] { "../../proc/1/ns/net", "a/b", "..", string.Empty })
        {
            var invalid = Assert.Throws<PSSocketException>(() => NetworkNamespace.Run(bad, () => 0));
            Assert.Equal(("InvalidNetworkNamespaceName", FaultCategory.InvalidArgument, (object)bad), (invalid.ErrorId, invalid.Category, invalid.Target!));
        }

        var capture = Assert.Throws<PSSocketException>(() => LinuxPacketCapture.Open(new CaptureOptions { Interface = "eth0", NetworkNamespace = _name }));
        Assert.Equal(("CaptureInterfaceNotFound", (object)"eth0"), (capture.ErrorId, capture.Target!));
        Assert.Contains("any, lo", capture.Message, StringComparison.Ordinal);
    }

    [PeerFact("ip", NeedsRoot = true)]
    public void A_fault_in_the_work_reaches_the_caller_as_it_was()
    {
        var thrown = Assert.Throws<InvalidOperationException>(() => NetworkNamespace.Run<int>(_name, () => throw new InvalidOperationException("inside")));
        Assert.Equal("inside", thrown.Message);
    }

    private static string NetLink() => new FileInfo("/proc/thread-self/ns/net").LinkTarget!;
}
