using System.Net;
using System.Net.Sockets;
using PSSocket.Core.Capture;
using PSSocket.Core.Packets;
using PSSocket.Core.Tests.Support;

namespace PSSocket.Core.Tests.Capture;

/// <summary>Crafted packets injected with IP_HDRINCL and AF_PACKET reach ordinary sockets and draw real replies.</summary>
[Collection(LiveCapture.Name)]
public sealed class RawPacketSenderTests
{
    public static TheoryData<string, string?> Loopbacks => new() { { "127.0.0.1", null }, { "::1", null }, { "127.0.0.1", "lo" }, { "::1", "lo" } };

    /// <summary>Routed by the kernel, or with an interface bound to it (SO_BINDTODEVICE): lo reaches the loopback socket either way.</summary>
    [RootTheory]
    [MemberData(nameof(Loopbacks))]
    public void A_crafted_udp_datagram_arrives_at_an_ordinary_socket_byte_exact(string loopback, string? device)
    {
        var address = IPAddress.Parse(loopback);
        using var receiver = LinuxCaptureTests.UdpOn(address);
        byte[] payload = [.. Enumerable.Range(0, 300).Select(i => (byte)(i * 7))];
        var packet = PacketFactory.Build(new PacketTemplate
        {
            Source = address,
            Destination = address,
            Kind = CraftedTransport.Udp,
            SourcePort = 40001,
            DestinationPort = LinuxCaptureTests.Port(receiver),
            Payload = payload,
        });
        using var sender = new RawPacketSender(device);
        Assert.Equal(packet.Data.Length, sender.Send(packet));
        byte[] buffer = new byte[2048];
        EndPoint from = new IPEndPoint(address.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
        int n = receiver.ReceiveFrom(buffer, ref from);
        Assert.Equal(payload, buffer[..n]);
        Assert.Equal(40001, ((IPEndPoint)from).Port); // the kernel accepted our checksum and ports as built
    }

    /// <summary>
    /// A frame injected on lo goes out byte for byte and comes back in, as the capture shows. (The IP layer
    /// then drops it as a martian: a 127/8 packet arriving without the route the output path attaches,
    /// unless route_localnet is set, so no socket is the judge here.)
    /// </summary>
    [RootFact]
    public void An_ethernet_frame_sent_on_lo_goes_out_as_built()
    {
        // A port of this run's own: the net8.0 and net10.0 runs of this test capture lo at the same time.
        int port = Random.Shared.Next(20000, 60000);
        var packet = PacketFactory.Build(new PacketTemplate
        {
            Source = IPAddress.Loopback,
            Destination = IPAddress.Loopback,
            Kind = CraftedTransport.Udp,
            SourcePort = port,
            DestinationPort = 9,
            Payload = "frame"u8.ToArray(),
            LinkType = LinkType.Ethernet,
        });
        using var capture = new CaptureHarness(new CaptureOptions { Interface = "lo", Selection = new PacketFilter(null, [port], null) });
        using var sender = new RawPacketSender("lo");
        Assert.Equal(packet.Data.Length, sender.Send(packet));
        var seen = Assert.Single(capture.Collect(1));
        Assert.Equal(packet.Data, seen.Data);
        Assert.Equal(ChecksumStatus.Valid, seen.Udp!.ChecksumStatus);
    }

    [RootFact]
    public void A_crafted_syn_to_a_listener_draws_a_syn_ack_that_the_capture_sees()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        int port = LinuxCaptureTests.Port(listener);
        using var capture = new CaptureHarness(new CaptureOptions { Interface = "lo", Selection = new PacketFilter([PacketProtocol.Tcp], [port], null) });
        var syn = PacketFactory.Build(new PacketTemplate
        {
            Source = IPAddress.Loopback,
            Destination = IPAddress.Loopback,
            Kind = CraftedTransport.Tcp,
            SourcePort = 40003,
            DestinationPort = port,
            Sequence = 1000,
            TcpFlags = TcpFlags.Syn,
        });
        using var sender = new RawPacketSender(null);
        sender.Send(syn);
        // SYN (ours), SYN-ACK (the listener's kernel), RST (our kernel knows no such connection).
        var packets = capture.Collect(3);
        Assert.True(packets.Count >= 2, $"saw {packets.Count} packets");
        Assert.Equal(TcpFlags.Syn, packets[0].TcpFlags);
        Assert.Equal(1000u, packets[0].Tcp!.SequenceNumber);
        Assert.Equal(ChecksumStatus.Valid, packets[0].Tcp!.ChecksumStatus); // built whole, not offloaded
        var synAck = packets[1];
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, synAck.TcpFlags);
        Assert.Equal(port, synAck.SourcePort);
        Assert.Equal(40003, synAck.DestinationPort);
        Assert.Equal(1001u, synAck.Tcp!.AcknowledgmentNumber);
    }

    /// <summary>
    /// The interface is obeyed, not ignored: the datagram for 127.0.0.1 that reaches the socket on lo
    /// when routed or bound to lo (above) does not when bound to a veth the test makes (the kernel
    /// has no way to 127.0.0.1 through it and drops it).
    /// </summary>
    [PeerFact("ip", NeedsRoot = true)]
    public void An_ip_packet_bound_to_another_interface_does_not_reach_lo()
    {
        using var veth = new VethPair();
        using var receiver = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        receiver.ReceiveTimeout = 1000;
        var packet = PacketFactory.Build(new PacketTemplate
        {
            Source = IPAddress.Loopback,
            Destination = IPAddress.Loopback,
            Kind = CraftedTransport.Udp,
            SourcePort = 40004,
            DestinationPort = LinuxCaptureTests.Port(receiver),
            Payload = "bound"u8.ToArray(),
        });
        using var sender = new RawPacketSender(veth.Host);
        Assert.Equal(packet.Data.Length, sender.Send(packet));
        var e = Assert.Throws<SocketException>(() => receiver.Receive(new byte[100]));
        Assert.Equal(SocketError.TimedOut, e.SocketErrorCode);
    }

    [Fact]
    public void An_interface_that_does_not_exist_is_refused_before_anything_is_sent()
    {
        var e = Assert.Throws<PSSocketException>(() => new RawPacketSender("nosuch0"));
        Assert.Equal("CaptureInterfaceNotFound", e.ErrorId);
        Assert.Equal(FaultCategory.ObjectNotFound, e.Category);
        Assert.Equal("nosuch0", e.Target);
    }

    [RootFact]
    public void Any_names_no_interface_to_send_on()
    {
        using var sender = new RawPacketSender("any");
        var packet = PacketFactory.Build(new PacketTemplate { Source = IPAddress.Loopback, Destination = IPAddress.Loopback, Kind = CraftedTransport.Udp, SourcePort = 1, DestinationPort = 9 });
        Assert.Equal("InterfaceRequired", Assert.Throws<PSSocketException>(() => sender.Send(packet)).ErrorId);
        Assert.Equal("InterfaceRequired", Assert.Throws<PSSocketException>(() => sender.Send(new byte[60], isFrame: true)).ErrorId);
    }

    [Fact]
    public void Bytes_that_are_not_an_ip_packet_are_refused_with_NotAnIPPacket()
    {
        using var sender = new RawPacketSender(null);
        var e = Assert.Throws<PSSocketException>(() => sender.Send(new byte[30], isFrame: false));
        Assert.Equal("NotAnIPPacket", e.ErrorId);
        Assert.Equal(FaultCategory.InvalidData, e.Category);
    }
}
