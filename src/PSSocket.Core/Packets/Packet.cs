using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;

namespace PSSocket.Core.Packets;

/// <summary>
/// One captured or built frame. The flat properties come from a struct decode done at creation;
/// the layer objects (Ethernet, IPv4, Tcp, ...) and checksum verdicts are decoded on first use,
/// so a packet nobody inspects costs its bytes and little more.
/// </summary>
/// <remarks>
/// The public properties are the flat columns a spreadsheet wants (tshark's default columns plus
/// ports, flags and lengths): Export-Csv writes exactly these, fast. The bytes, the metadata and
/// the layer objects are internal here and reach PowerShell as hidden properties
/// (module/PSSocket.types.ps1xml): <c>$p.Tcp</c> works, <c>Get-Member -Force</c> lists them, and no
/// CSV gets a System.Byte[] or one summary string per layer.
/// </remarks>
public sealed class Packet
{
    private readonly PacketSummary _summary;
    private PacketLayers? _layers;
    private string? _source;
    private string? _destination;
    private string? _info;

    internal Packet(long number, long timestampNanoseconds, string? interfaceName, LinkType linkType, int originalLength, byte[] data, string? comment, KernelChecksum kernelChecksum = KernelChecksum.Unknown)
        : this(number, timestampNanoseconds, interfaceName, linkType, data, Decode(data, linkType, originalLength), kernelChecksum)
    {
        Comment = comment;
    }

    /// <summary>For a reader that decoded the frame already (live capture checks its selection on the summary), so it is not decoded twice.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // made once a packet by a capture's reader: see FrameDecoder.Decode
    internal Packet(long number, long timestampNanoseconds, string? interfaceName, LinkType linkType, byte[] data, in PacketSummary summary, KernelChecksum kernelChecksum)
    {
        KernelChecksum = kernelChecksum;
        Number = number;
        TimestampNanoseconds = timestampNanoseconds;
        Interface = interfaceName;
        LinkType = linkType;
        Data = data;
        _summary = summary;
    }

    private static PacketSummary Decode(byte[] data, LinkType linkType, int originalLength)
    {
        FrameDecoder.Decode(data, linkType, originalLength, out var summary);
        return summary;
    }

    /// <summary>The frame's position in its file or capture, from 1.</summary>
    public long Number { get; }

    internal DateTimeOffset Timestamp => DateTimeOffset.UnixEpoch.AddTicks(TimestampNanoseconds / 100);

    /// <summary>
    /// The timestamp as ISO 8601 UTC text to the nanosecond: the column CSV files and jobs carry,
    /// which keeps the full precision where a DateTimeOffset would become culture text.
    /// </summary>
    public string Time => PacketTime.Format(TimestampNanoseconds);

    /// <summary>The interface name (pcapng if_name, live capture), or null when the file does not say.</summary>
    internal string? Interface { get; }

    internal LinkType LinkType { get; }

    /// <summary>Source IP address, or hardware address for frames without IP.</summary>
    public string Source => _source ??= Address(source: true);

    public string Destination => _destination ??= Address(source: false);

    public PacketProtocol Protocol => _summary.Protocol;

    /// <summary>The frame's length on the wire.</summary>
    public int Length => _summary.OriginalLength;

    public int? SourcePort => _summary.HasPorts && _summary.TransportDecoded ? _summary.SourcePort : null;

    public int? DestinationPort => _summary.HasPorts && _summary.TransportDecoded ? _summary.DestinationPort : null;

    public TcpFlags? TcpFlags => _summary.TcpHeaderDecoded ? _summary.TcpFlags : null;

    /// <summary>Bytes captured (less than Length when the snap length cut the frame).</summary>
    public int CapturedLength => Data.Length;

    /// <summary>A one-line summary in the style of Wireshark's Info column.</summary>
    /// <remarks>
    /// Written straight from the frame for a well-formed TCP/IPv4 segment, else from header objects
    /// decoded for it alone, unless they exist already: an <c>Import-Pcap | Export-Csv</c> of packets
    /// held in memory would otherwise keep every packet's header objects alive for the sake of one
    /// string, and the garbage collector paid for that more than the decode itself.
    /// </remarks>
    public string Info => _info ??= InfoColumnFormatter.Describe(this, _layers);

    /// <summary>The frame's bytes: <c>$p.Data | Format-Hex</c> is the hex dump.</summary>
    internal byte[] Data { get; }

