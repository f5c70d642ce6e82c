namespace PSSocket.Core.Sockets;

public enum UdpPingStatus
{
    Success,
    TimedOut,
}
