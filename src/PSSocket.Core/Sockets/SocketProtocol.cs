namespace PSSocket.Core.Sockets;

public enum SocketProtocol
{
    Tcp,
    Udp,
}
