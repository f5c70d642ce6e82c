using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace PSSocket.Core.Packets;

/// <summary>
/// The fast path: walks link, network and transport headers of a frame into a
/// <see cref="PacketSummary"/> without allocating and without throwing on any input.
/// </summary>
internal static class FrameDecoder
{
    public const ushort EtherTypeIPv4 = 0x0800;
    public const ushort EtherTypeArp = 0x0806;
    public const ushort EtherTypeIPv6 = 0x86DD;
    public const ushort EtherTypeVlan = 0x8100;
    public const ushort EtherTypeQinQ = 0x88A8;
    public const ushort EtherTypeQinQOld = 0x9100;

    /// <summary>Real stacks carry a handful; more means garbage or a crafted loop.</summary>
    public const int MaxExtensionHeaders = 16;

    /// <summary>Decodes <paramref name="frame"/>; <paramref name="originalLength"/> is its length on the wire (≥ the captured length).</summary>
    /// <remarks>
    /// This and the header walks it calls are compiled optimized at once: a live capture decodes each
    /// packet on its reader thread, and a burst drains in tens of milliseconds, before tiered
    /// compilation replaces the first, unoptimized code (a fresh process's drain ran in it).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Decode(ReadOnlySpan<byte> frame, LinkType linkType, int originalLength, out PacketSummary s)
    {
        s = default;
        s.LinkType = linkType;
        s.CapturedLength = frame.Length;
        s.OriginalLength = Math.Max(originalLength, frame.Length);
        s.NetworkOffset = -1;
        s.TransportOffset = -1;
        s.PayloadOffset = -1;

        int offset;
        switch (linkType)
        {
            case LinkType.Ethernet:
                if (!Ethernet(frame, ref s, out offset))
                {
                    return;
                }

                break;
            case LinkType.LinuxSll:
                if (frame.Length < 16)
                {
                    s.Problems |= PacketProblems.Truncated;
                    return;
                }

                s.EtherType = BinaryPrimitives.ReadUInt16BigEndian(frame[14..]);
                offset = 16;
                break;
            case LinkType.LinuxSll2:
                if (frame.Length < 20)
                {
                    s.Problems |= PacketProblems.Truncated;
                    return;
                }

                s.EtherType = BinaryPrimitives.ReadUInt16BigEndian(frame);
                offset = 20;
                break;
            case LinkType.Null:
            case LinkType.Loop:
                if (frame.Length < 4)
                {
                    s.Problems |= PacketProblems.Truncated;
                    return;
                }

                s.EtherType = EtherTypeOfFamily(NullFamily(frame, linkType));
                offset = 4;
                break;
            case LinkType.RawIP:
                if (frame.IsEmpty)
                {
                    s.Problems |= PacketProblems.Truncated;
                    return;
                }

                s.EtherType = (frame[0] >> 4) == 6 ? EtherTypeIPv6 : EtherTypeIPv4;
                offset = 0;
                break;
            default:
                s.Problems |= PacketProblems.UnsupportedLinkType;
                return;
        }

        Network(frame, offset, ref s);
    }

    /// <summary>The address family of a BSD loopback header: host byte order for Null, network order for Loop.</summary>
    public static uint NullFamily(ReadOnlySpan<byte> frame, LinkType linkType)
    {
        if (linkType == LinkType.Loop)
        {
            return BinaryPrimitives.ReadUInt32BigEndian(frame);
        }

        // The capturing host's byte order is unknown; families are small numbers, so the
        // order in which the value is small is the right one.
        uint little = BinaryPrimitives.ReadUInt32LittleEndian(frame);
        return little > 0xFFFF ? BinaryPrimitives.ReadUInt32BigEndian(frame) : little;
    }

