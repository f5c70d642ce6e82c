using System.Net;

namespace PSSocket.Core.Packets;

/// <summary>
/// One IPv6 extension header (RFC 8200 §4): hop-by-hop and destination options, routing, fragment,
/// or another type the decoder only steps over. Fields that do not apply to the type are null.
/// </summary>
public sealed class IPv6ExtensionHeader
{
    internal IPv6ExtensionHeader()
    {
    }

    /// <summary>The protocol number that announced this header (0, 43, 44, 51, 60...).</summary>
    public byte Type { get; internal init; }

    public string Name => ProtocolNames.IpProtocol(Type);

    public byte NextHeader { get; internal init; }

    /// <summary>The size of this header in bytes.</summary>
    public int Length { get; internal init; }

    /// <summary>Options of hop-by-hop and destination options headers.</summary>
    public IReadOnlyList<HeaderOption>? Options { get; internal init; }

    public int? RoutingType { get; internal init; }

    public int? SegmentsLeft { get; internal init; }

    public IReadOnlyList<IPAddress>? Addresses { get; internal init; }

    /// <summary>Fragment offset in units of 8 bytes.</summary>
    public int? FragmentOffset { get; internal init; }

    public bool? MoreFragments { get; internal init; }

    public uint? Identification { get; internal init; }

    public override string ToString() => Name;
}
