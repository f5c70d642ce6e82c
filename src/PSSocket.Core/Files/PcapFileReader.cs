using System.Buffers.Binary;
using System.Globalization;
using PSSocket.Core.Packets;

namespace PSSocket.Core.Files;

/// <summary>Classic libpcap files in either byte order, micro- or nanosecond timestamps.</summary>
internal sealed class PcapFileReader : CaptureFileReader
{
    public const uint MicroMagic = 0xA1B2C3D4;
    public const uint NanoMagic = 0xA1B23C4D;
    public const uint MicroMagicSwapped = 0xD4C3B2A1;
    public const uint NanoMagicSwapped = 0x4D3CB2A1;

    private bool _bigEndian;
    private bool _nanoseconds;

    public PcapFileReader(Stream stream, string name)
        : base(stream, name)
    {
    }

    public override CaptureFormat Format => CaptureFormat.Pcap;

    public LinkType LinkType { get; private set; }

    public int SnapLength { get; private set; }

    public bool Nanoseconds => _nanoseconds;

    public bool BigEndian => _bigEndian;

    protected override void ReadFileHeader()
    {
        if (!Ensure(24))
        {
            throw Truncated();
        }

        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(Available);
        _bigEndian = magic is MicroMagicSwapped or NanoMagicSwapped;
        _nanoseconds = magic is NanoMagic or NanoMagicSwapped;
        SnapLength = (int)Math.Min(U32(Available[16..]), int.MaxValue);
        LinkType = (LinkType)(U32(Available[20..]) & 0xFFFF);
        CurrentLinkType = LinkType;
        Consume(24);
    }

    protected override bool ReadRecord()
    {
        ReadOnlySpan<byte> h = Available;
        if (h.Length < 16)
        {
            if (AtEnd())
            {
                return false;
            }

            if (!Ensure(16))
            {
                throw Truncated();
            }

            h = Available;
        }

        uint seconds = U32(h);
        uint fraction = U32(h[4..]);
        uint captured = U32(h[8..]);
        uint original = U32(h[12..]);
        if (captured > MaxRecordLength)
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture, $"a record claims {captured} captured bytes."));
        }

        if (h.Length < 16 + (int)captured && !Ensure(16 + (int)captured))
        {
            throw Truncated();
        }

        CurrentTimestampNanoseconds = (seconds * 1_000_000_000L) + (_nanoseconds ? fraction : fraction * 1000L);
        CurrentOriginalLength = (int)Math.Min(Math.Max(original, captured), int.MaxValue);
        CurrentDataStart = BufferStart + 16;
        CurrentDataLength = (int)captured;
        Hold(16 + (int)captured);
        return true;
    }

    private uint U32(ReadOnlySpan<byte> b) => _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b);
}
