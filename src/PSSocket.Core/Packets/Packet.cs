using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;

namespace PSSocket.Core.Packets;

/// <summary>
/// One captured or built frame. Its flat properties come from a struct decode of the headers, done
/// when a file or a builder makes the packet and, for a live capture's packets, on first use, so the
/// capture's reader only copies bytes; the layer objects (Ethernet, IPv4, Tcp, ...) and checksum
/// verdicts are decoded on first use too, so a packet nobody inspects costs its bytes and little more.
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
    // What every packet keeps is here (a live capture makes millions a second and allocates each);
    // the decode and what is cached from it live in one object made with the decode. 64 bytes with
    // the object header; a link type is 16 bits in pcap and pcapng alike.
    private readonly int _originalLength;
    private readonly ushort _linkType;
    private readonly byte _kernelChecksum;
    private PacketDecode? _decode;

    internal Packet(long number, long timestampNanoseconds, string? interfaceName, LinkType linkType, int originalLength, byte[] data, string? comment, KernelChecksum kernelChecksum = KernelChecksum.Unknown)
        : this(number, timestampNanoseconds, interfaceName, linkType, originalLength, data, kernelChecksum)
    {
        // Files and built packets decode at once: their readers have nothing faster to do, and
        // Import-Pcap's consumers read the flat properties of nearly every packet (CSV, Where-Object).
        _decode = new PacketDecode(data, linkType, _originalLength, comment);
    }

    /// <summary>A live capture's packet: decoded on first use, so the capture's reader only copies the bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // made once a packet by a capture's reader: see FrameDecoder.Decode
    internal Packet(long number, long timestampNanoseconds, string? interfaceName, LinkType linkType, int originalLength, byte[] data, KernelChecksum kernelChecksum)
    {
        _linkType = (ushort)linkType;
        _kernelChecksum = (byte)kernelChecksum;
        _originalLength = Math.Max(originalLength, data.Length);
        Number = number;
        TimestampNanoseconds = timestampNanoseconds;
        Interface = interfaceName;
        Data = data;
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

    internal LinkType LinkType => (LinkType)_linkType;

    /// <summary>Source IP address, or hardware address for frames without IP.</summary>
    public string Source => Decoded.Source ??= Address(source: true);

    public string Destination => Decoded.Destination ??= Address(source: false);

    public PacketProtocol Protocol => Summary.Protocol;

    /// <summary>The frame's length on the wire.</summary>
    public int Length => _originalLength;

    public int? SourcePort => Summary is { HasPorts: true, TransportDecoded: true } s ? s.SourcePort : null;

    public int? DestinationPort => Summary is { HasPorts: true, TransportDecoded: true } s ? s.DestinationPort : null;

    public TcpFlags? TcpFlags => Summary is { TcpHeaderDecoded: true } s ? s.TcpFlags : null;

    /// <summary>Bytes captured (less than Length when the snap length cut the frame).</summary>
    public int CapturedLength => Data.Length;

    /// <summary>A one-line summary in the style of Wireshark's Info column.</summary>
    /// <remarks>
    /// Written straight from the frame for a well-formed TCP/IPv4 segment, else from header objects
    /// decoded for it alone, unless they exist already: an <c>Import-Pcap | Export-Csv</c> of packets
    /// held in memory would otherwise keep every packet's header objects alive for the sake of one
    /// string, and the garbage collector paid for that more than the decode itself.
    /// </remarks>
    public string Info
    {
        get
        {
            var decoded = Decoded;
            return decoded.Info ??= InfoColumnFormatter.Describe(this, decoded.Layers);
        }
    }

    /// <summary>The frame's bytes: <c>$p.Data | Format-Hex</c> is the hex dump.</summary>
    internal byte[] Data { get; }

    /// <summary>A live capture's kernel verdict on the TCP/UDP checksum; Unknown for files and built packets.</summary>
    internal KernelChecksum KernelChecksum => (KernelChecksum)_kernelChecksum;

    /// <summary>The pcapng packet comment (opt_comment), if any.</summary>
    internal string? Comment => Decoded.Comment;

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
    internal byte[]? Payload => Summary is { PayloadOffset: >= 0 } s && s.PayloadOffset <= Data.Length
        ? Data.AsSpan(s.PayloadOffset, Math.Min(Data.Length - s.PayloadOffset, s.PayloadLength)).ToArray()
        : null;

    internal long TimestampNanoseconds { get; }

    /// <summary>The IP packet (header and what its length covers), or null when the frame has no IP header of <paramref name="version"/>.</summary>
    internal byte[]? IPBytes(int version) =>
        Summary is { NetworkOffset: >= 0 } s && s.IpVersion == version
            ? Data[s.NetworkOffset..Math.Min(Data.Length, s.NetworkOffset + Math.Max(s.NetworkLength, 0))]
            : null;

    /// <summary>The transport segment (header and payload), or null when the frame carries no <paramref name="protocol"/> header.</summary>
    internal byte[]? TransportBytes(PacketProtocol protocol) =>
        Summary is { TransportOffset: >= 0 } s && s.Protocol == protocol
            ? Data[s.TransportOffset..Math.Max(s.TransportOffset, Math.Min(Data.Length, s.NetworkOffset + s.NetworkLength))]
            : null;

    /// <summary>The IP source and destination addresses, or null when the frame has no whole IP header.</summary>
    internal (IPAddress Source, IPAddress Destination)? IPAddresses()
    {
        ref readonly var s = ref Summary;
        if (s.IpVersion is not (4 or 6))
        {
            return null;
        }

        var (src, dst, length) = s.AddressOffsets();
        return length is 4 or 16 ? (new IPAddress(Data.AsSpan(src, length)), new IPAddress(Data.AsSpan(dst, length))) : null;
    }

    internal ref readonly PacketSummary Summary => ref Decoded.Summary;

    private PacketLayers Layers
    {
        get
        {
            var decoded = Decoded;
            if (decoded.Layers is { } layers)
            {
                return layers;
            }

            // Threads that race here decode equal layers; all of them keep the one published first.
            layers = DecodeLayers();
            return Interlocked.CompareExchange(ref decoded.Layers, layers, null) ?? layers;
        }
    }

    /// <summary>
    /// The decode, made here on first use for a live capture's packet. Threads that race here (a
    /// packet read by ForEach-Object -Parallel) each decode the same bytes into equal values, and all
    /// of them keep the one published first; the exchange publishes the object whole, so no thread
    /// sees a summary half written.
    /// </summary>
    private PacketDecode Decoded => Volatile.Read(ref _decode) ?? DecodeOnce();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private PacketDecode DecodeOnce()
    {
        var decoded = new PacketDecode(Data, LinkType, _originalLength, comment: null);
        return Interlocked.CompareExchange(ref _decode, decoded, null) ?? decoded;
    }

    internal PacketLayers DecodeLayers() => PacketLayers.Decode(Data, Summary, KernelChecksum == KernelChecksum.NotReady);

    private string Address(bool source)
    {
        var (src, dst, length) = Summary.AddressOffsets();
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
