using System.Globalization;
using System.Text;

namespace PSSocket.Core.Packets;

/// <summary>The Info column: what tshark would say about a packet in one line.</summary>
internal static class InfoColumnFormatter
{
    public static string Describe(Packet p)
    {
        var text = new StringBuilder(64);
        ref readonly var s = ref p.Summary;
        switch (s.Protocol)
        {
            case PacketProtocol.Tcp when p.Tcp is { } t:
                text.Append(CultureInfo.InvariantCulture, $"{t.SourcePort} → {t.DestinationPort} [{TcpHeader.FlagText(t.Flags ?? TcpFlags.None)}] Seq={t.SequenceNumber}");
                if ((t.Flags & TcpFlags.Ack) != 0)
                {
                    text.Append(CultureInfo.InvariantCulture, $" Ack={t.AcknowledgmentNumber}");
                }

                text.Append(CultureInfo.InvariantCulture, $" Win={t.Window} Len={t.PayloadLength}");
                if (t.MaximumSegmentSize is int mss)
                {
                    text.Append(CultureInfo.InvariantCulture, $" MSS={mss}");
                }

                if (t.SackPermitted)
                {
                    text.Append(" SACK_PERM");
                }

                if (t.TimestampValue is uint tsval)
                {
                    text.Append(CultureInfo.InvariantCulture, $" TSval={tsval} TSecr={t.TimestampEchoReply}");
                }

                if (t.WindowScale is int ws)
                {
                    text.Append(CultureInfo.InvariantCulture, $" WS={1 << Math.Min(ws, 14)}");
                }

                break;
            case PacketProtocol.Udp when p.Udp is { } u:
                text.Append(CultureInfo.InvariantCulture, $"{u.SourcePort} → {u.DestinationPort} Len={u.PayloadLength}");
                break;
            case PacketProtocol.Icmp or PacketProtocol.IcmpV6 when p.Icmp is { } i:
                text.Append(i.TypeName);
                if (i.IsEcho && s.Protocol == PacketProtocol.Icmp)
                {
                    int seq = i.SequenceNumber ?? 0;
                    text.Append(CultureInfo.InvariantCulture, $"  id=0x{i.Identifier:x4}, seq={seq}/{((seq & 0xFF) << 8) | (seq >> 8)}, ttl={s.Ttl}");
                }
                else if (i.IsEcho)
                {
                    text.Append(CultureInfo.InvariantCulture, $" id=0x{i.Identifier:x4}, seq={i.SequenceNumber}, hop limit={s.Ttl}");
                }

                break;
            case PacketProtocol.Arp when p.Arp is { } a:
                text.Append(a);
                break;
            case PacketProtocol.IPv4 or PacketProtocol.IPv6 when s.IsLaterFragment:
                text.Append(CultureInfo.InvariantCulture, $"Fragmented IP protocol (proto={ProtocolNames.IpProtocol(s.IpProtocol)} {s.IpProtocol}, off={s.FragmentOffset * 8}, ID={s.IpIdentification:x4})");
                break;
            case PacketProtocol.IPv4 or PacketProtocol.IPv6:
                text.Append(ProtocolNames.IpProtocol(s.IpProtocol));
                break;
            default:
                text.Append(s.NetworkOffset < 0 && s.EtherType == 0 ? p.LinkType.ToString() : "EtherType " + ProtocolNames.EtherType(s.EtherType));
                break;
        }

        var problems = p.Problems & ~PacketProblems.PayloadTruncated;
        if (problems != PacketProblems.None)
        {
            text.Append(" [").Append(problems.ToString()).Append(']');
        }

        // Wireshark hints "maybe caused by checksum offload"; here the kernel or the partial sum says so.
        if (p.Tcp?.ChecksumStatus == ChecksumStatus.Offloaded || p.Udp?.ChecksumStatus == ChecksumStatus.Offloaded)
        {
            text.Append(" [ChecksumOffloaded]");
        }

        return text.ToString();
    }
}
