using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PSSocket.Core.Sockets;

/// <summary>
/// The course's UDP ping client: numbered probes to an echo server, each answered or timed out.
/// A late reply to an earlier probe is recognised by its payload and ignored, so it never counts
/// for the probe being waited on.
/// </summary>
internal sealed class UdpPinger : IDisposable
{
    private readonly UdpEndpoint _endpoint;
    private readonly IPEndPoint _server;
    private readonly List<double> _roundTrips = [];
    private int _sent;

    private UdpPinger(UdpEndpoint endpoint, IPEndPoint server)
    {
        _endpoint = endpoint;
        _server = server;
        Destination = SocketFaults.Format(server.Address, server.Port);
    }

    public string Destination { get; }

    public static async Task<UdpPinger> OpenAsync(string host, int port, CancellationToken cancellationToken)
    {
        SocketFaults.CheckPort(port, allowZero: false);
        IPAddress[] addresses = await HostResolver.ResolveAsync(host, AddressFamily.Unspecified, cancellationToken).ConfigureAwait(false);
        var server = new IPEndPoint(addresses[0], port);
        return new UdpPinger(UdpEndpoint.ForPeer(server.Address, 0), server);
    }

    /// <summary>The default probe text, "PING seq time": upper case already, so an upper-casing server echoes it unchanged.</summary>
    public static byte[] DefaultPayload(int sequence) =>
        Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"PING {sequence} {DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ}"));

    /// <summary>Sends one probe and waits up to <paramref name="timeout"/> for its echo (compared ignoring ASCII case).</summary>
    public async Task<UdpPingResult> ProbeAsync(int sequence, byte[] payload, TimeSpan timeout, Encoding encoding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(encoding);
        SocketFaults.CheckTimeout(timeout, "ping");
        long started = Stopwatch.GetTimestamp();
        await _endpoint.SendToAsync(payload, _server, cancellationToken).ConfigureAwait(false);
        _sent++;
        while (true)
        {
            TimeSpan left = timeout - Stopwatch.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return new UdpPingResult(sequence, Destination, UdpPingStatus.TimedOut, null, null);
            }

            UdpDatagram reply;
            try
            {
                reply = await _endpoint.ReceiveAsync(left, encoding, cancellationToken).ConfigureAwait(false);
            }
            catch (PSSocketException e) when (e.ErrorId == nameof(SocketError.TimedOut))
            {
                return new UdpPingResult(sequence, Destination, UdpPingStatus.TimedOut, null, null);
            }

            if (Ascii.EqualsIgnoreCase(reply.Data, payload))
            {
                double milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                _roundTrips.Add(milliseconds);
                return new UdpPingResult(sequence, Destination, UdpPingStatus.Success, milliseconds, reply.Text);
            }
        }
    }

    public UdpPingSummary Summarize() => _roundTrips.Count == 0
        ? new UdpPingSummary(Destination, _sent, 0, null, null, null)
        : new UdpPingSummary(Destination, _sent, _roundTrips.Count, _roundTrips.Min(), _roundTrips.Average(), _roundTrips.Max());

    public void Dispose() => _endpoint.Dispose();
}
