using System.Buffers.Binary;
using System.Globalization;

namespace PSSocket.Core.Packets;

/// <summary>An ICMPv4 (RFC 792) or ICMPv6 (RFC 4443) header; echo messages carry identifier and sequence.</summary>
public sealed class IcmpHeader
{
    private IcmpHeader()
    {
    }

    /// <summary>4 for ICMP, 6 for ICMPv6.</summary>
    public int IPVersion { get; private init; }

    public byte? Type { get; private init; }

    public byte? Code { get; private init; }

    public string? TypeName => Type is not byte type ? null : IPVersion == 6 ? ProtocolNames.IcmpV6(type, Code ?? 0) : ProtocolNames.Icmp(type, Code ?? 0);

    public ushort? Checksum { get; private init; }

    public ushort? ComputedChecksum { get; private init; }

    public ChecksumStatus ChecksumStatus { get; private init; }

    /// <summary>The 32 bits after the checksum, whatever the message type.</summary>
    public uint? RestOfHeader { get; private init; }

    /// <summary>Echo identifier; null for messages that are not echoes.</summary>
    public int? Identifier { get; private init; }

    public int? SequenceNumber { get; private init; }

    public bool IsEcho => IPVersion == 6 ? Type is 128 or 129 : Type is 0 or 8;

    /// <summary>Bytes after the 8-byte header.</summary>
    public int PayloadLength { get; private init; }

    public PacketProblems Problems { get; private init; }

    /// <summary>
    /// For error messages (destination unreachable, time exceeded, parameter problem, packet too
    /// big, redirect): the offending packet's IP header and first bytes, decoded as a raw IP packet.
    /// </summary>
    public Packet? Quoted { get; private init; }

    public bool IsError => IPVersion == 6 ? Type is 1 or 2 or 3 or 4 : Type is 3 or 4 or 5 or 11 or 12;

    /// <param name="pseudoHeader">The pseudo-header sum for ICMPv6, 0 for ICMPv4 (which has none); null leaves the checksum Unverifiable.</param>
    internal static IcmpHeader Decode(ReadOnlySpan<byte> bytes, int announcedLength, int ipVersion, ulong? pseudoHeader)
    {
        Span<byte> h = stackalloc byte[8];
        h.Clear();
        bytes[..Math.Min(bytes.Length, 8)].CopyTo(h);
        var problems = bytes.Length < 8 ? PacketProblems.Truncated : PacketProblems.None;
        bool complete = pseudoHeader.HasValue && bytes.Length >= announcedLength && bytes.Length >= 4;
        var (stored, computed, status) = HeaderChecksums.Verify(bytes[..Math.Min(bytes.Length, announcedLength)], 2, pseudoHeader ?? 0, complete);
        if (status == ChecksumStatus.Invalid)
        {
            problems |= PacketProblems.BadChecksum;
        }

        byte type = h[0];
        bool echo = ipVersion == 6 ? type is 128 or 129 : type is 0 or 8;
        return new IcmpHeader
        {
            IPVersion = ipVersion,
            Type = bytes.Length >= 1 ? type : null,
            Code = bytes.Length >= 2 ? h[1] : null,
            Checksum = stored,
            ComputedChecksum = computed,
            ChecksumStatus = status,
            RestOfHeader = bytes.Length >= 8 ? BinaryPrimitives.ReadUInt32BigEndian(h[4..]) : null,
            Identifier = echo && bytes.Length >= 6 ? BinaryPrimitives.ReadUInt16BigEndian(h[4..]) : null,
            SequenceNumber = echo && bytes.Length >= 8 ? BinaryPrimitives.ReadUInt16BigEndian(h[6..]) : null,
            PayloadLength = Math.Max(0, announcedLength - 8),
            Problems = problems,
            Quoted = bytes.Length > 8 && (ipVersion == 6 ? type is 1 or 2 or 3 or 4 : type is 3 or 4 or 5 or 11 or 12)
                ? new Packet(0, 0, null, LinkType.RawIP, QuotedLength(bytes[8..]), bytes[8..].ToArray(), null)
                : null,
        };
    }

    /// <summary>The quoted datagram's own length: the router quoted only its start, like a snap length.</summary>
    private static int QuotedLength(ReadOnlySpan<byte> quoted) => quoted.Length switch
    {
        >= 4 when quoted[0] >> 4 == 4 => BinaryPrimitives.ReadUInt16BigEndian(quoted[2..]),
        >= 6 when quoted[0] >> 4 == 6 => 40 + BinaryPrimitives.ReadUInt16BigEndian(quoted[4..]),
        _ => quoted.Length,
    };

    internal static IReadOnlyList<HeaderField> Explain(ReadOnlySpan<byte> bytes, int ipVersion, ulong? pseudoHeader)
    {
        var i = Decode(bytes, bytes.Length, ipVersion, pseudoHeader);
        var x = new FieldExplainer(ipVersion == 6 ? "ICMPv6" : "ICMP", bytes[..Math.Min(bytes.Length, 8)].ToArray());
        x.Add("Type", 0, 8, i.Type, i.TypeName ?? string.Empty);
        x.Add("Code", 8, 8, i.Code, i.TypeName ?? string.Empty);
        x.Add("Checksum", 16, 16, i.Checksum, Invariant($"0x{i.Checksum:x4} {i.ChecksumStatus}") + (i.ChecksumStatus == ChecksumStatus.Invalid ? Invariant($" (should be 0x{i.ComputedChecksum:x4})") : string.Empty));
        if (i.IsEcho)
        {
            x.Add("Identifier", 32, 16, i.Identifier!, Invariant($"0x{i.Identifier:x4}"));
            x.Add("SequenceNumber", 48, 16, i.SequenceNumber!, "echo sequence number");
        }
        else
        {
            x.Add("RestOfHeader", 32, 32, i.RestOfHeader, "depends on the message type");
        }

        return x.Fields;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public override string ToString() => Invariant($"{TypeName} (type {Type}, code {Code})");
}
