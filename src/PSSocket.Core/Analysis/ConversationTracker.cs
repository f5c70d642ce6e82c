using PSSocket.Core.Packets;

namespace PSSocket.Core.Analysis;

/// <summary>
/// Turns a stream of packets into conversations, one TCP connection or UDP flow each, and hands
/// each one out as soon as it is over, so memory holds only the open conversations (each with at
/// most <c>maximumPayload</c> kept bytes) however long the capture is. A TCP connection is over
/// when it was reset or both FINs were acknowledged, and then a little capture time has passed
/// for stray duplicate ACKs and RSTs (or more than a few finished ones wait); UDP flows and open
/// connections end with the input.
/// </summary>
internal sealed class ConversationTracker
{
    /// <summary>Default kept payload per conversation: ample for lab exchanges, small for memory.</summary>
    public const long DefaultMaximumPayload = 1024 * 1024;

    /// <summary>Capture time a finished connection is kept for late packets of its own (a duplicate ACK or RST) before it is handed out.</summary>
    internal const long LingerNanoseconds = 2_000_000_000;

    /// <summary>
    /// Finished connections kept waiting at most: a dense capture closes thousands a second, and
    /// memory must not grow with that rate. Finished means the last FIN was acknowledged, so what
    /// a shorter wait can miss is only a stray duplicate.
    /// </summary>
    internal const int MaxLingering = 16;

    private readonly long _maximumPayload;
    private readonly Dictionary<FlowKey, ConversationBuilder> _open = [];
    private readonly Queue<(FlowKey Key, ConversationBuilder Builder)> _finished = new();
    private long? _origin;
    private long _clock;
    private long _order;
    private int _tcpStreams;
    private int _udpStreams;

    public ConversationTracker(long maximumPayload = DefaultMaximumPayload)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maximumPayload);
        _maximumPayload = maximumPayload;
    }

    /// <summary>Packets that belong to no TCP or UDP conversation (ARP, ICMP, later IP fragments, cut headers).</summary>
    public long Ignored { get; private set; }

    /// <summary>Conversations held now: the memory bound.</summary>
    public int OpenCount => _open.Count;

    /// <summary>Adds one packet; conversations it finishes (or that finished long enough ago) go to <paramref name="done"/>.</summary>
    public void Add(Packet packet, ICollection<PacketConversation> done)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(done);
        ref readonly var s = ref packet.Summary;
        long time = packet.TimestampNanoseconds;

        // Start times are relative to the first packet of the input, whatever it carries, as tshark's are.
        _origin ??= time;
        if (s.Protocol is not (PacketProtocol.Tcp or PacketProtocol.Udp) || !s.TransportDecoded || s.AddressOffsets().Length == 0)
        {
            Ignored++;
            return;
        }

        _clock = Math.Max(_clock, time);
        ReadOnlySpan<byte> frame = packet.Data;
        var key = FlowKey.Of(frame, s, out bool sourceIsLow);
        bool tcp = s.Protocol == PacketProtocol.Tcp;
        bool syn = tcp && s.TcpHeaderDecoded && (s.TcpFlags & (TcpFlags.Syn | TcpFlags.Ack)) == TcpFlags.Syn;
        if (_open.TryGetValue(key, out var flow) && syn && (flow.Reset || flow.AnyFin || flow.ClientInitialSequence.HasValue) && flow.ClientInitialSequence != s.Sequence)
        {
            // A SYN on the ports of a connection that was torn down, or that began with another
            // initial sequence number, opens a new connection (port reuse); a retransmitted SYN does not.
            done.Add(flow.Build());
            _open.Remove(key);
            flow = null;
        }

        if (flow is null)
        {
            flow = Start(packet, s, sourceIsLow, time);
            _open.Add(key, flow);
        }

        bool fromClient = sourceIsLow == flow.ClientIsLow;
        bool wasFinished = flow.Finished;
        ReadOnlySpan<byte> captured = Payload(frame, s, out int length);
        if (!tcp)
        {
            flow.AddUdp(fromClient, packet.Length, captured, length, time);
        }
        else if (s.TcpHeaderDecoded)
        {
            flow.AddTcp(fromClient, packet.Length, s, captured, length, time);
        }
        else
        {
            // Ports but no sequence numbers: the frame counts, the stream cannot use it.
            flow.CountOnly(fromClient, packet.Length, time);
        }

        if (flow.Finished && !wasFinished)
        {
            _finished.Enqueue((key, flow));
        }

        Release(done);
    }

    /// <summary>The end of the packets: every conversation still held, in order of first packet.</summary>
    public void Complete(ICollection<PacketConversation> done)
    {
        ArgumentNullException.ThrowIfNull(done);
        foreach (var flow in _open.Values.OrderBy(f => f.Order))
        {
            done.Add(flow.Build());
        }

        _open.Clear();
        _finished.Clear();
    }

    private ConversationBuilder Start(Packet packet, in PacketSummary s, bool sourceIsLow, long time)
    {
        bool tcp = s.Protocol == PacketProtocol.Tcp;
        var flags = s.TcpHeaderDecoded ? s.TcpFlags : TcpFlags.None;
        bool synAck = tcp && (flags & (TcpFlags.Syn | TcpFlags.Ack)) == (TcpFlags.Syn | TcpFlags.Ack);
        bool syn = tcp && (flags & (TcpFlags.Syn | TcpFlags.Ack)) == TcpFlags.Syn;

        // The SYN's sender is the client; a SYN-ACK's receiver is. Otherwise the first sender is taken to be.
        var source = new Endpoint(packet.Source, s.SourcePort);
        var destination = new Endpoint(packet.Destination, s.DestinationPort);
        var (client, server, clientIsLow) = synAck ? (destination, source, !sourceIsLow) : (source, destination, sourceIsLow);
        int stream = tcp ? _tcpStreams++ : _udpStreams++;
        return new ConversationBuilder(s.Protocol, stream, _order++, client, server, clientIsLow, tcp && !syn && !synAck, time, _origin!.Value, _maximumPayload);
    }

    private void Release(ICollection<PacketConversation> done)
    {
        while (_finished.Count > 0)
        {
            var (key, flow) = _finished.Peek();
            if (_finished.Count <= MaxLingering && flow.LastTime + LingerNanoseconds > _clock)
            {
                return;
            }

            _finished.Dequeue();
            if (_open.TryGetValue(key, out var current) && ReferenceEquals(current, flow))
            {
                _open.Remove(key);
                done.Add(flow.Build());
            }
        }
    }

    /// <summary>The captured payload bytes; <paramref name="length"/> is what the headers announce, which a snap length may exceed.</summary>
    private static ReadOnlySpan<byte> Payload(ReadOnlySpan<byte> frame, in PacketSummary s, out int length)
    {
        if (s.PayloadOffset < 0 || s.PayloadOffset > frame.Length)
        {
            length = 0;
            return [];
        }

        length = s.PayloadLength;
        return frame.Slice(s.PayloadOffset, Math.Max(0, Math.Min(frame.Length - s.PayloadOffset, s.PayloadLength)));
    }
}
