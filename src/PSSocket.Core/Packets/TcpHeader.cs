using System.Buffers.Binary;
using System.Globalization;
using PSSocket.Core.Host;

namespace PSSocket.Core.Packets;

/// <summary>A TCP header (RFC 9293) with its options decoded and the verdict on its checksum.</summary>
public sealed class TcpHeader
{
    private TcpHeader()
    {
    }

    public int? SourcePort { get; private init; }

    public int? DestinationPort { get; private init; }

    public uint? SequenceNumber { get; private init; }

    public uint? AcknowledgmentNumber { get; private init; }

    /// <summary>Header length in 32-bit words.</summary>
    public int? DataOffset { get; private init; }

    public int? HeaderLength => DataOffset * 4;

    /// <summary>The three reserved bits between the data offset and the AE bit.</summary>
    public int? Reserved { get; private init; }

    public TcpFlags? Flags { get; private init; }

    public int? Window { get; private init; }

    public ushort? Checksum { get; private init; }

    public ushort? ComputedChecksum { get; private init; }

    public ChecksumStatus ChecksumStatus { get; private init; }

    public int? UrgentPointer { get; private init; }

    public IReadOnlyList<HeaderOption> Options { get; private init; } = [];

    public int? MaximumSegmentSize { get; private init; }

    public int? WindowScale { get; private init; }

    public bool SackPermitted { get; private init; }

    /// <summary>SACK blocks as "left-right" edges.</summary>
    public IReadOnlyList<string> SackBlocks { get; private init; } = [];

    public uint? TimestampValue { get; private init; }

    public uint? TimestampEchoReply { get; private init; }

    /// <summary>Bytes of data after the header, as the IP length announces them.</summary>
    public int PayloadLength { get; private init; }

    public PacketProblems Problems { get; private init; }

