using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using PSSocket.Core.Sockets;
using static PSSocket.Core.Tests.Sockets.Loopback;

namespace PSSocket.Core.Tests.Sockets;

public class EchoServerTests
{
    [Theory]
    [MemberData(nameof(Addresses), MemberType = typeof(Loopback))]
    public Task The_TCP_echo_server_upper_cases_letters_only(string address) => Bounded(async () =>
    {
        using var server = EchoServer.Start(new EchoServerOptions { Address = IPAddress.Parse(address), Transform = EchoTransform.Upper });
        using SocketConnection client = await StreamConnector.ConnectAsync(IPAddress.Parse(address), server.LocalPort, Short, 0, default);
        await client.SendAsync(Encoding.UTF8.GetBytes("hello, wörld 123 {az}\n"), Short, default);
        Assert.Equal("HELLO, WöRLD 123 {AZ}", Text(await client.ReceiveDelimitedAsync("\n"u8.ToArray(), 100, true, Short, default)));
        Assert.Equal(ServerState.Running, server.State);
        Assert.Equal(1, server.ActiveConnections);
    });

    [Fact]
    public Task Connections_beyond_MaxConnections_are_closed_at_once_and_counted() => Bounded(async () =>
    {
        using var server = EchoServer.Start(new EchoServerOptions { MaxConnections = 1 });
        using SocketConnection first = await StreamConnector.ConnectAsync(IPAddress.Loopback, server.LocalPort, Short, 0, default);
        await first.SendAsync("a"u8.ToArray(), Short, default);
        Assert.Equal("a", Text(await first.ReceiveExactAsync(1, Short, default)));
        using SocketConnection second = await StreamConnector.ConnectAsync(IPAddress.Loopback, server.LocalPort, Short, 0, default);
        Assert.Null(await second.ReceiveAvailableAsync(10, Short, default));
        Assert.Equal(1, server.ConnectionsRejected);
        Assert.Equal(1, server.ConnectionsAccepted);
    });

    [Fact]
    public Task An_idle_connection_is_closed_after_the_idle_timeout() => Bounded(async () =>
    {
        using var server = EchoServer.Start(new EchoServerOptions { IdleTimeout = TimeSpan.FromMilliseconds(200) });
        using SocketConnection client = await StreamConnector.ConnectAsync(IPAddress.Loopback, server.LocalPort, Short, 0, default);
        Assert.Null(await client.ReceiveAvailableAsync(10, Short, default));
        Assert.Equal(ConnectionState.Closed, client.State);
    });

    [Fact]
    public Task A_UDP_echo_the_client_holds_is_already_counted() => Bounded(async () =>
    {
        // A student (and the drop-count tests) reads DatagramsEchoed right after the reply comes
        // back; a counter raised only after the send completes is sometimes one behind then.
        using var server = EchoServer.Start(new EchoServerOptions { Protocol = SocketProtocol.Udp, Address = IPAddress.Loopback });
        using var client = UdpEndpoint.Bind(IPAddress.Loopback, 0);
        var target = new IPEndPoint(IPAddress.Loopback, server.LocalPort);
        long bytes = 0;
        for (int i = 1; i <= 300; i++)
        {
            await client.SendToAsync(Encoding.ASCII.GetBytes($"n {i}"), target, default);
            UdpDatagram reply = await client.ReceiveAsync(Short, Encoding.ASCII, default);
            Assert.Equal($"n {i}", reply.Text);
            bytes += reply.Length;
            Assert.Equal(i, server.DatagramsEchoed);
            Assert.Equal(bytes, server.BytesSent);
        }
    }, seconds: 60);

