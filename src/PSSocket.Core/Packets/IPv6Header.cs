using System.Buffers.Binary;
using System.Globalization;
using System.Net;

namespace PSSocket.Core.Packets;

/// <summary>An IPv6 header (RFC 8200) with its chain of extension headers.</summary>
public sealed class IPv6Header
{
    private IPv6Header()
    {
    }

    public int? Version { get; private init; }

    public int? TrafficClass { get; private init; }

    public int? Dscp => TrafficClass >> 2;

    public int? Ecn => TrafficClass & 3;

    public int? FlowLabel { get; private init; }

    /// <summary>Bytes after the fixed 40-byte header, extension headers included.</summary>
    public int? PayloadLength { get; private init; }

    /// <summary>The Next Header field of the fixed header.</summary>
    public byte? NextHeader { get; private init; }

    public int? HopLimit { get; private init; }

    public IPAddress? SourceAddress { get; private init; }

    public IPAddress? DestinationAddress { get; private init; }

    public IReadOnlyList<IPv6ExtensionHeader> ExtensionHeaders { get; private init; } = [];

    /// <summary>The protocol after the last extension header (6 TCP, 17 UDP, 58 ICMPv6...).</summary>
    public byte? UpperLayerProtocol { get; private init; }

    public string? UpperLayerProtocolName => UpperLayerProtocol is byte p ? ProtocolNames.IpProtocol(p) : null;

    /// <summary>40 plus the extension headers: where the upper-layer header starts.</summary>
    public int? HeaderLength { get; private init; }

    public PacketProblems Problems { get; private init; }

    internal static IPv6Header Decode(ReadOnlySpan<byte> bytes, int onWireLength = int.MaxValue)
    {
        Span<byte> h = stackalloc byte[40];
        h.Clear();
        bytes[..Math.Min(bytes.Length, 40)].CopyTo(h);
        var problems = PacketProblems.None;
        int payloadLength = BinaryPrimitives.ReadUInt16BigEndian(h[4..]);
        var extensions = new List<IPv6ExtensionHeader>();
        byte next = h[6];
        int position = 40;
        if (bytes.Length < 40)
        {
            problems |= PacketProblems.Truncated;
        }
        else
        {
            if ((h[0] >> 4) != 6)
            {
                problems |= PacketProblems.BadVersion;
            }

            int total = 40 + payloadLength;
            int end = Math.Min(total, bytes.Length);
            if (total > bytes.Length)
            {
                problems |= total <= onWireLength ? PacketProblems.PayloadTruncated : PacketProblems.LengthMismatch;
            }

            while (FrameDecoder.IsExtensionHeader(next))
            {
                if (extensions.Count == FrameDecoder.MaxExtensionHeaders)
                {
                    problems |= PacketProblems.TooManyExtensionHeaders;
                    break;
                }

                int length = position + 2 <= end ? FrameDecoder.ExtensionHeaderLength(next, bytes[position + 1]) : 8;
                if (position + length > end)
                {
                    problems |= end < total ? PacketProblems.Truncated : PacketProblems.LengthMismatch;
                    break;
                }

                var ext = Extension(next, bytes.Slice(position, length), ref problems);
                extensions.Add(ext);
                next = ext.NextHeader;
                position += length;
            }
        }

        int n = bytes.Length; // a field past the captured bytes is null, not zero
        return new IPv6Header
        {
            Version = n >= 1 ? h[0] >> 4 : null,
            TrafficClass = n >= 2 ? (BinaryPrimitives.ReadUInt16BigEndian(h) >> 4) & 0xFF : null,
            FlowLabel = n >= 4 ? (int)(BinaryPrimitives.ReadUInt32BigEndian(h) & 0xFFFFF) : null,
            PayloadLength = n >= 6 ? payloadLength : null,
            NextHeader = n >= 7 ? h[6] : null,
            HopLimit = n >= 8 ? h[7] : null,
            SourceAddress = n >= 24 ? new IPAddress(h.Slice(8, 16)) : null,
            DestinationAddress = n >= 40 ? new IPAddress(h.Slice(24, 16)) : null,
            ExtensionHeaders = extensions,
            UpperLayerProtocol = n >= 40 ? next : null,
            HeaderLength = n >= 40 ? position : null,
            Problems = problems,
        };
    }

    private static IPv6ExtensionHeader Extension(byte type, ReadOnlySpan<byte> e, ref PacketProblems problems)
    {
        switch (type)
        {
            case 0:
            case 60:
                return new IPv6ExtensionHeader
                {
                    Type = type,
                    NextHeader = e[0],
                    Length = e.Length,
                    Options = OptionParser.Parse(e[2..], OptionParser.Flavor.IPv6, ref problems),
                };
            case 43:
                var addresses = new List<IPAddress>();
                for (int a = 8; a + 16 <= e.Length; a += 16)
                {
                    addresses.Add(new IPAddress(e.Slice(a, 16)));
                }

                return new IPv6ExtensionHeader { Type = type, NextHeader = e[0], Length = e.Length, RoutingType = e[2], SegmentsLeft = e[3], Addresses = addresses };
            case 44:
                ushort fragment = BinaryPrimitives.ReadUInt16BigEndian(e[2..]);
                return new IPv6ExtensionHeader
                {
                    Type = type,
                    NextHeader = e[0],
                    Length = e.Length,
                    FragmentOffset = fragment >> 3,
                    MoreFragments = (fragment & 1) != 0,
                    Identification = BinaryPrimitives.ReadUInt32BigEndian(e[4..]),
                };
            default:
                return new IPv6ExtensionHeader { Type = type, NextHeader = e[0], Length = e.Length };
        }
    }

    internal static IReadOnlyList<HeaderField> Explain(ReadOnlySpan<byte> bytes)
    {
        var header = Decode(bytes);
        var x = new FieldExplainer("IPv6", bytes[..Math.Min(bytes.Length, 40)].ToArray());
        x.Add("Version", 0, 4, header.Version, header.Version == 6 ? "IPv6" : "not 6: not an IPv6 header");
        x.Add("TrafficClass", 4, 8, header.TrafficClass, Invariant($"DSCP {header.Dscp}, ECN {header.Ecn}"));
        x.Add("FlowLabel", 12, 20, header.FlowLabel, Invariant($"0x{header.FlowLabel:x5}"));
        x.Add("PayloadLength", 32, 16, header.PayloadLength, Invariant($"{header.PayloadLength} bytes after this 40-byte header"));
        x.Add("NextHeader", 48, 8, header.NextHeader, header.NextHeader is byte next ? ProtocolNames.IpProtocol(next) : string.Empty);
        x.Add("HopLimit", 56, 8, header.HopLimit, Invariant($"{header.HopLimit} hops left"));
        x.Add("SourceAddress", 64, 128, header.SourceAddress, header.SourceAddress?.ToString() ?? string.Empty);
        x.Add("DestinationAddress", 192, 128, header.DestinationAddress, header.DestinationAddress?.ToString() ?? string.Empty);
        return x.Fields;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public override string ToString() => Invariant($"{SourceAddress} → {DestinationAddress} {UpperLayerProtocolName} HopLimit={HopLimit} PayloadLength={PayloadLength}");
}
