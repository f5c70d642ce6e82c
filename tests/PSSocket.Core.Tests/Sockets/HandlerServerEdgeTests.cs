using System.Net;
using System.Net.Sockets;
using System.Text;
using PSSocket.Core.Sockets;
using PSSocket.Core.Tests.Support;
using PSSocket.TestSupport;
using static PSSocket.Core.Tests.Sockets.EchoServerEdgeTests;
using static PSSocket.Core.Tests.Sockets.Loopback;

namespace PSSocket.Core.Tests.Sockets;

/// <summary>
/// The handler server's edges that the behaviour tests leave open (#13 item 8): arguments, the
/// endpoints it names, a stop that must wait for an answer still going out, a half-close, a
/// reply UDP cannot carry, and what a stop gives back (the ports).
/// </summary>
public class HandlerServerEdgeTests
{
    /// <summary>Plays the pipeline thread until the server stops: every request gets <paramref name="handler"/>'s answer.</summary>
    private static Task AnswerAllAsync(HandlerServer server, Func<SocketRequest, byte[]?> handler) => Task.Run(async () =>
    {
        await foreach (SocketRequest r in server.Requests.ReadAllAsync())
        {
            r.Reply(handler(r));
        }
    });

    [Fact]
    public Task Null_arguments_and_MaxConnections_below_one_are_refused() => Bounded(async () =>
    {
        Assert.Throws<ArgumentNullException>(() => HandlerServer.Start(null!));
        Assert.Equal("MaxConnectionsOutOfRange", Assert.Throws<PSSocketException>(() => HandlerServer.Start(new HandlerServerOptions { MaxConnections = 0 })).ErrorId);
        Assert.Equal("MaxConnectionsOutOfRange", Assert.Throws<PSSocketException>(() => HandlerServer.Start(new HandlerServerOptions { MaxConnections = -5 })).ErrorId);
        using var listener = Listen("127.0.0.1");
        Assert.Throws<ArgumentNullException>(() => HandlerServer.Serve(null!, new HandlerServerOptions()));
        Assert.Throws<ArgumentNullException>(() => HandlerServer.Serve(listener, null!));
        await Task.CompletedTask;
    });

    [Fact]
    public Task MaxConnections_one_serves_one_client_and_closes_the_second() => Bounded(async () =>
    {
        var server = HandlerServer.Start(new HandlerServerOptions { MaxConnections = 1 });
        Task answering = AnswerAllAsync(server, r => Encoding.UTF8.GetBytes(r.Text + "!\n"));
        try
        {
            using SocketConnection first = await StreamConnector.ConnectAsync(IPAddress.Loopback, server.LocalPort, Short, 0, default);
            await first.SendAsync("one\n"u8.ToArray(), Short, default);
            Assert.Equal("one!", Text(await first.ReceiveDelimitedAsync("\n"u8.ToArray(), 100, true, Short, default)));
            using SocketConnection second = await StreamConnector.ConnectAsync(IPAddress.Loopback, server.LocalPort, Short, 0, default);
            Assert.Null(await second.ReceiveAvailableAsync(10, Short, default));
        }
        finally
        {
            await server.StopAsync();
            await answering;
        }
    });

    [Theory]
    [MemberData(nameof(Addresses), MemberType = typeof(Loopback))]
    public Task A_TCP_handler_server_names_its_one_endpoint(string address) => Bounded(async () =>
    {
        using var server = HandlerServer.Start(new HandlerServerOptions { Address = IPAddress.Parse(address) });
        Assert.Equal(address, server.LocalAddress);
        Assert.Equal(EndpointText.Format(IPAddress.Parse(address), server.LocalPort), server.Endpoints);
        Assert.Equal(address == "::1" ? $"[::1]:{server.LocalPort}" : $"127.0.0.1:{server.LocalPort}", server.Endpoints);
        await Task.CompletedTask;
    });

    [Fact]
    public Task A_UDP_handler_server_on_both_loopbacks_names_and_answers_both() => Bounded(async () =>
    {
        var server = HandlerServer.Start(new HandlerServerOptions
        {
            Protocol = SocketProtocol.Udp, Addresses = [IPAddress.Loopback, IPAddress.IPv6Loopback],
        });
        Task answering = AnswerAllAsync(server, r => Encoding.UTF8.GetBytes($"{r.RemoteAddress} {r.Text}"));
        try
        {
            Assert.Equal($"127.0.0.1:{server.LocalPort}, [::1]:{server.LocalPort}", server.Endpoints);
            foreach (IPAddress ip in new[] { IPAddress.Loopback, IPAddress.IPv6Loopback })
            {
                using var client = UdpEndpoint.Bind(ip, 0);
                await client.SendToAsync("hi"u8.ToArray(), new IPEndPoint(ip, server.LocalPort), default);
                Assert.Equal($"{ip} hi", (await client.ReceiveAsync(Short, Encoding.UTF8, default)).Text);
            }
        }
        finally
        {
            await server.StopAsync();
            await answering;
        }
    });

