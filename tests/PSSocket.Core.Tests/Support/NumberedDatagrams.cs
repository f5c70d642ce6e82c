using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace PSSocket.Core.Tests.Support;

/// <summary>
/// UDP datagrams that carry their sequence number (big-endian, in their first four bytes), sent from
/// one connected socket as fast as it sends: a test reads the numbers back to see order, gaps and drops.
/// </summary>
internal static class NumberedDatagrams
{
    /// <summary>Datagrams 0 to <paramref name="count"/> - 1 of <paramref name="size"/> bytes (at least 4) to <paramref name="to"/>.</summary>
    public static void Send(IPEndPoint to, int count, int size)
    {
        using var sender = new Socket(to.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        sender.Connect(to);
        byte[] payload = new byte[size];
        for (int i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(payload, i);
            sender.Send(payload);
        }
    }

    /// <summary>The sequence number a datagram's payload carries.</summary>
    public static int Number(ReadOnlySpan<byte> payload) => BinaryPrimitives.ReadInt32BigEndian(payload);
}