    /// <param name="bytes">The captured segment: header and as much payload as was captured.</param>
    /// <param name="announcedLength">The segment length according to the IP header.</param>
    /// <param name="pseudoHeader">The pseudo-header sum, or null when unknown (the checksum is then Unverifiable).</param>
    /// <param name="checksumNotReady">The capturing kernel said the checksum was left to offload.</param>
    internal static TcpHeader Decode(ReadOnlySpan<byte> bytes, int announcedLength, ulong? pseudoHeader, bool checksumNotReady = false)
    {
        Span<byte> h = stackalloc byte[20];
        h.Clear();
        bytes[..Math.Min(bytes.Length, 20)].CopyTo(h);
        var problems = PacketProblems.None;
        int dataOffset = h[12] >> 4;
        int headerLength = dataOffset * 4;
        IReadOnlyList<HeaderOption> options = [];
        if (bytes.Length < 20)
        {
            problems |= PacketProblems.Truncated;
        }
        else if (dataOffset < 5)
        {
            problems |= PacketProblems.BadDataOffset;
        }
        else if (headerLength > announcedLength)
        {
            problems |= PacketProblems.LengthMismatch;
        }
        else if (headerLength > bytes.Length)
        {
            problems |= PacketProblems.Truncated;
        }
        else
        {
            options = OptionParser.Parse(bytes[20..headerLength], OptionParser.Flavor.Tcp, ref problems);
        }

        bool complete = pseudoHeader.HasValue && bytes.Length >= announcedLength && bytes.Length >= 20;
        var (stored, computed, status) = HeaderChecksums.Verify(bytes[..Math.Min(bytes.Length, announcedLength)], 16, pseudoHeader ?? 0, complete);
        status = HeaderChecksums.Offload(status, stored, pseudoHeader ?? 0, checksumNotReady);
        if (status == ChecksumStatus.Invalid)
        {
            problems |= PacketProblems.BadChecksum;
        }

        var known = default(TcpOptionValues);
        List<string>? sack = null; // a list only for the segments that carry SACK blocks
        for (int i = 0; i < options.Count; i++) // no boxed enumerator: this runs for every TCP packet of a CSV
        {
            var o = options[i];
            known.Read(o.Kind, o.Data);
            if (o.Kind == 5)
            {
                (sack ??= []).AddRange(o.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
        }

        ushort flagBits = BinaryPrimitives.ReadUInt16BigEndian(h[12..]);
        int n = bytes.Length; // a field past the captured bytes is null, not zero
        return new TcpHeader
        {
            SourcePort = n >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(h) : null,
            DestinationPort = n >= 4 ? BinaryPrimitives.ReadUInt16BigEndian(h[2..]) : null,
            SequenceNumber = n >= 8 ? BinaryPrimitives.ReadUInt32BigEndian(h[4..]) : null,
            AcknowledgmentNumber = n >= 12 ? BinaryPrimitives.ReadUInt32BigEndian(h[8..]) : null,
            DataOffset = n >= 13 ? dataOffset : null,
            Reserved = n >= 13 ? (flagBits >> 9) & 7 : null,
            Flags = n >= 14 ? (TcpFlags)(flagBits & 0x1FF) : null,
            Window = n >= 16 ? BinaryPrimitives.ReadUInt16BigEndian(h[14..]) : null,
            Checksum = stored,
            ComputedChecksum = computed,
            ChecksumStatus = status,
            UrgentPointer = n >= 20 ? BinaryPrimitives.ReadUInt16BigEndian(h[18..]) : null,
            Options = options,
            MaximumSegmentSize = known.MaximumSegmentSize,
            WindowScale = known.WindowScale,
            SackPermitted = known.SackPermitted,
            SackBlocks = sack ?? [],
            TimestampValue = known.TimestampValue,
            TimestampEchoReply = known.TimestampEchoReply,
            PayloadLength = Math.Max(0, announcedLength - Math.Max(20, headerLength)),
            Problems = problems,
        };
    }

    internal static IReadOnlyList<HeaderField> Explain(ReadOnlySpan<byte> bytes, ulong? pseudoHeader)
    {
        var t = Decode(bytes, bytes.Length, pseudoHeader);
        var x = new FieldExplainer("TCP", bytes[..Math.Min(bytes.Length, t.HeaderLength ?? 20)].ToArray());
        x.Add("SourcePort", 0, 16, t.SourcePort, ServiceRegistry.System.Meaning(t.SourcePort ?? 0, "tcp"));
        x.Add("DestinationPort", 16, 16, t.DestinationPort, ServiceRegistry.System.Meaning(t.DestinationPort ?? 0, "tcp"));
        x.Add("SequenceNumber", 32, 32, t.SequenceNumber, "raw sequence number");
        x.Add("AcknowledgmentNumber", 64, 32, t.AcknowledgmentNumber, (t.Flags & TcpFlags.Ack) != 0 ? "next byte expected from the peer" : "not meaningful: ACK is clear");
        x.Add("DataOffset", 96, 4, t.DataOffset, Invariant($"{t.HeaderLength} bytes ({t.DataOffset} × 4)"));
        x.Add("Reserved", 100, 3, t.Reserved, t.Reserved == 0 ? "must be zero" : "not zero");
        string[] names = ["AE", "CWR", "ECE", "URG", "ACK", "PSH", "RST", "SYN", "FIN"];
        for (int i = 0; i < names.Length; i++)
        {
            bool set = (((int)(t.Flags ?? 0) >> (8 - i)) & 1) == 1;
            x.Add(names[i], 103 + i, 1, set, set ? "set" : "not set");
        }

        x.Add("Window", 112, 16, t.Window, t.WindowScale is int s ? Invariant($"{t.Window} × 2^{s}") : Invariant($"{t.Window} bytes (unscaled)"));
        x.Add("Checksum", 128, 16, t.Checksum, Invariant($"0x{t.Checksum:x4} {t.ChecksumStatus}") + (t.ChecksumStatus == ChecksumStatus.Invalid ? Invariant($" (should be 0x{t.ComputedChecksum:x4})") : string.Empty));
        x.Add("UrgentPointer", 144, 16, t.UrgentPointer, (t.Flags & TcpFlags.Urg) != 0 ? "offset of urgent data" : "not meaningful: URG is clear");
        if (t.HeaderLength is > 20 and int tcpLength)
        {
            x.Add("Options", 160, (tcpLength - 20) * 8, string.Join(", ", t.Options), Invariant($"{t.Options.Count} option(s)"));
        }

        return x.Fields;
    }

    /// <summary>Wireshark's flag list, e.g. "SYN, ACK".</summary>
    internal static string FlagText(TcpFlags flags)
    {
        // Nine bits make 512 lists; each is built once, as Info is written for every packet of a CSV.
        int bits = (int)flags & 0x1FF;
        return FlagTexts[bits] ??= BuildFlagText((TcpFlags)bits);
    }

    private static readonly string?[] FlagTexts = new string?[512];

    private static readonly (TcpFlags Flag, string Name)[] FlagOrder =
    [
        (TcpFlags.Fin, "FIN"), (TcpFlags.Syn, "SYN"), (TcpFlags.Rst, "RST"), (TcpFlags.Psh, "PSH"),
        (TcpFlags.Ack, "ACK"), (TcpFlags.Urg, "URG"), (TcpFlags.Ece, "ECE"), (TcpFlags.Cwr, "CWR"), (TcpFlags.Ae, "AE"),
    ];

    private static string BuildFlagText(TcpFlags flags)
    {
        if (flags == TcpFlags.None)
        {
            return "<None>";
        }

        var parts = new List<string>(4);
        foreach (var (flag, name) in FlagOrder)
        {
            if ((flags & flag) != 0)
            {
                parts.Add(name);
            }
        }

        return string.Join(", ", parts);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public override string ToString() => Invariant($"{SourcePort} → {DestinationPort} [{FlagText(Flags ?? TcpFlags.None)}] Seq={SequenceNumber} Win={Window} Len={PayloadLength}");
}

/// <summary>The TCP options a header's properties and the Info column name: MSS (RFC 9293), window scale and timestamps (RFC 7323), SACK permitted (RFC 2018).</summary>
internal struct TcpOptionValues
{
    public int? MaximumSegmentSize;
    public int? WindowScale;
    public bool SackPermitted;
    public uint? TimestampValue;
    public uint? TimestampEchoReply;

    /// <summary>Takes one option of the list; one of another kind, or of the wrong length, changes nothing.</summary>
    public void Read(byte kind, ReadOnlySpan<byte> data)
    {
        switch (kind)
        {
            case 2 when data.Length == 2:
                MaximumSegmentSize = BinaryPrimitives.ReadUInt16BigEndian(data);
                break;
            case 3 when data.Length == 1:
                WindowScale = data[0];
                break;
            case 4:
                SackPermitted = true;
                break;
            case 8 when data.Length == 8:
                TimestampValue = BinaryPrimitives.ReadUInt32BigEndian(data);
                TimestampEchoReply = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
                break;
        }
    }
}
