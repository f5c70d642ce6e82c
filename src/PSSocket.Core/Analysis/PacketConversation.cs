using System.Globalization;
using System.Text;
using PSSocket.Core.Packets;

namespace PSSocket.Core.Analysis;

/// <summary>
/// One TCP connection or UDP flow seen in packets: its endpoints, counts each way, the TCP
/// handshake and teardown, and the payload of each side reassembled in sequence order (what
/// Wireshark's Follow TCP Stream shows). The client is the side that sent the SYN (or, for UDP
/// and for a capture that starts mid-connection, the side whose packet came first).
/// </summary>
public sealed class PacketConversation
{
    internal PacketConversation()
    {
    }

    public PacketProtocol Protocol { get; internal init; }

    /// <summary>The conversation's number per protocol in order of first packet, from 0 (tshark's tcp.stream, udp.stream).</summary>
    public int Stream { get; internal init; }

    public string ClientAddress { get; internal init; } = string.Empty;

    public int ClientPort { get; internal init; }

    public string ServerAddress { get; internal init; } = string.Empty;

    public int ServerPort { get; internal init; }

    /// <summary>The client as address:port ([address]:port for IPv6).</summary>
    public string Client => Endpoint(ClientAddress, ClientPort);

    public string Server => Endpoint(ServerAddress, ServerPort);

    /// <summary>When the first packet was captured (UTC).</summary>
    public DateTime FirstTime { get; internal init; }

    public DateTime LastTime { get; internal init; }

    /// <summary>From the first packet of the input to this conversation's first packet (tshark's Relative Start).</summary>
    public TimeSpan Start { get; internal init; }

    public TimeSpan Duration => LastTime - FirstTime;

    public long Packets => ClientPackets + ServerPackets;

    /// <summary>Frame bytes on the wire, both ways.</summary>
    public long Bytes => ClientBytes + ServerBytes;

    public long ClientPackets { get; internal init; }

    /// <summary>Frame bytes on the wire sent by the client.</summary>
    public long ClientBytes { get; internal init; }

    public long ServerPackets { get; internal init; }

    public long ServerBytes { get; internal init; }

    /// <summary>Payload bytes of the client's reassembled stream, counted even where they were not kept.</summary>
    public long ClientPayloadBytes { get; internal init; }

    public long ServerPayloadBytes { get; internal init; }

    /// <summary>TCP: SYN, SYN-ACK and the client's ACK of the SYN-ACK were all seen.</summary>
    public bool HandshakeComplete { get; internal init; }

    public DateTime? SynTime { get; internal init; }

    public DateTime? SynAckTime { get; internal init; }

    public DateTime? AckTime { get; internal init; }

    /// <summary>TCP: the first packet seen was not a SYN or SYN-ACK, so the capture began after the connection did.</summary>
    public bool StartedMidConnection { get; internal init; }

    public bool ClientFin { get; internal init; }

    public bool ServerFin { get; internal init; }

    public bool ClientReset { get; internal init; }

    public bool ServerReset { get; internal init; }

    /// <summary>TCP: how the connection ended (null for UDP).</summary>
    public ConversationState? State { get; internal init; }

    /// <summary>Segments that carried bytes (or a SYN/FIN) already seen.</summary>
    public int Retransmissions { get; internal init; }

    /// <summary>Segments of new bytes that arrived after bytes that follow them in sequence.</summary>
    public int OutOfOrder { get; internal init; }

    /// <summary>Sequence space never seen (segments the capture missed), skipped to keep the stream going.</summary>
    public long MissingBytes { get; internal init; }

    /// <summary>True when payload beyond the kept-payload cap was counted but not kept.</summary>
    public bool PayloadTruncated { get; internal init; }

#pragma warning disable CA1819 // the streams are byte arrays so Format-Hex and Set-Content -AsByteStream take them as they are
    /// <summary>The client's reassembled stream (as far as it was kept).</summary>
    public byte[] ClientData { get; internal init; } = [];

    public byte[] ServerData { get; internal init; } = [];
#pragma warning restore CA1819

    /// <summary>The client's stream as UTF-8 text (invalid sequences become U+FFFD).</summary>
    public string ClientText => Encoding.UTF8.GetString(ClientData);

    public string ServerText => Encoding.UTF8.GetString(ServerData);

    /// <summary>Both sides' kept payload as alternating messages, in the order the bytes were delivered.</summary>
    public IReadOnlyList<ConversationMessage> Messages { get; internal init; } = [];

    internal static string Endpoint(string address, int port) =>
        address.Contains(':', StringComparison.Ordinal)
            ? string.Create(CultureInfo.InvariantCulture, $"[{address}]:{port}")
            : string.Create(CultureInfo.InvariantCulture, $"{address}:{port}");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Protocol} {Stream} {Client} ↔ {Server}");
}
