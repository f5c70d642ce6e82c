using System.Net;
using System.Net.Sockets;
using System.Text;
using PSSocket.Core.Sockets;
using static PSSocket.Core.Tests.Sockets.Loopback;

namespace PSSocket.Core.Tests.Sockets;

/// <summary>A UDP ping reply counts only for its own probe and only from the server's address and port.</summary>
public class UdpPingMatchingTests
{
    [Fact]
    public Task A_late_reply_with_the_same_payload_does_not_count_for_the_next_probe() => Bounded(async () =>
    {
        using var server = UdpEndpoint.Bind(IPAddress.Loopback, 0);
        using UdpPinger pinger = await UdpPinger.OpenAsync("127.0.0.1", server.Local.Port, default);
        byte[] same = "ping"u8.ToArray();
        Assert.Equal(UdpPingStatus.TimedOut, (await pinger.ProbeAsync(1, same, TimeSpan.FromMilliseconds(100), Encoding.ASCII, default)).Status);
        UdpDatagram first = await server.ReceiveAsync(Short, Encoding.ASCII, default);
        Task<UdpPingResult> second = pinger.ProbeAsync(2, same, TimeSpan.FromMilliseconds(600), Encoding.ASCII, default);
        UdpDatagram probe2 = await server.ReceiveAsync(Short, Encoding.ASCII, default);
        // The echo of probe 1 arrives while probe 2 waits: it must not be taken for probe 2's echo.
        await UdpReplies.SendAsync(first, first.Data, default);
        Assert.Equal(UdpPingStatus.TimedOut, (await second).Status);
        Assert.NotEqual(first.RemotePort, probe2.RemotePort);
    });

    [Fact]
    public Task A_reply_from_another_port_is_not_an_echo() => Bounded(async () =>
    {
        using var server = UdpEndpoint.Bind(IPAddress.Loopback, 0);
        using var other = UdpEndpoint.Bind(IPAddress.Loopback, 0);
        using UdpPinger pinger = await UdpPinger.OpenAsync("127.0.0.1", server.Local.Port, default);
        Task<UdpPingResult> probe = pinger.ProbeAsync(1, "ping"u8.ToArray(), TimeSpan.FromMilliseconds(500), Encoding.ASCII, default);
        UdpDatagram request = await server.ReceiveAsync(Short, Encoding.ASCII, default);
        await other.SendToAsync(request.Data, new IPEndPoint(IPAddress.Loopback, request.RemotePort), default);
        Assert.Equal(UdpPingStatus.TimedOut, (await probe).Status);
    });

    [Fact]
    public Task A_reply_with_other_bytes_is_WrongReply_and_not_received() => Bounded(async () =>
    {
        using var server = UdpEndpoint.Bind(IPAddress.Loopback, 0);
        using UdpPinger pinger = await UdpPinger.OpenAsync("127.0.0.1", server.Local.Port, default);
        Task<UdpPingResult> probe = pinger.ProbeAsync(1, "ping"u8.ToArray(), Short, Encoding.ASCII, default);
        UdpDatagram request = await server.ReceiveAsync(Short, Encoding.ASCII, default);
        await UdpReplies.SendAsync(request, "pong"u8.ToArray(), default);
        UdpPingResult result = await probe;
        Assert.Equal((UdpPingStatus.WrongReply, "pong"), (result.Status, result.Reply));
        Assert.NotNull(result.RoundTripMilliseconds);
        UdpPingSummary summary = pinger.Summarize();
        Assert.Equal((1, 0, 1, 100.0), (summary.Sent, summary.Received, summary.WrongReplies, summary.LossPercent));
    });

    [Fact]
    public Task A_closed_port_is_PortUnreachable() => Bounded(async () =>
    {
        // The port stays ours, yet closed to the probe: a UDP socket connected elsewhere receives only
        // from its peer, so the kernel answers the probe with port unreachable, and no other program
        // can take the port between picking it and probing it.
        using var held = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        held.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        held.Connect(new IPEndPoint(IPAddress.Loopback, 1));
        int port = ((IPEndPoint)held.LocalEndPoint!).Port;
        using UdpPinger pinger = await UdpPinger.OpenAsync("127.0.0.1", port, default);
        Assert.Equal(UdpPingStatus.PortUnreachable, (await pinger.ProbeAsync(1, "ping"u8.ToArray(), Short, Encoding.ASCII, default)).Status);
    });
}

/// <summary>A host name with both loopbacks, ::1 first as on Windows, macOS and Fedora, reaches a server on either.</summary>
public class UdpPingAddressTests
{
    [Fact]
    public Task Ping_tries_the_next_address_of_the_name_while_the_port_is_unreachable() => Bounded(async () =>
    {
        using var server = UdpEndpoint.Bind(IPAddress.Loopback, 0);
        using var pinger = new UdpPinger([IPAddress.IPv6Loopback, IPAddress.Loopback], server.Local.Port);
        Task<UdpPingResult> probe = pinger.ProbeAsync(1, "ping"u8.ToArray(), Short, Encoding.ASCII, default);
        UdpDatagram request = await server.ReceiveAsync(Short, Encoding.ASCII, default);
        await UdpReplies.SendAsync(request, request.Data, default);
        UdpPingResult result = await probe;
        Assert.Equal(UdpPingStatus.Success, result.Status);
        Assert.Equal("127.0.0.1:" + server.Local.Port, result.Destination);
        Assert.Equal((1, 1), (pinger.Summarize().Sent, pinger.Summarize().Received));
    });
}
