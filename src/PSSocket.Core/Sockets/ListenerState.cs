namespace PSSocket.Core.Sockets;

public enum ListenerState
{
    Listening,
    Stopped,
}
