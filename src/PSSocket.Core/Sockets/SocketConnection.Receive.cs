using System.Globalization;
using System.Net.Sockets;

namespace PSSocket.Core.Sockets;

// Receiving: the framing calls (available, exact, delimited, until closed) over one buffer that keeps what a call did not consume.
public sealed partial class SocketConnection
{
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
