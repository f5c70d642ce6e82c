using System.Net;
using System.Net.Sockets;
using PSSocket.Core.Capture;
using PSSocket.Core.Packets;
using PSSocket.Core.Tests.Support;

namespace PSSocket.Core.Tests.Capture;

/// <summary>
/// The sender's edges, written against the mutants its Stryker run left alive: a frame object sent
/// without an interface, bytes of either IP version, headers of exactly the minimum length, the
/// kernel's refusals (EMSGSIZE over the MTU, EINVAL under an Ethernet header, ENODEV once the
/// interface is gone) and the refusal of an unprivileged thread, each as a fault of its own; and
/// the sockets it opens, kept while it lives and closed once, counted in /proc/self/fd.
/// </summary>
[Collection(LiveCapture.Name)]
public sealed class RawPacketSenderMutationTests
{
    public static TheoryData<string> Loopbacks => new() { "127.0.0.1", "::1" };

    /// <summary>A packet object with an Ethernet header and no interface: its IP packet is routed, the link header left off.</summary>
    [RootTheory]
    [MemberData(nameof(Loopbacks))]
    public void An_ethernet_packet_without_an_interface_is_routed_as_its_ip_packet(string loopback)
    {
        var address = IPAddress.Parse(loopback);
        using var receiver = LinuxCaptureTests.UdpOn(address);
        var packet = Udp(address, LinuxCaptureTests.Port(receiver), "framed"u8.ToArray(), LinkType.Ethernet);
        using var sender = new RawPacketSender(null);
        Assert.Equal(packet.Data.Length - 14, sender.Send(packet));
        byte[] buffer = new byte[100];
        Assert.Equal("framed"u8.ToArray(), buffer[..receiver.Receive(buffer)]);
    }

    /// <summary>Send(bytes) with an IPv4 or an IPv6 packet: the kernel routes it to the ordinary socket it is for.</summary>
    [RootTheory]
    [MemberData(nameof(Loopbacks))]
    public void Ip_bytes_of_either_version_reach_an_ordinary_socket(string loopback)
    {
        var address = IPAddress.Parse(loopback);
        using var receiver = LinuxCaptureTests.UdpOn(address);
        var packet = Udp(address, LinuxCaptureTests.Port(receiver), "bytes"u8.ToArray(), LinkType.RawIP);
        using var sender = new RawPacketSender(null);
        Assert.Equal(packet.Data.Length, sender.Send(packet.Data, isFrame: false));
        byte[] buffer = new byte[100];
        Assert.Equal("bytes"u8.ToArray(), buffer[..receiver.Receive(buffer)]);
    }

