using System.Globalization;
using System.Text;
using PSSocket.Core.Packets;

namespace PSSocket.Core.Analysis;

/// <summary>
/// One turn of a conversation: the bytes one side delivered, in sequence order, before the other
/// side's bytes came next (Wireshark's Follow TCP Stream shows these in alternating colours).
/// A UDP datagram is a message of its own.
/// </summary>
public sealed class ConversationMessage
{
    internal ConversationMessage(PacketProtocol protocol, int stream, int index, ConversationDirection direction, string source, string destination, DateTime time, byte[] data)
    {
        Protocol = protocol;
        Stream = stream;
        Index = index;
        Direction = direction;
        Source = source;
        Destination = destination;
        Time = time;
        Data = data;
    }

    public PacketProtocol Protocol { get; }

    /// <summary>The conversation's number (tshark's tcp.stream or udp.stream).</summary>
    public int Stream { get; }

    /// <summary>The message's position in its conversation, from 0.</summary>
    public int Index { get; }

    public ConversationDirection Direction { get; }

    /// <summary>The sender as address:port ([address]:port for IPv6).</summary>
    public string Source { get; }

    public string Destination { get; }

    /// <summary>When the packet that delivered the message's first byte was captured (UTC).</summary>
    public DateTime Time { get; }

    public int Length => Data.Length;

#pragma warning disable CA1819 // the bytes are the message; users index and pipe them
    public byte[] Data { get; }
#pragma warning restore CA1819

    /// <summary>The bytes as UTF-8 text (invalid sequences become U+FFFD).</summary>
    public string Text => Encoding.UTF8.GetString(Data);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Stream}/{Index} {Source} → {Destination} {Length} bytes");
}
