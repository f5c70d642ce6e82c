using PSSocket.Core.Sockets;
using static PSSocket.Core.Tests.Sockets.Loopback;

namespace PSSocket.Core.Tests.Sockets;

public class UnixSocketTests
{
    private static string TempSocketPath() => Path.Combine(Path.GetTempPath(), $"pssocket-{Guid.NewGuid():N}.sock");

    [Fact]
    public Task AF_UNIX_streams_use_the_same_connection_framing_and_half_close() => Bounded(async () =>
    {
        string path = TempSocketPath();
        using (var listener = SocketListener.StartUnix(path, 4))
        {
            Assert.Equal(StreamTransport.Unix, listener.Transport);
            Assert.Equal(path, listener.LocalAddress);
            Assert.True(File.Exists(path));
            Task<SocketConnection> accepting = listener.AcceptAsync(Short, default);
            using SocketConnection client = await StreamConnector.ConnectUnixAsync(path, Short, default);
            using SocketConnection server = await accepting;
            Assert.Equal(StreamTransport.Unix, client.Transport);
            Assert.Equal(path, client.RemoteAddress);
            Assert.Equal(path, server.LocalAddress);

            await client.SendAsync("hello\nworld"u8.ToArray(), Short, default);
            client.Shutdown(ShutdownDirection.Send);
            Assert.Equal("hello", Text(await server.ReceiveDelimitedAsync("\n"u8.ToArray(), 100, true, Short, default)));
            Assert.Equal("world", Text(await server.ReceiveUntilClosedAsync(100, Short, default)));
            Assert.Equal(ConnectionState.Closed, server.State);
            await server.SendAsync("bye"u8.ToArray(), Short, default);
            server.Close();
            Assert.Equal("bye", Text(await client.ReceiveUntilClosedAsync(100, Short, default)));
        }

        Assert.False(File.Exists(path), "stopping the listener removes its socket file");
    });

    [Fact]
    public Task Connecting_to_a_missing_path_is_a_clear_error_with_the_path_as_target() => Bounded(async () =>
    {
        string path = TempSocketPath();
        var e = await Assert.ThrowsAsync<PSSocketException>(() => StreamConnector.ConnectUnixAsync(path, Short, default));
        Assert.Equal(path, e.Target);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    });

    [Fact]
    public void Binding_a_path_that_exists_is_AddressAlreadyInUse()
    {
        string path = TempSocketPath();
        using var first = SocketListener.StartUnix(path, 4);
        var e = Assert.Throws<PSSocketException>(() => SocketListener.StartUnix(path, 4));
        Assert.Equal("AddressAlreadyInUse", e.ErrorId);
        Assert.Equal(path, e.Target);
    }
}
