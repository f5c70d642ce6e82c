namespace PSSocket.Core.Sockets;

/// <summary>What carries a stream: TCP over IPv4/IPv6, or a local AF_UNIX socket.</summary>
public enum StreamTransport
{
    Tcp,
    Unix,
}
