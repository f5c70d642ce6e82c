using System.Net.Sockets;

namespace PSSocket.Core.Sockets;

// Sending: whole buffers, one sender at a time, within a time limit.
public sealed partial class SocketConnection
{
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
}
