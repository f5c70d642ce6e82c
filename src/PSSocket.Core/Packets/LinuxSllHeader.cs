using System.Buffers.Binary;

namespace PSSocket.Core.Packets;

/// <summary>A Linux cooked-capture header, version 1 (16 bytes) or 2 (20 bytes, with the interface index).</summary>
public sealed class LinuxSllHeader
{
    private LinuxSllHeader()
    {
    }

    /// <summary>1 for LINKTYPE_LINUX_SLL, 2 for LINKTYPE_LINUX_SLL2.</summary>
    public int Version { get; private init; }

    /// <summary>0 to us, 1 broadcast, 2 multicast, 3 to another host, 4 sent by us.</summary>
    public int? PacketType { get; private init; }

    public string? PacketTypeName => PacketType switch
    {
        null => null,
        0 => "Unicast to us",
        1 => "Broadcast",
        2 => "Multicast",
        3 => "Unicast to another host",
        4 => "Sent by us",
        _ => "Unknown",
    };

    /// <summary>The ARPHRD_ type of the device (1 Ethernet, 772 loopback...).</summary>
    public int? ArphrdType { get; private init; }

    public int? AddressLength { get; private init; }

    public string? Address { get; private init; }

    /// <summary>The protocol type, an EtherType for IP and ARP.</summary>
    public ushort? Protocol { get; private init; }

    /// <summary>The interface index (version 2 only).</summary>
    public int? InterfaceIndex { get; private init; }

    public int HeaderLength => Version == 2 ? 20 : 16;

    public PacketProblems Problems { get; private init; }

    internal static LinuxSllHeader Decode(ReadOnlySpan<byte> frame, int version)
    {
        Span<byte> h = stackalloc byte[20];
        h.Clear();
        frame[..Math.Min(frame.Length, 20)].CopyTo(h);
        var problems = frame.Length < (version == 2 ? 20 : 16) ? PacketProblems.Truncated : PacketProblems.None;
        int n = frame.Length; // a field past the captured bytes is null, not zero
        if (version == 2)
        {
            int length2 = Math.Min((int)h[11], 8);
            return new LinuxSllHeader
            {
                Version = 2,
                Protocol = n >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(h) : null,
                InterfaceIndex = n >= 8 ? BinaryPrimitives.ReadInt32BigEndian(h[4..]) : null,
                ArphrdType = n >= 10 ? BinaryPrimitives.ReadUInt16BigEndian(h[8..]) : null,
                PacketType = n >= 11 ? h[10] : null,
                AddressLength = n >= 12 ? h[11] : null,
                Address = n >= 12 + length2 ? MacAddress.Format(h.Slice(12, length2)) : null,
                Problems = problems,
            };
        }

        int length = Math.Min((int)BinaryPrimitives.ReadUInt16BigEndian(h[4..]), 8);
        return new LinuxSllHeader
        {
            Version = 1,
            PacketType = n >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(h) : null,
            ArphrdType = n >= 4 ? BinaryPrimitives.ReadUInt16BigEndian(h[2..]) : null,
            AddressLength = n >= 6 ? BinaryPrimitives.ReadUInt16BigEndian(h[4..]) : null,
            Address = n >= 6 + length ? MacAddress.Format(h.Slice(6, length)) : null,
            Protocol = n >= 16 ? BinaryPrimitives.ReadUInt16BigEndian(h[14..]) : null,
            Problems = problems,
        };
    }

    public override string ToString() => $"{PacketTypeName} {(Protocol is ushort p ? ProtocolNames.EtherType(p) : null)}";
}
