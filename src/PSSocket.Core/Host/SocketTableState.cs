namespace PSSocket.Core.Host;

/// <summary>A socket's state as the kernel's table shows it (netstat's and ss's names in PascalCase).</summary>
public enum SocketTableState
{
    Unknown,
    Established,
    SynSent,
    SynReceived,
    FinWait1,
    FinWait2,
    TimeWait,
    Closed,
    CloseWait,
    LastAck,
    Listen,
    Closing,

    /// <summary>A UDP or datagram socket with no fixed peer (ss: UNCONN).</summary>
    Unconnected,

    /// <summary>An AF_UNIX socket connecting or disconnecting.</summary>
    Connecting,
    Disconnecting,
}
