using System.Runtime.InteropServices;

namespace PSSocket.Core.Packets;

/// <summary>
/// The headers of one frame decoded into a struct: offsets into the frame and the scalar fields
/// that filters and the flat packet properties need. Filling it allocates nothing, so readers
/// can filter millions of frames before any object exists. Offsets are -1 when a layer is absent.
/// </summary>
[StructLayout(LayoutKind.Auto)] // packed by the runtime: every packet object carries one
internal struct PacketSummary
{
    public LinkType LinkType;
    public int OriginalLength;
    public int CapturedLength;

    /// <summary>The EtherType (or SLL protocol / address family mapped to an EtherType) of the network layer.</summary>
    public ushort EtherType;

    public int NetworkOffset;

    /// <summary>IP total length (IPv4) or 40 + payload length (IPv6): the bytes the IP header claims.</summary>
    public int NetworkLength;

    public byte IpVersion;
    public byte Ttl;
    public ushort IpIdentification;
    public IPv4Flags IpFlags;
    public ushort FragmentOffset;

    /// <summary>The upper-layer protocol number after IPv4 or after IPv6 extension headers.</summary>
    public byte IpProtocol;

    /// <summary>Offset of the upper-layer header; -1 when absent or when this is a non-first fragment.</summary>
    public int TransportOffset;

    /// <summary>The upper-layer bytes the IP header announces (header and payload).</summary>
    public int TransportLength;

    public int PayloadOffset;
    public int PayloadLength;

    public PacketProtocol Protocol;
    public ushort SourcePort;
    public ushort DestinationPort;
    public TcpFlags TcpFlags;
    public uint Sequence;
    public uint Acknowledgment;
    public ushort Window;
    public byte IcmpType;
    public byte IcmpCode;
    public PacketProblems Problems;

    /// <summary>True when the transport header's first fields (ports, ICMP type and code) were captured and read.</summary>
    public bool TransportDecoded;

    /// <summary>True when the whole fixed TCP header (sequence, flags, window) was captured and read.</summary>
    public bool TcpHeaderDecoded;

    public readonly bool HasPorts => Protocol is PacketProtocol.Tcp or PacketProtocol.Udp;

    /// <summary>True for a fragment other than the first: it carries no upper-layer header.</summary>
    public readonly bool IsLaterFragment => FragmentOffset != 0;

    /// <summary>Offset and length of the source and destination addresses in the frame, or length 0.</summary>
    public readonly (int Source, int Destination, int Length) AddressOffsets()
    {
        if (NetworkOffset < 0)
        {
            return (0, 0, 0);
        }

        // A header cut before its addresses has none to give.
        return IpVersion switch
        {
            4 when CapturedLength >= NetworkOffset + 20 => (NetworkOffset + 12, NetworkOffset + 16, 4),
            6 when CapturedLength >= NetworkOffset + 40 => (NetworkOffset + 8, NetworkOffset + 24, 16),
            0 when ArpIsEthernetIPv4 => (NetworkOffset + 14, NetworkOffset + 24, 4),
            _ => (0, 0, 0),
        };
    }

    /// <summary>ARP with 6-byte hardware and 4-byte protocol addresses, the only sizes with fixed offsets.</summary>
    public bool ArpIsEthernetIPv4;
}
