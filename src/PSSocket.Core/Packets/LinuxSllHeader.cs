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
    public int PacketType { get; private init; }

    public string PacketTypeName => PacketType switch
    {
        0 => "Unicast to us",
        1 => "Broadcast",
        2 => "Multicast",
        3 => "Unicast to another host",
        4 => "Sent by us",
        _ => "Unknown",
    };

    /// <summary>The ARPHRD_ type of the device (1 Ethernet, 772 loopback...).</summary>
    public int ArphrdType { get; private init; }

    public int AddressLength { get; private init; }

    public string Address { get; private init; } = string.Empty;

    /// <summary>The protocol type, an EtherType for IP and ARP.</summary>
    public ushort Protocol { get; private init; }

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
        if (version == 2)
        {
            int length2 = Math.Min((int)h[11], 8);
            return new LinuxSllHeader
            {
                Version = 2,
                Protocol = BinaryPrimitives.ReadUInt16BigEndian(h),
                InterfaceIndex = BinaryPrimitives.ReadInt32BigEndian(h[4..]),
                ArphrdType = BinaryPrimitives.ReadUInt16BigEndian(h[8..]),
                PacketType = h[10],
                AddressLength = h[11],
                Address = MacAddress.Format(h.Slice(12, length2)),
                Problems = problems,
            };
        }

        int length = Math.Min((int)BinaryPrimitives.ReadUInt16BigEndian(h[4..]), 8);
        return new LinuxSllHeader
        {
            Version = 1,
            PacketType = BinaryPrimitives.ReadUInt16BigEndian(h),
            ArphrdType = BinaryPrimitives.ReadUInt16BigEndian(h[2..]),
            AddressLength = BinaryPrimitives.ReadUInt16BigEndian(h[4..]),
            Address = MacAddress.Format(h.Slice(6, length)),
            Protocol = BinaryPrimitives.ReadUInt16BigEndian(h[14..]),
            Problems = problems,
        };
    }

    public override string ToString() => $"{PacketTypeName} {ProtocolNames.EtherType(Protocol)}";
}