    /// <summary>AF_INET is 2 everywhere; AF_INET6 is 10 (Linux), 24 (NetBSD/OpenBSD), 28 (FreeBSD), 30 (macOS).</summary>
    public static ushort EtherTypeOfFamily(uint family) => family switch
    {
        2 => EtherTypeIPv4,
        10 or 24 or 28 or 30 => EtherTypeIPv6,
        _ => 0,
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see Decode
    private static bool Ethernet(ReadOnlySpan<byte> frame, ref PacketSummary s, out int offset)
    {
        offset = 14;
        if (frame.Length < 14)
        {
            s.Problems |= PacketProblems.Truncated;
            return false;
        }

        ushort type = BinaryPrimitives.ReadUInt16BigEndian(frame[12..]);
        while (type is EtherTypeVlan or EtherTypeQinQ or EtherTypeQinQOld)
        {
            if (frame.Length < offset + 4)
            {
                s.Problems |= PacketProblems.Truncated;
                return false;
            }

            type = BinaryPrimitives.ReadUInt16BigEndian(frame[(offset + 2)..]);
            offset += 4;
        }

        s.EtherType = type;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see Decode
    private static void Network(ReadOnlySpan<byte> frame, int offset, ref PacketSummary s)
    {
        switch (s.EtherType)
        {
            case EtherTypeIPv4:
                s.NetworkOffset = offset;
                IPv4(frame, offset, ref s);
                break;
            case EtherTypeIPv6:
                s.NetworkOffset = offset;
                IPv6(frame, offset, ref s);
                break;
            case EtherTypeArp:
                s.NetworkOffset = offset;
                s.Protocol = PacketProtocol.Arp;
                if (frame.Length < offset + 8)
                {
                    s.Problems |= PacketProblems.Truncated;
                    return;
                }

                int needed = 8 + (2 * (frame[offset + 4] + frame[offset + 5]));
                s.NetworkLength = needed;
                if (frame.Length < offset + needed)
                {
                    s.Problems |= PacketProblems.Truncated;
                    return;
                }

                s.ArpIsEthernetIPv4 = frame[offset + 4] == 6 && frame[offset + 5] == 4;
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see Decode
    private static void IPv4(ReadOnlySpan<byte> frame, int offset, ref PacketSummary s)
    {
        s.Protocol = PacketProtocol.IPv4;
        s.IpVersion = 4;
        ReadOnlySpan<byte> ip = frame[offset..];
        if (ip.Length < 20)
        {
            s.Problems |= PacketProblems.Truncated;
            return;
        }

        if ((ip[0] >> 4) != 4)
        {
            s.Problems |= PacketProblems.BadVersion;
            return;
        }

        int headerLength = (ip[0] & 0x0F) * 4;
        int total = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
        s.NetworkLength = total;
        s.IpIdentification = BinaryPrimitives.ReadUInt16BigEndian(ip[4..]);
        ushort flagsAndOffset = BinaryPrimitives.ReadUInt16BigEndian(ip[6..]);
        s.IpFlags = (IPv4Flags)(flagsAndOffset >> 13);
        s.FragmentOffset = (ushort)(flagsAndOffset & 0x1FFF);
        s.Ttl = ip[8];
        s.IpProtocol = ip[9];
        if (headerLength < 20)
        {
            s.Problems |= PacketProblems.BadIhl;
            return;
        }

        if (ip.Length < headerLength)
        {
            s.Problems |= PacketProblems.Truncated;
            return;
        }

        if (total < headerLength)
        {
            s.Problems |= PacketProblems.LengthMismatch;
            return;
        }

        int end = ClampToCaptured(total, ip.Length, s.OriginalLength - offset, ref s.Problems);
        if (s.FragmentOffset != 0)
        {
            return;
        }

        Transport(frame, offset + headerLength, offset + end, total - headerLength, ref s);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see Decode
    private static void IPv6(ReadOnlySpan<byte> frame, int offset, ref PacketSummary s)
    {
        s.Protocol = PacketProtocol.IPv6;
        s.IpVersion = 6;
        ReadOnlySpan<byte> ip = frame[offset..];
        if (ip.Length < 40)
        {
            s.Problems |= PacketProblems.Truncated;
            return;
        }

        if ((ip[0] >> 4) != 6)
        {
            s.Problems |= PacketProblems.BadVersion;
            return;
        }

        int total = 40 + BinaryPrimitives.ReadUInt16BigEndian(ip[4..]);
        s.NetworkLength = total;
        s.Ttl = ip[7];
        int end = ClampToCaptured(total, ip.Length, s.OriginalLength - offset, ref s.Problems);
        byte next = ip[6];
        int position = 40;
        for (int count = 0; ; count++)
        {
            if (!IsExtensionHeader(next))
            {
                break;
            }

            if (count == MaxExtensionHeaders)
            {
                s.Problems |= PacketProblems.TooManyExtensionHeaders;
                s.IpProtocol = next;
                return;
            }

            if (end < position + 8)
            {
                s.Problems |= end < total ? PacketProblems.Truncated : PacketProblems.LengthMismatch;
                s.IpProtocol = next;
                return;
            }

            int length = ExtensionHeaderLength(next, ip[position + 1]);
            if (next == 44)
            {
                ushort fragment = BinaryPrimitives.ReadUInt16BigEndian(ip[(position + 2)..]);
                s.FragmentOffset = (ushort)(fragment >> 3);
                s.IpIdentification = (ushort)BinaryPrimitives.ReadUInt32BigEndian(ip[(position + 4)..]);
                s.IpFlags = (fragment & 1) != 0 ? IPv4Flags.MoreFragments : IPv4Flags.None;
            }

            next = ip[position];
            position += length;
            if (position > end)
            {
                s.Problems |= end < total ? PacketProblems.Truncated : PacketProblems.LengthMismatch;
                s.IpProtocol = next;
                return;
            }
        }

        s.IpProtocol = next;
        if (s.FragmentOffset != 0 || next == 59)
        {
            return;
        }

        Transport(frame, offset + position, offset + end, total - position, ref s);
    }

    /// <summary>Hop-by-hop 0, routing 43, fragment 44, AH 51, destination options 60, mobility 135, HIP 139, shim6 140.</summary>
    public static bool IsExtensionHeader(byte next) => next is 0 or 43 or 44 or 51 or 60 or 135 or 139 or 140;

    /// <summary>The size in bytes an extension header declares: fragment is fixed at 8, AH counts 4-byte units.</summary>
    public static int ExtensionHeaderLength(byte type, byte lengthField) => type switch
    {
        44 => 8,
        51 => (lengthField + 2) * 4,
        _ => (lengthField + 1) * 8,
    };

    /// <summary>
    /// Where the IP packet's bytes end in the capture. Fewer bytes captured than announced is a snap
    /// length when the wire had them, and a lie in the length field when even the wire did not.
    /// </summary>
    private static int ClampToCaptured(int announced, int captured, int onWire, ref PacketProblems problems)
    {
        if (announced <= captured)
        {
            return announced;
        }

        problems |= announced <= onWire ? PacketProblems.PayloadTruncated : PacketProblems.LengthMismatch;
        return captured;
    }

    /// <param name="start">Offset of the upper-layer header.</param>
    /// <param name="end">Offset where the captured IP payload ends.</param>
    /// <param name="announced">Upper-layer length according to the IP header.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see Decode
    private static void Transport(ReadOnlySpan<byte> frame, int start, int end, int announced, ref PacketSummary s)
    {
        ReadOnlySpan<byte> l4 = frame[start..end];
        s.TransportOffset = start;
        s.TransportLength = announced;
        switch (s.IpProtocol)
        {
            case 6:
                s.Protocol = PacketProtocol.Tcp;
                if (l4.Length >= 4)
                {
                    // A snapped header still shows its ports, as tshark shows them.
                    s.SourcePort = BinaryPrimitives.ReadUInt16BigEndian(l4);
                    s.DestinationPort = BinaryPrimitives.ReadUInt16BigEndian(l4[2..]);
                    s.TransportDecoded = true;
                }

                if (l4.Length < 20)
                {
                    s.Problems |= PacketProblems.Truncated;
                    return;
                }

                s.TcpHeaderDecoded = true;
                s.Sequence = BinaryPrimitives.ReadUInt32BigEndian(l4[4..]);
                s.Acknowledgment = BinaryPrimitives.ReadUInt32BigEndian(l4[8..]);
                s.TcpFlags = (TcpFlags)(BinaryPrimitives.ReadUInt16BigEndian(l4[12..]) & 0x01FF);
                s.Window = BinaryPrimitives.ReadUInt16BigEndian(l4[14..]);
                int headerLength = (l4[12] >> 4) * 4;
                if (headerLength < 20)
                {
                    s.Problems |= PacketProblems.BadDataOffset;
                    return;
                }

                if (headerLength > announced)
                {
                    s.Problems |= PacketProblems.LengthMismatch;
                    return;
                }

                if (headerLength > l4.Length)
                {
                    s.Problems |= PacketProblems.Truncated;
                    return;
                }

                s.PayloadOffset = start + headerLength;
                s.PayloadLength = announced - headerLength;
                break;
            case 17:
                s.Protocol = PacketProtocol.Udp;
                if (l4.Length >= 4)
                {
                    s.SourcePort = BinaryPrimitives.ReadUInt16BigEndian(l4);
                    s.DestinationPort = BinaryPrimitives.ReadUInt16BigEndian(l4[2..]);
                    s.TransportDecoded = true;
                }

                if (l4.Length < 8)
                {
                    s.Problems |= PacketProblems.Truncated;
                    return;
                }

                int udpLength = BinaryPrimitives.ReadUInt16BigEndian(l4[4..]);
                if (udpLength < 8 || udpLength > announced)
                {
                    s.Problems |= PacketProblems.LengthMismatch;
                    udpLength = announced;
                }

                s.PayloadOffset = start + 8;
                s.PayloadLength = Math.Max(0, udpLength - 8);
                break;
            case 1:
            case 58:
                s.Protocol = s.IpProtocol == 1 ? PacketProtocol.Icmp : PacketProtocol.IcmpV6;
                if (l4.Length < 4)
                {
                    s.Problems |= PacketProblems.Truncated;
                    return;
                }

                s.IcmpType = l4[0];
                s.IcmpCode = l4[1];
                s.TransportDecoded = true;
                int icmpHeader = Math.Min(8, l4.Length);
                s.PayloadOffset = start + icmpHeader;
                s.PayloadLength = Math.Max(0, announced - icmpHeader);
                break;
        }
    }
}
