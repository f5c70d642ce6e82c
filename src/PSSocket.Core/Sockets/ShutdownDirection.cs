namespace PSSocket.Core.Sockets;

/// <summary>Which direction of a connection to shut down (shutdown(2)'s SHUT_WR, SHUT_RD, SHUT_RDWR).</summary>
public enum ShutdownDirection
{
    Send,
    Receive,
    Both,
}
