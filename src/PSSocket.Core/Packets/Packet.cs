using System.Globalization;
using System.Net;

namespace PSSocket.Core.Packets;

/// <summary>
/// One captured or built frame. The flat properties come from a struct decode done at creation;
/// the layer objects (Ethernet, IPv4, Tcp, ...) and checksum verdicts are decoded on first use,
/// so a packet nobody inspects costs its bytes and little more.
/// </summary>
public sealed class Packet
{
    private readonly PacketSummary _summary;
    private PacketLayers? _layers;
    private string? _source;
    private string? _destination;
    private string? _info;

    internal Packet(long number, long timestampNanoseconds, string? interfaceName, LinkType linkType, int originalLength, byte[] data, string? comment, KernelChecksum kernelChecksum = KernelChecksum.Unknown)
    {
        KernelChecksum = kernelChecksum;
        Number = number;
        TimestampNanoseconds = timestampNanoseconds;
        Interface = interfaceName;
        LinkType = linkType;
        Data = data;
        Comment = comment;
        FrameDecoder.Decode(data, linkType, originalLength, out _summary);
    }

    /// <summary>The frame's position in its file or capture, from 1.</summary>
    public long Number { get; }

    public DateTimeOffset Timestamp => DateTimeOffset.UnixEpoch.AddTicks(TimestampNanoseconds / 100);

    /// <summary>The interface name (pcapng if_name, live capture), or null when the file does not say.</summary>
    public string? Interface { get; }

    public LinkType LinkType { get; }

    /// <summary>The frame's length on the wire.</summary>
    public int Length => _summary.OriginalLength;

    /// <summary>Bytes captured (less than Length when the snap length cut the frame).</summary>
    public int CapturedLength => Data.Length;

    /// <summary>Source IP address, or hardware address for frames without IP.</summary>
    public string Source => _source ??= Address(source: true);

    public string Destination => _destination ??= Address(source: false);

    public PacketProtocol Protocol => _summary.Protocol;

    public int? SourcePort => _summary.HasPorts && _summary.TransportDecoded ? _summary.SourcePort : null;

    public int? DestinationPort => _summary.HasPorts && _summary.TransportDecoded ? _summary.DestinationPort : null;

    public TcpFlags? TcpFlags => _summary.TcpHeaderDecoded ? _summary.TcpFlags : null;

    /// <summary>A one-line summary in the style of Wireshark's Info column.</summary>
    public string Info => _info ??= PacketInfo.Describe(this);

    /// <summary>The frame's bytes: <c>$p.Data | Format-Hex</c> is the hex dump.</summary>
#pragma warning disable CA1819 // the bytes are the packet; users index and pipe them
    public byte[] Data { get; }
#pragma warning restore CA1819

    /// <summary>A live capture's kernel verdict on the TCP/UDP checksum; Unknown for files and built packets.</summary>
    public KernelChecksum KernelChecksum { get; }

    /// <summary>The pcapng packet comment (opt_comment), if any.</summary>
    public string? Comment { get; }

    /// <summary>Everything the decoders found wrong, including checksums that do not verify.</summary>
    public PacketProblems Problems => Layers.Problems;

    public EthernetHeader? Ethernet => Layers.Ethernet;

    public LinuxSllHeader? LinuxSll => Layers.LinuxSll;

    public NullHeader? Loopback => Layers.Null;

    public ArpPacket? Arp => Layers.Arp;

    public IPv4Header? IPv4 => Layers.IPv4;

    public IPv6Header? IPv6 => Layers.IPv6;

    public TcpHeader? Tcp => Layers.Tcp;

    public UdpHeader? Udp => Layers.Udp;

    /// <summary>The ICMP or ICMPv6 header.</summary>
    public IcmpHeader? Icmp => Layers.Icmp;

    /// <summary>The captured bytes after the TCP/UDP/ICMP header, or null when there is no such header.</summary>
#pragma warning disable CA1819
    public byte[]? Payload => _summary.PayloadOffset >= 0 && _summary.PayloadOffset <= Data.Length
        ? Data.AsSpan(_summary.PayloadOffset, Math.Min(Data.Length - _summary.PayloadOffset, _summary.PayloadLength)).ToArray()
        : null;
#pragma warning restore CA1819

    internal long TimestampNanoseconds { get; }

    internal ref readonly PacketSummary Summary => ref _summary;

    private PacketLayers Layers => _layers ??= PacketLayers.Decode(Data, _summary, KernelChecksum == KernelChecksum.NotReady);

    private string Address(bool source)
    {
        var (src, dst, length) = _summary.AddressOffsets();
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

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Number} {Source} → {Destination} {Protocol} {Length} {Info}");
}
