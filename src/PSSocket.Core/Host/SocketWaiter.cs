using System.Globalization;
using System.Net.Sockets;
using PSSocket.Core.Sockets;

namespace PSSocket.Core.Host;

/// <summary>select() over the module's sockets: which are ready to accept, read, or write, and which peers closed.</summary>
internal static class SocketWaiter
{
    /// <summary>How often a long wait looks at its cancellation token: Ctrl+C answers within this.</summary>
    private static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(100);

    /// <summary>One thing to wait on: what the user gave, its socket, and any bytes the module already holds for it.</summary>
    internal sealed record Target(object Item, Socket Socket, string Kind, bool IsListener, Func<int> Buffered, bool Ended);

    /// <summary>Adapts a listener, connection, Socket or UdpClient.</summary>
    /// <exception cref="PSSocketException">InvalidInputObject, or SocketClosed for a stopped or closed one.</exception>
    public static Target ToTarget(object item)
    {
        switch (item)
        {
            case SocketListener listener:
                Socket socket = listener.WaitSocket ?? throw Closed(item, "The listener is stopped.");
                return new Target(item, socket, "Listener", true, () => 0, false);
            case SocketConnection connection:
                var (s, ended, closed) = connection.WaitState;
                if (closed)
                {
                    throw Closed(item, "The connection is closed.");
                }

                return new Target(item, s, "Connection", false, () => connection.Buffered, ended);
            case UdpClient udp:
                return ForSocket(item, udp.Client);
            case Socket raw:
                return ForSocket(item, raw);
            default:
                throw new PSSocketException("InvalidInputObject", FaultCategory.InvalidArgument, item,
                    "Wait-Socket takes listeners (New-TcpListener), connections (New-TcpConnection, Wait-TcpConnection) and UDP sockets (a System.Net.Sockets.Socket or UdpClient).");
        }
    }

    /// <summary>
    /// Waits until at least one target is ready for what is asked, the timeout passes (empty result),
    /// or the token is cancelled. A null timeout waits without end.
    /// </summary>
    public static List<SocketReadiness> Wait(IReadOnlyList<Target> targets, bool read, bool write, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        DateTime? deadline = timeout is { } t ? DateTime.UtcNow + t : null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var ready = Check(targets, read, write, Remaining(deadline));
            if (ready.Count > 0 || (deadline is { } d && DateTime.UtcNow >= d))
            {
                return ready;
            }
        }
    }

    private static TimeSpan Remaining(DateTime? deadline)
    {
        if (deadline is not { } d)
        {
            return Slice;
        }

        TimeSpan left = d - DateTime.UtcNow;
        return left < TimeSpan.Zero ? TimeSpan.Zero : left < Slice ? left : Slice;
    }

    private static List<SocketReadiness> Check(IReadOnlyList<Target> targets, bool read, bool write, TimeSpan wait)
    {
        // Bytes the module already buffered, or an end of stream it already saw, are ready now: the
        // kernel would not report them again.
        bool immediate = read && targets.Any(t => t.Buffered() > 0 || t.Ended);
        var checkRead = read ? targets.Select(t => t.Socket).Distinct().ToList() : null;
        var checkWrite = write ? targets.Where(t => !t.IsListener).Select(t => t.Socket).Distinct().ToList() : null;
        var checkError = targets.Select(t => t.Socket).Distinct().ToList();
        int microseconds = immediate ? 0 : (int)Math.Max(0, wait.TotalMicroseconds);
        if (checkRead is { Count: 0 } && checkWrite is { Count: 0 })
        {
            return [];
        }

        Socket.Select(checkRead, checkWrite, checkError, microseconds);
        var result = new List<SocketReadiness>();
        foreach (Target t in targets)
        {
            SocketReadyFor ready = SocketReadyFor.None;
            int available = t.Buffered();
            if (read && (checkRead!.Contains(t.Socket) || available > 0 || t.Ended))
            {
                if (t.IsListener)
                {
                    ready |= SocketReadyFor.Accept;
                }
                else
                {
                    available += t.Socket.Available;
                    ready |= available > 0 || t.Socket.SocketType == SocketType.Dgram ? SocketReadyFor.Read : SocketReadyFor.Closed;
                }
            }

            if (write && checkWrite!.Contains(t.Socket))
            {
                ready |= SocketReadyFor.Write;
            }

            if (checkError.Contains(t.Socket))
            {
                ready |= SocketReadyFor.Error;
            }

            if (ready != SocketReadyFor.None)
            {
                result.Add(new SocketReadiness(t.Item, t.Kind, Describe(t.Socket.LocalEndPoint), t.IsListener ? null : Describe(t.Socket.RemoteEndPoint), ready, available));
            }
        }

        return result;
    }

    private static Target ForSocket(object item, Socket socket)
    {
        if (socket.SafeHandle.IsInvalid || socket.SafeHandle.IsClosed)
        {
            throw Closed(item, "The socket is closed.");
        }

        bool listening = socket.SocketType == SocketType.Stream && socket.IsBound && !socket.Connected;
        string kind = socket.SocketType == SocketType.Dgram ? "Udp" : listening ? "Listener" : "Connection";
        return new Target(item, socket, kind, listening, () => 0, false);
    }

    private static string Describe(System.Net.EndPoint? endPoint) => endPoint switch
    {
        System.Net.IPEndPoint ip => EndpointText.Format(ip.Address, ip.Port),
        null => string.Empty,
        _ => endPoint.ToString() ?? string.Empty,
    };

    private static PSSocketException Closed(object item, string message) =>
        new("SocketClosed", FaultCategory.InvalidOperation, item, string.Create(CultureInfo.InvariantCulture, $"{message} Wait-Socket needs an open socket."));
}
