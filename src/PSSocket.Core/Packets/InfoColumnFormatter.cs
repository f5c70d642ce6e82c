using System.Globalization;
using System.Runtime.CompilerServices;

namespace PSSocket.Core.Packets;

/// <summary>The Info column: what tshark would say about a packet in one line.</summary>
/// <remarks>
/// Written for every packet of a CSV, so it builds the text in a stack buffer and formats numbers
/// straight into it: a StringBuilder with interpolated appends cost a builder, its chunk and a boxed
/// value for every nullable field (the header objects' fields are nullable), measured at over half
/// of the Info cost.
/// </remarks>
internal static class InfoColumnFormatter
{
    public static string Describe(Packet p, PacketLayers layers)
    {
        var text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[256]);
        ref readonly var s = ref p.Summary;
        switch (s.Protocol)
        {
            case PacketProtocol.Tcp when layers.Tcp is { } t:
                Append(ref text, t.SourcePort);
                text.AppendLiteral(" → ");
                Append(ref text, t.DestinationPort);
                text.AppendLiteral(" [");
                text.AppendLiteral(TcpHeader.FlagText(t.Flags ?? TcpFlags.None));
                text.AppendLiteral("] Seq=");
                Append(ref text, t.SequenceNumber);
                if ((t.Flags & TcpFlags.Ack) != 0)
                {
                    text.AppendLiteral(" Ack=");
                    Append(ref text, t.AcknowledgmentNumber);
                }

                text.AppendLiteral(" Win=");
                Append(ref text, t.Window);
                text.AppendLiteral(" Len=");
                text.AppendFormatted(t.PayloadLength);
                if (t.MaximumSegmentSize is int mss)
                {
                    text.AppendLiteral(" MSS=");
                    text.AppendFormatted(mss);
                }

                if (t.SackPermitted)
                {
                    text.AppendLiteral(" SACK_PERM");
                }

                if (t.TimestampValue is uint tsval)
                {
                    text.AppendLiteral(" TSval=");
                    text.AppendFormatted(tsval);
                    text.AppendLiteral(" TSecr=");
                    Append(ref text, t.TimestampEchoReply);
                }

                if (t.WindowScale is int ws)
                {
                    text.AppendLiteral(" WS=");
                    text.AppendFormatted(1 << Math.Min(ws, 14));
                }

                break;
            case PacketProtocol.Udp when layers.Udp is { } u:
                Append(ref text, u.SourcePort);
                text.AppendLiteral(" → ");
                Append(ref text, u.DestinationPort);
                text.AppendLiteral(" Len=");
                text.AppendFormatted(u.PayloadLength);
                break;
            case PacketProtocol.Icmp or PacketProtocol.IcmpV6 when layers.Icmp is { } i:
                text.AppendFormatted(i.TypeName); // null for a truncated header: nothing, as before
                if (i.IsEcho && s.Protocol == PacketProtocol.Icmp)
                {
                    int seq = i.SequenceNumber ?? 0;

                    // tshark writes the type as "%-20s" before " id=": two spaces after "request", four after "reply".
                    for (int column = i.TypeName!.Length; column < 20; column++)
                    {
                        text.AppendLiteral(" ");
                    }

                    text.AppendLiteral(" id=0x");
                    AppendHex4(ref text, i.Identifier);
                    text.AppendLiteral(", seq=");
                    text.AppendFormatted(seq);
                    text.AppendLiteral("/");
                    text.AppendFormatted(((seq & 0xFF) << 8) | (seq >> 8));
                    text.AppendLiteral(", ttl=");
                    text.AppendFormatted(s.Ttl);
                }
                else if (i.IsEcho)
                {
                    text.AppendLiteral(" id=0x");
                    AppendHex4(ref text, i.Identifier);
                    text.AppendLiteral(", seq=");
                    Append(ref text, i.SequenceNumber);
                    text.AppendLiteral(", hop limit=");
                    text.AppendFormatted(s.Ttl);
                }

                break;
            case PacketProtocol.Arp when layers.Arp is { } a:
                text.AppendLiteral(a.ToString());
                break;
            case PacketProtocol.IPv4 or PacketProtocol.IPv6 when s.IsLaterFragment:
                text.AppendLiteral("Fragmented IP protocol (proto=");
                text.AppendLiteral(ProtocolNames.IpProtocol(s.IpProtocol));
                text.AppendLiteral(" ");
                text.AppendFormatted(s.IpProtocol);
                text.AppendLiteral(", off=");
                text.AppendFormatted(s.FragmentOffset * 8);
                text.AppendLiteral(", ID=");
                text.AppendFormatted(s.IpIdentification, "x4");
                text.AppendLiteral(")");
                break;
            case PacketProtocol.IPv4 or PacketProtocol.IPv6:
                text.AppendLiteral(ProtocolNames.IpProtocol(s.IpProtocol));
                break;
            default:
                text.AppendLiteral(s.NetworkOffset < 0 && s.EtherType == 0 ? p.LinkType.ToString() : "EtherType " + ProtocolNames.EtherType(s.EtherType));
                break;
        }

        var problems = layers.Problems & ~PacketProblems.PayloadTruncated;
        if (problems != PacketProblems.None)
        {
            text.AppendLiteral(" [");
            text.AppendLiteral(problems.ToString());
            text.AppendLiteral("]");
        }

        // Wireshark hints "maybe caused by checksum offload"; here the kernel or the partial sum says so.
        if (layers.Tcp?.ChecksumStatus == ChecksumStatus.Offloaded || layers.Udp?.ChecksumStatus == ChecksumStatus.Offloaded)
        {
            text.AppendLiteral(" [ChecksumOffloaded]");
        }

        return text.ToStringAndClear();
    }

    // A field that was not captured is null and, as in an interpolated string, writes nothing.
    private static void Append(ref DefaultInterpolatedStringHandler text, int? value)
    {
        if (value is int v)
        {
            text.AppendFormatted(v);
        }
    }

    private static void Append(ref DefaultInterpolatedStringHandler text, uint? value)
    {
        if (value is uint v)
        {
            text.AppendFormatted(v);
        }
    }

    private static void AppendHex4(ref DefaultInterpolatedStringHandler text, int? value)
    {
        if (value is int v)
        {
            text.AppendFormatted(v, "x4");
        }
    }
}
