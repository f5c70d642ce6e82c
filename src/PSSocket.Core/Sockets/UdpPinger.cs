using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PSSocket.Core.Sockets;

/// <summary>
/// The course's UDP ping client: numbered probes to an echo server, each answered or timed out.
/// Every probe goes out on its own socket connected to the server, so the kernel hands it only
/// datagrams from the server's address and port, and a late reply to an earlier probe arrives on
/// that probe's (closed) socket: it can never count for a later probe, whatever the payload.
/// A name with several addresses (localhost: ::1 and 127.0.0.1) is tried address by address
/// while the port is unreachable, until one answers, as TCP clients do.
/// </summary>
internal sealed class UdpPinger : IDisposable
{
    private readonly IPAddress[] _addresses;
    private readonly int _port;
    private readonly List<double> _roundTrips = [];
    private IPEndPoint _server;
    private int _next = 1;
    private bool _settled;
    private int _sent;
    private int _wrongReplies;

    internal UdpPinger(IPAddress[] addresses, int port)
    {
        _addresses = addresses;
        _port = port;
        _server = new IPEndPoint(addresses[0], port);
        _settled = addresses.Length == 1;
    }

    /// <summary>The server as address:port; the address that answered when the name has several.</summary>
    public string Destination => EndpointText.Format(_server.Address, _server.Port);

    public static async Task<UdpPinger> OpenAsync(string host, int port, CancellationToken cancellationToken)
    {
        SocketArguments.CheckPort(port, allowZero: false);
        IPAddress[] addresses = await HostResolver.ResolveAsync(host, AddressFamily.Unspecified, cancellationToken).ConfigureAwait(false);
        return new UdpPinger(addresses, port);
    }

    /// <summary>The default probe text, "PING seq time": upper case already, so an upper-casing server echoes it unchanged.</summary>
    public static byte[] DefaultPayload(int sequence) =>
        Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"PING {sequence} {DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ}"));

    /// <summary>Sends one probe and waits up to <paramref name="timeout"/> for the server's answer (an echo compares equal ignoring ASCII case).</summary>
    public async Task<UdpPingResult> ProbeAsync(int sequence, byte[] payload, TimeSpan timeout, Encoding encoding, CancellationToken cancellationToken)
    {
        while (true)
        {
            UdpPingResult result = await ProbeOnceAsync(sequence, payload, timeout, encoding, cancellationToken).ConfigureAwait(false);
            if (result.Status != UdpPingStatus.PortUnreachable || _settled || _next >= _addresses.Length)
            {
                // Once an address answers (or stays silent), it is the server for the rest of the run.
                _settled = true;
                return result;
            }

            _sent--; // the unreachable address did not get the probe: it goes to the next one instead
            _server = new IPEndPoint(_addresses[_next++], _port);
        }
    }

    private async Task<UdpPingResult> ProbeOnceAsync(int sequence, byte[] payload, TimeSpan timeout, Encoding encoding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(encoding);
        SocketArguments.CheckTimeout(timeout, "ping");
        using var probe = UdpEndpoint.Connect(_server, 0);
        probe.StartReceiving();
        long started = Stopwatch.GetTimestamp();
        await probe.SendToAsync(payload, _server, cancellationToken).ConfigureAwait(false);
        _sent++;
        UdpDatagram reply;
        try
        {
            reply = await probe.ReceiveAsync(timeout, encoding, cancellationToken).ConfigureAwait(false);
        }
        catch (PSSocketException e) when (SocketFaults.IsTimedOut(e))
        {
            return new UdpPingResult(sequence, Destination, UdpPingStatus.TimedOut, null, null);
        }
        catch (PSSocketException e) when (e.ErrorId == nameof(SocketError.ConnectionRefused))
        {
            return new UdpPingResult(sequence, Destination, UdpPingStatus.PortUnreachable, null, null);
        }

        double milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (Ascii.EqualsIgnoreCase(reply.Data, payload))
        {
            _roundTrips.Add(milliseconds);
            return new UdpPingResult(sequence, Destination, UdpPingStatus.Success, milliseconds, reply.Text);
        }

        _wrongReplies++;
        return new UdpPingResult(sequence, Destination, UdpPingStatus.WrongReply, milliseconds, reply.Text);
    }

    public UdpPingSummary Summarize() => _roundTrips.Count == 0
        ? new UdpPingSummary(Destination, _sent, 0, _wrongReplies, null, null, null)
        : new UdpPingSummary(Destination, _sent, _roundTrips.Count, _wrongReplies, _roundTrips.Min(), _roundTrips.Average(), _roundTrips.Max());

    public void Dispose()
    {
        // Each probe's socket is closed when its probe ends; nothing stays open between probes.
    }
}
