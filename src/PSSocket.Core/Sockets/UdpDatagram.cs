using System.Net;
using System.Text;

namespace PSSocket.Core.Sockets;

/// <summary>
/// One received datagram. Piped into Send-UdpDatagram it is answered to its sender, from the
/// port it arrived on.
/// </summary>
public sealed class UdpDatagram
{
    internal UdpDatagram(byte[] data, IPEndPoint remote, IPEndPoint local, DateTimeOffset timestamp, Encoding encoding, UdpEndpoint? receivedBy)
    {
        Timestamp = timestamp;
        Data = data;
        Text = encoding.GetString(data);
        RemoteAddress = EndpointText.Plain(remote.Address).ToString();
        RemotePort = remote.Port;
        LocalAddress = EndpointText.Plain(local.Address).ToString();
        LocalPort = local.Port;
        Remote = remote;
        ReceivedBy = receivedBy;
    }

    /// <summary>When the datagram was taken from the kernel (not when the pipeline got to it).</summary>
    public DateTimeOffset Timestamp { get; }

    public string RemoteAddress { get; }

    public int RemotePort { get; }

    public string LocalAddress { get; }

    public int LocalPort { get; }

    public int Length => Data.Length;

#pragma warning disable CA1819 // Data is the payload users pipe to Format-Hex; a copy per access would surprise them.
    public byte[] Data { get; }
#pragma warning restore CA1819

    public string Text { get; }

    /// <summary>The sender, as the socket reported it (kept unmapped so a reply goes out the same way).</summary>
    internal IPEndPoint Remote { get; }

    /// <summary>The socket it arrived on, which answers it while still open.</summary>
    internal UdpEndpoint? ReceivedBy { get; }

    public override string ToString() => $"{EndpointText.Format(Remote.Address, RemotePort)} {Length} bytes";
}
