using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using PSSocket.Core.Host;

namespace PSSocket.Core.Sockets;

/// <summary>A TCP connect scan: at most <c>throttle</c> connects in flight, one result per port as each finishes.</summary>
internal static class PortScanner
{
    public static async Task ScanAsync(string host, IReadOnlyList<int> ports, TimeSpan timeout, int throttle, ServiceRegistry services,
        ChannelWriter<TcpPortResult> results, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ports);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(results);
        SocketArguments.CheckTimeout(timeout, "scan");
        if (throttle < 1)
        {
            throw new PSSocketException("ThrottleLimitOutOfRange", FaultCategory.InvalidArgument, throttle, "ThrottleLimit must be at least 1.");
        }

        foreach (int port in ports)
        {
            SocketArguments.CheckPort(port, allowZero: false);
        }

        IPAddress[] addresses = await HostResolver.ResolveAsync(host, AddressFamily.Unspecified, cancellationToken).ConfigureAwait(false);
        var options = new ParallelOptions { MaxDegreeOfParallelism = throttle, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(ports, options, async (port, token) =>
        {
            TcpPortResult result = await ProbeAsync(host, addresses, port, timeout, services, token).ConfigureAwait(false);
            await results.WriteAsync(result, token).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Tries each address of the host; the port is Open if any accepts. Internal for the tests: on
    /// most systems no name resolves to two loopback addresses, which this loop needs to be tested.
    /// </summary>
    internal static async Task<TcpPortResult> ProbeAsync(string host, IPAddress[] addresses, int port, TimeSpan timeout, ServiceRegistry services, CancellationToken token)
    {
        PortState state = PortState.Filtered;
        IPAddress answered = addresses[0];
        long started = Stopwatch.GetTimestamp();
        foreach (IPAddress address in addresses)
        {
            started = Stopwatch.GetTimestamp();
            PortState probed = await ConnectAsync(address, port, timeout, token).ConfigureAwait(false);
            if (probed == PortState.Open || state == PortState.Filtered)
            {
                state = probed;
                answered = address;
            }

            if (state == PortState.Open)
            {
                break;
            }
        }

        double latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return new TcpPortResult(host, EndpointText.Plain(answered).ToString(), port, state, services.NameOf(port, "tcp"), latency);
    }

    private static async Task<PortState> ConnectAsync(IPAddress address, int port, TimeSpan timeout, CancellationToken token)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var deadline = TimeLimit.Start(timeout, token);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, port), deadline.Token).ConfigureAwait(false);
            return PortState.Open;
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            return PortState.Filtered;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode == SocketError.ConnectionRefused ? PortState.Closed : PortState.Filtered;
        }
    }
}
