using System.Net;
using System.Text;
using System.Threading.Channels;
using PSSocket.Core.Sockets;
using static PSSocket.Core.Tests.Sockets.Loopback;

namespace PSSocket.Core.Tests.Sockets;

public class HandlerServerTests
{
    /// <summary>Plays the pipeline thread: one consumer answering every request in order.</summary>
    private static async Task<List<SocketRequest>> AnswerAsync(ChannelReader<SocketRequest> requests, int count, Func<SocketRequest, string?> handler)
    {
        var handled = new List<SocketRequest>();
        while (handled.Count < count)
        {
            SocketRequest request = await requests.ReadAsync();
            string? reply = handler(request);
            request.Reply(reply is null ? null : Encoding.UTF8.GetBytes(reply));
            handled.Add(request);
        }

        return handled;
    }

    [Theory]
    [MemberData(nameof(Addresses), MemberType = typeof(Loopback))]
    public Task TCP_clients_are_served_concurrently_and_each_gets_its_own_answers_in_order(string address) => Bounded(async () =>
    {
        using var server = HandlerServer.Start(new HandlerServerOptions { Address = IPAddress.Parse(address) });
        var clients = new List<SocketConnection>();
        try
        {
            for (int i = 0; i < 3; i++)
            {
                clients.Add(await StreamConnector.ConnectAsync(IPAddress.Parse(address), server.LocalPort, Short, 0, default));
            }

            Task<List<SocketRequest>> answering = AnswerAsync(server.Requests, 3 * 4, r => r.Text == "quiet" ? null : $"{r.ConnectionId}:{r.Text.ToUpperInvariant()}\n");
            await Task.WhenAll(clients.Select((c, i) => c.SendAsync(Encoding.ASCII.GetBytes($"a{i}\nquiet\nb{i}\r\nc{i}\n"), Short, default)));
            for (int i = 0; i < clients.Count; i++)
            {
                var lines = new List<string?>();
                for (int k = 0; k < 3; k++)
                {
                    lines.Add(Text(await clients[i].ReceiveDelimitedAsync("\n"u8.ToArray(), 100, true, Short, default)));
                }

                string prefix = lines[0]!.Split(':')[0];
                Assert.Equal([$"{prefix}:A{i}", $"{prefix}:B{i}", $"{prefix}:C{i}"], lines);
            }

            List<SocketRequest> handled = await answering;
            Assert.Equal(3, handled.Select(r => r.ConnectionId).Distinct().Count());
            Assert.All(handled, r => Assert.Equal(address, r.RemoteAddress));
            Assert.Equal(0, handled.First(r => r.Text == "quiet").ReplyLength);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    });

    [Theory]
    [MemberData(nameof(Addresses), MemberType = typeof(Loopback))]
    public Task UDP_requests_are_answered_to_their_senders(string address) => Bounded(async () =>
    {
        var ip = IPAddress.Parse(address);
        using var server = HandlerServer.Start(new HandlerServerOptions { Protocol = SocketProtocol.Udp, Address = ip });
        using var one = UdpEndpoint.Bind(ip, 0);
        using var two = UdpEndpoint.Bind(ip, 0);
        var target = new IPEndPoint(ip, server.LocalPort);
        Task<List<SocketRequest>> answering = AnswerAsync(server.Requests, 2, r => $"{r.RemotePort} said {r.Text}");
        await one.SendToAsync("hi"u8.ToArray(), target, default);
        await two.SendToAsync("yo"u8.ToArray(), target, default);
        Assert.Equal($"{one.Local.Port} said hi", (await one.ReceiveAsync(Short, Encoding.UTF8, default)).Text);
        Assert.Equal($"{two.Local.Port} said yo", (await two.ReceiveAsync(Short, Encoding.UTF8, default)).Text);
        Assert.All(await answering, r => Assert.Equal(SocketProtocol.Udp, r.Protocol));
    });

    [Fact]
    public Task Stopping_with_a_request_unanswered_ends_every_connection_without_hanging() => Bounded(async () =>
    {
        var server = HandlerServer.Start(new HandlerServerOptions());
        using SocketConnection client = await StreamConnector.ConnectAsync(IPAddress.Loopback, server.LocalPort, Short, 0, default);
        await client.SendAsync("never answered\n"u8.ToArray(), Short, default);
        SocketRequest pending = await server.Requests.ReadAsync();
        Assert.Equal("never answered", pending.Text);
        await server.StopAsync();
        Assert.Null(await client.ReceiveAvailableAsync(10, Short, default));
        Assert.False(await server.Requests.WaitToReadAsync());
    });

    [Fact]
    public Task A_line_longer_than_the_limit_closes_only_that_client() => Bounded(async () =>
    {
        using var server = HandlerServer.Start(new HandlerServerOptions { MaxMessageBytes = 16 });
        using SocketConnection rude = await StreamConnector.ConnectAsync(IPAddress.Loopback, server.LocalPort, Short, 0, default);
        using SocketConnection polite = await StreamConnector.ConnectAsync(IPAddress.Loopback, server.LocalPort, Short, 0, default);
        await rude.SendAsync(Encoding.ASCII.GetBytes(new string('x', 100) + "\n"), Short, default);
        Assert.Null(await rude.ReceiveAvailableAsync(10, Short, default));
        Task<List<SocketRequest>> answering = AnswerAsync(server.Requests, 1, r => r.Text + "!\n");
        await polite.SendAsync("ok\n"u8.ToArray(), Short, default);
        Assert.Equal("ok!", Text(await polite.ReceiveDelimitedAsync("\n"u8.ToArray(), 10, true, Short, default)));
        await answering;
    });

    [Fact]
    public Task An_answer_handed_back_just_before_stopping_still_reaches_the_client() => Bounded(async () =>
    {
        using var listener = Listen("127.0.0.1");
        var server = HandlerServer.Serve(listener, new HandlerServerOptions());
        using SocketConnection client = await StreamConnector.ConnectAsync(IPAddress.Loopback, listener.LocalPort, Short, 0, default);
        await client.SendAsync("last\n"u8.ToArray(), Short, default);
        SocketRequest request = await server.NextRequestAsync(Short, default);
        request.Reply("bye\n"u8.ToArray());
        await server.StopAsync();
        Assert.Equal("bye", Text(await client.ReceiveDelimitedAsync("\n"u8.ToArray(), 10, true, Short, default)));
        Assert.Null(await client.ReceiveAvailableAsync(10, Short, default));

        // The listener was the caller's: it still accepts.
        Assert.Equal(ListenerState.Listening, listener.State);
        Task<SocketConnection> accepting = listener.AcceptAsync(Short, default);
        using SocketConnection again = await StreamConnector.ConnectAsync(IPAddress.Loopback, listener.LocalPort, Short, 0, default);
        (await accepting).Dispose();
    });

    [Fact]
    public Task A_listener_stopped_under_the_server_ends_its_accepting_and_its_connections_are_still_served() => Bounded(async () =>
    {
        // Stop-TcpListener in a handler: the caller's listener stops while the server runs on it. Its
        // accept fails at once from then on, so a loop that retried it spun on the failure for good.
        using var listener = Listen("127.0.0.1");
        var server = HandlerServer.Serve(listener, new HandlerServerOptions());
        using SocketConnection client = await StreamConnector.ConnectAsync(IPAddress.Loopback, listener.LocalPort, Short, 0, default);
        await client.SendAsync("first\n"u8.ToArray(), Short, default);
        (await server.NextRequestAsync(Short, default)).Reply("1\n"u8.ToArray());
        Assert.Equal("1", Text(await client.ReceiveDelimitedAsync("\n"u8.ToArray(), 10, true, Short, default)));

        Assert.True(server.Accepting);
        listener.Stop();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (server.Accepting)
        {
            Assert.True(clock.Elapsed < Short, "the accept loop still runs on a stopped listener");
            await Task.Delay(10);
        }

        await client.SendAsync("second\n"u8.ToArray(), Short, default);
        (await server.NextRequestAsync(Short, default)).Reply("2\n"u8.ToArray());
        Assert.Equal("2", Text(await client.ReceiveDelimitedAsync("\n"u8.ToArray(), 10, true, Short, default)));
        await server.StopAsync();
    });

    [Fact]
    public Task Waiting_for_a_request_times_out_with_TimedOut() => Bounded(async () =>
    {
        using var server = HandlerServer.Start(new HandlerServerOptions { Protocol = SocketProtocol.Udp });
        var e = await Assert.ThrowsAsync<PSSocketException>(() => server.NextRequestAsync(TimeSpan.FromMilliseconds(100), default));
        Assert.Equal("TimedOut", e.ErrorId);
        Assert.Equal("127.0.0.1:" + server.LocalPort, e.Target);
    });
}
