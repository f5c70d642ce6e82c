using System.Text;

namespace PSSocket.Core.Sockets;

/// <summary>
/// One message a handler server received: a line over TCP or a datagram over UDP. The handler
/// scriptblock gets it as $_ (data, never code); what the handler returns is the reply.
/// </summary>
public sealed class SocketRequest
{
    private readonly TaskCompletionSource<byte[]?> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal SocketRequest(SocketProtocol protocol, long connectionId, string remoteAddress, int remotePort, int localPort, byte[] data, Encoding encoding)
    {
        Timestamp = DateTimeOffset.Now;
        Protocol = protocol;
        ConnectionId = connectionId;
        RemoteAddress = remoteAddress;
        RemotePort = remotePort;
        LocalPort = localPort;
        Data = data;
        Text = encoding.GetString(data);
    }

    public DateTimeOffset Timestamp { get; }

    public SocketProtocol Protocol { get; }

    /// <summary>Which TCP connection it came on (0 for UDP), so a handler can keep per-client state.</summary>
    public long ConnectionId { get; }

    public string RemoteAddress { get; }

    public int RemotePort { get; }

    public int LocalPort { get; }

    public int Length => Data.Length;

#pragma warning disable CA1819 // Data is the payload users pipe to Format-Hex; a copy per access would surprise them.
    public byte[] Data { get; }
#pragma warning restore CA1819

    public string Text { get; }

    /// <summary>Bytes sent back for this request; 0 when the handler returned nothing.</summary>
    public int ReplyLength { get; private set; }

    /// <summary>Completed by the pipeline thread; the connection's I/O task sends it.</summary>
    internal Task<byte[]?> ReplyTask => _reply.Task;

    /// <summary>Hands the handler's answer (null: no answer) back to the I/O side.</summary>
    internal void Reply(byte[]? data)
    {
        ReplyLength = data?.Length ?? 0;
        _reply.TrySetResult(data);
    }

    /// <summary>The server is stopping: the connection waiting on this request gives up.</summary>
    internal void Abandon() => _reply.TrySetCanceled();
}
