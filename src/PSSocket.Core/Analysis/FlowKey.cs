using System.Buffers.Binary;
using PSSocket.Core.Packets;

namespace PSSocket.Core.Analysis;

/// <summary>
/// The unordered pair of endpoints and the protocol: both directions of a flow map to one key.
/// Addresses are kept as numbers so looking up a packet's flow allocates nothing.
/// </summary>
internal readonly record struct FlowKey(PacketProtocol Protocol, byte Version, UInt128 LowAddress, int LowPort, UInt128 HighAddress, int HighPort)
{
    /// <summary>The key of a packet, and whether its source is the key's low endpoint.</summary>
    public static FlowKey Of(ReadOnlySpan<byte> frame, in PacketSummary s, out bool sourceIsLow)
    {
        var (src, dst, length) = s.AddressOffsets();
        UInt128 a = Read(frame.Slice(src, length));
        UInt128 b = Read(frame.Slice(dst, length));
        int pa = s.SourcePort;
        int pb = s.DestinationPort;
        sourceIsLow = a < b || (a == b && pa <= pb);
        return sourceIsLow
            ? new FlowKey(s.Protocol, s.IpVersion, a, pa, b, pb)
            : new FlowKey(s.Protocol, s.IpVersion, b, pb, a, pa);
    }

    private static UInt128 Read(ReadOnlySpan<byte> address) =>
        address.Length == 16 ? BinaryPrimitives.ReadUInt128BigEndian(address) : BinaryPrimitives.ReadUInt32BigEndian(address);
}
