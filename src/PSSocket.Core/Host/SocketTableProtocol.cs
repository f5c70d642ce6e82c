namespace PSSocket.Core.Host;

/// <summary>The kernel tables Get-SocketConnection reads.</summary>
public enum SocketTableProtocol
{
    Tcp,
    Udp,
    Unix,
}