    [Fact]
    public Task A_UDP_reply_too_long_to_send_does_not_stop_the_server() => Bounded(async () =>
    {
        var server = HandlerServer.Start(new HandlerServerOptions { Protocol = SocketProtocol.Udp });
        // 70,000 bytes do not fit in one IPv4 datagram (65,507 at most): that reply fails, the next goes out.
        Task answering = AnswerAllAsync(server, r => r.Text == "big" ? new byte[70_000] : Encoding.UTF8.GetBytes("fine"));
        try
        {
            using var client = UdpEndpoint.Bind(IPAddress.Loopback, 0);
            var target = new IPEndPoint(IPAddress.Loopback, server.LocalPort);
            await client.SendToAsync("big"u8.ToArray(), target, default);
            await client.SendToAsync("small"u8.ToArray(), target, default);
            UdpDatagram reply = await client.ReceiveAsync(Short, Encoding.UTF8, default);
            Assert.Equal("fine", reply.Text);
        }
        finally
        {
            await server.StopAsync();
            await answering;
        }
    });

    [Fact]
    public Task Stopping_twice_and_disposing_after_a_stop_are_harmless() => Bounded(async () =>
    {
        foreach (SocketProtocol protocol in new[] { SocketProtocol.Tcp, SocketProtocol.Udp })
        {
            var server = HandlerServer.Start(new HandlerServerOptions { Protocol = protocol });
            await server.StopAsync();
            await server.StopAsync();
            server.Dispose();
        }
    });

    [Fact]
    public Task A_stopped_server_gives_its_TCP_and_UDP_ports_back() => Bounded(async () =>
    {
        var tcp = HandlerServer.Start(new HandlerServerOptions());
        var udp = HandlerServer.Start(new HandlerServerOptions { Protocol = SocketProtocol.Udp });
        await tcp.StopAsync();
        await udp.StopAsync();
        var refused = await Assert.ThrowsAsync<PSSocketException>(() => StreamConnector.ConnectAsync(IPAddress.Loopback, tcp.LocalPort, Short, 0, default));
        Assert.Equal("ConnectionRefused", refused.ErrorId);
        using var again = UdpEndpoint.Bind(IPAddress.Loopback, udp.LocalPort);
    });

    [Fact]
    public Task Waiting_for_a_request_that_never_comes_says_what_it_waited_for() => Bounded(async () =>
    {
        using var server = HandlerServer.Start(new HandlerServerOptions());
        var e = await Assert.ThrowsAsync<PSSocketException>(() => server.NextRequestAsync(TimeSpan.FromMilliseconds(100), default));
        Assert.Equal($"Waiting for a request on 127.0.0.1:{server.LocalPort} timed out after 0.1 s.", e.Message);
    });

    [Fact]
    public Task A_client_that_half_closes_gets_its_answer_then_end_of_stream() => Bounded(async () =>
    {
        var server = HandlerServer.Start(new HandlerServerOptions { MaxConnections = 1 });
        Task answering = AnswerAllAsync(server, r => Encoding.UTF8.GetBytes(r.Text.ToUpperInvariant() + "\n"));
        try
        {
            using (SocketConnection client = await StreamConnector.ConnectAsync(IPAddress.Loopback, server.LocalPort, Short, 0, default))
            {
                await client.SendAsync("bye\n"u8.ToArray(), Short, default);
                client.Shutdown(ShutdownDirection.Send);
                Assert.Equal("BYE", Text(await client.ReceiveDelimitedAsync("\n"u8.ToArray(), 10, true, Short, default)));
                Assert.Null(await client.ReceiveAvailableAsync(10, Short, default));
            }

            // The one slot is free again once the server has closed its side.
            Assert.Equal("NEXT", await AskOnceASlotIsFreeAsync(server.LocalPort, "next"));
        }
        finally
        {
            await server.StopAsync();
            await answering;
        }
    });

    [Fact]
    public Task A_stop_waits_while_an_answer_handed_back_is_still_going_out() => Bounded(async () =>
    {
        // 32 MiB is more than loopback's socket buffers hold (at most 6 MiB received plus 4 MiB
        // to send): the send stays blocked until the client reads, and the stop must wait for it.
        byte[] answer = TestBytes.Random(32 << 20, 21);
        var server = HandlerServer.Start(new HandlerServerOptions());
        using SocketConnection client = await StreamConnector.ConnectAsync(IPAddress.Loopback, server.LocalPort, Short, 0, default);
        await client.SendAsync("all of it\n"u8.ToArray(), Short, default);
        SocketRequest request = await server.NextRequestAsync(Short, default);
        request.Reply(answer);
        Assert.Equal(answer[..1], await client.ReceiveExactAsync(1, Short, default)); // the answer is on its way
        Task stopping = server.StopAsync();
        await Task.Delay(300);
        Assert.False(stopping.IsCompleted, "the stop did not wait for the answer still being sent");

        byte[]? rest = await client.ReceiveExactAsync(answer.Length - 1, TimeSpan.FromSeconds(20), default);
        Assert.True(answer.AsSpan(1).SequenceEqual(rest), "the answer came back changed");
        Assert.Null(await client.ReceiveAvailableAsync(10, Short, default));
        await stopping;
    }, seconds: 40);

    [PeerFact("ss")]
    public Task The_listen_queue_holds_at_least_16_connects_and_at_least_MaxConnections() => Bounded(async () =>
    {
        using (var small = HandlerServer.Start(new HandlerServerOptions { MaxConnections = 2 }))
        {
            Assert.Equal(16, ListenBacklog(small.LocalPort));
        }

        using (var large = HandlerServer.Start(new HandlerServerOptions()))
        {
            Assert.Equal(64, ListenBacklog(large.LocalPort));
        }

        await Task.CompletedTask;
    });
}
