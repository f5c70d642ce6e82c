using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PSSocket.Core.Sockets;

/// <summary>
/// One stream connection (TCP or AF_UNIX), as New-TcpConnection and Wait-TcpConnection return it.
/// Received bytes that a framing call did not consume stay buffered here, so a timeout or a
/// switch of framing never loses data.
/// </summary>
public sealed partial class SocketConnection : IDisposable
{
    private const int InitialBufferBytes = 64 * 1024;
    private const int MinimumFreeBytes = 4 * 1024;

    /// <summary>A bulk stream grows the buffer up to this, so each read takes a large slice of the socket queue.</summary>
    private const int BulkBufferBytes = 1024 * 1024;
    private static long s_lastId;

    private readonly Socket _socket;
    private readonly SemaphoreSlim _receiving = new(1, 1);
    private readonly SemaphoreSlim _sending = new(1, 1);
    private byte[] _buffer = [];
    private int _start;
    private int _count;
    private long _sent;
    private long _received;
    private volatile ConnectionState _state;
    private volatile bool _receiveEnded;
    private volatile bool _sendShut;
    private volatile bool _disposed;
    private readonly IPEndPoint? _local;
    private readonly IPEndPoint? _remote;
    private string? _localAddress;
    private string? _remoteAddress;
    private string? _target;

    internal SocketConnection(Socket socket)
    {
        _socket = socket;
        Id = Interlocked.Increment(ref s_lastId);
        ConnectedAt = DateTimeOffset.Now;
        if (socket.AddressFamily == AddressFamily.Unix)
        {
            Transport = StreamTransport.Unix;
            _localAddress = (socket.LocalEndPoint as UnixDomainSocketEndPoint)?.ToString() ?? string.Empty;
            _remoteAddress = (socket.RemoteEndPoint as UnixDomainSocketEndPoint)?.ToString() ?? string.Empty;
            _target = _remoteAddress.Length > 0 ? _remoteAddress : _localAddress;
        }
        else
        {
            // The text forms are made when first asked for: a server accepting thousands of
            // connections a second need not format addresses nobody reads.
            Transport = StreamTransport.Tcp;
            socket.NoDelay = true;
            _local = (IPEndPoint)socket.LocalEndPoint!;
            _remote = (IPEndPoint)socket.RemoteEndPoint!;
        }
    }

    public long Id { get; }

    public StreamTransport Transport { get; }

    /// <summary>The local IP address, or the socket path for an AF_UNIX server side.</summary>
    public string LocalAddress => _localAddress ??= EndpointText.Plain(_local!.Address).ToString();

    public int LocalPort => _local?.Port ?? 0;

    /// <summary>The peer's IP address, or the socket path for an AF_UNIX client side.</summary>
    public string RemoteAddress => _remoteAddress ??= EndpointText.Plain(_remote!.Address).ToString();

    public int RemotePort => _remote?.Port ?? 0;

    public ConnectionState State => _state;

    public DateTimeOffset ConnectedAt { get; }

    public long BytesSent => Interlocked.Read(ref _sent);

    public long BytesReceived => Interlocked.Read(ref _received);

    /// <summary>The peer as users write it ('127.0.0.1:5000', '[::1]:5000', or the socket path): the target of errors.</summary>
    internal string Target => _target ??= EndpointText.Format(_remote!.Address, _remote.Port);

    /// <summary>Bytes received but not yet handed out by a framing call.</summary>
    internal int Buffered => _count;

    /// <summary>For Wait-Socket's select(): the socket, and whether the stream already ended or the object was closed.</summary>
    internal (Socket Socket, bool Ended, bool Closed) WaitState => (_socket, _receiveEnded, _disposed);

    public override string ToString() => Transport == StreamTransport.Unix
        ? $"unix {Target} {State}"
        : string.Create(CultureInfo.InvariantCulture, $"{EndpointText.Format(IPAddress.Parse(LocalAddress), LocalPort)} -> {Target} {State}");

    /// <summary>Half-close: Send is shutdown(SHUT_WR), the peer reads end of stream while this side keeps reading.</summary>
    internal void Shutdown(ShutdownDirection direction)
    {
        if (direction == ShutdownDirection.Both)
        {
            Close();
            return;
        }

        if (_disposed)
        {
            throw SocketFaults.Closed(Target, "Shutting down");
        }

        try
        {
            if (direction == ShutdownDirection.Send)
            {
                _socket.Shutdown(SocketShutdown.Send);
                _sendShut = true;
                _state = _receiveEnded ? ConnectionState.Closed : ConnectionState.SendShutdown;
            }
            else
            {
                _socket.Shutdown(SocketShutdown.Receive);
                _receiveEnded = true;
                _state = ConnectionState.Closed;
            }
        }
        catch (SocketException e)
        {
            throw SocketFaults.From(e, Target, "Shutting down");
        }
    }

    /// <summary>Closes the socket; buffered bytes are discarded.</summary>
    internal void Close()
    {
        _disposed = true;
        _receiveEnded = true;
        _state = ConnectionState.Closed;
        _socket.Dispose();
    }

    /// <summary>Closes with a reset (RST) instead of an orderly end of stream, as a crashed peer would.</summary>
    internal void Abort()
    {
        if (!_disposed)
        {
            _socket.LingerState = new LingerOption(true, 0);
        }

        Close();
    }

    public void Dispose() => Close();
}
