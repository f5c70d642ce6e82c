namespace PSSocket.Core.Host;

/// <summary>
/// One socket of the kernel's table, as netstat -anp shows it. Fields a platform cannot fill are
/// null (TIME_WAIT sockets have no owner anywhere; see each back-end for what it lacks).
/// </summary>
public sealed class SocketTableEntry
{
    internal SocketTableEntry(SocketTableProtocol protocol, string family, string localAddress, int localPort, string remoteAddress, int remotePort,
        SocketTableState state, long? sendQueue, long? receiveQueue, int? userId, ulong inode)
    {
        Protocol = protocol;
        Family = family;
        LocalAddress = localAddress;
        LocalPort = localPort;
        RemoteAddress = remoteAddress;
        RemotePort = remotePort;
        State = state;
        SendQueue = sendQueue;
        ReceiveQueue = receiveQueue;
        UserId = userId;
        Inode = inode;
    }

    public SocketTableProtocol Protocol { get; }

    /// <summary>IPv4, IPv6 or Unix.</summary>
    public string Family { get; }

    /// <summary>The local IP address, or the path of an AF_UNIX socket (abstract names start with @).</summary>
    public string LocalAddress { get; }

    public int LocalPort { get; }

    /// <summary>The peer's IP address (0.0.0.0 or :: when there is none); empty for AF_UNIX.</summary>
    public string RemoteAddress { get; }

    public int RemotePort { get; }

    public SocketTableState State { get; }

    /// <summary>Bytes sent but not yet acknowledged (TCP) or queued to send (UDP): netstat's Send-Q.</summary>
    public long? SendQueue { get; }

    /// <summary>Bytes received and not yet read (TCP; for a listener, connections waiting for accept): Recv-Q.</summary>
    public long? ReceiveQueue { get; }

    public int? ProcessId { get; internal set; }

    /// <summary>The owning process's short name (/proc/&lt;pid&gt;/comm on Linux).</summary>
    public string? ProcessName { get; internal set; }

    public int? UserId { get; internal set; }

    public string? User { get; internal set; }

    /// <summary>The well-known service of the local port, from the module's one registry.</summary>
    public string? LocalService { get; internal set; }

    /// <summary>The well-known service of the remote port.</summary>
    public string? RemoteService { get; internal set; }

    /// <summary>The socket's inode (Linux), the key that ties it to its owner's file descriptor; 0 when it has none.</summary>
    public ulong Inode { get; }
}
