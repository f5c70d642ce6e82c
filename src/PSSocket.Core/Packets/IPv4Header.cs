using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using PSSocket.Core.Integrity;

namespace PSSocket.Core.Packets;

/// <summary>An IPv4 header (RFC 791) with every field, its options and the verdict on its checksum.</summary>
public sealed class IPv4Header
{
    private IPv4Header()
    {
    }

    public int? Version { get; private init; }

    /// <summary>Internet Header Length in 32-bit words.</summary>
    public int? Ihl { get; private init; }

    /// <summary>IHL × 4: the header's size in bytes.</summary>
    public int? HeaderLength { get; private init; }

    /// <summary>Differentiated Services Code Point (RFC 2474), the top 6 bits of the old TOS byte.</summary>
    public int? Dscp { get; private init; }

    /// <summary>Explicit Congestion Notification (RFC 3168), the low 2 bits of the old TOS byte.</summary>
    public int? Ecn { get; private init; }

    public int? TotalLength { get; private init; }

    public ushort? Identification { get; private init; }

    public IPv4Flags? Flags { get; private init; }

    public bool? DontFragment => Flags is { } f ? (f & IPv4Flags.DontFragment) != 0 : null;

    public bool? MoreFragments => Flags is { } f ? (f & IPv4Flags.MoreFragments) != 0 : null;

    /// <summary>The fragment offset field, in units of 8 bytes.</summary>
    public int? FragmentOffset { get; private init; }

    public int? Ttl { get; private init; }

    public byte? Protocol { get; private init; }

    public string? ProtocolName => Protocol is byte p ? ProtocolNames.IpProtocol(p) : null;

    public ushort? HeaderChecksum { get; private init; }

    /// <summary>The checksum a sender would store for this header.</summary>
    public ushort? ComputedChecksum { get; private init; }

    public ChecksumStatus ChecksumStatus { get; private init; }

    public IPAddress? SourceAddress { get; private init; }

    public IPAddress? DestinationAddress { get; private init; }

    public IReadOnlyList<HeaderOption> Options { get; private init; } = [];

    public PacketProblems Problems { get; private init; }

    /// <summary>Decodes the header at the start of <paramref name="bytes"/> (which may hold the payload too).</summary>
    /// <param name="onWireLength">Bytes of this IP packet on the wire, to tell a snap length from a lying length field.</param>
    internal static IPv4Header Decode(ReadOnlySpan<byte> bytes, int onWireLength = int.MaxValue)
    {
        Span<byte> h = stackalloc byte[60];
        h.Clear();
        bytes[..Math.Min(bytes.Length, 60)].CopyTo(h);
        var problems = PacketProblems.None;
        int ihl = h[0] & 0x0F;
        int headerLength = ihl * 4;
        int total = BinaryPrimitives.ReadUInt16BigEndian(h[2..]);
        if (bytes.Length < 20)
        {
            problems |= PacketProblems.Truncated;
        }
        else if ((h[0] >> 4) != 4)
        {
            problems |= PacketProblems.BadVersion;
        }

        if (bytes.Length >= 1 && ihl < 5)
        {
            problems |= PacketProblems.BadIhl;
        }
        else if (bytes.Length >= 20 && bytes.Length < headerLength)
        {
            problems |= PacketProblems.Truncated;
        }

        if (bytes.Length >= 4 && total < Math.Max(20, headerLength))
        {
            problems |= PacketProblems.LengthMismatch;
        }
        else if (bytes.Length >= 20 && total > bytes.Length)
        {
            problems |= total <= onWireLength ? PacketProblems.PayloadTruncated : PacketProblems.LengthMismatch;
        }

        ushort? computed = null;
        var status = ChecksumStatus.Unverifiable;
        IReadOnlyList<HeaderOption> options = [];
        if (ihl >= 5 && bytes.Length >= headerLength)
        {
            var verdict = HeaderChecksums.Verify(bytes[..headerLength], 10, 0, complete: true);
            computed = verdict.Computed;
            status = verdict.Status;
            if (status == ChecksumStatus.Invalid)
            {
                problems |= PacketProblems.BadChecksum;
            }

            options = OptionParser.Parse(bytes[20..headerLength], OptionParser.Flavor.IPv4, ref problems);
        }

        ushort flagsAndOffset = BinaryPrimitives.ReadUInt16BigEndian(h[6..]);
        int n = bytes.Length; // a field past the captured bytes is null, not zero
        return new IPv4Header
        {
            Version = n >= 1 ? h[0] >> 4 : null,
            Ihl = n >= 1 ? ihl : null,
            HeaderLength = n >= 1 ? headerLength : null,
            Dscp = n >= 2 ? h[1] >> 2 : null,
            Ecn = n >= 2 ? h[1] & 3 : null,
            TotalLength = n >= 4 ? total : null,
            Identification = n >= 6 ? BinaryPrimitives.ReadUInt16BigEndian(h[4..]) : null,
            Flags = n >= 7 ? (IPv4Flags)(flagsAndOffset >> 13) : null,
            FragmentOffset = n >= 8 ? flagsAndOffset & 0x1FFF : null,
            Ttl = n >= 9 ? h[8] : null,
            Protocol = n >= 10 ? h[9] : null,
            HeaderChecksum = n >= 12 ? BinaryPrimitives.ReadUInt16BigEndian(h[10..]) : null,
            ComputedChecksum = computed,
            ChecksumStatus = status,
            SourceAddress = n >= 16 ? new IPAddress(h.Slice(12, 4)) : null,
            DestinationAddress = n >= 20 ? new IPAddress(h.Slice(16, 4)) : null,
            Options = options,
            Problems = problems,
        };
    }

