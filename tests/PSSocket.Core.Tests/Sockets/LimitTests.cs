using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using PSSocket.Core.Host;
using PSSocket.Core.Sockets;
using static PSSocket.Core.Tests.Sockets.Loopback;

namespace PSSocket.Core.Tests.Sockets;

/// <summary>
/// Each limit pushed one past: the connection cap, the scanner's throttle and the idle timeout,
/// each with the case just inside the limit (it must work) and just outside (it must be enforced).
/// </summary>
public class LimitTests
{
    /// <summary>True when the peer has closed: an orderly end of stream or a reset, not silence.</summary>
    private static async Task<bool> ClosedByPeerAsync(SocketConnection client)
    {
        try
        {
            return await client.ReceiveAvailableAsync(10, Short, default) is null;
        }
        catch (PSSocketException e) when (e.ErrorId == "ConnectionReset")
        {
            return true;
        }
    }

    [Fact]
    public Task The_handler_server_serves_MaxConnections_clients_and_closes_the_one_past_the_cap() => Bounded(async () =>
    {
        using var server = HandlerServer.Start(new HandlerServerOptions { MaxConnections = 2 });
        var answering = Task.Run(async () =>
        {
            await foreach (SocketRequest r in server.Requests.ReadAllAsync())
            {
                r.Reply(System.Text.Encoding.UTF8.GetBytes(r.Text + "!\n"));
            }
        });
        var clients = new List<SocketConnection>();
        try
        {
            // Up to the cap: each is served (an answer proves the server counts it as active).
            for (int i = 0; i < 2; i++)
            {
                clients.Add(await StreamConnector.ConnectAsync(IPAddress.Loopback, server.LocalPort, Short, 0, default));
                await clients[i].SendAsync(System.Text.Encoding.ASCII.GetBytes($"c{i}\n"), Short, default);
                Assert.Equal($"c{i}!", Text(await clients[i].ReceiveDelimitedAsync("\n"u8.ToArray(), 100, true, Short, default)));
            }

            // One past the cap: closed at once, never served.
            using SocketConnection extra = await StreamConnector.ConnectAsync(IPAddress.Loopback, server.LocalPort, Short, 0, default);
            Assert.True(await ClosedByPeerAsync(extra), "the connection past MaxConnections was not closed");

            // A slot freed is a slot usable again: the server accepts a new client once one leaves.
            clients[0].Dispose();
            Assert.Equal("again!", await AskOnceASlotIsFreeAsync(server.LocalPort, "again"));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
            await server.StopAsync();
            await answering;
        }
    });

