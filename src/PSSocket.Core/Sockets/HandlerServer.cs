using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace PSSocket.Core.Sockets;

/// <summary>
/// The engine half of Invoke-SocketServer: it does all socket I/O and queues each request (a TCP
/// line or a UDP datagram) to one consumer, the pipeline thread, which runs the handler and calls
/// <see cref="SocketRequest.Reply"/>; the I/O side then sends the answer. TCP connections are
/// served concurrently, and each waits for its own answer, so replies keep the request order.
/// </summary>
internal sealed class HandlerServer : IDisposable
{
    private static readonly byte[] Newline = "\n"u8.ToArray();

    private readonly HandlerServerOptions _options;
    private readonly Channel<SocketRequest> _requests;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<long, Task> _connections = new();
    private readonly SocketListener? _listener;
    private readonly UdpEndpoint? _udp;
    private readonly bool _ownsListener;
    private readonly Task _loop;
    private long _active;
    private bool _stopped;

    private HandlerServer(HandlerServerOptions options, SocketListener? listener, UdpEndpoint? udp, bool ownsListener = true)
    {
        _options = options;
        _listener = listener;
        _ownsListener = ownsListener;
        _udp = udp;
        _requests = Channel.CreateBounded<SocketRequest>(new BoundedChannelOptions(options.QueueCapacity) { SingleReader = true });
        LocalAddress = listener?.LocalAddress ?? udp!.Local.Address.ToString();
        LocalPort = listener?.LocalPort ?? udp!.Local.Port;
        _loop = listener is not null ? AcceptLoopAsync(listener) : UdpLoopAsync(udp!);
    }

    public string LocalAddress { get; }

    public int LocalPort { get; }

    /// <summary>Every address and port served, such as "127.0.0.1:5000, [::1]:5000".</summary>
    public string Endpoints => _udp?.Target ?? EndpointText.Format(IPAddress.Parse(LocalAddress), LocalPort);

    /// <summary>Whether new connections are still accepted (the UDP loop: received).</summary>
    internal bool Accepting => !_loop.IsCompleted;

    /// <summary>The requests, in arrival order; the one reader must Reply to each.</summary>
    public ChannelReader<SocketRequest> Requests => _requests.Reader;

    public static HandlerServer Start(HandlerServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxConnections < 1)
        {
            throw new PSSocketException("MaxConnectionsOutOfRange", FaultCategory.InvalidArgument, options.MaxConnections, "MaxConnections must be at least 1.");
        }

