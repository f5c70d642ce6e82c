using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using PSSocket.Core.Host;
using PSSocket.Core.Sockets;
using static PSSocket.Core.Tests.Sockets.Loopback;

namespace PSSocket.Core.Tests.Sockets;

/// <summary>
/// The scanner's edges (#13 item 8): arguments, a throttle of one, a cancelled scan, and a host
/// with two addresses (127.0.0.1 and ::1 on one port number) whose answers differ.
/// </summary>
public class PortScannerEdgeTests
{
    private enum Answer
    {
        Open,
        Closed,
        Silent,
    }

    /// <summary>A port on <paramref name="ip"/> that answers as <paramref name="answer"/>; port 0 lets the system pick.</summary>
    private static async Task<(IDisposable Handle, int Port)> MakeAsync(Answer answer, IPAddress ip, int port)
    {
        var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(ip, port));
        }
        catch (SocketException)
        {
            socket.Dispose();
            throw;
        }

        port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        var held = new List<Socket> { socket };
        if (answer == Answer.Open)
        {
            socket.Listen(16);
        }
        else if (answer == Answer.Silent)
        {
            // A full accept queue that nobody drains: Linux drops further SYNs, as a filter would.
            socket.Listen(0);
            for (int i = 0; i < 2; i++)
            {
                var filler = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                held.Add(filler);
                using var quick = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
                try
                {
                    await filler.ConnectAsync(new IPEndPoint(ip, port), quick.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        return (new Held(held), port);
    }

    private sealed class Held(List<Socket> sockets) : IDisposable
    {
        public void Dispose() => sockets.ForEach(s => s.Dispose());
    }

    /// <summary>One port number answering <paramref name="onFirst"/> on the first address and <paramref name="onSecond"/> on the second.</summary>
    private static async Task<TcpPortResult> ProbeTwoAsync(IPAddress first, Answer onFirst, IPAddress second, Answer onSecond, TimeSpan timeout)
    {
        for (int attempt = 1; ; attempt++)
        {
            var (a, port) = await MakeAsync(onFirst, first, 0);
            using (a)
            {
                IDisposable b;
                try
                {
                    (b, _) = await MakeAsync(onSecond, second, port);
                }
                catch (SocketException) when (attempt < 10)
                {
                    continue; // that number is taken in the other family: another one
                }

                using (b)
                {
                    return await PortScanner.ProbeAsync("twohomed", [first, second], port, timeout, ServiceRegistry.BuiltIn(), default);
                }
            }
        }
    }

    [Fact]
    public Task Null_arguments_a_timeout_not_above_zero_and_a_throttle_below_one_are_refused() => Bounded(async () =>
    {
        var results = Channel.CreateUnbounded<TcpPortResult>();
        await Assert.ThrowsAsync<ArgumentNullException>(() => PortScanner.ScanAsync("127.0.0.1", null!, Short, 1, ServiceRegistry.BuiltIn(), results.Writer, default));
        await Assert.ThrowsAsync<ArgumentNullException>(() => PortScanner.ScanAsync("127.0.0.1", [80], Short, 1, null!, results.Writer, default));
        await Assert.ThrowsAsync<ArgumentNullException>(() => PortScanner.ScanAsync("127.0.0.1", [80], Short, 1, ServiceRegistry.BuiltIn(), null!, default));
        foreach (TimeSpan bad in new[] { TimeSpan.Zero, TimeSpan.FromMilliseconds(-5) })
        {
            var e = await Assert.ThrowsAsync<PSSocketException>(() => PortScanner.ScanAsync("127.0.0.1", [80], bad, 1, ServiceRegistry.BuiltIn(), results.Writer, default));
            Assert.Equal("TimeoutOutOfRange", e.ErrorId);
            Assert.Equal("The scan timeout must be positive.", e.Message);
        }

        var throttle = await Assert.ThrowsAsync<PSSocketException>(() => PortScanner.ScanAsync("127.0.0.1", [80], Short, -1, ServiceRegistry.BuiltIn(), results.Writer, default));
        Assert.Equal("ThrottleLimitOutOfRange", throttle.ErrorId);
        Assert.False(results.Reader.TryRead(out _));
    });

    [Fact]
    public Task A_throttle_of_one_probes_the_ports_one_by_one_in_the_order_given() => Bounded(async () =>
    {
        using var open = Listen("127.0.0.1");
        using Socket closed = BoundNotListening("127.0.0.1");
        int closedPort = ((IPEndPoint)closed.LocalEndPoint!).Port;
        int[] ports = [closedPort, open.LocalPort, closedPort, open.LocalPort, open.LocalPort];
        var results = Channel.CreateUnbounded<TcpPortResult>();
        await PortScanner.ScanAsync("127.0.0.1", ports, Short, 1, ServiceRegistry.BuiltIn(), results.Writer, default);
        results.Writer.Complete();
        var all = new List<TcpPortResult>();
        await foreach (TcpPortResult r in results.Reader.ReadAllAsync())
        {
            all.Add(r);
        }

        Assert.Equal(ports, all.Select(r => r.Port));
        Assert.Equal([PortState.Closed, PortState.Open, PortState.Closed, PortState.Open, PortState.Open], all.Select(r => r.State));
    });

    [Fact]
    public Task A_cancelled_scan_stops_without_waiting_out_its_ports() => Bounded(async () =>
    {
        // 40 silent probes, 2 at a time, 2 s each, would take 40 s; the cancel comes after 200 ms.
        using Silent silent = await SilentAsync("127.0.0.1");
        var results = Channel.CreateUnbounded<TcpPortResult>();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            PortScanner.ScanAsync("127.0.0.1", [.. Enumerable.Repeat(silent.Port, 40)], TimeSpan.FromSeconds(2), 2, ServiceRegistry.BuiltIn(), results.Writer, cancel.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the cancelled scan took {clock.Elapsed.TotalSeconds:F1} s");
    }, seconds: 60);

    [Theory]
    [InlineData("224.0.0.1")]
    [InlineData("ff02::1")]
    public Task A_port_on_an_address_the_network_cannot_reach_is_filtered_not_closed(string address) => Bounded(async () =>
    {
        // Linux refuses a TCP connect to a multicast address at once with ENETUNREACH (no packet
        // leaves): an error other than a refusal, which is "unreachable", hence Filtered.
        TcpPortResult r = await PortScanner.ProbeAsync(address, [IPAddress.Parse(address)], 7, Short, ServiceRegistry.BuiltIn(), default);
        Assert.Equal(PortState.Filtered, r.State);
        Assert.True(r.LatencyMilliseconds < Short.TotalMilliseconds, "the probe waited out its timeout instead of failing at once");
    });

    [Fact]
    public Task A_port_closed_on_the_first_address_and_open_on_the_second_is_open_there() => Bounded(async () =>
    {
        TcpPortResult r = await ProbeTwoAsync(IPAddress.IPv6Loopback, Answer.Closed, IPAddress.Loopback, Answer.Open, Short);
        Assert.Equal((PortState.Open, "127.0.0.1"), (r.State, r.Address));
        Assert.Equal("twohomed", r.ComputerName);
    });

    [Fact]
    public Task A_port_closed_on_the_first_address_and_silent_on_the_second_is_closed_at_the_first() => Bounded(async () =>
    {
        TcpPortResult r = await ProbeTwoAsync(IPAddress.IPv6Loopback, Answer.Closed, IPAddress.Loopback, Answer.Silent, TimeSpan.FromMilliseconds(500));
        Assert.Equal((PortState.Closed, "::1"), (r.State, r.Address));
    });

    [Fact]
    public Task A_port_open_on_the_first_address_is_not_probed_on_the_second() => Bounded(async () =>
    {
        // The second address would hold the probe for the whole 3 s timeout.
        var clock = Stopwatch.StartNew();
        TcpPortResult r = await ProbeTwoAsync(IPAddress.Loopback, Answer.Open, IPAddress.IPv6Loopback, Answer.Silent, TimeSpan.FromSeconds(3));
        Assert.Equal((PortState.Open, "127.0.0.1"), (r.State, r.Address));
        Assert.True(r.LatencyMilliseconds < 1500, $"latency {r.LatencyMilliseconds} ms");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"the probe took {clock.Elapsed.TotalSeconds:F1} s: it waited on the second address");
    });

    [Fact]
    public Task The_latency_of_an_open_port_is_its_own_connect_not_the_timeout_spent_before_it() => Bounded(async () =>
    {
        var clock = Stopwatch.StartNew();
        TcpPortResult r = await ProbeTwoAsync(IPAddress.IPv6Loopback, Answer.Silent, IPAddress.Loopback, Answer.Open, TimeSpan.FromSeconds(2));
        Assert.Equal((PortState.Open, "127.0.0.1"), (r.State, r.Address));
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2), "the first address was not waited on");
        Assert.True(r.LatencyMilliseconds < 1000, $"latency {r.LatencyMilliseconds} ms includes the first address's timeout");
    });
}
