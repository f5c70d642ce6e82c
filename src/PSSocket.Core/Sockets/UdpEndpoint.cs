using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace PSSocket.Core.Sockets;

/// <summary>
/// UDP sockets on one port: one per bound address (both loopbacks by default), or one socket
/// connected to a single peer. Receiving is decoupled from whoever reads: a background loop per
/// socket drains the kernel into a bounded queue as fast as datagrams arrive, so a slow consumer
/// (the PowerShell pipeline) makes the queue grow instead of the kernel dropping datagrams; when
/// even the queue is full the loop waits, the kernel buffer fills, and the kernel counts what it
/// drops (<see cref="KernelDrops"/>).
/// </summary>
internal sealed class UdpEndpoint : IDisposable
{
    /// <summary>The largest UDP payload over IPv4; a smaller buffer would truncate datagrams.</summary>
    internal const int MaxDatagramBytes = 65_535;

    // What one datagram can carry: the 16-bit length that counts it (IPv4 Total Length with its 20-byte
    // header, RFC 791; IPv6 Payload Length, RFC 8200) less the 8-byte UDP header. The kernel refuses
    // more with EMSGSIZE; saying so before the send names the limit for the family.
    private const int MaxIPv4Payload = 65_535 - 20 - 8;
    private const int MaxIPv6Payload = 65_535 - 8;

    private static int MaxPayload(IPAddress remote) =>
        remote.AddressFamily == AddressFamily.InterNetwork || remote.IsIPv4MappedToIPv6 ? MaxIPv4Payload : MaxIPv6Payload;

    /// <summary>Datagrams held for the consumer; with <see cref="MaxQueuedBytes"/> it bounds the memory a flood can take.</summary>
    internal const int QueueCapacity = 65_536;

    internal const long MaxQueuedBytes = 64L * 1024 * 1024;

    /// <summary>Kernel buffer asked for: a burst queues there while the loop catches up (the default 208 KiB holds ~300 small datagrams).</summary>
    internal const int ReceiveBufferBytes = 8 * 1024 * 1024;

    private readonly Socket[] _sockets;
    private readonly IPEndPoint[] _locals;
    private readonly Channel<Arrival> _queue = Channel.CreateBounded<Arrival>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly SemaphoreSlim _receiving = new(1, 1);
    private readonly object _startLock = new();
    private Task[]? _loops;
    private long _queuedBytes;
    private int _running;
    private volatile bool _disposed;

    private UdpEndpoint(Socket[] sockets, IPEndPoint? peer)
    {
        _sockets = sockets;
        _locals = Array.ConvertAll(sockets, s => (IPEndPoint)s.LocalEndPoint!);
        Peer = peer;
    }

    /// <summary>The first bound address and the port (every socket of the endpoint has the same port).</summary>
    public IPEndPoint Local => _locals[0];

    /// <summary>Every bound address, such as 127.0.0.1:5000 and [::1]:5000.</summary>
    public IReadOnlyList<IPEndPoint> Locals => _locals;

    /// <summary>The one peer a connected endpoint exchanges datagrams with; null when it talks to anyone.</summary>
    public IPEndPoint? Peer { get; }

    public bool IsDisposed => _disposed;

    internal string Target => string.Join(", ", Array.ConvertAll(_locals, l => EndpointText.Format(l.Address, l.Port)));

    /// <summary>Binds <paramref name="address"/>:<paramref name="port"/> (0 picks a port).</summary>
    /// <param name="reuseAddress">Lets a reply go out from a port another socket of this process still holds.</param>
    public static UdpEndpoint Bind(IPAddress address, int port, bool broadcast = false, bool reuseAddress = false)
    {
        ArgumentNullException.ThrowIfNull(address);
        return Bind([address], port, broadcast, reuseAddress);
    }

