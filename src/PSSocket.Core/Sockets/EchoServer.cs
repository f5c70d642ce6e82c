using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PSSocket.Core.Sockets;

/// <summary>
/// A background TCP or UDP echo server (the course servers), with live counters. The counters
/// are exact: every datagram received is either echoed or dropped, and counted as such.
/// </summary>
public sealed class EchoServer : IDisposable
{
    private const int TcpBufferBytes = 64 * 1024;
    private static long s_lastId;

    private readonly EchoServerOptions _options;
    private readonly Socket _socket;
    private readonly Socket[] _udpSockets;
    private readonly Random _random;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<long, Task> _connections = new();
    private readonly ConcurrentDictionary<long, Served> _served = new();
    private Task _loop = Task.CompletedTask;
    private Task _sweeper = Task.CompletedTask;
    private long _nextConnection;
    private long _accepted;
    private long _rejected;
    private long _active;
    private long _bytesReceived;
    private long _bytesSent;
    private long _datagramsReceived;
    private long _datagramsEchoed;
    private long _datagramsDropped;
    private volatile string? _lastError;
    private long? _finalOverflow;
    private volatile bool _stopped;

    private EchoServer(EchoServerOptions options, Socket[] sockets)
    {
        _options = options;
        _socket = sockets[0];
        _udpSockets = options.Protocol == SocketProtocol.Udp ? sockets : [];
        Socket socket = _socket;
        _random = options.Random ?? new Random();
        Id = Interlocked.Increment(ref s_lastId);
        var local = (IPEndPoint)socket.LocalEndPoint!;
        LocalAddress = local.Address.ToString();
        LocalPort = local.Port;
        LocalEndpoints = string.Join(", ", sockets.Select(s => s.LocalEndPoint!.ToString()));
        StartedAt = DateTimeOffset.Now;
    }

    public long Id { get; }

    public SocketProtocol Protocol => _options.Protocol;

    public string LocalAddress { get; }

    public int LocalPort { get; }

    /// <summary>Every address and port served: a UDP server on localhost serves 127.0.0.1 and ::1 alike.</summary>
    public string LocalEndpoints { get; }

    public EchoTransform Transform => _options.Transform;

    public double DropRate => _options.DropRate;

    public int MaxConnections => _options.MaxConnections;

    public ServerState State => _stopped ? ServerState.Stopped : ServerState.Running;

    public DateTimeOffset StartedAt { get; }

    public long ConnectionsAccepted => Interlocked.Read(ref _accepted);

    /// <summary>Connections closed at once because MaxConnections were being served.</summary>
    public long ConnectionsRejected => Interlocked.Read(ref _rejected);

    public long ActiveConnections => Interlocked.Read(ref _active);

    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public long DatagramsReceived => Interlocked.Read(ref _datagramsReceived);

    public long DatagramsEchoed => Interlocked.Read(ref _datagramsEchoed);

    /// <summary>Datagrams dropped on purpose (DropRate). Received = echoed + dropped (+ replies that could not be sent, see LastError).</summary>
    public long DatagramsDropped => Interlocked.Read(ref _datagramsDropped);

    /// <summary>
    /// Datagrams the kernel discarded before the server could take them, because the receive
    /// buffer was full (SO_RXQ_OVFL); they never count as received. Null for TCP, after the
    /// server stopped, and where the system does not tell.
    /// </summary>
    public long? DatagramsOverflowed => _udpSockets.Length == 0 || _stopped ? _finalOverflow : UdpDrops.Read(_udpSockets);

