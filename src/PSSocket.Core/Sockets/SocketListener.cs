using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PSSocket.Core.Sockets;

/// <summary>A listening stream socket (TCP or AF_UNIX), as New-TcpListener returns it.</summary>
public sealed class SocketListener : IDisposable
{
    private static long s_lastId;
    private readonly Socket _socket;
    private readonly bool _ownsPath;
    private long _accepted;
    private volatile bool _stopped;

    private SocketListener(Socket socket, int backlog, bool ownsPath)
    {
        _socket = socket;
        _ownsPath = ownsPath;
        Id = Interlocked.Increment(ref s_lastId);
        Backlog = backlog;
        StartedAt = DateTimeOffset.Now;
        if (socket.LocalEndPoint is IPEndPoint local)
        {
            Transport = StreamTransport.Tcp;
            LocalAddress = local.Address.ToString();
            LocalPort = local.Port;
            DualMode = socket.AddressFamily == AddressFamily.InterNetworkV6 && socket.DualMode;
            Target = EndpointText.Format(local.Address, local.Port);
        }
        else
        {
            Transport = StreamTransport.Unix;
            LocalAddress = socket.LocalEndPoint?.ToString() ?? string.Empty;
            Target = LocalAddress;
        }
    }

    public long Id { get; }

    public StreamTransport Transport { get; }

    /// <summary>The bound IP address, or the socket path of an AF_UNIX listener.</summary>
    public string LocalAddress { get; }

    /// <summary>The bound port; the one the system picked when 0 was asked for.</summary>
    public int LocalPort { get; }

    public int Backlog { get; }

    /// <summary>An IPv6 socket that also accepts IPv4 peers (as ::ffff:a.b.c.d).</summary>
    public bool DualMode { get; }

    public ListenerState State => _stopped ? ListenerState.Stopped : ListenerState.Listening;

    public DateTimeOffset StartedAt { get; }

    public long ConnectionsAccepted => Interlocked.Read(ref _accepted);

    /// <summary>The endpoint as users write it, the target of errors.</summary>
    internal string Target { get; }

    /// <summary>For Wait-Socket's select(): the listening socket, null once stopped.</summary>
    internal Socket? WaitSocket => _stopped ? null : _socket;

    /// <summary>Binds and listens. Port 0 picks a free port; DualMode needs an IPv6 address.</summary>
    internal static SocketListener Start(IPAddress address, int port, int backlog, bool dualMode)
    {
        ArgumentNullException.ThrowIfNull(address);
        SocketArguments.CheckPort(port, allowZero: true);
        CheckBacklog(backlog);
        string target = EndpointText.Format(address, port);
        if (dualMode && address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            throw new PSSocketException("DualModeNeedsIPv6", FaultCategory.InvalidArgument, target,
                $"Dual mode needs an IPv6 address to bind (:: for every address, ::1 for loopback); {address} is IPv4.");
        }

        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = dualMode;
            }

            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(backlog);
            return new SocketListener(socket, backlog, ownsPath: false);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw SocketFaults.From(e, target, "Listening on");
        }
    }

    /// <summary>Binds an AF_UNIX stream socket at <paramref name="path"/>; the file is removed on stop.</summary>
    internal static SocketListener StartUnix(string path, int backlog)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        CheckBacklog(backlog);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            socket.Listen(backlog);
            return new SocketListener(socket, backlog, ownsPath: true);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw SocketFaults.FromUnix(e, path, listening: true);
        }
        catch (ArgumentException e)
        {
            socket.Dispose();
            throw new PSSocketException("InvalidUnixPath", FaultCategory.InvalidArgument, path, $"'{path}' cannot be a socket path: {e.Message}", e);
        }
    }

    /// <summary>Waits for the next peer. Stopping the listener ends the wait with ListenerStopped.</summary>
    internal async Task<SocketConnection> AcceptAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_stopped)
        {
            throw Stopped();
        }

        Socket accepted;
        try
        {
            accepted = await TimeLimit.RunAsync(
                token => _socket.AcceptAsync(token).AsTask(),
                timeout,
                () => SocketFaults.TimedOut(Target, "Waiting for a connection on", timeout),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (_stopped && e is ObjectDisposedException or SocketException)
        {
            throw Stopped();
        }
        catch (SocketException e)
        {
            throw SocketFaults.From(e, Target, "Accepting on");
        }

        Interlocked.Increment(ref _accepted);
        try
        {
            return new SocketConnection(accepted);
        }
        catch (SocketException e)
        {
            // The peer can be gone before its endpoints are read (reset right after the handshake).
            accepted.Dispose();
            throw SocketFaults.From(e, Target, "Accepting on");
        }
    }

    internal void Stop()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        _socket.Dispose();
        if (_ownsPath)
        {
            File.Delete(LocalAddress);
        }
    }

    public void Dispose() => Stop();

    public override string ToString() => $"{Transport} {Target} {State}";

    private PSSocketException Stopped() =>
        new("ListenerStopped", FaultCategory.InvalidOperation, Target, $"The listener on {Target} is stopped.");

    private static void CheckBacklog(int backlog)
    {
        if (backlog < 1)
        {
            throw new PSSocketException("BacklogOutOfRange", FaultCategory.InvalidArgument, backlog,
                string.Create(CultureInfo.InvariantCulture, $"Backlog {backlog} must be at least 1."));
        }
    }
}
