using System.Net;
using System.Net.Sockets;

namespace PSSocket.Core.Sockets;

/// <summary>Opens stream connections: TCP to a host name or address (every address in turn), or AF_UNIX to a path.</summary>
internal static class StreamConnector
{
    /// <summary>
    /// Connects to the first address of <paramref name="host"/> that accepts, each attempt bounded by
    /// <paramref name="timeout"/>; when all fail, the last failure is raised (target: that endpoint).
    /// </summary>
    public static async Task<SocketConnection> ConnectAsync(string host, int port, TimeSpan timeout, int localPort, AddressFamily family, CancellationToken cancellationToken)
    {
        SocketArguments.CheckPort(port, allowZero: false);
        SocketArguments.CheckPort(localPort, allowZero: true);
        SocketArguments.CheckTimeout(timeout, "connect");
        IPAddress[] addresses = await TimeLimit.RunAsync(
            token => HostResolver.ResolveAsync(host, family, token),
            timeout,
            () => SocketFaults.TimedOut(host, "Resolving", timeout),
            cancellationToken).ConfigureAwait(false);

        return await ConnectAnyAsync(addresses, port, timeout, localPort, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Tries each address in order; the first that accepts wins, else the last failure is raised.</summary>
    public static async Task<SocketConnection> ConnectAnyAsync(IReadOnlyList<IPAddress> addresses, int port, TimeSpan timeout, int localPort, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        PSSocketException? last = null;
        foreach (IPAddress address in addresses)
        {
            try
            {
                return await ConnectAsync(address, port, timeout, localPort, cancellationToken).ConfigureAwait(false);
            }
            catch (PSSocketException e) when (e.ErrorId != nameof(SocketError.AddressAlreadyInUse))
            {
                last = e;
            }
        }

        throw last!;
    }

    public static async Task<SocketConnection> ConnectAsync(IPAddress address, int port, TimeSpan timeout, int localPort, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        string target = EndpointText.Format(address, port);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (localPort != 0)
            {
                IPAddress any = address.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
                try
                {
                    socket.Bind(new IPEndPoint(any, localPort));
                }
                catch (SocketException e)
                {
                    throw SocketFaults.From(e, EndpointText.Format(any, localPort), "Binding");
                }
            }

            try
            {
                await TimeLimit.RunAsync(
                    token => socket.ConnectAsync(new IPEndPoint(address, port), token).AsTask(),
                    timeout,
                    () => SocketFaults.TimedOut(target, "Connecting to", timeout),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                throw SocketFaults.From(e, target, "Connecting to");
            }

            return new SocketConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static async Task<SocketConnection> ConnectUnixAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        SocketArguments.CheckTimeout(timeout, "connect");
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            try
            {
                await TimeLimit.RunAsync(
                    token => socket.ConnectAsync(new UnixDomainSocketEndPoint(path), token).AsTask(),
                    timeout,
                    () => SocketFaults.TimedOut(path, "Connecting to", timeout),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                throw SocketFaults.FromUnix(e, path, listening: false);
            }
            catch (ArgumentException e)
            {
                throw new PSSocketException("InvalidUnixPath", FaultCategory.InvalidArgument, path, $"'{path}' cannot be a socket path: {e.Message}", e);
            }

            return new SocketConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
