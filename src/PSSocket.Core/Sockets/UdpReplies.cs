using System.Net;
using System.Text;

namespace PSSocket.Core.Sockets;

/// <summary>Answers a received datagram to its sender from the port it arrived on.</summary>
internal static class UdpReplies
{
    public static async Task SendAsync(UdpDatagram datagram, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(datagram);
        UdpEndpoint? endpoint = datagram.ReceivedBy;
        if (endpoint is { IsDisposed: false })
        {
            await endpoint.SendToAsync(data, datagram.Remote, cancellationToken).ConfigureAwait(false);
            return;
        }

        // The receiving socket is gone (its cmdlet ended): bind the same local port again, so the
        // reply still comes from where the peer sent to.
        using var again = UdpEndpoint.Bind(IPAddress.Parse(datagram.LocalAddress), datagram.LocalPort, reuseAddress: true);
        await again.SendToAsync(data, datagram.Remote, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The peer's next datagram on the socket the request arrived on (a conversation of several turns).</summary>
    public static async Task<UdpDatagram> ReceiveAfterReplyAsync(UdpDatagram datagram, TimeSpan timeout, Encoding encoding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(datagram);
        UdpEndpoint? endpoint = datagram.ReceivedBy;
        if (endpoint is not { IsDisposed: false })
        {
            throw new PSSocketException("ReceiverClosed", FaultCategory.InvalidOperation, datagram.LocalPort,
                $"The socket that received this datagram (port {datagram.LocalPort}) is closed, so no further reply can be received on it.");
        }

        return await endpoint.ReceiveAsync(timeout, encoding, cancellationToken).ConfigureAwait(false);
    }
}
