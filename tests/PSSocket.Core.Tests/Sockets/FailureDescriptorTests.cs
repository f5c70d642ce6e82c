using System.Net;
using System.Net.Sockets;
using PSSocket.Core.Sockets;
using static PSSocket.Core.Tests.Sockets.Loopback;

namespace PSSocket.Core.Tests.Sockets;

/// <summary>Counting /proc/self/fd needs a quiet process.</summary>
[Collection(nameof(RunsAlone))]
public class FailureDescriptorTests
{
    /// <summary>Every way opening a listener or a connection can fail after its socket was made.</summary>
    private static async Task FailAsync()
    {
        using var taken = Listen("127.0.0.1");
        Assert.Throws<PSSocketException>(() => SocketListener.Start(IPAddress.Loopback, taken.LocalPort, 4, false));

        string path = Path.Combine(Path.GetTempPath(), $"pssocket-{Guid.NewGuid():N}.sock");
        using (SocketListener.StartUnix(path, 4))
        {
            Assert.Throws<PSSocketException>(() => SocketListener.StartUnix(path, 4));
        }

        string tooLong = "/tmp/" + new string('p', 120) + ".sock";
        Assert.Throws<PSSocketException>(() => SocketListener.StartUnix(tooLong, 4));
        await Assert.ThrowsAsync<PSSocketException>(() => StreamConnector.ConnectUnixAsync(tooLong, Short, default));
        await Assert.ThrowsAsync<PSSocketException>(() => StreamConnector.ConnectUnixAsync(path, Short, default));

        using Socket nobody = BoundNotListening("127.0.0.1");
        await Assert.ThrowsAsync<PSSocketException>(() => StreamConnector.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)nobody.LocalEndPoint!).Port, Short, 0, default));
        await Assert.ThrowsAsync<PSSocketException>(() => StreamConnector.ConnectAsync(IPAddress.Loopback, taken.LocalPort, Short, taken.LocalPort, default));
    }

    [Fact]
    public Task Failing_to_listen_or_connect_leaves_no_descriptor_open() => Bounded(async () =>
    {
        await FailAsync(); // the runtime's own long-lived descriptors open in the first round
        int before = OpenDescriptors();
        for (int i = 0; i < 5; i++)
        {
            await FailAsync();
        }

        Assert.Equal(before, OpenDescriptors());
    }, seconds: 30);
}
