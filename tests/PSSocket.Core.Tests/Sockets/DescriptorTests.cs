using System.Net;
using System.Text;
using PSSocket.Core.Sockets;
using static PSSocket.Core.Tests.Sockets.Loopback;

namespace PSSocket.Core.Tests.Sockets;

/// <summary>Counting /proc/self/fd needs a quiet process.</summary>
[Collection(nameof(RunsAlone))]
public class DescriptorTests
{
    /// <summary>Everything a cmdlet can do and then stop, time out or be cancelled during.</summary>
    private static async Task ExerciseAsync()
    {
        // A listener that times out, then is stopped.
        var listener = Listen("127.0.0.1");
        await Assert.ThrowsAsync<PSSocketException>(() => listener.AcceptAsync(TimeSpan.FromMilliseconds(50), default));
        int tcpPort = listener.LocalPort;
        var (client, server) = await PairAsync(listener);

        // A receive that is cancelled (Ctrl+C), then both ends closed.
        using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => server.ReceiveAvailableAsync(10, Short, cancel.Token));
        }

        client.Close();
        server.Close();
        listener.Stop();
        using (SocketListener.Start(IPAddress.Loopback, tcpPort, 4, false))
        {
            // re-bound at once
        }

        // A connect that times out.
        using (Silent silent = await SilentAsync("127.0.0.1"))
        {
            await Assert.ThrowsAsync<PSSocketException>(() => StreamConnector.ConnectAsync(IPAddress.Loopback, silent.Port, TimeSpan.FromMilliseconds(100), 0, default));
        }

        // Echo servers stopped with a client still connected.
        var echo = EchoServer.Start(new EchoServerOptions());
        using (SocketConnection c = await StreamConnector.ConnectAsync(IPAddress.Loopback, echo.LocalPort, Short, 0, default))
        {
            await c.SendAsync("x"u8.ToArray(), Short, default);
            await c.ReceiveExactAsync(1, Short, default);
            await echo.StopAsync();
        }

        using (SocketListener.Start(IPAddress.Loopback, echo.LocalPort, 4, false))
        {
        }

        var udpEcho = EchoServer.Start(new EchoServerOptions { Protocol = SocketProtocol.Udp });
        await udpEcho.StopAsync();
        UdpEndpoint.Bind(IPAddress.Loopback, udpEcho.LocalPort).Dispose();

        // A UDP receive that times out; a ping run.
        using (var udp = UdpEndpoint.Bind(IPAddress.Loopback, 0))
        {
            await Assert.ThrowsAsync<PSSocketException>(() => udp.ReceiveAsync(TimeSpan.FromMilliseconds(50), Encoding.ASCII, default));
            using UdpPinger pinger = await UdpPinger.OpenAsync("127.0.0.1", udp.Local.Port, default);
            await pinger.ProbeAsync(1, UdpPinger.DefaultPayload(1), TimeSpan.FromMilliseconds(50), Encoding.ASCII, default);
        }

        // A handler server stopped with a connected client.
        var handler = HandlerServer.Start(new HandlerServerOptions());
        using (SocketConnection c = await StreamConnector.ConnectAsync(IPAddress.Loopback, handler.LocalPort, Short, 0, default))
        {
            await c.SendAsync("x\n"u8.ToArray(), Short, default);
            await handler.Requests.ReadAsync();
            await handler.StopAsync();
        }

        using (SocketListener.Start(IPAddress.Loopback, handler.LocalPort, 4, false))
        {
        }

        // An AF_UNIX listener.
        string path = Path.Combine(Path.GetTempPath(), $"pssocket-{Guid.NewGuid():N}.sock");
        using (var unix = SocketListener.StartUnix(path, 4))
        using (SocketConnection c = await StreamConnector.ConnectUnixAsync(path, Short, default))
        {
            (await unix.AcceptAsync(Short, default)).Dispose();
        }
    }

    [Fact]
    public Task Stop_timeout_and_cancel_leave_no_descriptor_open() => Bounded(async () =>
    {
        // The first round opens the runtime's own long-lived descriptors (epoll, its pipes).
        await ExerciseAsync();
        int before = OpenDescriptors();
        await ExerciseAsync();
        await ExerciseAsync();
        Assert.Equal(before, OpenDescriptors());
    }, seconds: 20);
}
