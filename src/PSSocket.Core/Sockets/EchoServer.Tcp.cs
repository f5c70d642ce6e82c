using System.Buffers;
using System.Net.Sockets;

namespace PSSocket.Core.Sockets;

// The TCP side: accepting connections and echoing each until its peer closes.
public sealed partial class EchoServer
{
    /// <remarks>
    /// One accept and one admission are methods of their own, with no `continue` between them: a loop
    /// whose `continue` leaves a local unassigned when removed cannot be mutation-tested (Stryker drops
    /// every mutant of such a method as a compile error; tests/stryker/README.md).
    /// </remarks>
    private async Task AcceptLoopAsync()
    {
        await Task.Yield();
        CancellationToken stop = _stopping.Token;
        while (!stop.IsCancellationRequested)
        {
            if (await AcceptOneAsync(stop).ConfigureAwait(false) is { } client)
            {
                Admit(client, stop);
            }
        }
    }

    /// <summary>The next connection, or null when the accept failed or the server is stopping.</summary>
    private async Task<Socket?> AcceptOneAsync(CancellationToken stop)
    {
        try
        {
            return await _socket.AcceptAsync(stop).ConfigureAwait(false);
        }
        catch (Exception e) when (stop.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            return null;
        }
        catch (SocketException e)
        {
            // A peer that reset before accept, or a full descriptor table: note it, keep serving.
            _lastError = e.Message;
            await SocketFaults.AfterFailedAcceptAsync(e.SocketErrorCode).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>Serves an accepted connection, or closes it at once when MaxConnections are being served.</summary>
    private void Admit(Socket client, CancellationToken stop)
    {
        if (Interlocked.Read(ref _active) >= _options.MaxConnections)
        {
            Interlocked.Increment(ref _rejected);
            client.Dispose();
            return;
        }

        Interlocked.Increment(ref _accepted);
        Interlocked.Increment(ref _active);
        long id = ++_nextConnection;
        Task serving = ServeAsync(id, client, stop);
        _connections.TryAdd(id, serving);
        if (serving.IsCompleted)
        {
            _connections.TryRemove(id, out _);
        }
    }

    /// <summary>
    /// Echoes until the peer closes. Its I/O takes no cancellation token (registering one per
    /// operation costs a fifth of the round-trip rate); stopping and the idle sweep end it by
    /// closing the socket instead.
    /// </summary>
    private async Task ServeAsync(long id, Socket client, CancellationToken stop)
    {
        await Task.Yield();
        byte[] buffer = ArrayPool<byte>.Shared.Rent(TcpBufferBytes);
        var served = new Served(client);
        _served[id] = served;
        try
        {
            // A stop that came before this connection was registered would not close it: check now.
            stop.ThrowIfCancellationRequested();
            client.NoDelay = true;
            while (true)
            {
                int received = await client.ReceiveAsync(buffer, SocketFlags.None, CancellationToken.None).ConfigureAwait(false);
                served.Touch();
                if (received == 0)
                {
                    // The peer half-closed: everything has been echoed, so finish our side too.
                    client.Shutdown(SocketShutdown.Send);
                    break;
                }

                Interlocked.Add(ref _bytesReceived, received);
                if (_options.Transform == EchoTransform.Upper)
                {
                    ToUpper(buffer.AsSpan(0, received));
                }

                int sent = 0;
                while (sent < received)
                {
                    sent += await client.SendAsync(buffer.AsMemory(sent, received - sent), SocketFlags.None, CancellationToken.None).ConfigureAwait(false);
                }

                served.Touch();
                Interlocked.Add(ref _bytesSent, received);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || (e is SocketException && served.Closed))
        {
            // Stopped, or closed by the idle sweep: the connection simply ends.
        }
        catch (SocketException e)
        {
            _lastError = e.Message;
        }
        finally
        {
            _served.TryRemove(id, out _);
            client.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
            Interlocked.Decrement(ref _active);
            _connections.TryRemove(id, out _);
        }
    }
}
