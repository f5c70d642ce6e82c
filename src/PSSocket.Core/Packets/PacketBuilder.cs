using System.Buffers.Binary;
using System.Globalization;
using System.Net.Sockets;
using PSSocket.Core.Integrity;

namespace PSSocket.Core.Packets;

/// <summary>Builds IPv4/IPv6 packets with TCP, UDP or ICMP echo, lengths and checksums filled in unless overridden.</summary>
internal static class PacketBuilder
{
    public static byte[] Build(PacketTemplate t)
    {
        ArgumentNullException.ThrowIfNull(t);
        bool v6 = t.Source.AddressFamily == AddressFamily.InterNetworkV6;
        if (v6 != (t.Destination.AddressFamily == AddressFamily.InterNetworkV6))
        {
            throw new PSSocketException("MixedAddressFamilies", FaultCategory.InvalidArgument, t.Destination,
                $"Source {t.Source} and destination {t.Destination} are of different IP versions.");
        }

        byte protocol = t.Protocol ?? t.Kind switch
        {
            CraftedTransport.Tcp => 6,
            CraftedTransport.Udp => 17,
            _ => v6 ? (byte)58 : (byte)1,
        };
        byte[] transport = Transport(t, v6);
        byte[] ip = v6 ? IPv6(t, protocol, transport) : IPv4(t, protocol, transport);
        if (t.LinkType == LinkType.RawIP)
        {
            return ip;
        }

        if (t.LinkType != LinkType.Ethernet)
        {
            throw new PSSocketException("UnsupportedLinkType", FaultCategory.InvalidArgument, t.LinkType,
                $"Packets are built as RawIP or Ethernet, not {t.LinkType}.");
        }

        byte[] frame = new byte[14 + ip.Length];
        Mac(t.DestinationMac).CopyTo(frame, 0);
        Mac(t.SourceMac).CopyTo(frame, 6);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), v6 ? FrameDecoder.EtherTypeIPv6 : FrameDecoder.EtherTypeIPv4);
        ip.CopyTo(frame, 14);
        return frame;
    }

    private static byte[] Transport(PacketTemplate t, bool v6)
    {
        switch (t.Kind)
        {
            case CraftedTransport.Tcp:
                byte[] options = TcpOptions(t);
                int headerLength = 20 + options.Length;
                byte[] tcp = new byte[headerLength + t.Payload.Length];
                BinaryPrimitives.WriteUInt16BigEndian(tcp, (ushort)t.SourcePort);
                BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(2), (ushort)t.DestinationPort);
                BinaryPrimitives.WriteUInt32BigEndian(tcp.AsSpan(4), t.Sequence);
                BinaryPrimitives.WriteUInt32BigEndian(tcp.AsSpan(8), t.Acknowledgment);
                int dataOffset = t.DataOffset ?? (headerLength / 4);
                BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(12), (ushort)(((dataOffset & 0xF) << 12) | ((int)t.TcpFlags & 0x1FF)));
                BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(14), (ushort)t.Window);
                BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(18), (ushort)t.UrgentPointer);
                options.CopyTo(tcp, 20);
                t.Payload.CopyTo(tcp, headerLength);
                return tcp;
            case CraftedTransport.Udp:
                byte[] udp = new byte[8 + t.Payload.Length];
                BinaryPrimitives.WriteUInt16BigEndian(udp, (ushort)t.SourcePort);
                BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(2), (ushort)t.DestinationPort);
                BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(4), (ushort)(t.UdpLength ?? udp.Length));
                t.Payload.CopyTo(udp, 8);
                return udp;
            default:
                byte[] icmp = new byte[8 + t.Payload.Length];
                icmp[0] = t.IcmpType ?? (v6 ? (byte)128 : (byte)8);
                icmp[1] = t.IcmpCode;
                BinaryPrimitives.WriteUInt16BigEndian(icmp.AsSpan(4), t.IcmpIdentifier);
                BinaryPrimitives.WriteUInt16BigEndian(icmp.AsSpan(6), t.IcmpSequence);
                t.Payload.CopyTo(icmp, 8);
                return icmp;
        }
    }

    /// <summary>Linux's SYN order: MSS, SACK permitted, timestamps, NOP, window scale; then raw options; EOL padding.</summary>
    private static byte[] TcpOptions(PacketTemplate t)
    {
        var o = new List<byte>();
        if (t.MaximumSegmentSize is int mss)
        {
            o.AddRange([2, 4, (byte)(mss >> 8), (byte)mss]);
        }

        if (t.SackPermitted)
        {
            o.AddRange([4, 2]);
        }

        if (t.Timestamps is var (value, echo))
        {
            o.AddRange([8, 10]);
            byte[] ts = new byte[8];
            BinaryPrimitives.WriteUInt32BigEndian(ts, value);
            BinaryPrimitives.WriteUInt32BigEndian(ts.AsSpan(4), echo);
            o.AddRange(ts);
        }

        if (t.WindowScale is int scale)
        {
            o.AddRange([1, 3, 3, (byte)scale]);
        }

        o.AddRange(t.TcpOptions);
        while (o.Count % 4 != 0)
        {
            o.Add(0);
        }

        if (o.Count > 40)
        {
            throw new PSSocketException("TcpOptionsTooLong", FaultCategory.InvalidArgument, t.TcpOptions,
                string.Create(CultureInfo.InvariantCulture, $"TCP options take {o.Count} bytes; the header has room for 40."));
        }

        return [.. o];
    }

    private static byte[] IPv4(PacketTemplate t, byte protocol, byte[] transport)
    {
        int optionLength = (t.IPOptions.Length + 3) & ~3;
        if (optionLength > 40)
        {
            throw new PSSocketException("IPOptionsTooLong", FaultCategory.InvalidArgument, t.IPOptions,
                string.Create(CultureInfo.InvariantCulture, $"IPv4 options take {optionLength} bytes; the header has room for 40."));
        }

        int headerLength = 20 + optionLength;
        // Total Length is 16 bits and counts the IP header too; a bigger packet would wrap it.
        CheckSize(t, transport.Length, 65535 - headerLength, Invariant($"IPv4 Total Length 65,535 − {headerLength}-byte IP header"));
        byte[] p = new byte[headerLength + transport.Length];
        p[0] = (byte)(0x40 | ((t.Ihl ?? (headerLength / 4)) & 0xF));
        p[1] = (byte)((t.Dscp << 2) | (t.Ecn & 3));
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), (ushort)(t.TotalLength ?? p.Length));
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(4), t.Identification);
        var flags = t.IPFlags ?? IPv4Flags.DontFragment;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(6), (ushort)(((int)flags << 13) | (t.FragmentOffset & 0x1FFF)));
        p[8] = (byte)t.Ttl;
        p[9] = protocol;
        t.Source.TryWriteBytes(p.AsSpan(12), out _);
        t.Destination.TryWriteBytes(p.AsSpan(16), out _);
        t.IPOptions.CopyTo(p, 20);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(10), t.IPChecksum ?? IPv4Header.ComputeChecksum(p.AsSpan(0, headerLength)));
        transport.CopyTo(p, headerLength);
        FillTransportChecksum(t, p.AsSpan(headerLength), p.AsSpan(12, 4), p.AsSpan(16, 4), protocol, v6: false);
        return p;
    }

    private static byte[] IPv6(PacketTemplate t, byte protocol, byte[] transport)
    {
        // Payload Length is 16 bits and excludes the fixed header; jumbograms (RFC 2675) are not built.
        CheckSize(t, transport.Length, 65535, "IPv6 Payload Length 65,535");
        byte[] p = new byte[40 + transport.Length];
        int trafficClass = (t.Dscp << 2) | (t.Ecn & 3);
        BinaryPrimitives.WriteUInt32BigEndian(p, (uint)((6 << 28) | ((trafficClass & 0xFF) << 20) | (t.FlowLabel & 0xFFFFF)));
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(4), (ushort)(t.TotalLength is int total ? total - 40 : transport.Length));
        p[6] = protocol;
        p[7] = (byte)t.Ttl;
        t.Source.TryWriteBytes(p.AsSpan(8), out _);
        t.Destination.TryWriteBytes(p.AsSpan(24), out _);
        transport.CopyTo(p, 40);
        FillTransportChecksum(t, p.AsSpan(40), p.AsSpan(8, 16), p.AsSpan(24, 16), protocol, v6: true);
        return p;
    }

    private static void FillTransportChecksum(PacketTemplate t, Span<byte> l4, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, byte protocol, bool v6)
    {
        int offset = t.Kind switch { CraftedTransport.Tcp => 16, CraftedTransport.Udp => 6, _ => 2 };
        ushort checksum;
        if (t.Checksum is ushort given)
        {
            checksum = given;
        }
        else
        {
            bool pseudo = t.Kind != CraftedTransport.IcmpEcho || v6;
            int length = t.Kind == CraftedTransport.Udp ? BinaryPrimitives.ReadUInt16BigEndian(l4[4..]) : l4.Length;
            ulong sum = pseudo ? HeaderChecksums.PseudoHeader(source, destination, protocol, length) : 0;
            checksum = (ushort)~InternetChecksum.Fold(InternetChecksum.Accumulate(l4, sum));
            if (checksum == 0 && t.Kind == CraftedTransport.Udp)
            {
                checksum = 0xFFFF; // zero would mean "no checksum" (RFC 768)
            }
        }

        BinaryPrimitives.WriteUInt16BigEndian(l4[offset..], checksum);
    }

    /// <summary>
    /// Refuses a transport segment larger than the IP length field can count, naming the limit on
    /// the payload for this protocol and IP version (the UDP Length field has the same 65,535 limit
    /// and never binds first).
    /// </summary>
    private static void CheckSize(PacketTemplate t, int transportLength, int maxTransport, string why)
    {
        if (transportLength <= maxTransport)
        {
            return;
        }

        int header = transportLength - t.Payload.Length;
        string transport = t.Kind switch { CraftedTransport.Tcp => "TCP", CraftedTransport.Udp => "UDP", _ => "ICMP" };
        string ip = t.Source.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
        int maxPayload = maxTransport - header;
        throw new PSSocketException("PayloadTooLarge", FaultCategory.InvalidArgument, t.Payload.Length,
            Invariant($"A {transport} payload over {ip} can be at most {maxPayload:N0} bytes ({why} − {header}-byte {transport} header); this one is {t.Payload.Length:N0} bytes."));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static byte[] Mac(string text)
    {
        byte[] mac = Parsing.Hex.Parse(text);
        if (mac.Length != 6)
        {
            throw new PSSocketException("InvalidMacAddress", FaultCategory.InvalidArgument, text, $"'{text}' is not a 6-byte MAC address.");
        }

        return mac;
    }
}