    /// <summary>A live capture's kernel verdict on the TCP/UDP checksum; Unknown for files and built packets.</summary>
    internal KernelChecksum KernelChecksum { get; }

    /// <summary>The pcapng packet comment (opt_comment), if any.</summary>
    internal string? Comment { get; }

    /// <summary>Everything the decoders found wrong, including checksums that do not verify.</summary>
    internal PacketProblems Problems => Layers.Problems;

    internal EthernetHeader? Ethernet => Layers.Ethernet;

    internal LinuxSllHeader? LinuxSll => Layers.LinuxSll;

    internal NullHeader? Loopback => Layers.Null;

    internal ArpPacket? Arp => Layers.Arp;

    internal IPv4Header? IPv4 => Layers.IPv4;

    internal IPv6Header? IPv6 => Layers.IPv6;

    internal TcpHeader? Tcp => Layers.Tcp;

    internal UdpHeader? Udp => Layers.Udp;

    /// <summary>The ICMP or ICMPv6 header.</summary>
    internal IcmpHeader? Icmp => Layers.Icmp;

    /// <summary>The captured bytes after the TCP/UDP/ICMP header, or null when there is no such header.</summary>
    internal byte[]? Payload => _summary.PayloadOffset >= 0 && _summary.PayloadOffset <= Data.Length
        ? Data.AsSpan(_summary.PayloadOffset, Math.Min(Data.Length - _summary.PayloadOffset, _summary.PayloadLength)).ToArray()
        : null;

    internal long TimestampNanoseconds { get; }

    /// <summary>The IP packet (header and what its length covers), or null when the frame has no IP header of <paramref name="version"/>.</summary>
    internal byte[]? IPBytes(int version) =>
        _summary.NetworkOffset >= 0 && _summary.IpVersion == version
            ? Data[_summary.NetworkOffset..Math.Min(Data.Length, _summary.NetworkOffset + Math.Max(_summary.NetworkLength, 0))]
            : null;

    /// <summary>The transport segment (header and payload), or null when the frame carries no <paramref name="protocol"/> header.</summary>
    internal byte[]? TransportBytes(PacketProtocol protocol) =>
        _summary.TransportOffset >= 0 && _summary.Protocol == protocol
            ? Data[_summary.TransportOffset..Math.Max(_summary.TransportOffset, Math.Min(Data.Length, _summary.NetworkOffset + _summary.NetworkLength))]
            : null;

    /// <summary>The IP source and destination addresses, or null when the frame has no whole IP header.</summary>
    internal (IPAddress Source, IPAddress Destination)? IPAddresses()
    {
        if (_summary.IpVersion is not (4 or 6))
        {
            return null;
        }

        var (src, dst, length) = _summary.AddressOffsets();
        return length is 4 or 16 ? (new IPAddress(Data.AsSpan(src, length)), new IPAddress(Data.AsSpan(dst, length))) : null;
    }

    internal ref readonly PacketSummary Summary => ref _summary;

    private PacketLayers Layers => _layers ??= DecodeLayers();

    internal PacketLayers DecodeLayers() => PacketLayers.Decode(Data, _summary, KernelChecksum == KernelChecksum.NotReady);

    private string Address(bool source)
    {
        var (src, dst, length) = _summary.AddressOffsets();
        if (length == 4)
        {
            return IPv4Text(Data.AsSpan(source ? src : dst, 4));
        }

        if (length > 0)
        {
            return new IPAddress(Data.AsSpan(source ? src : dst, length)).ToString();
        }

        if (LinkType == LinkType.Ethernet && Data.Length >= 12)
        {
            return MacAddress.Format(Data.AsSpan(source ? 6 : 0, 6));
        }

        return string.Empty;
    }

    // IPAddress's own text for IPv4 (dotted decimal), without an IPAddress per column: this runs for every packet of a CSV.
    private static string IPv4Text(ReadOnlySpan<byte> address)
    {
        Span<char> text = stackalloc char[15];
        int n = 0;
        for (int i = 0; i < 4; i++)
        {
            if (i > 0)
            {
                text[n++] = '.';
            }

            address[i].TryFormat(text[n..], out int written, default, CultureInfo.InvariantCulture);
            n += written;
        }

        return new string(text[..n]);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Number} {Source} → {Destination} {Protocol} {Length} {Info}");
}
