using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using PSSocket.Core.Host;
using PSSocket.Core.Sockets;
using static PSSocket.Core.Tests.Sockets.Loopback;

namespace PSSocket.Core.Tests.Sockets;

public class PortScannerTests
{
    [Theory]
    [MemberData(nameof(Addresses), MemberType = typeof(Loopback))]
    public Task A_scan_tells_open_closed_and_filtered_ports_apart(string address) => Bounded(async () =>
    {
        using var open = Listen(address);
        using Socket closed = BoundNotListening(address);
        using Silent filtered = await SilentAsync(address);
        int closedPort = ((IPEndPoint)closed.LocalEndPoint!).Port;
        var services = ServiceRegistry.Parse([$"lab-open {open.LocalPort}/tcp", $"lab-udp {closedPort}/udp"]);
        var results = Channel.CreateUnbounded<TcpPortResult>();
        await PortScanner.ScanAsync(address, [open.LocalPort, closedPort, filtered.Port], TimeSpan.FromSeconds(1), 2, services, results.Writer, default);
        results.Writer.Complete();
        var byPort = new Dictionary<int, TcpPortResult>();
        await foreach (TcpPortResult r in results.Reader.ReadAllAsync())
        {
            byPort.Add(r.Port, r);
        }

        Assert.Equal(PortState.Open, byPort[open.LocalPort].State);
        Assert.Equal("lab-open", byPort[open.LocalPort].Service);
        Assert.Equal(PortState.Closed, byPort[closedPort].State);
        Assert.Null(byPort[closedPort].Service);
        Assert.Equal(PortState.Filtered, byPort[filtered.Port].State);
        Assert.InRange(byPort[filtered.Port].LatencyMilliseconds, 900, 10000);
        Assert.All(byPort.Values, r => Assert.Equal(address, r.Address));
        Assert.All(byPort.Values, r => Assert.Equal(address, r.ComputerName));
    });

    [Fact]
    public Task The_throttle_bounds_connects_in_flight_and_every_port_gets_a_result() => Bounded(async () =>
    {
        using Socket closed = BoundNotListening("127.0.0.1");
        int port = ((IPEndPoint)closed.LocalEndPoint!).Port;
        var results = Channel.CreateBounded<TcpPortResult>(1);
        int[] ports = [.. Enumerable.Repeat(port, 200)];
        Task scanning = PortScanner.ScanAsync("127.0.0.1", ports, Short, 8, ServiceRegistry.BuiltIn(), results.Writer, default);
        int count = 0;
        while (count < ports.Length)
        {
            TcpPortResult r = await results.Reader.ReadAsync();
            Assert.Equal(PortState.Closed, r.State);
            count++;
        }

        await scanning;
    });

    [Fact]
    public Task Bad_ports_and_throttles_are_refused_before_scanning() => Bounded(async () =>
    {
        var results = Channel.CreateUnbounded<TcpPortResult>();
        var port = await Assert.ThrowsAsync<PSSocketException>(() => PortScanner.ScanAsync("127.0.0.1", [80, 0], Short, 4, ServiceRegistry.BuiltIn(), results.Writer, default));
        Assert.Equal("PortOutOfRange", port.ErrorId);
        var throttle = await Assert.ThrowsAsync<PSSocketException>(() => PortScanner.ScanAsync("127.0.0.1", [80], Short, 0, ServiceRegistry.BuiltIn(), results.Writer, default));
        Assert.Equal("ThrottleLimitOutOfRange", throttle.ErrorId);
    });
}
