using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PSSocket.Core.Sockets;

/// <summary>
/// A background TCP or UDP echo server (the course servers), with live counters. The counters
/// are exact: every datagram received is either echoed or dropped, and counted as such.
/// </summary>
public sealed partial class EchoServer : IDisposable
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

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Protocol} echo {EndpointText.Format(IPAddress.Parse(LocalAddress), LocalPort)} {State}");

    /// <summary>Binds and starts serving in the background; bind failures are raised here.</summary>
    internal static EchoServer Start(EchoServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        SocketArguments.CheckPort(options.Port, allowZero: true);
        string target = EndpointText.Format(options.Address, options.Port);
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
