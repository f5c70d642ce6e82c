namespace PSSocket.Core.Sockets;

/// <summary>
/// Where a connection stands. Closed means no more data will arrive: the peer closed (end of
/// stream), the connection was reset, or it was closed here; a final reply may still be sent to a
/// peer that only half-closed until Close-TcpConnection disposes the socket.
/// </summary>
public enum ConnectionState
{
    Established,

    /// <summary>This side shut down sending (half-close); data can still be received.</summary>
    SendShutdown,

    Closed,
}