    /// <summary>The last failure the server met and survived (an accept or send error); null when none.</summary>
    public string? LastError => _lastError;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Protocol} echo {SocketFaults.Format(IPAddress.Parse(LocalAddress), LocalPort)} {State}");

    /// <summary>Binds and starts serving in the background; bind failures are raised here.</summary>
    internal static EchoServer Start(EchoServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        SocketFaults.CheckPort(options.Port, allowZero: true);
        string target = SocketFaults.Format(options.Address, options.Port);
        if (double.IsNaN(options.DropRate) || options.DropRate is < 0 or > 1)
        {
            throw new PSSocketException("DropRateOutOfRange", FaultCategory.InvalidArgument, options.DropRate, "DropRate is a probability: use 0 to 1.");
        }

        if (options.DropRate > 0 && options.Protocol == SocketProtocol.Tcp)
        {
            throw new PSSocketException("DropRateNeedsUdp", FaultCategory.InvalidArgument, options.DropRate,
                "DropRate applies to UDP: a TCP stream cannot lose part of itself without breaking.");
        }

        if (options.MaxConnections < 1)
        {
            throw new PSSocketException("MaxConnectionsOutOfRange", FaultCategory.InvalidArgument, options.MaxConnections, "MaxConnections must be at least 1.");
        }

        Socket[] sockets;
        if (options.Protocol == SocketProtocol.Udp)
        {
            // A burst must queue in the kernel while the loop answers: BindSockets asks for a large buffer.
            sockets = UdpEndpoint.BindSockets(options.Addresses ?? [options.Address], options.Port);
        }
        else
        {
            var socket = new Socket(options.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(options.Address, options.Port));
                socket.Listen(Math.Max(options.MaxConnections, 128));
            }
            catch (SocketException e)
            {
                socket.Dispose();
                throw SocketFaults.From(e, target, "Listening on");
            }

            sockets = [socket];
        }

        var server = new EchoServer(options, sockets);
        server._loop = options.Protocol == SocketProtocol.Tcp ? server.AcceptLoopAsync() : Task.WhenAll(sockets.Select(server.UdpLoopAsync));
        if (options.Protocol == SocketProtocol.Tcp)
        {
            server._sweeper = server.SweepIdleAsync();
        }
        return server;
    }

    /// <summary>Stops accepting, closes every connection and waits until all of them have ended.</summary>
    internal async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _finalOverflow = _udpSockets.Length == 0 ? null : UdpDrops.Read(_udpSockets);
        _stopped = true;
        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        foreach (Socket udp in _udpSockets)
        {
            udp.Dispose();
        }

        await _loop.ConfigureAwait(false);
        await _sweeper.ConfigureAwait(false);

        // Shutting a socket down ends its pending receive or send, and with it the connection's task.
        foreach (Served served in _served.Values)
        {
            served.Close();
        }

        var all = Task.WhenAll(_connections.Values);
        if (await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None)).ConfigureAwait(false) != all)
        {
            // A connection that did not notice the shutdown: close it outright (an abortive close).
            foreach (Served served in _served.Values)
            {
                served.Socket.Dispose();
            }
        }

        await all.ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>Stops the server and waits for its connections to end.</summary>
    public void Dispose() => StopAsync().GetAwaiter().GetResult();

    private async Task AcceptLoopAsync()
    {
        await Task.Yield();
        CancellationToken stop = _stopping.Token;
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(stop).ConfigureAwait(false);
            }
            catch (Exception e) when (stop.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            catch (SocketException e)
            {
                // A peer that reset before accept, or a full descriptor table: note it, keep serving.
                _lastError = e.Message;
                if (e.SocketErrorCode is SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable)
                {
                    await Task.Delay(50, CancellationToken.None).ConfigureAwait(false);
                }

                continue;
            }

            if (Interlocked.Read(ref _active) >= _options.MaxConnections)
            {
                Interlocked.Increment(ref _rejected);
                client.Dispose();
                continue;
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

    /// <summary>Closes TCP connections silent for longer than the idle timeout; one timer for all of them.</summary>
    private async Task SweepIdleAsync()
    {
        CancellationToken stop = _stopping.Token;
        var period = TimeSpan.FromTicks(Math.Clamp(_options.IdleTimeout.Ticks / 2, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                long now = Environment.TickCount64;
                foreach (Served served in _served.Values)
                {
                    if (now - served.LastActivity > (long)_options.IdleTimeout.TotalMilliseconds)
                    {
                        served.Close();
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }

    /// <summary>A connection being served: its socket and when it last moved data.</summary>
    private sealed class Served(Socket socket)
    {
        private long _lastActivity = Environment.TickCount64;
        private volatile bool _closed;

        public Socket Socket { get; } = socket;

        public long LastActivity => Interlocked.Read(ref _lastActivity);

        public bool Closed => _closed;

        public void Touch() => Interlocked.Exchange(ref _lastActivity, Environment.TickCount64);

        /// <summary>
        /// Shuts both directions down: the pending receive returns end of stream and the peer gets an
        /// orderly FIN. Disposing instead, with an operation pending, would reset the connection.
        /// </summary>
        public void Close()
        {
            _closed = true;
            try
            {
                Socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // already gone
            }
        }
    }

    private async Task UdpLoopAsync(Socket socket)
    {
        await Task.Yield();
        CancellationToken stop = _stopping.Token;
        byte[] buffer = new byte[UdpEndpoint.MaxDatagramBytes];
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!stop.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, stop).ConfigureAwait(false);
            }
            catch (Exception e) when (stop.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            catch (SocketException e)
            {
                // ICMP unreachable for an earlier reply (Windows reports it here); the next datagram is unaffected.
                _lastError = e.Message;
                continue;
            }

            Interlocked.Increment(ref _datagramsReceived);
            Interlocked.Add(ref _bytesReceived, result.ReceivedBytes);
            if (_options.DropRate > 0 && Draw() < _options.DropRate)
            {
                Interlocked.Increment(ref _datagramsDropped);
                continue;
            }

            if (_options.Transform == EchoTransform.Upper)
            {
                ToUpper(buffer.AsSpan(0, result.ReceivedBytes));
            }

            // Counted before the reply goes out: the peer may hold the echo (and read the counters)
            // before this send's continuation runs. A reply that cannot go out is taken back.
            Interlocked.Increment(ref _datagramsEchoed);
            Interlocked.Add(ref _bytesSent, result.ReceivedBytes);
            try
            {
                await socket.SendToAsync(buffer.AsMemory(0, result.ReceivedBytes), SocketFlags.None, result.RemoteEndPoint, stop).ConfigureAwait(false);
            }
            catch (Exception e) when (stop.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                Uncount(result.ReceivedBytes);
                return;
            }
            catch (SocketException e)
            {
                // The reply could not go out (counted as neither echoed nor dropped, and said here).
                Uncount(result.ReceivedBytes);
                _lastError = e.Message;
            }
        }
    }

    private void Uncount(int bytes)
    {
        Interlocked.Decrement(ref _datagramsEchoed);
        Interlocked.Add(ref _bytesSent, -bytes);
    }

    /// <summary>One drop decision; the loops of both loopbacks share the (not thread-safe) generator.</summary>
    private double Draw()
    {
        lock (_random)
        {
            return _random.NextDouble();
        }
    }

    internal static void ToUpper(Span<byte> data)
    {
        for (int i = 0; i < data.Length; i++)
        {
            if (data[i] - (uint)'a' <= 'z' - 'a')
            {
                data[i] -= 0x20;
            }
        }
    }
}
