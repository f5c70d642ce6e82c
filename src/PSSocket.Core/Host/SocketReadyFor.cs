namespace PSSocket.Core.Host;

/// <summary>What a socket became ready for in Wait-Socket (select).</summary>
[Flags]
public enum SocketReadyFor
{
    None = 0,

    /// <summary>A listener has a connection waiting: Wait-TcpConnection returns at once.</summary>
    Accept = 1,

    /// <summary>Data (or a datagram) is waiting to be read.</summary>
    Read = 2,

    /// <summary>The peer closed its side: a read returns end of stream.</summary>
    Closed = 4,

    /// <summary>There is room in the send buffer: a send does not block.</summary>
    Write = 8,

    /// <summary>The socket has a pending error (for example the connection was reset).</summary>
    Error = 16,
}
