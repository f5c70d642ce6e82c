namespace PSSocket.Core.Packets;

/// <summary>The header objects of one frame, built on first access from the frame and its summary.</summary>
internal sealed class PacketLayers
{
    public EthernetHeader? Ethernet { get; private init; }

    public LinuxSllHeader? LinuxSll { get; private init; }

    public NullHeader? Null { get; private init; }

    public ArpPacket? Arp { get; private init; }

    public IPv4Header? IPv4 { get; private init; }

    public IPv6Header? IPv6 { get; private init; }

    public TcpHeader? Tcp { get; private init; }

    public UdpHeader? Udp { get; private init; }

    public IcmpHeader? Icmp { get; private init; }

    public PacketProblems Problems { get; private init; }

    public static PacketLayers Decode(ReadOnlySpan<byte> frame, in PacketSummary s, bool checksumNotReady = false)
    {
        EthernetHeader? ethernet = null;
        LinuxSllHeader? sll = null;
        NullHeader? loopback = null;
        switch (s.LinkType)
        {
            case LinkType.Ethernet:
                ethernet = EthernetHeader.Decode(frame);
                break;
            case LinkType.LinuxSll:
            case LinkType.LinuxSll2:
                sll = LinuxSllHeader.Decode(frame, s.LinkType == LinkType.LinuxSll2 ? 2 : 1);
                break;
            case LinkType.Null:
            case LinkType.Loop:
                loopback = frame.Length < 4 ? new NullHeader(0, PacketProblems.Truncated) : new NullHeader(FrameDecoder.NullFamily(frame, s.LinkType), PacketProblems.None);
                break;
        }

        ArpPacket? arp = null;
        IPv4Header? ipv4 = null;
        IPv6Header? ipv6 = null;
        TcpHeader? tcp = null;
        UdpHeader? udp = null;
        IcmpHeader? icmp = null;
        var problems = s.Problems | (ethernet?.Problems ?? 0) | (sll?.Problems ?? 0) | (loopback?.Problems ?? 0);
        if (s.NetworkOffset >= 0)
        {
            ReadOnlySpan<byte> network = frame[s.NetworkOffset..];
            int onWire = s.OriginalLength - s.NetworkOffset;
            if (s.Protocol == PacketProtocol.Arp)
            {
                arp = ArpPacket.Decode(network);
                problems |= arp.Problems;
            }
            else if (s.IpVersion == 4)
            {
                ipv4 = IPv4Header.Decode(network, onWire);
                problems |= ipv4.Problems;
            }
            else if (s.IpVersion == 6)
            {
                ipv6 = IPv6Header.Decode(network, onWire);
                problems |= ipv6.Problems;
            }
        }

        if (s.TransportOffset >= 0)
        {
            int end = Math.Min(frame.Length, s.NetworkOffset + s.NetworkLength);
            ReadOnlySpan<byte> l4 = frame[s.TransportOffset..Math.Max(s.TransportOffset, end)];
            bool whole = (s.IpFlags & IPv4Flags.MoreFragments) == 0;
            var (src, dst, length) = s.AddressOffsets();
            ReadOnlySpan<byte> source = frame.Slice(src, length);
            ReadOnlySpan<byte> destination = frame.Slice(dst, length);
            ulong? pseudo = whole ? HeaderChecksums.PseudoHeader(source, destination, s.IpProtocol, 0) : null;
            switch (s.Protocol)
            {
                case PacketProtocol.Tcp:
                    tcp = TcpHeader.Decode(l4, s.TransportLength, pseudo + (ulong)s.TransportLength, checksumNotReady);
                    problems |= tcp.Problems;
                    break;
                case PacketProtocol.Udp:
                    udp = UdpHeader.Decode(l4, s.TransportLength, pseudo, zeroMeansNone: s.IpVersion == 4, checksumNotReady);
                    problems |= udp.Problems;
                    break;
                case PacketProtocol.Icmp:
                    icmp = IcmpHeader.Decode(l4, s.TransportLength, 4, whole ? 0 : null);
                    problems |= icmp.Problems;
                    break;
                case PacketProtocol.IcmpV6:
                    icmp = IcmpHeader.Decode(l4, s.TransportLength, 6, pseudo + (ulong)s.TransportLength);
                    problems |= icmp.Problems;
                    break;
            }
        }

        return new PacketLayers
        {
            Ethernet = ethernet,
            LinuxSll = sll,
            Null = loopback,
            Arp = arp,
            IPv4 = ipv4,
            IPv6 = ipv6,
            Tcp = tcp,
            Udp = udp,
            Icmp = icmp,
            Problems = problems,
        };
    }
}
