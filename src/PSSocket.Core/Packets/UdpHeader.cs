using System.Buffers.Binary;
using System.Globalization;
using PSSocket.Core.Host;

namespace PSSocket.Core.Packets;

/// <summary>A UDP header (RFC 768) and the verdict on its checksum.</summary>
public sealed class UdpHeader
{
    private UdpHeader()
    {
    }

    public int? SourcePort { get; private init; }

    public int? DestinationPort { get; private init; }

    /// <summary>The Length field: header plus data, in bytes.</summary>
    public int? Length { get; private init; }

    public ushort? Checksum { get; private init; }

    public ushort? ComputedChecksum { get; private init; }

    public ChecksumStatus ChecksumStatus { get; private init; }

    public int PayloadLength { get; private init; }

    public PacketProblems Problems { get; private init; }

    /// <param name="bytes">The captured datagram.</param>
    /// <param name="announcedLength">The datagram length according to the IP header.</param>
    /// <param name="pseudoHeader">Pseudo-header sum without the length (it is added here from the UDP Length field), or null.</param>
    /// <param name="zeroMeansNone">True over IPv4, where a zero checksum means "not computed" (RFC 768); over IPv6 it is invalid.</param>
    /// <param name="checksumNotReady">The capturing kernel said the checksum was left to offload.</param>
    internal static UdpHeader Decode(ReadOnlySpan<byte> bytes, int announcedLength, ulong? pseudoHeader, bool zeroMeansNone, bool checksumNotReady = false)
    {
        Span<byte> h = stackalloc byte[8];
        h.Clear();
        bytes[..Math.Min(bytes.Length, 8)].CopyTo(h);
        var problems = PacketProblems.None;
        int length = BinaryPrimitives.ReadUInt16BigEndian(h[4..]);
        if (bytes.Length < 8)
        {
            problems |= PacketProblems.Truncated;
        }
        else if (length < 8 || length > announcedLength)
        {
            problems |= PacketProblems.LengthMismatch;
        }

        ushort? stored = bytes.Length >= 8 ? BinaryPrimitives.ReadUInt16BigEndian(h[6..]) : null;
        ushort? computed = null;
        ChecksumStatus status;
        if (bytes.Length >= 8 && stored == 0 && zeroMeansNone)
        {
            status = ChecksumStatus.NotPresent;
        }
        else
        {
            int covered = (problems & PacketProblems.LengthMismatch) != 0 ? 0 : length;
            bool complete = pseudoHeader.HasValue && bytes.Length >= 8 && covered >= 8 && bytes.Length >= covered;
            ulong pseudo = (pseudoHeader ?? 0) + (ulong)length;
            (stored, computed, status) = HeaderChecksums.Verify(bytes[..Math.Min(bytes.Length, Math.Max(covered, 8))], 6, pseudo, complete);
            status = HeaderChecksums.Offload(status, stored, pseudo, checksumNotReady);
            if (computed == 0 && complete)
            {
                computed = 0xFFFF; // RFC 768: a computed zero is sent as all ones
            }

            if (stored == 0 && status == ChecksumStatus.Valid)
            {
                // Over IPv6 a zero is never a checksum (RFC 8200 §8.1), even where the sum would come out right.
                status = ChecksumStatus.Invalid;
            }

            if (status == ChecksumStatus.Invalid)
            {
                problems |= PacketProblems.BadChecksum;
            }
        }

        return new UdpHeader
        {
            SourcePort = bytes.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(h) : null,
            DestinationPort = bytes.Length >= 4 ? BinaryPrimitives.ReadUInt16BigEndian(h[2..]) : null,
            Length = bytes.Length >= 6 ? length : null,
            Checksum = stored,
            ComputedChecksum = computed,
            ChecksumStatus = status,
            PayloadLength = Math.Max(0, ((problems & PacketProblems.LengthMismatch) != 0 ? announcedLength : length) - 8),
            Problems = problems,
        };
    }

    internal static IReadOnlyList<HeaderField> Explain(ReadOnlySpan<byte> bytes, ulong? pseudoHeader, bool zeroMeansNone)
    {
        var u = Decode(bytes, bytes.Length, pseudoHeader, zeroMeansNone);
        var x = new FieldExplainer("UDP", bytes[..Math.Min(bytes.Length, 8)].ToArray());
        x.Add("SourcePort", 0, 16, u.SourcePort, ServiceRegistry.System.Meaning(u.SourcePort ?? 0, "udp"));
        x.Add("DestinationPort", 16, 16, u.DestinationPort, ServiceRegistry.System.Meaning(u.DestinationPort ?? 0, "udp"));
        x.Add("Length", 32, 16, u.Length, Invariant($"{u.Length} bytes: 8-byte header + {Math.Max(0, (u.Length ?? 8) - 8)} data"));
        x.Add("Checksum", 48, 16, u.Checksum, Invariant($"0x{u.Checksum:x4} {u.ChecksumStatus}") + (u.ChecksumStatus == ChecksumStatus.Invalid ? Invariant($" (should be 0x{u.ComputedChecksum:x4})") : string.Empty));
        return x.Fields;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public override string ToString() => Invariant($"{SourcePort} → {DestinationPort} Len={PayloadLength}");
}
