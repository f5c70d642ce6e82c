using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PSSocket.Core.Sockets;

/// <summary>
/// One stream connection (TCP or AF_UNIX), as New-TcpConnection and Wait-TcpConnection return it.
/// Received bytes that a framing call did not consume stay buffered here, so a timeout or a
/// switch of framing never loses data.
/// </summary>
public sealed class SocketConnection : IDisposable
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

    /// <summary>Whatever is available (at least one byte, at most <paramref name="maxBytes"/>); null once the stream has ended.</summary>
    internal Task<byte[]?> ReceiveAvailableAsync(int maxBytes, TimeSpan timeout, CancellationToken cancellationToken)
    {
        CheckLength(maxBytes, "MaxBytes");
        return ReceiveAsync(async token =>
        {
            if (_count == 0 && !await FillAsync(0, token).ConfigureAwait(false))
            {
                return null;
            }

            return Take(Math.Min(_count, maxBytes), 0);
        }, timeout, cancellationToken);
    }

    /// <summary>
    /// Exactly <paramref name="count"/> bytes; null when the stream ended before any of them.
    /// A stream that ends part way raises ConnectionClosedEarly and keeps the partial bytes buffered.
    /// </summary>
    internal Task<byte[]?> ReceiveExactAsync(int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        CheckLength(count, "Count");
        return ReceiveAsync(async token =>
        {
            while (_count < count)
            {
                if (!await FillAsync(count, token).ConfigureAwait(false))
                {
                    if (_count == 0)
                    {
                        return null;
                    }

                    throw new PSSocketException("ConnectionClosedEarly", FaultCategory.ProtocolError, Target,
                        string.Create(CultureInfo.InvariantCulture,
                            $"{Target} closed after {_count} of the {count} bytes asked for; they stay buffered (read them without -Count)."));
                }
            }

            return Take(count, 0);
        }, timeout, cancellationToken);
    }

    /// <summary>
    /// The bytes before the next <paramref name="delimiter"/> (which is consumed, not returned). The
    /// last piece before end of stream comes back without a delimiter; null once nothing is left.
    /// </summary>
    internal Task<byte[]?> ReceiveDelimitedAsync(byte[] delimiter, int maxLength, bool trimCarriageReturn, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delimiter);
        if (delimiter.Length == 0)
        {
            throw new PSSocketException("EmptyDelimiter", FaultCategory.InvalidArgument, delimiter, "The delimiter must have at least one byte.");
        }

        CheckLength(maxLength, "MaxLength");
        return ReceiveAsync(async token =>
        {
            int scanned = 0;
            while (true)
            {
                int found = _buffer.AsSpan(_start + scanned, _count - scanned).IndexOf(delimiter);
                if (found >= 0)
                {
                    int length = scanned + found;
                    if (length > maxLength)
                    {
                        throw TooLong(maxLength);
                    }

                    return Trim(Take(length, delimiter.Length), trimCarriageReturn);
                }

                scanned = Math.Max(0, _count - delimiter.Length + 1);
                if (_count > maxLength)
                {
                    throw TooLong(maxLength);
                }

                if (!await FillAsync(0, token).ConfigureAwait(false))
                {
                    return _count == 0 ? null : Trim(Take(_count, 0), trimCarriageReturn);
                }
            }
        }, timeout, cancellationToken);
    }

    /// <summary>Everything until the peer closes (at most <paramref name="maxLength"/> bytes); null when nothing came.</summary>
    internal Task<byte[]?> ReceiveUntilClosedAsync(int maxLength, TimeSpan timeout, CancellationToken cancellationToken)
    {
        CheckLength(maxLength, "MaxLength");
        return ReceiveAsync(async token =>
        {
            while (await FillAsync(0, token).ConfigureAwait(false))
            {
                if (_count > maxLength)
                {
                    throw TooLong(maxLength);
                }
            }

            return _count == 0 ? null : Take(_count, 0);
        }, timeout, cancellationToken);
    }

    internal async Task SendAsync(ReadOnlyMemory<byte> data, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_disposed)
        {
            throw SocketFaults.Closed(Target, "Sending");
        }

        if (_sendShut)
        {
            throw new PSSocketException("SendShutdown", FaultCategory.InvalidOperation, Target, $"Sending to {Target} was shut down (half-close); only receiving is possible.");
        }

        try
        {
            await TimeLimit.RunAsync(
                async token =>
                {
                    await _sending.WaitAsync(token).ConfigureAwait(false);
                    try
                    {
                        while (!data.IsEmpty)
                        {
                            int sent = await _socket.SendAsync(data, SocketFlags.None, token).ConfigureAwait(false);
                            data = data[sent..];
                            Interlocked.Add(ref _sent, sent);
                        }
                    }
                    finally
                    {
                        _sending.Release();
                    }
                },
                timeout,
                () =>
                {
                    // Part of the data may be on the wire: the stream can no longer be trusted.
                    Close();
                    return SocketFaults.TimedOut(Target, "Sending to", timeout);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            _state = ConnectionState.Closed;
            throw SocketFaults.From(e, Target, "Sending to");
        }
        catch (ObjectDisposedException)
        {
            throw SocketFaults.Closed(Target, "Sending");
        }
    }

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

    private Task<byte[]?> ReceiveAsync(Func<CancellationToken, Task<byte[]?>> read, TimeSpan timeout, CancellationToken cancellationToken) =>
        TimeLimit.RunAsync(
            async token =>
            {
                await _receiving.WaitAsync(token).ConfigureAwait(false);
                try
                {
                    return _receiveEnded && _count == 0 ? null : await read(token).ConfigureAwait(false);
                }
                finally
                {
                    _receiving.Release();
                }
            },
            timeout,
            () => SocketFaults.TimedOut(Target, "Receiving from", timeout),
            cancellationToken);

    /// <summary>Reads once from the socket into the buffer, making room for <paramref name="want"/> bytes; false at end of stream.</summary>
    private async Task<bool> FillAsync(int want, CancellationToken token)
    {
        if (_receiveEnded)
        {
            return false;
        }

        if (_count == 0)
        {
            _start = 0;
        }

        if (_buffer.Length - _start - _count < MinimumFreeBytes && _start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _count);
            _start = 0;
        }

        int needed = Math.Max(want, _count + MinimumFreeBytes);
        if (_buffer.Length < needed)
        {
            byte[] larger = new byte[Math.Max(needed, Math.Max(InitialBufferBytes, _buffer.Length * 2))];
            Buffer.BlockCopy(_buffer, _start, larger, 0, _count);
            _buffer = larger;
            _start = 0;
        }

        int received;
        try
        {
            received = await _socket.ReceiveAsync(_buffer.AsMemory(_start + _count), SocketFlags.None, token).ConfigureAwait(false);
        }
        catch (SocketException e) when (e.SocketErrorCode != SocketError.OperationAborted || !_disposed)
        {
            _receiveEnded = true;
            _state = ConnectionState.Closed;
            throw SocketFaults.From(e, Target, "Receiving from");
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
            return false;
        }

        if (received == 0)
        {
            _receiveEnded = true;
            _state = ConnectionState.Closed;
            return false;
        }

        // A read that filled all the free space means the peer sends in bulk: read more per call
        // next time. Quiet connections keep the small buffer.
        if (_start + _count + received == _buffer.Length && _buffer.Length < BulkBufferBytes)
        {
            byte[] larger = new byte[_buffer.Length * 2];
            Buffer.BlockCopy(_buffer, _start, larger, 0, _count + received);
            _buffer = larger;
            _start = 0;
        }

        _count += received;
        Interlocked.Add(ref _received, received);
        return true;
    }

    private byte[] Take(int length, int skip)
    {
        // Every byte is overwritten at once, so the array need not be zeroed first.
        byte[] data = GC.AllocateUninitializedArray<byte>(length);
        _buffer.AsSpan(_start, length).CopyTo(data);
        _start += length + skip;
        _count -= length + skip;
        return data;
    }

    private static byte[] Trim(byte[] data, bool trimCarriageReturn) =>
        trimCarriageReturn && data.Length > 0 && data[^1] == (byte)'\r' ? data[..^1] : data;

    private PSSocketException TooLong(int maxLength) =>
        new("MessageTooLong", FaultCategory.InvalidData, Target,
            string.Create(CultureInfo.InvariantCulture,
                $"{Target} sent more than {maxLength} bytes without the end of a message; the bytes stay buffered (read them with -Count or without framing)."));

    private static void CheckLength(int length, string name)
    {
        if (length <= 0)
        {
            throw new PSSocketException("LengthOutOfRange", FaultCategory.InvalidArgument, length, $"{name} must be at least 1 byte.");
        }
    }
}
