using System.Net;

namespace PSSocket.Core.Sockets;

/// <summary>How to run an echo server. Loopback and bounded by default.</summary>
internal sealed record EchoServerOptions
{
    public SocketProtocol Protocol { get; init; } = SocketProtocol.Tcp;

    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>UDP: every address to serve on the same port (both loopbacks for "localhost"); null serves <see cref="Address"/>.</summary>
    public IReadOnlyList<IPAddress>? Addresses { get; init; }

    public int Port { get; init; }

    public EchoTransform Transform { get; init; } = EchoTransform.None;

    /// <summary>The probability (0 to 1) that the UDP server drops a datagram instead of answering it.</summary>
    public double DropRate { get; init; }

    /// <summary>TCP connections served at once; more are accepted and closed at once (counted as rejected).</summary>
    public int MaxConnections { get; init; } = 1024;

    /// <summary>A TCP connection with no data for this long is closed.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The drop decisions; a seeded one makes a run repeatable.</summary>
    public Random? Random { get; init; }
}
