namespace PSSocket.Core.Host;

/// <summary>One socket that Wait-Socket found ready, and for what.</summary>
public sealed class SocketReadiness
{
    internal SocketReadiness(object socket, string kind, string localEndPoint, string? remoteEndPoint, SocketReadyFor readyFor, int available)
    {
        Socket = socket;
        Kind = kind;
        LocalEndPoint = localEndPoint;
        RemoteEndPoint = remoteEndPoint;
        ReadyFor = readyFor;
        Available = available;
    }

    /// <summary>The object given to Wait-Socket (listener, connection, UDP socket): pass it on to accept, read or send.</summary>
    public object Socket { get; }

    /// <summary>Listener, Connection or Udp.</summary>
    public string Kind { get; }

    public string LocalEndPoint { get; }

    public string? RemoteEndPoint { get; }

    public SocketReadyFor ReadyFor { get; }

    /// <summary>Bytes that can be read without waiting (for UDP: the size of the next datagram's queue).</summary>
    public int Available { get; }
}
