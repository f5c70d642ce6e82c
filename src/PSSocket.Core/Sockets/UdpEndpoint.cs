using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PSSocket.Core.Sockets;

/// <summary>A bound UDP socket that sends to and receives from any number of peers.</summary>
internal sealed class UdpEndpoint : IDisposable
{
    /// <summary>The largest UDP payload over IPv4; a smaller buffer would truncate datagrams.</summary>
    internal const int MaxDatagramBytes = 65_535;

    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[MaxDatagramBytes];
    private readonly SemaphoreSlim _receiving = new(1, 1);
    private volatile bool _disposed;

    private UdpEndpoint(Socket socket)
    {
        _socket = socket;
        Local = (IPEndPoint)socket.LocalEndPoint!;
    }

    public IPEndPoint Local { get; }

    public bool IsDisposed => _disposed;

    internal string Target => SocketFaults.Format(Local.Address, Local.Port);

    /// <summary>Binds <paramref name="address"/>:<paramref name="port"/> (0 picks a port).</summary>
    /// <param name="reuseAddress">Lets a reply go out from a port another socket of this process still holds.</param>
    public static UdpEndpoint Bind(IPAddress address, int port, bool broadcast = false, bool reuseAddress = false)
    {
        ArgumentNullException.ThrowIfNull(address);
        SocketFaults.CheckPort(port, allowZero: true);
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
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
            return new UdpEndpoint(socket);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw SocketFaults.From(e, SocketFaults.Format(address, port), "Binding");
        }
    }

    /// <summary>A socket for talking to <paramref name="remote"/>: any local address of its family, <paramref name="sourcePort"/> or a free one.</summary>
    public static UdpEndpoint ForPeer(IPAddress remote, int sourcePort, bool broadcast = false)
    {
        ArgumentNullException.ThrowIfNull(remote);
        return Bind(remote.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, sourcePort, broadcast);
    }

    public async Task SendToAsync(ReadOnlyMemory<byte> data, IPEndPoint remote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (data.Length > MaxDatagramBytes)
        {
            throw new PSSocketException("DatagramTooLong", FaultCategory.InvalidArgument, data.Length,
                $"A UDP datagram carries at most {MaxDatagramBytes} bytes; this one has {data.Length}.");
        }

        if (_socket.AddressFamily == AddressFamily.InterNetworkV6 && remote.AddressFamily == AddressFamily.InterNetwork)
        {
            remote = new IPEndPoint(remote.Address.MapToIPv6(), remote.Port);
        }

        try
        {
            await _socket.SendToAsync(data, SocketFlags.None, remote, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw SocketFaults.From(e, SocketFaults.Format(remote.Address, remote.Port), "Sending to");
        }
        catch (ObjectDisposedException)
        {
            throw SocketFaults.Closed(Target, "Sending");
        }
    }

    /// <summary>The next datagram from anyone, or TimedOut after <paramref name="timeout"/>.</summary>
    public async Task<UdpDatagram> ReceiveAsync(TimeSpan timeout, Encoding encoding, CancellationToken cancellationToken)
    {
        using var deadline = SocketConnection.Deadline(timeout, cancellationToken);
        try
        {
            await _receiving.WaitAsync(deadline.Token).ConfigureAwait(false);
            try
            {
                EndPoint any = _socket.AddressFamily == AddressFamily.InterNetworkV6 ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0);
                while (true)
                {
                    try
                    {
                        SocketReceiveFromResult result = await _socket.ReceiveFromAsync(_buffer, SocketFlags.None, any, deadline.Token).ConfigureAwait(false);
                        return new UdpDatagram(_buffer.AsSpan(0, result.ReceivedBytes).ToArray(), (IPEndPoint)result.RemoteEndPoint, Local, encoding, this);
                    }
                    catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
                    {
                        // An ICMP port-unreachable for an earlier send, reported on this socket (Windows does this);
                        // it says nothing about the next datagram, so keep waiting.
                    }
                }
            }
            finally
            {
                _receiving.Release();
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw SocketFaults.TimedOut(Target, "Receiving on", timeout);
        }
        catch (SocketException e)
        {
            throw SocketFaults.From(e, Target, "Receiving on");
        }
        catch (ObjectDisposedException)
        {
            throw SocketFaults.Closed(Target, "Receiving");
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _socket.Dispose();
    }
}
