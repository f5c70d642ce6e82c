using System.Text;

namespace PSSocket.Core.Sockets;

/// <summary>One message framed out of a connection's byte stream by Receive-TcpData.</summary>
public sealed class TcpMessage
{
    internal TcpMessage(SocketConnection connection, byte[] data, byte[] terminator, Encoding encoding)
    {
        Timestamp = DateTimeOffset.Now;
        Connection = connection;
        Data = data;
        Terminator = terminator;
        Text = encoding.GetString(data);
    }

    public DateTimeOffset Timestamp { get; }

    /// <summary>Where it came from; piped into Send-TcpData, a message goes back on this connection.</summary>
    public SocketConnection Connection { get; }

    public int Length => Data.Length;

#pragma warning disable CA1819 // Data is the payload users pipe to Format-Hex; a copy per access would surprise them.
    public byte[] Data { get; }
#pragma warning restore CA1819

    public string Text { get; }

    /// <summary>The delimiter the framing removed (empty when none), so echoing the message sends back exactly what came.</summary>
    internal byte[] Terminator { get; }

    public override string ToString() => Text;
}
