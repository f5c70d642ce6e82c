using System.Net;
using System.Text;
using PSSocket.Core.Files;
using PSSocket.Core.Packets;

namespace PSSocket.Core.Tests.Analysis;

/// <summary>
/// Writes a pcap of crafted Ethernet frames, 1.25 ms apart, in the order the test calls for them:
/// this kernel has no netem, so disorder and duplicates are written into the file.
/// </summary>
internal sealed class CraftedCapture
{
    private readonly List<byte[]> _frames = [];

    public CraftedTcp Tcp(string client, int clientPort, string server, int serverPort, uint clientIsn, uint serverIsn) =>
        new(this, IPAddress.Parse(client), clientPort, IPAddress.Parse(server), serverPort, clientIsn, serverIsn);

    public void Udp(string source, int sourcePort, string destination, int destinationPort, string text) => Add(new PacketTemplate
    {
        Source = IPAddress.Parse(source),
        Destination = IPAddress.Parse(destination),
        Kind = CraftedTransport.Udp,
        LinkType = LinkType.Ethernet,
        SourcePort = sourcePort,
        DestinationPort = destinationPort,
        Payload = Encoding.ASCII.GetBytes(text),
    });

    public void Add(PacketTemplate template) => _frames.Add(PacketBuilder.Build(template));

    public void Write(string path)
    {
        using var writer = CaptureFileWriter.Create(path, CaptureFormat.Pcap, LinkType.Ethernet, append: false);
        long time = 1_700_000_000_000_000_000;
        foreach (byte[] frame in _frames)
        {
            time += 1_250_000;
            writer.Write(frame, time, frame.Length, LinkType.Ethernet, null, null);
        }
    }
}

/// <summary>One crafted connection; offsets count from each side's ISN, so offset 1 is its first data byte.</summary>
internal sealed class CraftedTcp(CraftedCapture capture, IPAddress client, int clientPort, IPAddress server, int serverPort, uint clientIsn, uint serverIsn)
{
    private long _clientNext;
    private long _serverNext;
    private long? _clientFin;
    private long? _serverFin;

    /// <param name="synData">Data on the SYN itself (TCP Fast Open, RFC 7413): it starts after the SYN's sequence number.</param>
    public void Handshake(string synData = "")
    {
        byte[] data = Encoding.ASCII.GetBytes(synData);
        Segment(true, TcpFlags.Syn, 0, data, withAck: false);
        _clientNext = 1 + data.Length;
        Segment(false, TcpFlags.Syn | TcpFlags.Ack, 0);
        _serverNext = 1;
        Segment(true, TcpFlags.Ack, 1);
    }

    /// <summary>The next bytes of a side, in order.</summary>
    public void Send(bool fromClient, string text) => SendAt(fromClient, fromClient ? _clientNext : _serverNext, text);

    /// <summary>Bytes at any offset: ahead of a hole, or again.</summary>
    public void SendAt(bool fromClient, long offset, string text)
    {
        byte[] data = Encoding.ASCII.GetBytes(text);
        Segment(fromClient, TcpFlags.Psh | TcpFlags.Ack, offset, data);
        if (fromClient)
        {
            _clientNext = Math.Max(_clientNext, offset + data.Length);
        }
        else
        {
            _serverNext = Math.Max(_serverNext, offset + data.Length);
        }
    }

    /// <summary>A FIN; called again it retransmits the same FIN.</summary>
    public void Fin(bool fromClient)
    {
        long at = fromClient ? _clientFin ??= _clientNext : _serverFin ??= _serverNext;
        Segment(fromClient, TcpFlags.Fin | TcpFlags.Ack, at);
        if (fromClient)
        {
            _clientNext = at + 1;
        }
        else
        {
            _serverNext = at + 1;
        }
    }

    public void Ack(bool fromClient) => Segment(fromClient, TcpFlags.Ack, fromClient ? _clientNext : _serverNext);

    public void Reset(bool fromClient) => Segment(fromClient, TcpFlags.Rst | TcpFlags.Ack, fromClient ? _clientNext : _serverNext);

    private void Segment(bool fromClient, TcpFlags flags, long offset, byte[]? data = null, bool withAck = true) => capture.Add(new PacketTemplate
    {
        Source = fromClient ? client : server,
        Destination = fromClient ? server : client,
        Kind = CraftedTransport.Tcp,
        LinkType = LinkType.Ethernet,
        SourcePort = fromClient ? clientPort : serverPort,
        DestinationPort = fromClient ? serverPort : clientPort,
        TcpFlags = flags,
        Sequence = unchecked((fromClient ? clientIsn : serverIsn) + (uint)offset),
        Acknowledgment = withAck ? unchecked((fromClient ? serverIsn : clientIsn) + (uint)(fromClient ? _serverNext : _clientNext)) : 0,
        Payload = data ?? [],
    });
}