        return options.Protocol == SocketProtocol.Tcp
            ? new HandlerServer(options, SocketListener.Start(options.Address, options.Port, Math.Max(16, options.MaxConnections), dualMode: false), null)
            : new HandlerServer(options, null, UdpEndpoint.Bind(options.Addresses ?? [options.Address], options.Port));
    }

    /// <summary>Serves connections accepted on a listener the caller made (and keeps: stopping the server leaves it listening).</summary>
    public static HandlerServer Serve(SocketListener listener, HandlerServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(listener);
        ArgumentNullException.ThrowIfNull(options);
        return new HandlerServer(options with { Protocol = SocketProtocol.Tcp }, listener, null, ownsListener: false);
    }

    /// <summary>The next request, or TimedOut when none comes within <paramref name="timeout"/>.</summary>
    public async Task<SocketRequest> NextRequestAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        return await TimeLimit.RunAsync(
            token => _requests.Reader.ReadAsync(token).AsTask(),
            timeout,
            () => SocketFaults.TimedOut(EndpointText.Format(IPAddress.Parse(LocalAddress), LocalPort), "Waiting for a request on", timeout),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops reading and accepting, abandons queued requests, and waits for every connection task;
    /// answers already handed back still go out (each send bounded by the idle timeout).
    /// </summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _stopping.CancelAsync().ConfigureAwait(false);
        _requests.Writer.TryComplete();
        while (_requests.Reader.TryRead(out SocketRequest? pending))
        {
            pending.Abandon();
        }

        await _loop.ConfigureAwait(false);
        await Task.WhenAll(_connections.Values).ConfigureAwait(false);
        if (_ownsListener)
        {
            _listener?.Stop();
        }

        _udp?.Dispose();
        _stopping.Dispose();
    }

    public void Dispose() => StopAsync().GetAwaiter().GetResult();

    /// <remarks>
    /// A listener the caller made can be stopped under the server (Stop-TcpListener in the handler): its
    /// accept then fails at once, every time, so the loop ends with it instead of spinning on the failure.
    /// One accept and one admission are methods of their own, as in EchoServer's accept loop (and for
    /// the same reason).
    /// </remarks>
    private async Task AcceptLoopAsync(SocketListener listener)
    {
        await Task.Yield();
        CancellationToken stop = _stopping.Token;
        while (!stop.IsCancellationRequested && listener.State == ListenerState.Listening)
        {
            if (await AcceptOneAsync(listener, stop).ConfigureAwait(false) is { } connection)
            {
                Admit(connection, stop);
            }
        }
    }

    /// <summary>The next connection, or null when the accept failed (the loop goes on) or the server is stopping.</summary>
    private static async Task<SocketConnection?> AcceptOneAsync(SocketListener listener, CancellationToken stop)
    {
        try
        {
            return await listener.AcceptAsync(Timeout.InfiniteTimeSpan, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (PSSocketException e)
        {
            // A peer that reset before accept, or a full descriptor table (which without the pause cost a whole CPU).
            if (e.InnerException is SocketException failed)
            {
                await SocketFaults.AfterFailedAcceptAsync(failed.SocketErrorCode).ConfigureAwait(false);
            }

            return null;
        }
    }

    /// <summary>Serves an accepted connection, or closes it at once when MaxConnections are being served.</summary>
    private void Admit(SocketConnection connection, CancellationToken stop)
    {
        if (Interlocked.Read(ref _active) >= _options.MaxConnections)
        {
            connection.Close();
            return;
        }

        Interlocked.Increment(ref _active);
        Task serving = ServeAsync(connection, stop);
        _connections.TryAdd(connection.Id, serving);
        if (serving.IsCompleted)
        {
            _connections.TryRemove(connection.Id, out _);
        }
    }

    private async Task ServeAsync(SocketConnection connection, CancellationToken stop)
    {
        await Task.Yield();
        try
        {
            while (true)
            {
                byte[]? line = await connection.ReceiveDelimitedAsync(Newline, _options.MaxMessageBytes, trimCarriageReturn: true, _options.IdleTimeout, stop).ConfigureAwait(false);
                if (line is null)
                {
                    break;
                }

                var request = new SocketRequest(SocketProtocol.Tcp, connection.Id, connection.RemoteAddress, connection.RemotePort, connection.LocalPort, line, _options.Encoding);
                await _requests.Writer.WriteAsync(request, stop).ConfigureAwait(false);
                byte[]? reply = await AnswerAsync(request, stop).ConfigureAwait(false);
                if (reply is { Length: > 0 })
                {
                    await connection.SendAsync(reply, _options.IdleTimeout, CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or PSSocketException or ChannelClosedException)
        {
            // Stopped, idle, reset or an over-long line: this client is done; the others go on.
        }
        finally
        {
            connection.Close();
            Interlocked.Decrement(ref _active);
            _connections.TryRemove(connection.Id, out _);
        }
    }

    private async Task UdpLoopAsync(UdpEndpoint udp)
    {
        await Task.Yield();
        CancellationToken stop = _stopping.Token;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                UdpDatagram datagram = await udp.ReceiveAsync(Timeout.InfiniteTimeSpan, _options.Encoding, stop).ConfigureAwait(false);
                var request = new SocketRequest(SocketProtocol.Udp, 0, datagram.RemoteAddress, datagram.RemotePort, datagram.LocalPort, datagram.Data, _options.Encoding);
                await _requests.Writer.WriteAsync(request, stop).ConfigureAwait(false);
                byte[]? reply = await AnswerAsync(request, stop).ConfigureAwait(false);
                if (reply is not null)
                {
                    await udp.SendToAsync(reply, datagram.Remote, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ChannelClosedException || stop.IsCancellationRequested)
            {
                return;
            }
            catch (PSSocketException)
            {
                // One peer's failed reply does not stop the server.
            }
        }
    }

    /// <summary>
    /// The handler's answer. A stop gives up waiting for a consumer that never answers, but an answer
    /// handed back before the stop still counts, so it is sent rather than lost.
    /// </summary>
    private static async Task<byte[]?> AnswerAsync(SocketRequest request, CancellationToken stop)
    {
        try
        {
            return await request.ReplyTask.WaitAsync(stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (request.ReplyTask.IsCompletedSuccessfully)
        {
            return await request.ReplyTask.ConfigureAwait(false);
        }
    }
}
