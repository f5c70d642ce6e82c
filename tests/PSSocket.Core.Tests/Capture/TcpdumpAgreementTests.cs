using System.Net;
using System.Net.Sockets;
using PSSocket.Core.Capture;
using PSSocket.Core.Files;
using PSSocket.Core.Packets;
using PSSocket.Core.Tests.Support;

namespace PSSocket.Core.Tests.Capture;

/// <summary>
/// tcpdump and the native engine capture the same traffic at the same time: the same packets, as
/// many of each. On lo libpcap drops the outgoing copy; on a veth the outgoing packets are real and
/// tcpdump keeps them, which is why the engine drops by packet type on lo only (PACKET_IGNORE_OUTGOING
/// would lose the veth's sent packets).
/// </summary>
[Collection(LiveCapture.Name)]
public sealed class TcpdumpAgreementTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pssocket-capture-").FullName;

    [PeerFact("tcpdump", NeedsRoot = true)]
    public void On_lo_both_capture_the_same_udp_and_tcp_packets_once_each()
    {
        using var udp = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        int udpPort = LinuxCaptureTests.Port(udp), tcpPort = LinuxCaptureTests.Port(listener);
        string file = Path.Combine(_dir, "lo.pcap");
        using var tcpdump = new Tcpdump(file, "lo", $"udp port {udpPort} or tcp port {tcpPort}", 1000);
        using var ours = new CaptureHarness(new CaptureOptions { Interface = "lo", Selection = new PacketFilter(null, [udpPort, tcpPort], null) });
        using (var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            for (int i = 0; i < 20; i++)
            {
                sender.SendTo(new byte[i + 1], new IPEndPoint(IPAddress.Loopback, udpPort));
            }
        }

        using (var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            client.Connect(new IPEndPoint(IPAddress.Loopback, tcpPort));
            using var server = listener.Accept();
            client.Send(new byte[5000]);
            byte[] buffer = new byte[8192];
            for (int got = 0; got < 5000;)
            {
                got += server.Receive(buffer);
            }

            client.Shutdown(SocketShutdown.Both);
            server.Shutdown(SocketShutdown.Both);
        }

        // tcpdump without --immediate-mode holds packets until its 1 s ring-block timeout retires the block.
        Thread.Sleep(1500);
        string said = tcpdump.Stop();
        var theirs = Read(file);
        var mine = ours.Collect(theirs.Count);
        Assert.True(theirs.Count >= 27, $"tcpdump saw only {theirs.Count} packets: {said}");
        Assert.Equal(theirs.Count, mine.Count);
        for (int i = 0; i < theirs.Count; i++)
        {
            Assert.Equal(theirs[i].Data, mine[i].Data);
            Assert.Equal(theirs[i].Info, mine[i].Info);
            // Both take the kernel's time of delivery; each socket reads the clock itself when the skb has no stamp yet.
            Assert.InRange((mine[i].Timestamp - theirs[i].Timestamp).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(5));
        }
    }

    [PeerFact("tcpdump", "ping", "ip", NeedsRoot = true)]
    public void On_a_veth_both_keep_the_sent_and_the_received_packets()
    {
        using var veth = new VethPair();
        string file = Path.Combine(_dir, "veth.pcap");
        using var tcpdump = new Tcpdump(file, veth.Host, "icmp", 100);
        using var ours = new CaptureHarness(new CaptureOptions { Interface = veth.Host, Selection = new PacketFilter([PacketProtocol.Icmp], null, null) });
        var (exit, _, err) = Peer.Run("ping", ["-c", "3", "-i", "0.2", "-W", "2", veth.PeerAddress], TimeSpan.FromSeconds(15));
        Assert.True(exit == 0, "ping failed: " + err);
        Thread.Sleep(1500); // tcpdump's ring-block timeout, as above
        tcpdump.Stop();
        var theirs = Read(file);
        var mine = ours.Collect(theirs.Count);
        Assert.Equal(6, theirs.Count); // 3 requests sent out of the veth, 3 replies received on it
        Assert.Equal(theirs.Select(p => p.Data), mine.Select(p => p.Data));
        Assert.Equal([8, 0, 8, 0, 8, 0], mine.Select(p => (int)p.Icmp!.Type!));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static List<Packet> Read(string file)
    {
        using var reader = new PacketFileReader(CaptureFileReader.Open(file));
        var list = new List<Packet>();
        while (reader.Next() is { } p)
        {
            list.Add(p);
        }

        return list;
    }
}
