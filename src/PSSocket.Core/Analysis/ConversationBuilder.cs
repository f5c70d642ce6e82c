using System.Buffers;
using PSSocket.Core.Packets;

namespace PSSocket.Core.Analysis;

/// <summary>
/// The mutable state of one conversation while packets arrive: counts, handshake and teardown
/// facts, both reassemblers and the kept payload as messages. <see cref="Build"/> makes the
/// immutable <see cref="PacketConversation"/>.
/// </summary>
internal sealed class ConversationBuilder
{
    private readonly long _maximumPayload;
    private readonly long _origin;
    private readonly List<(bool FromClient, long Time, ArrayBufferWriter<byte> Bytes)> _messages = [];
    private readonly TcpStreamReassembler? _client;
    private readonly TcpStreamReassembler? _server;
    private long _kept;
    private bool _truncated;
    private long _clientPayload;
    private long _serverPayload;
    private long _clientPackets;
    private long _clientBytes;
    private long _serverPackets;
    private long _serverBytes;
    private long? _syn;
    private long? _synAck;
    private long? _ack;
    private bool _clientReset;
    private bool _serverReset;
    private bool _clientFinAcked;
    private bool _serverFinAcked;

    public ConversationBuilder(PacketProtocol protocol, int stream, long order, Endpoint client, Endpoint server, bool clientIsLow, bool midConnection, long firstTime, long origin, long maximumPayload)
    {
        Protocol = protocol;
        Stream = stream;
        Order = order;
        Client = client;
        Server = server;
        ClientIsLow = clientIsLow;
        StartedMidConnection = midConnection;
        FirstTime = firstTime;
        LastTime = firstTime;
        _origin = origin;
        _maximumPayload = maximumPayload;
        if (protocol == PacketProtocol.Tcp)
        {
            _client = new TcpStreamReassembler(this, fromClient: true);
            _server = new TcpStreamReassembler(this, fromClient: false);
        }
    }

    public PacketProtocol Protocol { get; }

    public int Stream { get; }

    /// <summary>Creation order across protocols, for output in order of first packet.</summary>
    public long Order { get; }

    public Endpoint Client { get; }

    public Endpoint Server { get; }

    /// <summary>Whether the client is the low endpoint of the flow's key; a packet is the client's when its source is on the same side.</summary>
    public bool ClientIsLow { get; }

    public bool StartedMidConnection { get; }

    public long FirstTime { get; }

    public long LastTime { get; private set; }

    public bool KeepsPayload => _kept < _maximumPayload;

    public bool Reset => _clientReset || _serverReset;

    public bool AnyFin => _client!.FinSeen || _server!.FinSeen;

    /// <summary>Torn down for good: reset, or both FINs sent and acknowledged.</summary>
    public bool Finished => Protocol == PacketProtocol.Tcp && (Reset || (_clientFinAcked && _serverFinAcked));

    public uint? ClientInitialSequence => _client is { SynSeen: true } c ? c.InitialSequence : null;

    public void AddUdp(bool fromClient, int frameLength, ReadOnlySpan<byte> captured, int length, long time)
    {
        Count(fromClient, frameLength, time);
        if (length > 0 && KeepsPayload)
        {
            // Every datagram is a message of its own, even when the same side sends twice.
            StartMessage(fromClient, time);
        }

        Deliver(fromClient, captured, length, time);
    }

    public void AddTcp(bool fromClient, int frameLength, in PacketSummary s, ReadOnlySpan<byte> captured, int length, long time)
    {
        Count(fromClient, frameLength, time);
        var flags = s.TcpFlags;
        bool syn = (flags & TcpFlags.Syn) != 0;
        bool ack = (flags & TcpFlags.Ack) != 0;
        if (syn && !ack && fromClient)
        {
            _syn ??= time;
        }
        else if (syn && ack && !fromClient)
        {
            _synAck ??= time;
        }
        else if (!syn && ack && fromClient && _synAck.HasValue && _ack is null && s.Acknowledgment == _server!.InitialSequence + 1)
        {
            _ack = time;
        }

        if ((flags & TcpFlags.Rst) != 0)
        {
            _clientReset |= fromClient;
            _serverReset |= !fromClient;
        }

        var (own, other) = fromClient ? (_client!, _server!) : (_server!, _client!);
        if (ack && other.FinSeen && s.Acknowledgment == other.FinSequence + 1)
        {
            if (fromClient)
            {
                _serverFinAcked = true;
            }
            else
            {
                _clientFinAcked = true;
            }
        }

        own.Add(s.Sequence, flags, captured, length, time);
    }

