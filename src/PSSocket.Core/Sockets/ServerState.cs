namespace PSSocket.Core.Sockets;

public enum ServerState
{
    Running,
    Stopped,
}