    /// <summary>
    /// An ARP frame carries no IP packet: without an interface it is refused, naming the packet (not
    /// whatever bytes follow its Ethernet header). Fixed bytes: a who-has 192.0.2.2 from 192.0.2.1.
    /// </summary>
    [Fact]
    public void An_arp_frame_without_an_interface_is_NotAnIPPacket_naming_the_packet()
    {
        byte[] arp = Convert.FromHexString(
            "ffffffffffff020000000001" + "0806" + "0001080006040001" + "020000000001" + "c0000201" + "000000000000" + "c0000202");
        var packet = PacketFactory.FromBytes(arp, LinkType.Ethernet, 7);
        using var sender = new RawPacketSender(null);
        var e = Assert.Throws<PSSocketException>(() => sender.Send(packet));
        Assert.Equal(("NotAnIPPacket", FaultCategory.InvalidData), (e.ErrorId, e.Category));
        Assert.Same(packet, e.Target);
        Assert.Contains("Packet 7 (Ethernet)", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A refused input is named by its first 16 bytes at most (all of them when shorter); 19 bytes are no IPv4 header.</summary>
    [Fact]
    public void Bytes_that_are_refused_are_named_by_their_first_16_bytes_at_most()
    {
        using var sender = new RawPacketSender(null);
        byte[] ten = Convert.FromHexString("45000014000000004011");
        var e = Assert.Throws<PSSocketException>(() => sender.Send(ten, isFrame: false));
        Assert.Equal(("NotAnIPPacket", "45000014000000004011"), (e.ErrorId, e.Target));
        byte[] version5 = [0x55, .. new byte[29]];
        e = Assert.Throws<PSSocketException>(() => sender.Send(version5, isFrame: false));
        Assert.Equal(("NotAnIPPacket", "55" + new string('0', 30)), (e.ErrorId, e.Target));
        byte[] nineteen = [0x45, .. new byte[18]];
        e = Assert.Throws<PSSocketException>(() => sender.Send(nineteen, isFrame: false));
        Assert.Equal(("NotAnIPPacket", "45" + new string('0', 30)), (e.ErrorId, e.Target));
    }

    /// <summary>
    /// A bare IPv4 header (20 bytes, protocol 253, RFC 3692's experimental number) is a whole packet:
    /// sent, and a raw socket for protocol 253 receives it as built (the kernel fills in the checksum).
    /// </summary>
    [RootFact]
    public void A_bare_20_byte_ipv4_header_is_a_whole_packet()
    {
        // .NET's Socket refuses a protocol number it has no name for: the socket is made with socket(2) and handed to it.
        int fd = LinuxPacketSocketNative.Socket(2, 3, 253); // AF_INET, SOCK_RAW, protocol 253
        Assert.True(fd >= 0, "socket(AF_INET, SOCK_RAW, 253) failed");
        using var raw = new Socket(new SafeSocketHandle(fd, ownsHandle: true)) { ReceiveTimeout = 5000 };
        raw.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        ushort id = (ushort)Random.Shared.Next(1, 0xffff);
        byte[] header = Convert.FromHexString($"45000014{id:x4}000040fd00007f0000017f000001");
        using var sender = new RawPacketSender(null);
        Assert.Equal(20, sender.Send(header, isFrame: false));
        byte[] buffer = new byte[100];
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (true)
        {
            int n = raw.Receive(buffer); // another test process may send protocol 253 too: ours is the one with our id
            if (n == 20 && buffer[4] == header[4] && buffer[5] == header[5])
            {
                Assert.Equal(header[..10], buffer[..10]);
                Assert.Equal(header[12..20], buffer[12..20]);
                break;
            }

            Assert.True(DateTime.UtcNow < until, "our header did not arrive");
        }
    }

    /// <summary>A bare IPv6 header (40 bytes, next header 59: nothing follows) is a whole packet; 39 bytes are refused whole.</summary>
    [RootFact]
    public void A_bare_40_byte_ipv6_header_is_a_whole_packet_and_39_bytes_are_not()
    {
        byte[] header = Convert.FromHexString("6000000000003b40" + "00000000000000000000000000000001" + "00000000000000000000000000000001");
        using var sender = new RawPacketSender(null);
        Assert.Equal(40, sender.Send(header, isFrame: false));
        var e = Assert.Throws<PSSocketException>(() => sender.Send(header.AsSpan(0, 39), isFrame: false));
        Assert.Equal(("NotAnIPPacket", FaultCategory.InvalidData, Convert.ToHexString(header[..39])), (e.ErrorId, e.Category, e.Target));
    }

    /// <summary>
    /// Over the veth's MTU of 1500 the kernel refuses (EMSGSIZE): a 2000-byte IP packet, routed or bound,
    /// is RawSendFailed naming its destination; a 1600-byte frame is RawSendFailed naming the interface.
    /// </summary>
    [PeerFact("ip", NeedsRoot = true)]
    public void Over_the_mtu_the_kernels_refusal_is_RawSendFailed()
    {
        using var veth = new VethPair();
        var big = Udp(IPAddress.Parse(veth.HostAddress), IPAddress.Parse(veth.PeerAddress), 9, new byte[2000 - 28], LinkType.RawIP);
        Assert.Equal(2000, big.Data.Length);
        foreach (string? device in new[] { null, veth.Host })
        {
            using var sender = new RawPacketSender(device);
            var e = Assert.Throws<PSSocketException>(() => sender.Send(big));
            Assert.Equal(("RawSendFailed", FaultCategory.ConnectionError, veth.PeerAddress), (e.ErrorId, e.Category, e.Target));
            Assert.Contains("2000 bytes", e.Message, StringComparison.Ordinal);
        }

        using var frames = new RawPacketSender(veth.Host);
        var f = Assert.Throws<PSSocketException>(() => frames.Send(new byte[1600], isFrame: true));
        Assert.Equal(("RawSendFailed", FaultCategory.ConnectionError, veth.Host), (f.ErrorId, f.Category, f.Target));
        Assert.Contains("1600-byte frame", f.Message, StringComparison.Ordinal);
    }

    /// <summary>A frame shorter than lo's 14-byte Ethernet header is refused by the kernel (EINVAL): RawSendFailed, not an exception of ours.</summary>
    [RootFact]
    public void A_frame_shorter_than_an_ethernet_header_is_RawSendFailed()
    {
        using var sender = new RawPacketSender("lo");
        var e = Assert.Throws<PSSocketException>(() => sender.Send(new byte[13], isFrame: true));
        Assert.Equal(("RawSendFailed", FaultCategory.ConnectionError, "lo"), (e.ErrorId, e.Category, e.Target));
        Assert.Contains("13-byte frame", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The interface removed after the sender looked it up: SO_BINDTODEVICE (ENODEV) and the frame's
    /// sendto fail as RawSendFailed; the socket the bind failed on is closed each time, not left open.
    /// </summary>
    [PeerFact("ip", NeedsRoot = true)]
    public void An_interface_removed_after_the_lookup_is_RawSendFailed_and_leaves_no_socket_open()
    {
        using var veth = new VethPair();
        using var sender = new RawPacketSender(veth.Host);
        var (exit, _, err) = Peer.Run("ip", ["link", "del", veth.Host], TimeSpan.FromSeconds(10));
        Assert.True(exit == 0, err);
        var packet = Udp(IPAddress.Parse(veth.HostAddress), IPAddress.Parse(veth.PeerAddress), 9, [1], LinkType.RawIP);
        var e = Assert.Throws<PSSocketException>(() => sender.Send(packet));
        Assert.Equal(("RawSendFailed", FaultCategory.ConnectionError, veth.Host), (e.ErrorId, e.Category, e.Target));
        Assert.Contains("SO_BINDTODEVICE", e.Message, StringComparison.Ordinal);
        int before = OpenDescriptors();
        for (int i = 0; i < 40; i++)
        {
            Assert.Equal("RawSendFailed", Assert.Throws<PSSocketException>(() => sender.Send(packet)).ErrorId);
        }

        Assert.InRange(OpenDescriptors() - before, int.MinValue, 10);
        var f = Assert.Throws<PSSocketException>(() => sender.Send(new byte[60], isFrame: true));
        Assert.Equal(("RawSendFailed", FaultCategory.ConnectionError, veth.Host), (f.ErrorId, f.Category, f.Target));
    }

    /// <summary>Each refusal of 'any' opened a raw socket first: each is closed, none left open.</summary>
    [RootFact]
    public void Refusing_any_leaves_no_socket_open()
    {
        var packet = Udp(IPAddress.Loopback, IPAddress.Loopback, 9, [1], LinkType.RawIP);
        using var sender = new RawPacketSender("any");
        int before = OpenDescriptors();
        for (int i = 0; i < 40; i++)
        {
            Assert.Equal("InterfaceRequired", Assert.Throws<PSSocketException>(() => sender.Send(packet)).ErrorId);
        }

        Assert.InRange(OpenDescriptors() - before, int.MinValue, 10);
    }

    /// <summary>
    /// On a thread without CAP_NET_RAW (dropped to nobody) neither socket opens: SendPermissionDenied,
    /// naming the raw socket (routed) or the interface (a frame), and saying what it needs.
    /// </summary>
    [RootFact]
    public void Without_privilege_sending_is_SendPermissionDenied()
    {
        byte[] ip = Udp(IPAddress.Loopback, IPAddress.Loopback, 9, [1], LinkType.RawIP).Data;
        PSSocketException? routed = null, framed = null;
        var other = Unprivileged.Run(() =>
        {
            using var sender = new RawPacketSender(null);
            routed = Assert.Throws<PSSocketException>(() => sender.Send(ip, isFrame: false));
            using var onLo = new RawPacketSender("lo");
            framed = Assert.Throws<PSSocketException>(() => onLo.Send(new byte[60], isFrame: true));
        });
        Assert.Null(other);
        Assert.Equal(("SendPermissionDenied", FaultCategory.PermissionDenied, "raw socket"), (routed!.ErrorId, routed.Category, routed.Target));
        Assert.Equal(("SendPermissionDenied", FaultCategory.PermissionDenied, "lo"), (framed!.ErrorId, framed.Category, framed.Target));
        Assert.Contains("Sending through a raw IP socket needs root, or the CAP_NET_RAW capability", routed.Message, StringComparison.Ordinal);
        Assert.Contains("Sending through an AF_PACKET socket needs root", framed.Message, StringComparison.Ordinal);
    }

    /// <summary>One sender keeps one socket per family for all its packets, and Dispose closes them and the frame socket.</summary>
    [RootFact]
    public void A_sender_keeps_one_socket_while_it_lives_and_closes_them_all()
    {
        using var receiver = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        int port = LinuxCaptureTests.Port(receiver);
        var packet = Udp(IPAddress.Loopback, IPAddress.Loopback, port, [7], LinkType.RawIP);
        var frame = Udp(IPAddress.Loopback, IPAddress.Loopback, port, [8], LinkType.Ethernet); // looped back, dropped as a martian
        int before = OpenDescriptors();
        using (var sender = new RawPacketSender(null))
        {
            for (int i = 0; i < 40; i++)
            {
                Assert.Equal(packet.Data.Length, sender.Send(packet));
            }

            Assert.InRange(OpenDescriptors() - before, int.MinValue, 10);
        }

        byte[] buffer = new byte[10];
        for (int i = 0; i < 40; i++)
        {
            Assert.Equal(1, receiver.Receive(buffer));
        }

        for (int i = 0; i < 40; i++)
        {
            using var sender = new RawPacketSender("lo");
            Assert.Equal(packet.Data.Length, sender.Send(packet));
            Assert.Equal(frame.Data.Length, sender.Send(frame));
        }

        Assert.InRange(OpenDescriptors() - before, int.MinValue, 10);
    }

    [Fact]
    public void Sending_no_packet_is_ArgumentNullException()
    {
        using var sender = new RawPacketSender(null);
        Assert.Throws<ArgumentNullException>(() => sender.Send(null!));
    }

    /// <summary>
    /// A second Dispose closes nothing: the frame socket's descriptor number, free after the first,
    /// is taken by the next socket opened (Linux gives the lowest), which must go on working; and
    /// the standard descriptors 0 to 2 are what they were.
    /// </summary>
    [RootFact]
    public void A_second_dispose_closes_nothing_that_reused_the_descriptor()
    {
        string?[] standard = [.. Enumerable.Range(0, 3).Select(fd => new FileInfo($"/proc/self/fd/{fd}").LinkTarget)];
        var sender = new RawPacketSender("lo");
        sender.Send(new byte[60], isFrame: true);
        sender.Dispose();
        using var receiver = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.Dispose();
        Assert.Equal(standard, Enumerable.Range(0, 3).Select(fd => new FileInfo($"/proc/self/fd/{fd}").LinkTarget));
        client.SendTo("still"u8.ToArray(), new IPEndPoint(IPAddress.Loopback, LinuxCaptureTests.Port(receiver)));
        byte[] buffer = new byte[10];
        Assert.Equal("still"u8.ToArray(), buffer[..receiver.Receive(buffer)]);
    }

    private static int OpenDescriptors() => Directory.GetFiles("/proc/self/fd").Length;

    private static Packet Udp(IPAddress address, int port, byte[] payload, LinkType linkType) => Udp(address, address, port, payload, linkType);

    private static Packet Udp(IPAddress source, IPAddress destination, int port, byte[] payload, LinkType linkType) => PacketFactory.Build(new PacketTemplate
    {
        Source = source,
        Destination = destination,
        Kind = CraftedTransport.Udp,
        SourcePort = 40011,
        DestinationPort = port,
        Payload = payload,
        LinkType = linkType,
    });
}