    /// <summary>The RFC 791 diagram of <paramref name="bytes"/>, one row per field.</summary>
    internal static IReadOnlyList<HeaderField> Explain(ReadOnlySpan<byte> bytes)
    {
        var header = Decode(bytes);
        byte[] raw = bytes[..Math.Min(bytes.Length, Math.Max(20, header.HeaderLength ?? 20))].ToArray();
        var x = new FieldExplainer("IPv4", raw);
        x.Add("Version", 0, 4, header.Version, header.Version == 4 ? "IPv4" : "not 4: not an IPv4 header");
        x.Add("IHL", 4, 4, header.Ihl, Invariant($"{header.HeaderLength} bytes ({header.Ihl} × 4)"));
        x.Add("DSCP", 8, 6, header.Dscp, header.Dscp == 0 ? "Default (best effort)" : Invariant($"CS{header.Dscp >> 3} class {header.Dscp}"));
        x.Add("ECN", 14, 2, header.Ecn, header.Ecn switch { 0 => "Not-ECT", 1 => "ECT(1)", 2 => "ECT(0)", _ => "CE (congestion experienced)" });
        x.Add("TotalLength", 16, 16, header.TotalLength, Invariant($"{header.TotalLength} bytes: header + payload"));
        x.Add("Identification", 32, 16, header.Identification, Invariant($"0x{header.Identification:x4}"));
        x.Add("Flags", 48, 3, header.Flags, header.Flags?.ToString() ?? string.Empty);
        x.Add("FragmentOffset", 51, 13, header.FragmentOffset, Invariant($"{header.FragmentOffset * 8} bytes"));
        x.Add("TTL", 64, 8, header.Ttl, Invariant($"{header.Ttl} hops left"));
        x.Add("Protocol", 72, 8, header.Protocol, header.ProtocolName ?? string.Empty);
        x.Add("HeaderChecksum", 80, 16, header.HeaderChecksum, Invariant($"0x{header.HeaderChecksum:x4} {header.ChecksumStatus}") + (header.ChecksumStatus == ChecksumStatus.Invalid ? Invariant($" (should be 0x{header.ComputedChecksum:x4})") : string.Empty));
        x.Add("SourceAddress", 96, 32, header.SourceAddress, header.SourceAddress?.ToString() ?? string.Empty);
        x.Add("DestinationAddress", 128, 32, header.DestinationAddress, header.DestinationAddress?.ToString() ?? string.Empty);
        if (header.HeaderLength is > 20 and int ipLength)
        {
            x.Add("Options", 160, (ipLength - 20) * 8, string.Join(", ", header.Options), Invariant($"{header.Options.Count} option(s)"));
        }

        return x.Fields;
    }

    /// <summary>Sums the bytes of an IPv4 header for checksum computation by builders.</summary>
    internal static ushort ComputeChecksum(ReadOnlySpan<byte> header)
    {
        ulong sum = InternetChecksum.Accumulate(header[..10]);
        sum = InternetChecksum.Accumulate(header[12..], sum);
        return (ushort)~InternetChecksum.Fold(sum);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public override string ToString() => Invariant($"{SourceAddress} → {DestinationAddress} {ProtocolName} TTL={Ttl} Len={TotalLength}");
}