    /// <summary>
    /// Binds every address on the same port (0: one the system picks that is free on all of them).
    /// Loopback IPv6 is left out when the system has no IPv6, so "both loopbacks" works there too.
    /// </summary>
    public static UdpEndpoint Bind(IReadOnlyList<IPAddress> addresses, int port, bool broadcast = false, bool reuseAddress = false)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        return new UdpEndpoint(BindSockets(addresses, port, broadcast, reuseAddress), null);
    }

    /// <summary>A socket for talking to <paramref name="remote"/>: any local address of its family, <paramref name="sourcePort"/> or a free one.</summary>
    public static UdpEndpoint ForPeer(IPAddress remote, int sourcePort, bool broadcast = false)
    {
        ArgumentNullException.ThrowIfNull(remote);
        return Bind(remote.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, sourcePort, broadcast);
    }

    /// <summary>
    /// A socket connected to <paramref name="remote"/>: the kernel hands it only datagrams from
    /// that address and port, and an ICMP port-unreachable from it surfaces as ConnectionRefused.
    /// </summary>
    public static UdpEndpoint Connect(IPEndPoint remote, int sourcePort)
    {
        ArgumentNullException.ThrowIfNull(remote);
        Socket[] sockets = BindSockets([remote.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any], sourcePort);
        try
        {
            sockets[0].Connect(remote);
        }
        catch (SocketException e)
        {
            sockets[0].Dispose();
            throw SocketFaults.From(e, EndpointText.Format(remote.Address, remote.Port), "Connecting to");
        }

        return new UdpEndpoint(sockets, remote);
    }

    /// <summary>The sockets, bound and with a large receive buffer; shared with the echo server.</summary>
    internal static Socket[] BindSockets(IReadOnlyList<IPAddress> addresses, int port, bool broadcast = false, bool reuseAddress = false)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        SocketArguments.CheckPort(port, allowZero: true);
        // With port 0 the first socket picks; another program may hold that port on the other
        // address, so a few fresh picks are tried before giving up.
        for (int attempt = 0; ; attempt++)
        {
            var sockets = new List<Socket>(addresses.Count);
            int chosen = port;
            try
            {
                foreach (IPAddress address in addresses)
                {
                    Socket? socket = BindOne(address, chosen, broadcast, reuseAddress, optional: addresses.Count > 1 && sockets.Count > 0 && address.Equals(IPAddress.IPv6Loopback));
                    if (socket is not null)
                    {
                        sockets.Add(socket);
                        chosen = ((IPEndPoint)socket.LocalEndPoint!).Port;
                    }
                }

                return [.. sockets];
            }
            catch (PSSocketException e) when (port == 0 && sockets.Count > 0 && attempt < 16 && e.ErrorId == nameof(SocketError.AddressAlreadyInUse))
            {
                sockets.ForEach(s => s.Dispose());
            }
            catch
            {
                sockets.ForEach(s => s.Dispose());
                throw;
            }
        }
    }

    private static Socket? BindOne(IPAddress address, int port, bool broadcast, bool reuseAddress, bool optional)
    {
        Socket socket;
        try
        {
            socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        }
        catch (SocketException) when (optional)
        {
            return null;
        }

        try
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = address.Equals(IPAddress.IPv6Any);
            }

            socket.EnableBroadcast = broadcast;
            if (reuseAddress)
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            }

            socket.Bind(new IPEndPoint(address, port));
            GrowReceiveBuffer(socket);
            return socket;
        }
        catch (SocketException e) when (optional && e.SocketErrorCode is SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported)
        {
            // No IPv6 on this system: the IPv4 loopback alone is what "both loopbacks" can be.
            socket.Dispose();
            return null;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw SocketFaults.From(e, EndpointText.Format(address, port), "Binding");
        }
    }

    /// <summary>As root on Linux SO_RCVBUFFORCE passes the rmem_max cap; otherwise the kernel caps the request.</summary>
    internal static void GrowReceiveBuffer(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (OperatingSystem.IsLinux())
        {
            try
            {
                socket.SetRawSocketOption(UdpDrops.SolSocket, UdpDrops.SoRcvBufForce, BitConverter.GetBytes(ReceiveBufferBytes));
                return;
            }
            catch (SocketException)
            {
                // not privileged: fall back to the capped request
            }
        }

        try
        {
            socket.ReceiveBufferSize = ReceiveBufferBytes;
        }
        catch (SocketException)
        {
            // the system's default buffer still works, only with less room for bursts
        }
    }

    /// <summary>
    /// Datagrams the kernel discarded on these sockets because their receive buffer was full
    /// (the count SO_RXQ_OVFL reports), since they were bound; null where the system does not tell.
    /// </summary>
    public long? KernelDrops => _disposed ? null : UdpDrops.Read(_sockets);

    public async Task SendToAsync(ReadOnlyMemory<byte> data, IPEndPoint remote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(remote);
        int most = MaxPayload(remote.Address);
        if (data.Length > most)
        {
            throw new PSSocketException("DatagramTooLong", FaultCategory.InvalidArgument, data.Length,
                $"A UDP datagram to an {(most == MaxIPv4Payload ? "IPv4" : "IPv6")} address carries at most {most} bytes; this one has {data.Length}.");
        }

        Socket socket = SocketFor(remote);
        if (socket.AddressFamily == AddressFamily.InterNetworkV6 && remote.AddressFamily == AddressFamily.InterNetwork)
        {
            remote = new IPEndPoint(remote.Address.MapToIPv6(), remote.Port);
        }

        try
        {
            if (Peer is not null)
            {
                await socket.SendAsync(data, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await socket.SendToAsync(data, SocketFlags.None, remote, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (SocketException e)
        {
            throw SocketFaults.From(e, EndpointText.Format(remote.Address, remote.Port), "Sending to");
        }
        catch (ObjectDisposedException)
        {
            throw SocketFaults.Closed(Target, "Sending");
        }
    }

    /// <summary>The next datagram (from anyone, or from <see cref="Peer"/> when connected), or TimedOut after <paramref name="timeout"/>.</summary>
    public async Task<UdpDatagram> ReceiveAsync(TimeSpan timeout, Encoding encoding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        try
        {
            // Inside the try: a receive on an endpoint already closed is Closed, as a send is.
            StartReceiving();
            return await TimeLimit.RunAsync(
                async token =>
                {
                    await _receiving.WaitAsync(token).ConfigureAwait(false);
                    try
                    {
                        Arrival arrival = await _queue.Reader.ReadAsync(token).ConfigureAwait(false);
                        Interlocked.Add(ref _queuedBytes, -arrival.Data.Length);
                        if (arrival.Fault is not null)
                        {
                            throw arrival.Fault;
                        }

                        return new UdpDatagram(arrival.Data, arrival.Remote, arrival.Local, arrival.Timestamp, encoding, this);
                    }
                    finally
                    {
                        _receiving.Release();
                    }
                },
                timeout,
                // A wait ended by disposing this endpoint is the endpoint closing, not a timeout.
                () => _disposed ? SocketFaults.Closed(Target, "Receiving") : SocketFaults.TimedOut(Target, "Receiving on", timeout),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ChannelClosedException or ObjectDisposedException)
        {
            throw SocketFaults.Closed(Target, "Receiving");
        }
    }

    /// <summary>Starts the background receive loops (once); sockets that only send never start them.</summary>
    internal void StartReceiving()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_loops is not null)
        {
            return;
        }

        lock (_startLock)
        {
            if (_loops is null)
            {
                _running = _sockets.Length;
                _loops = Array.ConvertAll(_sockets, s => Task.Factory.StartNew(() => ReceiveLoop(s), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
            }
        }
    }

    /// <summary>
    /// One thread per socket, in blocking receives: the cheapest way to take datagrams out of the
    /// kernel as fast as they come (no allocation but the datagram's own bytes). Disposing the
    /// socket ends it.
    /// </summary>
    private void ReceiveLoop(Socket socket)
    {
        try
        {
            Drain(socket);
        }
        finally
        {
            // The last loop to end tells the reader nothing more will come.
            if (Interlocked.Decrement(ref _running) == 0)
            {
                _queue.Writer.TryComplete();
            }
        }
    }

    private void Drain(Socket socket)
    {
        byte[] buffer = new byte[MaxDatagramBytes];
        var from = new SocketAddress(socket.AddressFamily);
        int fromCapacity = from.Size;
        SocketAddress? lastFrom = null;
        IPEndPoint? lastRemote = null;
        var local = (IPEndPoint)socket.LocalEndPoint!;
        ChannelWriter<Arrival> writer = _queue.Writer;
        while (!_disposed)
        {
            // Every path that reaches the queue assigns it; the default only keeps the catch clauses that
            // leave the turn (continue, return) out of the compiler's definite-assignment check, which
            // lets mutation testing compile a mutant of this loop without dropping them all.
            Arrival arrival = default;
            try
            {
                // A failed receive (ICMP port unreachable) can leave the size at 0 on .NET 8, and the
                // next receive would then refuse the address as too small.
                from.Size = fromCapacity;
                int received = socket.ReceiveFrom(buffer, SocketFlags.None, from);
                if (lastFrom is null || !from.Equals(lastFrom))
                {
                    lastRemote = (IPEndPoint)new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0).Create(from);
                    lastFrom = new SocketAddress(from.Family, from.Size);
                    from.Buffer.CopyTo(lastFrom.Buffer);
                }

                arrival = new Arrival(buffer.AsSpan(0, received).ToArray(), lastRemote!, local, DateTimeOffset.Now, null);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused && Peer is not null)
            {
                // The peer's port is closed (ICMP port unreachable): the reader should know, not wait.
                arrival = new Arrival([], Peer, local, DateTimeOffset.Now, SocketFaults.From(e, EndpointText.Format(Peer.Address, Peer.Port), "Receiving from"));
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset && !_disposed)
            {
                // An ICMP port-unreachable for an earlier send, reported on this socket (Windows does this);
                // it says nothing about the next datagram, so keep waiting.
                continue;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return; // closed
            }

            while (Interlocked.Read(ref _queuedBytes) > MaxQueuedBytes && !_disposed)
            {
                // The consumer is far behind: leave the rest in the kernel buffer, which counts what it drops.
                Thread.Sleep(1);
            }

            Interlocked.Add(ref _queuedBytes, arrival.Data.Length);
            if (!writer.TryWrite(arrival))
            {
                try
                {
                    writer.WriteAsync(arrival).AsTask().GetAwaiter().GetResult();
                }
                catch (ChannelClosedException)
                {
                    return;
                }
            }
        }
    }

    private Socket SocketFor(IPEndPoint remote)
    {
        if (_sockets.Length > 1)
        {
            foreach (Socket s in _sockets)
            {
                if (s.AddressFamily == remote.AddressFamily)
                {
                    return s;
                }
            }
        }

        return _sockets[0];
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (Socket socket in _sockets)
        {
            socket.Dispose();
        }

        _queue.Writer.TryComplete();
        if (_loops is not null)
        {
            // Closing the sockets ends their blocking receives; wait for the threads so none outlives the endpoint.
            Task.WaitAll(_loops, TimeSpan.FromSeconds(5));
        }
    }

    private readonly record struct Arrival(byte[] Data, IPEndPoint Remote, IPEndPoint Local, DateTimeOffset Timestamp, PSSocketException? Fault);
}