    [Fact]
    public Task The_echo_server_serves_exactly_MaxConnections_clients() => Bounded(async () =>
    {
        using var server = EchoServer.Start(new EchoServerOptions { MaxConnections = 3 });
        var clients = new List<SocketConnection>();
        try
        {
            for (int i = 0; i < 3; i++)
            {
                clients.Add(await StreamConnector.ConnectAsync(IPAddress.Loopback, server.LocalPort, Short, 0, default));
                await clients[i].SendAsync("e"u8.ToArray(), Short, default);
                Assert.Equal("e", Text(await clients[i].ReceiveExactAsync(1, Short, default)));
            }

            using SocketConnection extra = await StreamConnector.ConnectAsync(IPAddress.Loopback, server.LocalPort, Short, 0, default);
            Assert.True(await ClosedByPeerAsync(extra), "the connection past MaxConnections was not closed");
            Assert.Equal((3L, 1L), (server.ConnectionsAccepted, server.ConnectionsRejected));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    });

    /// <summary>
    /// Our sockets in SYN_SENT towards <paramref name="port"/> on loopback, read from the kernel's
    /// own table: the connects in flight, counted by something other than the scanner.
    /// </summary>
    private static int ConnectsInFlight(int port)
    {
        int count = 0;
        foreach (string table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            foreach (string line in File.ReadLines(table).Skip(1))
            {
                string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // f[2] is rem_address "HEX:PORT", f[3] the state; 02 is SYN_SENT.
                if (f.Length > 3 && f[3] == "02" && int.Parse(f[2].AsSpan(f[2].IndexOf(':') + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
                {
                    count++;
                }
            }
        }

        return count;
    }

    [Fact]
    public Task The_scanner_never_has_more_connects_in_flight_than_its_throttle() => Bounded(async () =>
    {
        // A listener whose queue is full: the kernel drops further SYNs, so each probe's connect
        // stays in flight until the scan's timeout ends it.
        using Silent held = await SilentAsync("127.0.0.1");
        const int Throttle = 3;
        var timeout = TimeSpan.FromSeconds(1);
        int[] ports = [.. Enumerable.Repeat(held.Port, 10)];
        var results = Channel.CreateUnbounded<TcpPortResult>();
        int before = ConnectsInFlight(held.Port); // a filler of the full queue may itself still be in SYN_SENT
        var clock = Stopwatch.StartNew();
        Task scanning = PortScanner.ScanAsync("127.0.0.1", ports, timeout, Throttle, ServiceRegistry.BuiltIn(), results.Writer, default);
        int most = 0;
        while (!scanning.IsCompleted)
        {
            most = Math.Max(most, ConnectsInFlight(held.Port) - before);
            await Task.Delay(10);
        }

        await scanning;
        TimeSpan took = clock.Elapsed;
        results.Writer.Complete();
        var all = new List<TcpPortResult>();
        await foreach (TcpPortResult r in results.Reader.ReadAllAsync())
        {
            all.Add(r);
        }

        Assert.Equal(ports.Length, all.Count);
        Assert.All(all, r => Assert.Equal(PortState.Filtered, r.State));
        // Never passed: every probe holds its slot for the whole timeout, so 10 probes through 3 slots
        // take at least ceil(10 / 3) = 4 timeouts; a throttle of 4 would finish in 3, none in 1. The
        // clock can only make this longer, never shorter, so load cannot fail it.
        Assert.True(took >= 4 * timeout, $"the scan took {took.TotalSeconds:F2} s; 3 at a time needs at least 4 s");
        // Reached: probes run in parallel, as the kernel's table shows. A probe's socket leaves the
        // table a moment after its timed-out connect returns (.NET closes the descriptor once the
        // cancelled operation lets go of it), and a wave of probes times out together, so on a loaded
        // machine a sample may still see a whole wave beside the one that replaced it.
        Assert.InRange(most, Throttle, 2 * Throttle);
    }, seconds: 60);

    [Fact]
    public Task Traffic_more_often_than_the_idle_timeout_keeps_an_echo_connection_open() => Bounded(async () =>
    {
        // 200 ms timeout, a byte every 100 ms for 1.5 s: the connection outlives the timeout
        // several times over. A run in which the machine stalled one of our 100 ms waits past the
        // timeout proves nothing either way, so it is repeated (a broken timer fails every run).
        var timeout = TimeSpan.FromMilliseconds(200);
        for (int run = 1; ; run++)
        {
            using var server = EchoServer.Start(new EchoServerOptions { IdleTimeout = timeout });
            var clock = Stopwatch.StartNew(); // before the connect, so a late continuation counts as a gap
            using SocketConnection client = await StreamConnector.ConnectAsync(IPAddress.Loopback, server.LocalPort, Short, 0, default);
            TimeSpan last = TimeSpan.Zero, longestGap = TimeSpan.Zero;
            string? failure = null;
            while (clock.Elapsed < TimeSpan.FromMilliseconds(1500) && failure is null)
            {
                try
                {
                    await client.SendAsync("k"u8.ToArray(), Short, default);
                    byte[]? echo = await client.ReceiveExactAsync(1, Short, default);
                    failure = echo is null ? $"closed after {clock.ElapsedMilliseconds} ms" : null;
                }
                catch (PSSocketException e)
                {
                    failure = $"{e.ErrorId} after {clock.ElapsedMilliseconds} ms";
                }

                longestGap = TimeSpan.FromTicks(Math.Max(longestGap.Ticks, (clock.Elapsed - last).Ticks));
                last = clock.Elapsed;
                await Task.Delay(100);
            }

            if (longestGap < timeout * 0.9 || run == 5)
            {
                Assert.True(failure is null, $"a connection with traffic every 100 ms was closed: {failure} (longest gap {longestGap.TotalMilliseconds} ms, run {run})");
                Assert.Equal(1, server.ActiveConnections);
                return;
            }
        }
    }, seconds: 60);

    [Fact]
    public Task A_silent_echo_connection_is_closed_but_no_earlier_than_the_idle_timeout() => Bounded(async () =>
    {
        var timeout = TimeSpan.FromMilliseconds(200);
        using var server = EchoServer.Start(new EchoServerOptions { IdleTimeout = timeout });
        using SocketConnection client = await StreamConnector.ConnectAsync(IPAddress.Loopback, server.LocalPort, Short, 0, default);

        // Some silence first, then traffic: the timeout counts from the last traffic, not the connect.
        await Task.Delay(120);
        var sinceTraffic = Stopwatch.StartNew(); // started before the send, so it never over-states
        await client.SendAsync("x"u8.ToArray(), Short, default);
        Assert.Equal("x", Text(await client.ReceiveExactAsync(1, Short, default)));
        Assert.True(await ClosedByPeerAsync(client), "a silent connection was not closed");
        TimeSpan closedAfter = sinceTraffic.Elapsed;

        // Environment.TickCount64, which the server's sweep reads, ticks in steps of a few ms.
        Assert.True(closedAfter >= timeout - TimeSpan.FromMilliseconds(15), $"closed {closedAfter.TotalMilliseconds} ms after the last traffic; the timeout is {timeout.TotalMilliseconds} ms");
        Assert.Equal(ConnectionState.Closed, client.State);
    });

    [Fact]
    public Task A_silent_handler_connection_is_closed_but_no_earlier_than_the_idle_timeout() => Bounded(async () =>
    {
        var timeout = TimeSpan.FromMilliseconds(200);
        using var server = HandlerServer.Start(new HandlerServerOptions { IdleTimeout = timeout });
        var sinceConnect = Stopwatch.StartNew(); // before the connect: the server's wait cannot start earlier
        using SocketConnection client = await StreamConnector.ConnectAsync(IPAddress.Loopback, server.LocalPort, Short, 0, default);
        Assert.True(await ClosedByPeerAsync(client), "a silent connection was not closed");
        Assert.True(sinceConnect.Elapsed >= timeout - TimeSpan.FromMilliseconds(15), $"closed after {sinceConnect.Elapsed.TotalMilliseconds} ms; the timeout is {timeout.TotalMilliseconds} ms");
    });

    [Fact]
    public Task Lines_more_often_than_the_idle_timeout_keep_a_handler_connection_open() => Bounded(async () =>
    {
        var timeout = TimeSpan.FromMilliseconds(200);
        for (int run = 1; ; run++)
        {
            using var server = HandlerServer.Start(new HandlerServerOptions { IdleTimeout = timeout });
            var answering = Task.Run(async () =>
            {
                await foreach (SocketRequest r in server.Requests.ReadAllAsync())
                {
                    r.Reply("ok\n"u8.ToArray());
                }
            });
            var clock = Stopwatch.StartNew(); // before the connect, so a late continuation counts as a gap
            using SocketConnection client = await StreamConnector.ConnectAsync(IPAddress.Loopback, server.LocalPort, Short, 0, default);
            TimeSpan last = TimeSpan.Zero, longestGap = TimeSpan.Zero;
            string? failure = null;
            while (clock.Elapsed < TimeSpan.FromMilliseconds(1500) && failure is null)
            {
                try
                {
                    await client.SendAsync("ping\n"u8.ToArray(), Short, default);
                    string? reply = Text(await client.ReceiveDelimitedAsync("\n"u8.ToArray(), 10, true, Short, default));
                    failure = reply == "ok" ? null : $"got {reply ?? "end of stream"} after {clock.ElapsedMilliseconds} ms";
                }
                catch (PSSocketException e)
                {
                    failure = $"{e.ErrorId} after {clock.ElapsedMilliseconds} ms";
                }

                longestGap = TimeSpan.FromTicks(Math.Max(longestGap.Ticks, (clock.Elapsed - last).Ticks));
                last = clock.Elapsed;
                await Task.Delay(100);
            }

            await server.StopAsync();
            await answering;
            if (longestGap < timeout * 0.9 || run == 5)
            {
                Assert.True(failure is null, $"a connection with a line every 100 ms was closed: {failure} (longest gap {longestGap.TotalMilliseconds} ms, run {run})");
                return;
            }
        }
    }, seconds: 60);
}
