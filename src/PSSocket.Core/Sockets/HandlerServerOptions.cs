using System.Net;
using System.Text;

namespace PSSocket.Core.Sockets;

internal sealed record HandlerServerOptions
{
    public SocketProtocol Protocol { get; init; } = SocketProtocol.Tcp;

    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>UDP: every address to serve on the same port (both loopbacks for "localhost"); null serves <see cref="Address"/>.</summary>
    public IReadOnlyList<IPAddress>? Addresses { get; init; }

    public int Port { get; init; }

    public int MaxConnections { get; init; } = 64;

    /// <summary>The longest line a TCP client may send; longer ones close its connection.</summary>
    public int MaxMessageBytes { get; init; } = 64 * 1024;

    /// <summary>Requests waiting for the handler; readers stop reading when it is full.</summary>
    public int QueueCapacity { get; init; } = 256;

    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public Encoding Encoding { get; init; } = new UTF8Encoding(false);
}
