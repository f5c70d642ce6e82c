using System.Net;
using System.Net.Sockets;
using System.Text;
using PSSocket.Core.Sockets;
using static PSSocket.Core.Tests.Sockets.Loopback;

namespace PSSocket.Core.Tests.Sockets;

/// <summary>
/// The UDP ping client's edges: arguments refused before any probe leaves, a run of no probes,
/// the address it settles on, and replies on a socket that is gone.
/// </summary>
public class UdpPingEdgeTests
{
    /// <summary>A UDP port is a 16-bit field (RFC 768) and 0 names no server.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65536)]
    public async Task A_port_outside_1_to_65535_is_PortOutOfRange(int port)
    {
        var e = await Assert.ThrowsAsync<PSSocketException>(() => UdpPinger.OpenAsync("127.0.0.1", port, default));
        Assert.Equal(("PortOutOfRange", FaultCategory.InvalidArgument, (object)port), (e.ErrorId, e.Category, e.Target));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public Task A_timeout_that_is_not_positive_is_refused_before_the_probe_leaves(int milliseconds) => Bounded(async () =>
    {
        using var server = UdpEndpoint.Bind(IPAddress.Loopback, 0);
        using UdpPinger pinger = await UdpPinger.OpenAsync("127.0.0.1", server.Local.Port, default);
        var timeout = TimeSpan.FromMilliseconds(milliseconds);
        var e = await Assert.ThrowsAsync<PSSocketException>(() => pinger.ProbeAsync(1, "ping"u8.ToArray(), timeout, Encoding.ASCII, default));
        Assert.Equal(("TimeoutOutOfRange", FaultCategory.InvalidArgument, (object)timeout), (e.ErrorId, e.Category, e.Target));
        Assert.Contains("ping timeout", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, pinger.Summarize().Sent);
        await AssertNothingArrivesAsync(server);
    });

    [Fact]
    public Task A_missing_payload_or_encoding_is_refused_before_the_probe_leaves() => Bounded(async () =>
    {
        using var server = UdpEndpoint.Bind(IPAddress.Loopback, 0);
        using UdpPinger pinger = await UdpPinger.OpenAsync("127.0.0.1", server.Local.Port, default);
        Assert.Equal("payload", (await Assert.ThrowsAsync<ArgumentNullException>(() => pinger.ProbeAsync(1, null!, Short, Encoding.ASCII, default))).ParamName);
        Assert.Equal("encoding", (await Assert.ThrowsAsync<ArgumentNullException>(() => pinger.ProbeAsync(1, "ping"u8.ToArray(), Short, null!, default))).ParamName);
        Assert.Equal(0, pinger.Summarize().Sent);
        await AssertNothingArrivesAsync(server);
    });

    /// <summary>No probe sent: nothing was lost (0 %, not 0/0), and there is no round trip to report.</summary>
    [Fact]
    public Task A_run_of_no_probes_lost_nothing() => Bounded(async () =>
    {
        using var server = UdpEndpoint.Bind(IPAddress.Loopback, 0);
        using UdpPinger pinger = await UdpPinger.OpenAsync("127.0.0.1", server.Local.Port, default);
        UdpPingSummary summary = pinger.Summarize();
        Assert.Equal(("127.0.0.1:" + server.Local.Port, 0, 0, 0, 0.0), (summary.Destination, summary.Sent, summary.Received, summary.WrongReplies, summary.LossPercent));
        Assert.Null(summary.MinimumMilliseconds);
        Assert.Null(summary.AverageMilliseconds);
        Assert.Null(summary.MaximumMilliseconds);
    });

    /// <summary>Once an address has answered, the run stays with it: a server that then goes away is unreachable, not replaced by the name's next address.</summary>
    [Fact]
    public Task Ping_stays_with_the_address_that_answered_when_its_port_later_closes() => Bounded(async () =>
    {
        var server = UdpEndpoint.Bind(IPAddress.Loopback, 0);
        int port = server.Local.Port;
        using var pinger = new UdpPinger([IPAddress.Loopback, IPAddress.IPv6Loopback], port);
        UdpPingResult first;
        using (server)
        {
            Task<UdpPingResult> probe = pinger.ProbeAsync(1, "ping"u8.ToArray(), Short, Encoding.ASCII, default);
            UdpDatagram request = await server.ReceiveAsync(Short, Encoding.ASCII, default);
            await UdpReplies.SendAsync(request, request.Data, default);
            first = await probe;
        }

        UdpPingResult second = await pinger.ProbeAsync(2, "ping"u8.ToArray(), Short, Encoding.ASCII, default);
        Assert.Equal((UdpPingStatus.Success, "127.0.0.1:" + port), (first.Status, first.Destination));
        Assert.Equal((UdpPingStatus.PortUnreachable, "127.0.0.1:" + port), (second.Status, second.Destination));
        Assert.Equal((2, 1), (pinger.Summarize().Sent, pinger.Summarize().Received));
    });

    /// <summary>Every address of the name unreachable: the last one tried is reported, and the probe counts once.</summary>
    [Fact]
    public Task Ping_reports_the_last_address_when_every_address_is_unreachable() => Bounded(async () =>
    {
        Socket[] held = HoldUnreachablePort(out int port);
        using var v4 = held[0];
        using var v6 = held[1];
        using var pinger = new UdpPinger([IPAddress.IPv6Loopback, IPAddress.Loopback], port);
        UdpPingResult result = await pinger.ProbeAsync(1, "ping"u8.ToArray(), Short, Encoding.ASCII, default);
        Assert.Equal((UdpPingStatus.PortUnreachable, "127.0.0.1:" + port), (result.Status, result.Destination));
        Assert.Equal((1, 0, 100.0), (pinger.Summarize().Sent, pinger.Summarize().Received, pinger.Summarize().LossPercent));
    });

    [Fact]
    public Task A_further_datagram_is_received_on_the_socket_the_request_arrived_on() => Bounded(async () =>
    {
        using var server = UdpEndpoint.Bind(IPAddress.Loopback, 0);
        using var client = UdpEndpoint.Bind(IPAddress.Loopback, 0);
        await client.SendToAsync("HELO"u8.ToArray(), server.Local, default);
        UdpDatagram request = await server.ReceiveAsync(Short, Encoding.ASCII, default);
        await UdpReplies.SendAsync(request, "250"u8.ToArray(), default);
        Assert.Equal("250", (await client.ReceiveAsync(Short, Encoding.ASCII, default)).Text);
        await client.SendToAsync("QUIT"u8.ToArray(), server.Local, default);
        UdpDatagram next = await UdpReplies.ReceiveAfterReplyAsync(request, Short, Encoding.ASCII, default);
        Assert.Equal(("QUIT", client.Local.Port), (next.Text, next.RemotePort));
    });

    [Fact]
    public Task A_further_datagram_on_a_closed_receiver_is_ReceiverClosed() => Bounded(async () =>
    {
        using var client = UdpEndpoint.Bind(IPAddress.Loopback, 0);
        UdpDatagram request;
        using (var server = UdpEndpoint.Bind(IPAddress.Loopback, 0))
        {
            await client.SendToAsync("HELO"u8.ToArray(), server.Local, default);
            request = await server.ReceiveAsync(Short, Encoding.ASCII, default);
        }

        var e = await Assert.ThrowsAsync<PSSocketException>(() => UdpReplies.ReceiveAfterReplyAsync(request, Short, Encoding.ASCII, default));
        Assert.Equal(("ReceiverClosed", FaultCategory.InvalidOperation, (object)request.LocalPort), (e.ErrorId, e.Category, e.Target));
    });

    /// <summary>
    /// The reply socket of a closed receiver shares its port: another reply of this process may hold
    /// that port at the same moment (replies sent in parallel), and this one must still go out from it.
    /// </summary>
    [Fact]
    public Task A_reply_after_the_receiver_closed_goes_out_while_another_reply_socket_holds_the_port() => Bounded(async () =>
    {
        using var client = UdpEndpoint.Bind(IPAddress.Loopback, 0);
        UdpDatagram request;
        int serverPort;
        using (var server = UdpEndpoint.Bind(IPAddress.Loopback, 0))
        {
            serverPort = server.Local.Port;
            await client.SendToAsync("ping"u8.ToArray(), server.Local, default);
            request = await server.ReceiveAsync(Short, Encoding.ASCII, default);
        }

        using var otherReply = UdpEndpoint.Bind(IPAddress.Loopback, serverPort, reuseAddress: true);
        await UdpReplies.SendAsync(request, "pong"u8.ToArray(), default);
        UdpDatagram reply = await client.ReceiveAsync(Short, Encoding.ASCII, default);
        Assert.Equal(("pong", serverPort), (reply.Text, reply.RemotePort));
    });

    [Fact]
    public async Task A_missing_datagram_is_refused()
    {
        Assert.Equal("datagram", (await Assert.ThrowsAsync<ArgumentNullException>(() => UdpReplies.SendAsync(null!, "x"u8.ToArray(), default))).ParamName);
        Assert.Equal("datagram", (await Assert.ThrowsAsync<ArgumentNullException>(() => UdpReplies.ReceiveAfterReplyAsync(null!, Short, Encoding.ASCII, default))).ParamName);
    }

    private static async Task AssertNothingArrivesAsync(UdpEndpoint server)
    {
        var e = await Assert.ThrowsAsync<PSSocketException>(() => server.ReceiveAsync(TimeSpan.FromMilliseconds(300), Encoding.ASCII, default));
        Assert.Equal("TimedOut", e.ErrorId);
    }

    /// <summary>
    /// A port held on both loopbacks by sockets connected to port 1: the kernel hands them only what
    /// comes from there and answers any other datagram with ICMP port unreachable, while no other
    /// program can take the port during the test.
    /// </summary>
    private static Socket[] HoldUnreachablePort(out int port)
    {
        for (int attempt = 0; ; attempt++)
        {
            var v4 = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            var v6 = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
            v4.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            v4.Connect(new IPEndPoint(IPAddress.Loopback, 1));
            port = ((IPEndPoint)v4.LocalEndPoint!).Port;
            try
            {
                v6.Bind(new IPEndPoint(IPAddress.IPv6Loopback, port));
                v6.Connect(new IPEndPoint(IPAddress.IPv6Loopback, 1));
                return [v4, v6];
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < 16)
            {
                // another program holds this port on ::1: pick again
                v4.Dispose();
                v6.Dispose();
            }
        }
    }
}