    [Theory]
    [MemberData(nameof(Addresses), MemberType = typeof(Loopback))]
    public Task The_UDP_server_drops_about_DropRate_and_its_counters_are_exact(string address) => Bounded(async () =>
    {
        const int Count = 1000;
        const double Rate = 0.6;
        var ip = IPAddress.Parse(address);
        using var server = EchoServer.Start(new EchoServerOptions { Protocol = SocketProtocol.Udp, Address = ip, DropRate = Rate, Transform = EchoTransform.Upper });
        using var client = UdpEndpoint.Bind(ip, 0);
        var target = new IPEndPoint(ip, server.LocalPort);
        var replies = new HashSet<int>();
        long replyBytes = 0;
        for (int i = 0; i < Count; i++)
        {
            await client.SendToAsync(Encoding.ASCII.GetBytes($"tag {i} x"), target, default);
            if (i % 50 == 49)
            {
                // Paced: every 50 datagrams, wait until the server has dealt with each one and read
                // what it echoed, so neither receive buffer ever holds more than 50 (no kernel loss).
                while (server.DatagramsEchoed + server.DatagramsDropped < i + 1)
                {
                    await Task.Delay(1);
                }

                while (replies.Count < server.DatagramsEchoed)
                {
                    UdpDatagram reply = await client.ReceiveAsync(Short, Encoding.ASCII, default);
                    replyBytes += reply.Length;
                    string[] parts = reply.Text.Split(' ');
                    Assert.Equal("TAG", parts[0]);
                    Assert.Equal("X", parts[2]);
                    Assert.True(replies.Add(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)), "a datagram was echoed twice");
                }
            }
        }

        Assert.Equal(Count, server.DatagramsReceived);
        Assert.Equal(Count, server.DatagramsEchoed + server.DatagramsDropped);
        Assert.Equal(server.DatagramsEchoed, replies.Count);
        // Binomial(1000, 0.6): standard deviation 15.5; five of them either side.
        Assert.InRange(server.DatagramsDropped, 600 - 78, 600 + 78);

        var none = await Assert.ThrowsAsync<PSSocketException>(() => client.ReceiveAsync(TimeSpan.FromMilliseconds(100), Encoding.ASCII, default));
        Assert.Equal("TimedOut", none.ErrorId);
        Assert.Equal(replyBytes, server.BytesSent);
    });

    [Theory]
    [MemberData(nameof(Addresses), MemberType = typeof(Loopback))]
    public Task Stopping_ends_connected_clients_with_an_orderly_close_not_a_reset(string address) => Bounded(async () =>
    {
        var server = EchoServer.Start(new EchoServerOptions { Address = IPAddress.Parse(address) });
        using SocketConnection client = await StreamConnector.ConnectAsync(IPAddress.Parse(address), server.LocalPort, Short, 0, default);
        await client.SendAsync("a"u8.ToArray(), Short, default);
        Assert.Equal("a", Text(await client.ReceiveExactAsync(1, Short, default)));
        await server.StopAsync();
        Assert.Null(await client.ReceiveAvailableAsync(10, Short, default));
        Assert.Equal(0, server.ActiveConnections);
        Assert.Equal(ServerState.Stopped, server.State);
    });

    [Fact]
    public void DropRate_is_refused_for_TCP_and_outside_zero_to_one()
    {
        Assert.Equal("DropRateNeedsUdp", Assert.Throws<PSSocketException>(() => EchoServer.Start(new EchoServerOptions { DropRate = 0.5 })).ErrorId);
        Assert.Equal("DropRateOutOfRange", Assert.Throws<PSSocketException>(() => EchoServer.Start(new EchoServerOptions { Protocol = SocketProtocol.Udp, DropRate = 1.5 })).ErrorId);
        Assert.Equal("MaxConnectionsOutOfRange", Assert.Throws<PSSocketException>(() => EchoServer.Start(new EchoServerOptions { MaxConnections = 0 })).ErrorId);
    }

    [Fact]
    public Task The_registry_lists_finds_and_stops_servers() => Bounded(async () =>
    {
        var registry = new EchoServerRegistry();
        EchoServer tcp = registry.Start(new EchoServerOptions());
        EchoServer udp = registry.Start(new EchoServerOptions { Protocol = SocketProtocol.Udp });
        Assert.Equal([tcp, udp], registry.List());
        Assert.Same(udp, registry.Find(udp.Id));
        await registry.StopAsync(tcp);
        Assert.Equal(ServerState.Stopped, tcp.State);
        Assert.Null(registry.Find(tcp.Id));
        await registry.StopAllAsync();
        Assert.Empty(registry.List());
        Assert.Equal(ServerState.Stopped, udp.State);
        // Both ports are free again at once.
        using var again = SocketListener.Start(IPAddress.Loopback, tcp.LocalPort, 4, false);
        using var againUdp = UdpEndpoint.Bind(IPAddress.Loopback, udp.LocalPort);
    });

    [Fact]
    public void Upper_changes_ASCII_letters_only()
    {
        byte[] data = [.. "az AZ @[`{ 09"u8, 0xE4, 0xC3];
        EchoServer.ToUpper(data);
        Assert.Equal([.. "AZ AZ @[`{ 09"u8, 0xE4, 0xC3], data);
    }
}
