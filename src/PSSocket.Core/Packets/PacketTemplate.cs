using System.Net;

namespace PSSocket.Core.Packets;

/// <summary>
/// Everything a built packet can say. Null fields are computed (lengths, checksums, header
/// sizes) or defaulted the way Linux would send them; a set field is written as given, even
/// when wrong, because teaching what a receiver does with a bad checksum needs a bad checksum.
/// </summary>
internal sealed class PacketTemplate
{
    public required IPAddress Source { get; init; }

    public required IPAddress Destination { get; init; }

    public CraftedTransport Kind { get; init; }

    public LinkType LinkType { get; init; } = LinkType.RawIP;

    public byte[] Payload { get; init; } = [];

    // IP (both versions where it makes sense)
    public int Ttl { get; init; } = 64;

    public int Dscp { get; init; }

    public int Ecn { get; init; }

    public ushort Identification { get; init; }

    /// <summary>Null: Don't Fragment, as Linux sets on TCP and on small datagrams.</summary>
    public IPv4Flags? IPFlags { get; init; }

    public int FragmentOffset { get; init; }

    /// <summary>Raw IPv4 option bytes; padded to a multiple of 4 with End of Option List.</summary>
    public byte[] IPOptions { get; init; } = [];

    public int? Ihl { get; init; }

    public int? TotalLength { get; init; }

    public ushort? IPChecksum { get; init; }

    /// <summary>Overrides the IP protocol / next header number.</summary>
    public byte? Protocol { get; init; }

    public int FlowLabel { get; init; }

    // Transport
    public int SourcePort { get; init; }

    public int DestinationPort { get; init; }

    public uint Sequence { get; init; }

    public uint Acknowledgment { get; init; }

    public TcpFlags TcpFlags { get; init; } = TcpFlags.Syn;

    public int Window { get; init; } = 65535;

    public int UrgentPointer { get; init; }

    public int? MaximumSegmentSize { get; init; }

    public int? WindowScale { get; init; }

    public bool SackPermitted { get; init; }

    public (uint Value, uint EchoReply)? Timestamps { get; init; }

    /// <summary>Raw TCP option bytes after the typed ones; the whole is padded with End of Option List.</summary>
    public byte[] TcpOptions { get; init; } = [];

    public int? DataOffset { get; init; }

    public int? UdpLength { get; init; }

    /// <summary>The TCP, UDP or ICMP checksum to write instead of the right one.</summary>
    public ushort? Checksum { get; init; }

    /// <summary>Null: Echo Request (8 for ICMP, 128 for ICMPv6).</summary>
    public byte? IcmpType { get; init; }

    public byte IcmpCode { get; init; }

    public ushort IcmpIdentifier { get; init; }

    public ushort IcmpSequence { get; init; }

    public string SourceMac { get; init; } = "00:00:00:00:00:00";

    public string DestinationMac { get; init; } = "00:00:00:00:00:00";
}
