using System.Net;
using System.Net.Sockets;
using System.Text;
using PSSocket.Core.Sockets;
using static PSSocket.Core.Tests.Sockets.Loopback;

namespace PSSocket.Core.Tests.Sockets;

public class UdpTests
{
    [Theory]
    [MemberData(nameof(Addresses), MemberType = typeof(Loopback))]
    public Task One_endpoint_serves_many_peers_and_answers_each_one(string address) => Bounded(async () =>
    {
        var ip = IPAddress.Parse(address);
        using var server = UdpEndpoint.Bind(ip, 0);
        var clients = Enumerable.Range(0, 5).Select(_ => UdpEndpoint.Bind(ip, 0)).ToList();
        try
        {
            for (int i = 0; i < clients.Count; i++)
            {
                await clients[i].SendToAsync(Encoding.ASCII.GetBytes($"client {i}"), server.Local, default);
            }

            var seen = new HashSet<string>();
            for (int i = 0; i < clients.Count; i++)
            {
                UdpDatagram d = await server.ReceiveAsync(Short, Encoding.ASCII, default);
                int sender = int.Parse(d.Text.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal(clients[sender].Local.Port, d.RemotePort);
                Assert.Equal(address, d.RemoteAddress);
                Assert.Equal(server.Local.Port, d.LocalPort);
                Assert.Equal(d.Data.Length, d.Length);
                Assert.True(seen.Add(d.Text));
                await UdpReplies.SendAsync(d, Encoding.ASCII.GetBytes("re: " + d.Text), default);
            }

            for (int i = 0; i < clients.Count; i++)
            {
                UdpDatagram reply = await clients[i].ReceiveAsync(Short, Encoding.ASCII, default);
                Assert.Equal($"re: client {i}", reply.Text);
                Assert.Equal(server.Local.Port, reply.RemotePort);
            }
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    });

    [Theory]
    [MemberData(nameof(Addresses), MemberType = typeof(Loopback))]
    public Task A_reply_after_the_receiver_closed_still_comes_from_the_port_the_peer_used(string address) => Bounded(async () =>
    {
        var ip = IPAddress.Parse(address);
        for (int attempt = 1; ; attempt++)
        {
            using var client = UdpEndpoint.Bind(ip, 0);
            UdpDatagram request;
            int serverPort;
            using (var server = UdpEndpoint.Bind(ip, 0))
            {
                serverPort = server.Local.Port;
                await client.SendToAsync("ping"u8.ToArray(), server.Local, default);
                request = await server.ReceiveAsync(Short, Encoding.ASCII, default);
            }

            try
            {
                await UdpReplies.SendAsync(request, "pong"u8.ToArray(), default);
            }
            catch (PSSocketException e) when (e.ErrorId == "AddressAlreadyInUse" && attempt < 5)
            {
                continue; // a socket of another test took the released port in between: the scenario again, on a new port
            }

            UdpDatagram reply = await client.ReceiveAsync(Short, Encoding.ASCII, default);
            Assert.Equal("pong", reply.Text);
            Assert.Equal(serverPort, reply.RemotePort);
            return;
        }
    });

    [Fact]
    public Task A_receive_with_nothing_coming_is_TimedOut_with_the_local_endpoint() => Bounded(async () =>
    {
        using var server = UdpEndpoint.Bind(IPAddress.Loopback, 0);
        var e = await Assert.ThrowsAsync<PSSocketException>(() => server.ReceiveAsync(TimeSpan.FromMilliseconds(100), Encoding.ASCII, default));
        Assert.Equal("TimedOut", e.ErrorId);
        Assert.Equal("127.0.0.1:" + server.Local.Port, e.Target);
    });

    [Fact]
    public Task A_chosen_source_port_is_where_the_reply_comes_back() => Bounded(async () =>
    {
        using var server = UdpEndpoint.Bind(IPAddress.Loopback, 0);
        var (client, source) = await ChosenPort.UseAsync(AddressFamily.InterNetwork, port => Task.FromResult((UdpEndpoint.ForPeer(IPAddress.Loopback, port), port)));
        using var _ = client;
        await client.SendToAsync("hi"u8.ToArray(), server.Local, default);
        UdpDatagram request = await server.ReceiveAsync(Short, Encoding.ASCII, default);
        Assert.Equal(source, request.RemotePort);
        await UdpReplies.SendAsync(request, "ho"u8.ToArray(), default);
        Assert.Equal("ho", (await client.ReceiveAsync(Short, Encoding.ASCII, default)).Text);
    });

    /// <summary>The kernel refuses a broadcast destination unless SO_BROADCAST is set, so nothing leaves the machine here.</summary>
    [Fact]
    public Task Broadcast_without_the_broadcast_option_is_AccessDenied() => Bounded(async () =>
    {
        using var client = UdpEndpoint.ForPeer(IPAddress.Broadcast, 0, broadcast: false);
        var e = await Assert.ThrowsAsync<PSSocketException>(() => client.SendToAsync("x"u8.ToArray(), new IPEndPoint(IPAddress.Broadcast, 9), default));
        Assert.Equal("AccessDenied", e.ErrorId);
        Assert.Equal(FaultCategory.PermissionDenied, e.Category);
        Assert.Equal("255.255.255.255:9", e.Target);
    });

    [Fact]
    public Task A_datagram_too_long_for_UDP_is_refused() => Bounded(async () =>
    {
        using var client = UdpEndpoint.Bind(IPAddress.Loopback, 0);
        var e = await Assert.ThrowsAsync<PSSocketException>(() => client.SendToAsync(new byte[70_000], new IPEndPoint(IPAddress.Loopback, 9), default));
        Assert.Equal("DatagramTooLong", e.ErrorId);
    });

    /// <summary>The kernel is the oracle: the longest datagram a plain socket may send on each loopback arrives whole through ours; one byte more is DatagramTooLong, naming the kernel's limit.</summary>
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public Task The_longest_datagram_the_kernel_sends_arrives_and_one_byte_more_is_DatagramTooLong(string address) => Bounded(async () =>
    {
        var loopback = IPAddress.Parse(address);
        int most;
        using (var plain = new Socket(loopback.AddressFamily, SocketType.Dgram, ProtocolType.Udp))
        {
            plain.Bind(new IPEndPoint(loopback, 0));
            var sink = (IPEndPoint)plain.LocalEndPoint!;
            most = Enumerable.Range(65_400, 200).Last(n =>
            {
                try
                {
                    return plain.SendTo(new byte[n], sink) == n;
                }
                catch (SocketException x) when (x.SocketErrorCode == SocketError.MessageSize)
                {
                    return false;
                }
            });
        }

        using var server = UdpEndpoint.Bind(loopback, 0);
        using var client = UdpEndpoint.Bind(loopback, 0);
        await client.SendToAsync(new byte[most], server.Local, default);
        Assert.Equal(most, (await server.ReceiveAsync(Short, Encoding.ASCII, default)).Data.Length);
        var e = await Assert.ThrowsAsync<PSSocketException>(() => client.SendToAsync(new byte[most + 1], server.Local, default));
        Assert.Equal(("DatagramTooLong", (object)(most + 1)), (e.ErrorId, e.Target));
        Assert.Contains($"at most {most} bytes", e.Message, StringComparison.Ordinal);
    });

    [Fact]
    public void Binding_a_UDP_port_in_use_is_AddressAlreadyInUse()
    {
        using var first = UdpEndpoint.Bind(IPAddress.Loopback, 0);
        var e = Assert.Throws<PSSocketException>(() => UdpEndpoint.Bind(IPAddress.Loopback, first.Local.Port));
        Assert.Equal("AddressAlreadyInUse", e.ErrorId);
        Assert.Equal("127.0.0.1:" + first.Local.Port, e.Target);
    }

    [Theory]
    [MemberData(nameof(Addresses), MemberType = typeof(Loopback))]
    public Task UDP_ping_counts_exactly_what_the_dropping_server_dropped(string address) => Bounded(async () =>
    {
        using var server = EchoServer.Start(new EchoServerOptions
        {
            Protocol = SocketProtocol.Udp, Address = IPAddress.Parse(address), Transform = EchoTransform.Upper, DropRate = 0.5, Random = new Random(3),
        });
        using UdpPinger pinger = await UdpPinger.OpenAsync(address, server.LocalPort, default);
        // The server draws one number per datagram from its seeded generator, so which probes it
        // drops is known in advance: those get a short wait, the others a long one (a loaded
        // machine can delay an echo, but it must come).
        var decisions = new Random(3);
        bool[] dropped = [.. Enumerable.Range(0, 12).Select(_ => decisions.NextDouble() < 0.5)];
        var results = new List<UdpPingResult>();
        for (int seq = 1; seq <= 12; seq++)
        {
            TimeSpan wait = dropped[seq - 1] ? TimeSpan.FromMilliseconds(150) : Short;
            results.Add(await pinger.ProbeAsync(seq, UdpPinger.DefaultPayload(seq), wait, Encoding.ASCII, default));
        }

        Assert.Equal(dropped.Select(d => d ? UdpPingStatus.TimedOut : UdpPingStatus.Success), results.Select(r => r.Status));
        UdpPingSummary summary = pinger.Summarize();
        Assert.Equal(Enumerable.Range(1, 12), results.Select(r => r.Sequence));
        Assert.Equal(server.DatagramsDropped, results.Count(r => r.Status == UdpPingStatus.TimedOut));
        Assert.Equal(server.DatagramsEchoed, results.Count(r => r.Status == UdpPingStatus.Success));
        Assert.InRange(server.DatagramsDropped, 1, 11);
        Assert.All(results.Where(r => r.Status == UdpPingStatus.Success), r =>
        {
            Assert.StartsWith($"PING {r.Sequence} ", r.Reply, StringComparison.Ordinal);
            Assert.InRange(r.RoundTripMilliseconds!.Value, 0, Short.TotalMilliseconds);
        });
        Assert.All(results.Where(r => r.Status == UdpPingStatus.TimedOut), r => Assert.Null(r.RoundTripMilliseconds));
        Assert.Equal(12, summary.Sent);
        Assert.Equal(server.DatagramsEchoed, summary.Received);
        Assert.Equal(100.0 * server.DatagramsDropped / 12, summary.LossPercent, 6);
        var times = results.Where(r => r.RoundTripMilliseconds.HasValue).Select(r => r.RoundTripMilliseconds!.Value).ToList();
        Assert.Equal(times.Min(), summary.MinimumMilliseconds);
        Assert.Equal(times.Max(), summary.MaximumMilliseconds);
        Assert.Equal(times.Average(), summary.AverageMilliseconds!.Value, 9);
    });

    [Fact]
    public Task UDP_ping_to_a_silent_port_times_out_every_probe() => Bounded(async () =>
    {
        using var silent = UdpEndpoint.Bind(IPAddress.Loopback, 0);
        using UdpPinger pinger = await UdpPinger.OpenAsync("127.0.0.1", silent.Local.Port, default);
        UdpPingResult first = await pinger.ProbeAsync(1, UdpPinger.DefaultPayload(1), TimeSpan.FromMilliseconds(100), Encoding.ASCII, default);
        UdpPingResult second = await pinger.ProbeAsync(2, UdpPinger.DefaultPayload(2), TimeSpan.FromMilliseconds(100), Encoding.ASCII, default);
        Assert.Equal(UdpPingStatus.TimedOut, first.Status);
        Assert.Equal(UdpPingStatus.TimedOut, second.Status);
        UdpPingSummary summary = pinger.Summarize();
        Assert.Equal(100, summary.LossPercent);
        Assert.Null(summary.AverageMilliseconds);
    });

    [Fact]
    public Task A_late_reply_to_an_earlier_probe_does_not_count_for_the_next() => Bounded(async () =>
    {
        using var server = UdpEndpoint.Bind(IPAddress.Loopback, 0);
        using UdpPinger pinger = await UdpPinger.OpenAsync("127.0.0.1", server.Local.Port, default);
        UdpPingResult first = await pinger.ProbeAsync(1, "PING 1"u8.ToArray(), TimeSpan.FromMilliseconds(100), Encoding.ASCII, default);
        Assert.Equal(UdpPingStatus.TimedOut, first.Status);
        UdpDatagram late = await server.ReceiveAsync(Short, Encoding.ASCII, default);
        await UdpReplies.SendAsync(late, late.Data, default);
        Task<UdpPingResult> second = pinger.ProbeAsync(2, "PING 2"u8.ToArray(), Short, Encoding.ASCII, default);
        UdpDatagram probe2 = await server.ReceiveAsync(Short, Encoding.ASCII, default);
        Assert.Equal("PING 2", probe2.Text);
        await UdpReplies.SendAsync(probe2, "ping 2"u8.ToArray(), default);
        UdpPingResult result = await second;
        Assert.Equal(UdpPingStatus.Success, result.Status);
        Assert.Equal("ping 2", result.Reply);
    });
}
