using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PSSocket.Core.Host;
using PSSocket.Core.Sockets;
using static PSSocket.Core.Tests.Sockets.Loopback;

namespace PSSocket.Core.Tests.Host;

public class SocketWaiterTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(10);

    [Theory]
    [MemberData(nameof(Addresses), MemberType = typeof(Sockets.Loopback))]
    public async Task A_listener_with_a_client_waiting_is_ready_to_accept(string address)
    {
        using SocketListener listener = Listen(address);
        var target = SocketWaiter.ToTarget(listener);
        Assert.Empty(SocketWaiter.Wait([target], read: true, write: false, TimeSpan.Zero, default));
        using var client = new Socket(IPAddress.Parse(address).AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(IPAddress.Parse(address), listener.LocalPort);
        SocketReadiness ready = Assert.Single(SocketWaiter.Wait([target], true, false, Long, default));
        Assert.Equal(SocketReadyFor.Accept, ready.ReadyFor);
        Assert.Same(listener, ready.Socket);
        Assert.Equal("Listener", ready.Kind);
    }

    [Fact]
    public async Task Of_two_connections_only_the_one_with_data_is_ready_and_says_how_much()
    {
        using SocketListener listener = Listen("127.0.0.1");
        var (client1, server1) = await PairAsync(listener);
        var (client2, server2) = await PairAsync(listener);
        using (client1)
        using (server1)
        using (client2)
        using (server2)
        {
            await client2.SendAsync(new byte[42], Short, default);
            var ready = SocketWaiter.Wait([SocketWaiter.ToTarget(server1), SocketWaiter.ToTarget(server2)], true, false, Long, default);
            SocketReadiness r = Assert.Single(ready);
            Assert.Same(server2, r.Socket);
            Assert.Equal(SocketReadyFor.Read, r.ReadyFor);
            WaitFor(() => SocketWaiter.Wait([SocketWaiter.ToTarget(server2)], true, false, Long, default).Single().Available == 42);
            Assert.Equal($"127.0.0.1:{client2.LocalPort}", r.RemoteEndPoint);
        }
    }

    [Fact]
    public async Task Bytes_the_connection_already_buffered_count_as_ready_though_the_kernel_has_none()
    {
        using SocketListener listener = Listen("127.0.0.1");
        var (client, server) = await PairAsync(listener);
        using (client)
        using (server)
        {
            await client.SendAsync("hello\nworld\n"u8.ToArray(), Short, default);
            WaitFor(() => server.WaitState.Socket.Available == 12);
            Assert.Equal(3, (await server.ReceiveAvailableAsync(3, Short, default))!.Length);
            Assert.Equal(0, server.WaitState.Socket.Available);
            SocketReadiness r = Assert.Single(SocketWaiter.Wait([SocketWaiter.ToTarget(server)], true, false, TimeSpan.Zero, default));
            Assert.Equal(SocketReadyFor.Read, r.ReadyFor);
            Assert.Equal(9, r.Available);
        }
    }

    [Fact]
    public async Task A_peer_that_closed_shows_as_closed()
    {
        using SocketListener listener = Listen("127.0.0.1");
        var (client, server) = await PairAsync(listener);
        using (server)
        {
            client.Close();
            SocketReadiness r = Assert.Single(SocketWaiter.Wait([SocketWaiter.ToTarget(server)], true, false, Long, default));
            Assert.Equal(SocketReadyFor.Closed, r.ReadyFor);
            Assert.Equal(0, r.Available);
        }
    }

    [Fact]
    public async Task A_udp_socket_with_a_datagram_is_ready_to_read_and_a_connection_to_write()
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var sender = new UdpClient();
        using SocketListener listener = Listen("127.0.0.1");
        var (client, server) = await PairAsync(listener);
        using (client)
        using (server)
        {
            var targets = new[] { SocketWaiter.ToTarget(udp), SocketWaiter.ToTarget(client) };
            Assert.Empty(SocketWaiter.Wait(targets, true, false, TimeSpan.FromMilliseconds(50), default));
            await sender.SendAsync(new byte[7], new IPEndPoint(IPAddress.Loopback, ((IPEndPoint)udp.Client.LocalEndPoint!).Port));
            SocketReadiness r = Assert.Single(SocketWaiter.Wait(targets, true, false, Long, default));
            Assert.Equal(("Udp", SocketReadyFor.Read), (r.Kind, r.ReadyFor));
            Assert.Same(udp, r.Socket);
            var writable = SocketWaiter.Wait(targets, false, true, Long, default);
            Assert.Equal(SocketReadyFor.Write, Assert.Single(writable, w => ReferenceEquals(w.Socket, client)).ReadyFor);
        }
    }

    [Fact]
    public void A_timeout_with_nothing_ready_returns_nothing_after_the_timeout()
    {
        using SocketListener listener = Listen("127.0.0.1");
        var watch = Stopwatch.StartNew();
        Assert.Empty(SocketWaiter.Wait([SocketWaiter.ToTarget(listener)], true, false, TimeSpan.FromMilliseconds(300), default));
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(290), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Cancelling_stops_a_wait_without_end()
    {
        using SocketListener listener = Listen("127.0.0.1");
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Task.Run(() => SocketWaiter.Wait([SocketWaiter.ToTarget(listener)], true, false, null, stop.Token)));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Closed_sockets_and_other_objects_are_refused()
    {
        SocketListener stopped = Listen("127.0.0.1");
        stopped.Stop();
        Assert.Equal("SocketClosed", Assert.Throws<PSSocketException>(() => SocketWaiter.ToTarget(stopped)).ErrorId);
        using SocketListener listener = Listen("127.0.0.1");
        var (client, server) = await PairAsync(listener);
        server.Dispose();
        client.Dispose();
        Assert.Equal("SocketClosed", Assert.Throws<PSSocketException>(() => SocketWaiter.ToTarget(client)).ErrorId);
        var other = Assert.Throws<PSSocketException>(() => SocketWaiter.ToTarget("text"));
        Assert.Equal(("InvalidInputObject", "text"), (other.ErrorId, other.Target));
    }

    private static void WaitFor(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < Long, "timed out");
            Thread.Sleep(5);
        }
    }
}