    public void CountOnly(bool fromClient, int frameLength, long time) => Count(fromClient, frameLength, time);

    /// <summary>Called by the reassemblers (and for datagrams) with bytes in stream order.</summary>
    public void Deliver(bool fromClient, ReadOnlySpan<byte> captured, long length, long time)
    {
        if (fromClient)
        {
            _clientPayload += length;
        }
        else
        {
            _serverPayload += length;
        }

        long room = _maximumPayload - _kept;
        int take = (int)Math.Min(captured.Length, Math.Max(0, room));
        if (take < length)
        {
            _truncated = true;
        }

        if (take == 0)
        {
            return;
        }

        if (_messages.Count == 0 || _messages[^1].FromClient != fromClient)
        {
            StartMessage(fromClient, time);
        }

        _messages[^1].Bytes.Write(captured[..take]);
        _kept += take;
    }

    public PacketConversation Build()
    {
        _client?.Complete();
        _server?.Complete();
        var clientData = new ArrayBufferWriter<byte>();
        var serverData = new ArrayBufferWriter<byte>();
        var messages = new List<ConversationMessage>(_messages.Count);
        string client = Client.ToString();
        string server = Server.ToString();
        foreach (var (fromClient, time, bytes) in _messages)
        {
            if (bytes.WrittenCount == 0)
            {
                continue;
            }

            (fromClient ? clientData : serverData).Write(bytes.WrittenSpan);
            messages.Add(new ConversationMessage(Protocol, Stream, messages.Count,
                fromClient ? ConversationDirection.ClientToServer : ConversationDirection.ServerToClient,
                fromClient ? client : server, fromClient ? server : client, Time(time), bytes.WrittenSpan.ToArray()));
        }

        bool tcp = Protocol == PacketProtocol.Tcp;
        return new PacketConversation
        {
            Protocol = Protocol,
            Stream = Stream,
            ClientAddress = Client.Address,
            ClientPort = Client.Port,
            ServerAddress = Server.Address,
            ServerPort = Server.Port,
            FirstTime = Time(FirstTime),
            LastTime = Time(LastTime),
            Start = TimeSpan.FromTicks((FirstTime - _origin) / 100),
            ClientPackets = _clientPackets,
            ClientBytes = _clientBytes,
            ServerPackets = _serverPackets,
            ServerBytes = _serverBytes,
            ClientPayloadBytes = _clientPayload,
            ServerPayloadBytes = _serverPayload,
            HandshakeComplete = _syn.HasValue && _synAck.HasValue && _ack.HasValue,
            SynTime = _syn.HasValue ? Time(_syn.Value) : null,
            SynAckTime = _synAck.HasValue ? Time(_synAck.Value) : null,
            AckTime = _ack.HasValue ? Time(_ack.Value) : null,
            StartedMidConnection = StartedMidConnection,
            ClientFin = _client?.FinSeen ?? false,
            ServerFin = _server?.FinSeen ?? false,
            ClientReset = _clientReset,
            ServerReset = _serverReset,
            State = !tcp ? null
                : Reset ? ConversationState.Reset
                : _client!.FinSeen && _server!.FinSeen ? ConversationState.Closed
                : AnyFin ? ConversationState.HalfClosed
                : ConversationState.Open,
            Retransmissions = (_client?.Retransmissions ?? 0) + (_server?.Retransmissions ?? 0),
            OutOfOrder = (_client?.OutOfOrder ?? 0) + (_server?.OutOfOrder ?? 0),
            MissingBytes = (_client?.MissingBytes ?? 0) + (_server?.MissingBytes ?? 0),
            PayloadTruncated = _truncated,
            ClientData = clientData.WrittenSpan.ToArray(),
            ServerData = serverData.WrittenSpan.ToArray(),
            Messages = messages,
        };
    }

    private static DateTime Time(long nanoseconds) => DateTime.UnixEpoch.AddTicks(nanoseconds / 100);

    private void StartMessage(bool fromClient, long time) => _messages.Add((fromClient, time, new ArrayBufferWriter<byte>(256)));

    private void Count(bool fromClient, int frameLength, long time)
    {
        if (fromClient)
        {
            _clientPackets++;
            _clientBytes += frameLength;
        }
        else
        {
            _serverPackets++;
            _serverBytes += frameLength;
        }

        LastTime = Math.Max(LastTime, time);
    }
}
