using System.Net;
using System.Runtime.CompilerServices;
using PSSocket.Core.Packets;

namespace PSSocket.Core.Packets;

/// <summary>
/// Engine-side selection applied to the struct decode of each frame, before any object exists.
/// Each list, when given, must match (protocol in the list; either port in the list; either address in the list).
/// </summary>
internal sealed class PacketFilter
{
    private readonly byte[][] _addresses;

    public PacketFilter(IReadOnlyCollection<PacketProtocol>? protocols, IReadOnlyCollection<int>? ports, IReadOnlyCollection<IPAddress>? addresses)
    {
        Protocols = protocols is { Count: > 0 } ? [.. protocols] : null;
        Ports = ports is { Count: > 0 } ? [.. ports] : null;
        _addresses = addresses is { Count: > 0 } ? [.. addresses.Select(a => (a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a).GetAddressBytes())] : [];
    }

    public static PacketFilter All { get; } = new(null, null, null);

    public PacketProtocol[]? Protocols { get; }

    public int[]? Ports { get; }

    /// <summary>The addresses as bytes (4 or 16), IPv4-mapped ones as IPv4; empty when not filtering on addresses.</summary>
    public IReadOnlyList<byte[]> Addresses => _addresses;

    public bool IsEmpty => Protocols is null && Ports is null && _addresses.Length == 0;

    /// <summary>
    /// Whether the frame is selected. <paramref name="portsCheckedOnWholePacket"/>: the kernel (or
    /// libpcap) checked the ports on the whole packet before the snap length cut it, so a frame cut
    /// before its ports passed there and passes here, as tcpdump -s 36 'udp port N' keeps it on
    /// Ethernet (a frame cut inside the IP header it drops, and so does this).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a live capture checks every packet: see FrameDecoder.Decode
    public bool Matches(ReadOnlySpan<byte> frame, in PacketSummary s, bool portsCheckedOnWholePacket = false)
    {
        if (Protocols is not null && !MatchesProtocol(s))
        {
            return false;
        }

        if (Ports is not null
            && !(s.HasPorts && s.TransportDecoded && (Array.IndexOf(Ports, (int)s.SourcePort) >= 0 || Array.IndexOf(Ports, (int)s.DestinationPort) >= 0))
            && !(portsCheckedOnWholePacket && PortsCutOff(frame, s)))
        {
            return false;
        }

        if (_addresses.Length > 0)
        {
            var (src, dst, length) = s.AddressOffsets();
            if (length == 0)
            {
                return false;
            }

            foreach (byte[] a in _addresses)
            {
                if (a.Length == length && (frame.Slice(src, length).SequenceEqual(a) || frame.Slice(dst, length).SequenceEqual(a)))
                {
                    return true;
                }
            }

            return false;
        }

        return true;
    }

    /// <summary>
    /// A TCP or UDP packet whose ports the snap length cut off, behind a network header captured whole
    /// and read by the kernel's program (IPv4, or IPv6 with no extension header; see KernelFilter).
    /// </summary>
    private static bool PortsCutOff(ReadOnlySpan<byte> frame, in PacketSummary s) =>
        s.HasPorts && !s.TransportDecoded && !s.IsLaterFragment && s.CapturedLength < s.OriginalLength
        && (s.IpVersion == 4 || frame[s.NetworkOffset + 6] is 6 or 17);

    /// <summary>IPv4 and IPv6 also match the packets they carry, as Wireshark's "ip" and "ipv6" filters do.</summary>
    private bool MatchesProtocol(in PacketSummary s)
    {
        foreach (var p in Protocols!)
        {
            if (p == s.Protocol || (p == PacketProtocol.IPv4 && s.IpVersion == 4) || (p == PacketProtocol.IPv6 && s.IpVersion == 6))
            {
                return true;
            }
        }

        return false;
    }
}
