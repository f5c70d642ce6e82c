using System.Net;
using System.Net.Sockets;
using PSSocket.Core.Sockets;
using PSSocket.Core.Tests.Support;
using PSSocket.TestSupport;
using static PSSocket.Core.Tests.Sockets.Loopback;

namespace PSSocket.Core.Tests.Sockets;

/// <summary>
/// The echo server's edges that the behaviour tests leave open (#13 item 8): argument limits on
/// both sides, what each property reads before and after a stop, exact TCP counters over several
/// rounds, a half-close, a reset, and the listen queue the kernel was given.
/// </summary>
public class EchoServerEdgeTests
{
    /// <summary>Waits (bounded) until <paramref name="condition"/> holds: counters move a moment after the bytes do.</summary>
    internal static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        for (int i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), what);
    }

    /// <summary>The accept queue the kernel holds for a listening port: ss prints it as Send-Q of the LISTEN row.</summary>
    internal static int ListenBacklog(int port)
    {
        var (exit, output, error) = Peer.Run("ss", ["-Hltn", $"sport = :{port}"]);
        Assert.True(exit == 0, error);
        string[] fields = output.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("LISTEN", fields[0]);
        return int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Start_refuses_null_options_and_ports_outside_0_to_65535()
    {
        Assert.Throws<ArgumentNullException>(() => EchoServer.Start(null!));
        Assert.Equal("PortOutOfRange", Assert.Throws<PSSocketException>(() => EchoServer.Start(new EchoServerOptions { Port = -1 })).ErrorId);
        Assert.Equal("PortOutOfRange", Assert.Throws<PSSocketException>(() => EchoServer.Start(new EchoServerOptions { Port = 65536 })).ErrorId);
        Assert.Equal("PortOutOfRange", Assert.Throws<PSSocketException>(() => EchoServer.Start(new EchoServerOptions { Protocol = SocketProtocol.Udp, Port = 65536 })).ErrorId);
    }

    [Fact]
    public void DropRate_outside_zero_to_one_and_NaN_are_refused_and_any_DropRate_above_zero_needs_UDP()
    {
        foreach (double rate in new[] { double.NaN, -0.01, -1, 1.0001, double.PositiveInfinity })
        {
            var e = Assert.Throws<PSSocketException>(() => EchoServer.Start(new EchoServerOptions { Protocol = SocketProtocol.Udp, DropRate = rate }));
            Assert.Equal("DropRateOutOfRange", e.ErrorId);
        }

        // The smallest rate above zero already needs UDP; zero is TCP's default.
        Assert.Equal("DropRateNeedsUdp", Assert.Throws<PSSocketException>(() => EchoServer.Start(new EchoServerOptions { DropRate = double.Epsilon })).ErrorId);
        Assert.Equal("DropRateNeedsUdp", Assert.Throws<PSSocketException>(() => EchoServer.Start(new EchoServerOptions { DropRate = 1 })).ErrorId);
        Assert.Equal("MaxConnectionsOutOfRange", Assert.Throws<PSSocketException>(() => EchoServer.Start(new EchoServerOptions { MaxConnections = -1 })).ErrorId);
    }

    [Fact]
    public Task DropRate_one_is_allowed_and_drops_every_datagram() => Bounded(async () =>
    {
        using var server = EchoServer.Start(new EchoServerOptions { Protocol = SocketProtocol.Udp, DropRate = 1 });
        using var client = UdpEndpoint.Bind(IPAddress.Loopback, 0);
        var target = new IPEndPoint(IPAddress.Loopback, server.LocalPort);
        for (int i = 0; i < 5; i++)
        {
            await client.SendToAsync("drop me"u8.ToArray(), target, default);
        }

        await EventuallyAsync(() => server.DatagramsReceived == 5, "the server did not receive the 5 datagrams");
        Assert.Equal((5L, 0L), (server.DatagramsDropped, server.DatagramsEchoed));
        var none = await Assert.ThrowsAsync<PSSocketException>(() => client.ReceiveAsync(TimeSpan.FromMilliseconds(100), System.Text.Encoding.ASCII, default));
        Assert.Equal("TimedOut", none.ErrorId);
    });

    [Fact]
    public Task A_TCP_server_names_its_endpoint_state_and_start_time_and_has_no_overflow_count() => Bounded(async () =>
    {
        DateTimeOffset before = DateTimeOffset.Now;
        var server = EchoServer.Start(new EchoServerOptions());
        DateTimeOffset after = DateTimeOffset.Now;
        int port = server.LocalPort;
        Assert.InRange(server.StartedAt, before, after);
        Assert.Equal($"127.0.0.1:{port}", server.LocalEndpoints);
        Assert.Equal($"Tcp echo 127.0.0.1:{port} Running", server.ToString());
        Assert.Null(server.DatagramsOverflowed);
        await server.StopAsync();
        Assert.Equal($"Tcp echo 127.0.0.1:{port} Stopped", server.ToString());
        Assert.Null(server.DatagramsOverflowed);
    });

    [Fact]
    public Task A_UDP_server_on_both_loopbacks_serves_and_names_both_and_counts_kernel_overflow_as_zero() => Bounded(async () =>
    {
        var server = EchoServer.Start(new EchoServerOptions
        {
            Protocol = SocketProtocol.Udp, Addresses = [IPAddress.Loopback, IPAddress.IPv6Loopback], Address = IPAddress.Loopback,
        });
        int port = server.LocalPort;
        Assert.Equal($"127.0.0.1:{port}, [::1]:{port}", server.LocalEndpoints);
        Assert.Equal($"Udp echo 127.0.0.1:{port} Running", server.ToString());
        foreach (IPAddress ip in new[] { IPAddress.Loopback, IPAddress.IPv6Loopback })
        {
            using var client = UdpEndpoint.Bind(ip, 0);
            await client.SendToAsync("both"u8.ToArray(), new IPEndPoint(ip, port), default);
            Assert.Equal("both", (await client.ReceiveAsync(Short, System.Text.Encoding.ASCII, default)).Text);
        }

        // Nothing was lost in the kernel: the count is there (Linux tells) and is 0, running and stopped.
        Assert.Equal(0, server.DatagramsOverflowed);
        await server.StopAsync();
        Assert.Equal(0, server.DatagramsOverflowed);
        Assert.Equal(2, server.DatagramsEchoed);

        // Both ports are free again at once.
        UdpEndpoint.Bind(IPAddress.Loopback, port).Dispose();
        UdpEndpoint.Bind(IPAddress.IPv6Loopback, port).Dispose();
    });

    [Fact]
    public Task Stopping_twice_and_disposing_after_a_stop_are_harmless() => Bounded(async () =>
    {
        foreach (SocketProtocol protocol in new[] { SocketProtocol.Tcp, SocketProtocol.Udp })
        {
            var server = EchoServer.Start(new EchoServerOptions { Protocol = protocol });
            await server.StopAsync();
            await server.StopAsync();
            server.Dispose();
            Assert.Equal(ServerState.Stopped, server.State);
        }
    });

    [Fact]
    public Task TCP_rounds_on_one_connection_come_back_exact_and_the_byte_counters_match() => Bounded(async () =>
    {
        using var server = EchoServer.Start(new EchoServerOptions());
        using SocketConnection client = await StreamConnector.ConnectAsync(IPAddress.Loopback, server.LocalPort, Short, 0, default);
        byte[] big = TestBytes.Random(300_000, 13);
        long total = 0;
        foreach (byte[] round in new[] { "abc"u8.ToArray(), "de"u8.ToArray(), big, "z"u8.ToArray() })
        {
            await client.SendAsync(round, Short, default);
            Assert.Equal(round, await client.ReceiveExactAsync(round.Length, Short, default));
            total += round.Length;
        }

        // Nothing more than what was sent comes back.
        var none = await Assert.ThrowsAsync<PSSocketException>(() => client.ReceiveAvailableAsync(10, TimeSpan.FromMilliseconds(100), default));
        Assert.Equal("TimedOut", none.ErrorId);
        await EventuallyAsync(() => server.BytesSent == total, $"BytesSent {server.BytesSent}, not {total}");
        Assert.Equal(total, server.BytesReceived);
        Assert.Equal(1, server.ActiveConnections);
        Assert.Null(server.LastError);
    });

    [Fact]
    public Task A_client_that_half_closes_gets_its_echo_then_end_of_stream_and_frees_its_slot() => Bounded(async () =>
    {
        using var server = EchoServer.Start(new EchoServerOptions { MaxConnections = 1 });
        using SocketConnection client = await StreamConnector.ConnectAsync(IPAddress.Loopback, server.LocalPort, Short, 0, default);
        await client.SendAsync("last words"u8.ToArray(), Short, default);
        client.Shutdown(ShutdownDirection.Send);
        Assert.Equal("last words", Text(await client.ReceiveExactAsync(10, Short, default)));
        Assert.Null(await client.ReceiveAvailableAsync(10, Short, default));
        await EventuallyAsync(() => server.ActiveConnections == 0, "the half-closed connection still counts as active");
        Assert.Null(server.LastError);

        // Its slot (MaxConnections 1) serves the next client.
        using SocketConnection next = await StreamConnector.ConnectAsync(IPAddress.Loopback, server.LocalPort, Short, 0, default);
        await next.SendAsync("n"u8.ToArray(), Short, default);
        Assert.Equal("n", Text(await next.ReceiveExactAsync(1, Short, default)));
        Assert.Equal((2L, 0L), (server.ConnectionsAccepted, server.ConnectionsRejected));
    });

    [Fact]
    public Task A_client_reset_is_noted_in_LastError_and_the_server_goes_on() => Bounded(async () =>
    {
        using var server = EchoServer.Start(new EchoServerOptions());
        SocketConnection rude = await StreamConnector.ConnectAsync(IPAddress.Loopback, server.LocalPort, Short, 0, default);
        await rude.SendAsync("r"u8.ToArray(), Short, default);
        Assert.Equal("r", Text(await rude.ReceiveExactAsync(1, Short, default)));
        rude.Abort();
        await EventuallyAsync(() => server.ActiveConnections == 0, "the reset connection still counts as active");
        // ECONNRESET, in the system's words.
        Assert.Equal(new SocketException((int)SocketError.ConnectionReset).Message, server.LastError);

        using SocketConnection polite = await StreamConnector.ConnectAsync(IPAddress.Loopback, server.LocalPort, Short, 0, default);
        await polite.SendAsync("p"u8.ToArray(), Short, default);
        Assert.Equal("p", Text(await polite.ReceiveExactAsync(1, Short, default)));
    });

    [Fact]
    public Task A_connection_the_idle_sweep_closes_leaves_no_error_and_frees_its_slot() => Bounded(async () =>
    {
        using var server = EchoServer.Start(new EchoServerOptions { IdleTimeout = TimeSpan.FromMilliseconds(100) });
        using (SocketConnection client = await StreamConnector.ConnectAsync(IPAddress.Loopback, server.LocalPort, Short, 0, default))
        {
            Assert.Null(await client.ReceiveAvailableAsync(10, Short, default));
        }

        await EventuallyAsync(() => server.ActiveConnections == 0, "the swept connection still counts as active");
        Assert.Null(server.LastError);
    });

    [Fact]
    public Task A_client_that_stops_reading_is_closed_after_the_idle_timeout_without_an_error() => Bounded(async () =>
    {
        // The client sends far more than the socket buffers hold and never reads: the server's echo
        // blocks, nothing moves, and the sweep must end the connection; the send it cuts short is
        // the sweep's doing, not a failure to report.
        using var server = EchoServer.Start(new EchoServerOptions { IdleTimeout = TimeSpan.FromMilliseconds(300) });
        using SocketConnection client = await StreamConnector.ConnectAsync(IPAddress.Loopback, server.LocalPort, Short, 0, default);
        var flooding = Task.Run(async () =>
        {
            try
            {
                await client.SendAsync(new byte[32 << 20], TimeSpan.FromSeconds(10), default);
            }
            catch (PSSocketException)
            {
                // reset or broken pipe once the server has closed
            }
        });
        await EventuallyAsync(() => server.ConnectionsAccepted == 1 && server.ActiveConnections == 0, "the connection that stopped reading was not closed");
        Assert.Null(server.LastError);
        client.Abort();
        await flooding;
    }, seconds: 30);

    [Fact]
    public Task When_StopAsync_returns_every_connection_has_ended() => Bounded(async () =>
    {
        var server = EchoServer.Start(new EchoServerOptions());
        var clients = new List<SocketConnection>();
        try
        {
            for (int i = 0; i < 20; i++)
            {
                SocketConnection c = await StreamConnector.ConnectAsync(IPAddress.Loopback, server.LocalPort, Short, 0, default);
                clients.Add(c);
                await c.SendAsync("s"u8.ToArray(), Short, default);
                Assert.Equal("s", Text(await c.ReceiveExactAsync(1, Short, default)));
            }

            await server.StopAsync();
            Assert.Equal(0, server.ActiveConnections);
            Assert.Null(server.LastError);
            foreach (SocketConnection c in clients)
            {
                Assert.Null(await c.ReceiveAvailableAsync(10, Short, default));
            }
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    });

    [Fact]
    public Task Binding_a_TCP_port_in_use_is_AddressAlreadyInUse_naming_the_endpoint() => Bounded(async () =>
    {
        using var taken = Listen("127.0.0.1");
        var e = Assert.Throws<PSSocketException>(() => EchoServer.Start(new EchoServerOptions { Port = taken.LocalPort }));
        Assert.Equal("AddressAlreadyInUse", e.ErrorId);
        Assert.Equal($"127.0.0.1:{taken.LocalPort}", e.Target);
        Assert.StartsWith($"Listening on 127.0.0.1:{taken.LocalPort} failed", e.Message, StringComparison.Ordinal);
        await Task.CompletedTask;
    });

    [PeerFact("ss")]
    public Task The_listen_queue_holds_at_least_128_connects_and_at_least_MaxConnections() => Bounded(async () =>
    {
        // A burst of connects queues in the kernel while the accept loop takes them one by one.
        using (var small = EchoServer.Start(new EchoServerOptions { MaxConnections = 1 }))
        {
            Assert.Equal(128, ListenBacklog(small.LocalPort));
        }

        using (var large = EchoServer.Start(new EchoServerOptions { MaxConnections = 300 }))
        {
            Assert.Equal(300, ListenBacklog(large.LocalPort));
        }

        await Task.CompletedTask;
    });

    [Fact]
    public Task The_registry_refuses_to_stop_null() => Bounded(async () =>
    {
        var registry = new EchoServerRegistry();
        await Assert.ThrowsAsync<ArgumentNullException>(() => registry.StopAsync(null!));
    });
}

/// <summary>Descriptor counts need a quiet process.</summary>
[Collection(nameof(RunsAlone))]
public class EchoServerDescriptorTests
{
    [Fact]
    public void A_failed_bind_leaves_no_descriptor_open()
    {
        using var taken = Listen("127.0.0.1");
        Assert.Throws<PSSocketException>(() => EchoServer.Start(new EchoServerOptions { Port = taken.LocalPort }));
        int before = OpenDescriptors();
        for (int i = 0; i < 20; i++)
        {
            Assert.Throws<PSSocketException>(() => EchoServer.Start(new EchoServerOptions { Port = taken.LocalPort }));
        }

        Assert.Equal(before, OpenDescriptors());
    }
}
