using System.Buffers.Binary;

namespace PSSocket.Core.Packets;

/// <summary>An Ethernet II header with any 802.1Q/802.1ad tags.</summary>
public sealed class EthernetHeader
{
    private EthernetHeader()
    {
    }

    public string? Destination { get; private init; }

    public string? Source { get; private init; }

    /// <summary>The EtherType after the tags (0x0800 IPv4, 0x86dd IPv6, 0x0806 ARP), or an 802.3 length (≤ 1500).</summary>
    public ushort? EtherType { get; private init; }

    public string? EtherTypeName => EtherType is ushort type ? ProtocolNames.EtherType(type) : null;

    public IReadOnlyList<VlanTag> VlanTags { get; private init; } = [];

    /// <summary>14 plus 4 per tag.</summary>
    public int HeaderLength { get; private init; }

    public PacketProblems Problems { get; private init; }

    internal static EthernetHeader Decode(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 14)
        {
            return new EthernetHeader
            {
                // a partial address is no address: null, as every field that was not captured
                Destination = frame.Length >= 6 ? MacAddress.Format(frame[..6]) : null,
                Source = frame.Length >= 12 ? MacAddress.Format(frame[6..12]) : null,
                HeaderLength = 14,
                Problems = PacketProblems.Truncated,
            };
        }

        List<VlanTag>? tags = null; // most frames carry no tag: no list for them
        var problems = PacketProblems.None;
        int offset = 14;
        ushort type = BinaryPrimitives.ReadUInt16BigEndian(frame[12..]);
        while (type is FrameDecoder.EtherTypeVlan or FrameDecoder.EtherTypeQinQ or FrameDecoder.EtherTypeQinQOld)
        {
            if (frame.Length < offset + 4)
            {
                problems |= PacketProblems.Truncated;
                break;
            }

            ushort next = BinaryPrimitives.ReadUInt16BigEndian(frame[(offset + 2)..]);
            (tags ??= []).Add(new VlanTag(type, BinaryPrimitives.ReadUInt16BigEndian(frame[offset..]), next));
            type = next;
            offset += 4;
        }

        return new EthernetHeader
        {
            Destination = MacAddress.Format(frame[..6]),
            Source = MacAddress.Format(frame[6..12]),
            EtherType = type,
            VlanTags = tags ?? [],
            HeaderLength = offset,
            Problems = problems,
        };
    }

    public override string ToString() => $"{Source} → {Destination} {EtherTypeName}";
}
