using System.Diagnostics.CodeAnalysis;
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
    /// <param name="layers">The packet's header objects if they were decoded already; else they are decoded here, and not kept, when the frame needs them.</param>
    public static string Describe(Packet p, PacketLayers? layers)
    {
        if (layers is null && TryDescribeTcp(p, out string? fast))
        {
            return fast;
        }

        layers ??= p.DecodeLayers();
        var text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[256]);
        ref readonly var s = ref p.Summary;
        switch (s.Protocol)
        {
            case PacketProtocol.Tcp or PacketProtocol.Udp when !s.TransportDecoded:
                break; // cut before its ports: nothing to say but the problems, where tshark says "[Packet size limited during capture]"
            case PacketProtocol.Tcp when layers.Tcp is { } t:
                AppendTcp(ref text, t.SourcePort, t.DestinationPort, t.Flags, t.SequenceNumber, t.AcknowledgmentNumber, t.Window, t.PayloadLength,
                    new TcpOptionValues { MaximumSegmentSize = t.MaximumSegmentSize, SackPermitted = t.SackPermitted, TimestampValue = t.TimestampValue, TimestampEchoReply = t.TimestampEchoReply, WindowScale = t.WindowScale });
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
            case PacketProtocol.IPv4 or PacketProtocol.IPv6 when s.CapturedLength >= s.NetworkOffset + (s.IpVersion == 6 ? 40 : 20) && (s.Problems & PacketProblems.BadVersion) == 0:
                text.AppendLiteral(ProtocolNames.IpProtocol(s.IpProtocol));
                break;
            case PacketProtocol.IPv4 or PacketProtocol.IPv6:
                break; // the header was cut (or is not IP) before its protocol field: no name is better than HOPOPT for a 0 never read
            default:
                text.AppendLiteral(s.NetworkOffset < 0 && s.EtherType == 0 ? p.LinkType.ToString() : "EtherType " + ProtocolNames.EtherType(s.EtherType));
                break;
        }

        AppendProblems(ref text, layers.Problems, layers.Tcp?.ChecksumStatus == ChecksumStatus.Offloaded || layers.Udp?.ChecksumStatus == ChecksumStatus.Offloaded);
        return text.ToStringAndClear().TrimStart(); // a line of problems alone starts with their space
    }

    /// <summary>
    /// The Info of a TCP segment in an IPv4 header without options in an untagged Ethernet frame, whose
    /// headers the summary found whole: the bulk of a lab capture, written from the frame's bytes with
    /// the header objects' own rules (the option walk of <see cref="OptionParser.Walk"/> and <see cref="TcpOptionValues"/>, the checksum
    /// verdicts of <see cref="HeaderChecksums"/>) and no object but the text. Any other frame answers
    /// false and goes through the header objects; InfoColumnTests compares both ways on random frames.
    /// </summary>
    internal static bool TryDescribeTcp(Packet p, [NotNullWhen(true)] out string? info)
    {
        info = null;
        ref readonly var s = ref p.Summary;
        ReadOnlySpan<byte> frame = p.Data;
        if (s.Protocol != PacketProtocol.Tcp || s.LinkType != LinkType.Ethernet || s.NetworkOffset != 14 || s.IpVersion != 4
            || (s.Problems & ~PacketProblems.PayloadTruncated) != 0 || s.PayloadOffset < 0 || s.FragmentOffset != 0
            || (s.IpFlags & IPv4Flags.MoreFragments) != 0 || (frame[14] & 0x0F) != 5)
        {
            return false;
        }

        // The IPv4 header: whole, 20 bytes, so its checksum is all that can be wrong with it here.
        var problems = PacketProblems.None;
        if (HeaderChecksums.Verify(frame.Slice(14, 20), 10, 0, complete: true).Status == ChecksumStatus.Invalid)
        {
            problems |= PacketProblems.BadChecksum;
        }

        ReadOnlySpan<byte> tcp = frame[s.TransportOffset..Math.Max(s.TransportOffset, Math.Min(frame.Length, s.NetworkOffset + s.NetworkLength))];
        int announced = s.TransportLength;
        int headerLength = (tcp[12] >> 4) * 4;
        var options = default(TcpOptionValues);
        var walk = new OptionParser.Walk(tcp[20..headerLength], OptionParser.Flavor.Tcp);
        while (walk.MoveNext())
        {
            options.Read(walk.Kind, walk.Data);
        }

        problems |= walk.Problems;
        var (source, destination, _) = s.AddressOffsets();
        ulong pseudo = HeaderChecksums.PseudoHeader(frame.Slice(source, 4), frame.Slice(destination, 4), s.IpProtocol, 0) + (ulong)announced;
        var (stored, _, status) = HeaderChecksums.Verify(tcp[..Math.Min(tcp.Length, announced)], 16, pseudo, complete: tcp.Length >= announced);
        status = HeaderChecksums.Offload(status, stored, pseudo, p.KernelChecksum == KernelChecksum.NotReady);
        if (status == ChecksumStatus.Invalid)
        {
            problems |= PacketProblems.BadChecksum;
        }

        var text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[256]);
        AppendTcp(ref text, s.SourcePort, s.DestinationPort, s.TcpFlags, s.Sequence, s.Acknowledgment, s.Window, Math.Max(0, announced - headerLength), options);
        AppendProblems(ref text, problems, status == ChecksumStatus.Offloaded);
        info = text.ToStringAndClear();
        return true;
    }

    private static void AppendTcp(
        ref DefaultInterpolatedStringHandler text, int? sourcePort, int? destinationPort, TcpFlags? flags, uint? sequence, uint? acknowledgment, int? window, int payloadLength,
        in TcpOptionValues options)
    {
        Append(ref text, sourcePort);
        text.AppendLiteral(" → ");
        Append(ref text, destinationPort);
        text.AppendLiteral(" [");
        text.AppendLiteral(TcpHeader.FlagText(flags ?? TcpFlags.None));
        text.AppendLiteral("] Seq=");
        Append(ref text, sequence);
        if ((flags & TcpFlags.Ack) != 0)
        {
            text.AppendLiteral(" Ack=");
            Append(ref text, acknowledgment);
        }

        text.AppendLiteral(" Win=");
        Append(ref text, window);
        text.AppendLiteral(" Len=");
        text.AppendFormatted(payloadLength);
        if (options.MaximumSegmentSize is int mss)
        {
            text.AppendLiteral(" MSS=");
            text.AppendFormatted(mss);
        }

        if (options.SackPermitted)
        {
            text.AppendLiteral(" SACK_PERM");
        }

        if (options.TimestampValue is uint tsval)
        {
            text.AppendLiteral(" TSval=");
            text.AppendFormatted(tsval);
            text.AppendLiteral(" TSecr=");
            Append(ref text, options.TimestampEchoReply);
        }

        if (options.WindowScale is int ws)
        {
            text.AppendLiteral(" WS=");
            text.AppendFormatted(1 << Math.Min(ws, 14));
        }
    }

    private static void AppendProblems(ref DefaultInterpolatedStringHandler text, PacketProblems problems, bool offloaded)
    {
        problems &= ~PacketProblems.PayloadTruncated;
        if (problems != PacketProblems.None)
        {
            text.AppendLiteral(" [");
            text.AppendLiteral(problems.ToString());
            text.AppendLiteral("]");
        }

        // Wireshark hints "maybe caused by checksum offload"; here the kernel or the partial sum says so.
        if (offloaded)
        {
            text.AppendLiteral(" [ChecksumOffloaded]");
        }
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
