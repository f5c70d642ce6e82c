using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using PSSocket.Core.Packets;

namespace PSSocket.Core.Files;

/// <summary>
/// pcapng (draft-ietf-opsawg-pcapng): section headers (either byte order, several sections),
/// interface descriptions, enhanced, simple and obsolete packet blocks. Other blocks and unknown
/// options are stepped over.
/// </summary>
internal sealed class PcapNgFileReader : CaptureFileReader
{
    public const uint SectionHeaderType = 0x0A0D0D0A;
    public const uint ByteOrderMagic = 0x1A2B3C4D;
    public const uint InterfaceDescriptionType = 1;
    public const uint ObsoletePacketType = 2;
    public const uint SimplePacketType = 3;
    public const uint EnhancedPacketType = 6;

    private readonly List<Interface> _interfaces = [];
    private bool _bigEndian;

    public PcapNgFileReader(Stream stream, string name)
        : base(stream, name)
    {
    }

    public override CaptureFormat Format => CaptureFormat.PcapNg;

    protected override void ReadFileHeader()
    {
        // The first section header is read with the first record, like every later one.
    }

    protected override bool ReadRecord()
    {
        while (true)
        {
            if (AtEnd())
            {
                return false;
            }

            if (!Ensure(12))
            {
                throw Truncated();
            }

            uint type = U32(Available);
            if (type == SectionHeaderType)
            {
                uint bom = BinaryPrimitives.ReadUInt32LittleEndian(Available[8..]);
                _bigEndian = bom switch
                {
                    ByteOrderMagic => false,
                    0x4D3C2B1A => true,
                    _ => throw Invalid("a section header has no valid byte-order magic."),
                };
            }

            uint total = U32(Available[4..]);
            if (total < 12 || total % 4 != 0 || total > MaxRecordLength + 64)
            {
                throw Invalid(string.Create(CultureInfo.InvariantCulture, $"a block of type 0x{type:x} claims a length of {total} bytes."));
            }

            int length = (int)total;
            if (!Ensure(length))
            {
                throw Truncated();
            }

            ReadOnlySpan<byte> block = Available[..length];
            if (U32(block[(length - 4)..]) != total)
            {
                throw Invalid(string.Create(CultureInfo.InvariantCulture, $"a block of type 0x{type:x} has different leading and trailing lengths."));
            }

            ReadOnlySpan<byte> body = block[8..(length - 4)];
            switch (type)
            {
                case SectionHeaderType:
                    if (body.Length < 16)
                    {
                        throw Invalid("a section header block is too short.");
                    }

                    _interfaces.Clear();
                    break;
                case InterfaceDescriptionType:
                    if (body.Length < 8)
                    {
                        throw Invalid("an interface description block is too short.");
                    }

                    var (_, name, resolution, offsetSeconds) = Options(body[8..]);
                    _interfaces.Add(new Interface((LinkType)U16(body), U32(body[4..]), name, resolution, offsetSeconds));
                    break;
                case EnhancedPacketType:
                case ObsoletePacketType:
                    if (body.Length < 20)
                    {
                        throw Invalid("a packet block is too short.");
                    }

                    bool enhanced = type == EnhancedPacketType;
                    uint interfaceId = enhanced ? U32(body) : U16(body);
                    uint captured = U32(body[12..]);
                    int padded = (int)Math.Min(((long)captured + 3) & ~3L, int.MaxValue);
                    if (captured > body.Length - 20 || padded > body.Length - 20)
                    {
                        throw Invalid("a packet block's captured length runs past the block.");
                    }

                    var iface = InterfaceOf(interfaceId);
                    ulong ticks = ((ulong)U32(body[4..]) << 32) | U32(body[8..]);
                    SetCurrent(iface, ticks, U32(body[16..]), (int)captured, BufferStart + 8 + 20);
                    CurrentComment = Options(body[(20 + padded)..]).Comment;
                    Hold(length);
                    return true;
                case SimplePacketType:
                    if (body.Length < 4)
                    {
                        throw Invalid("a simple packet block is too short.");
                    }

                    var first = InterfaceOf(0);
                    uint original = U32(body);
                    long simple = Math.Min(Math.Min(original, (uint)(body.Length - 4)), first.SnapLength == 0 ? uint.MaxValue : first.SnapLength);
                    SetCurrent(first, 0, original, (int)simple, BufferStart + 8 + 4);
                    CurrentComment = null;
                    Hold(length);
                    return true;
            }

            Consume(length);
        }
    }

    private void SetCurrent(Interface iface, ulong ticks, uint original, int captured, int dataStart)
    {
        CurrentLinkType = iface.LinkType;
        CurrentInterface = iface.Name;
        CurrentTimestampNanoseconds = iface.ToNanoseconds(ticks);
        CurrentOriginalLength = (int)Math.Min(Math.Max(original, (uint)captured), int.MaxValue);
        CurrentDataStart = dataStart;
        CurrentDataLength = captured;
    }

    private Interface InterfaceOf(uint id) =>
        id < _interfaces.Count ? _interfaces[(int)id] : throw Invalid(string.Create(CultureInfo.InvariantCulture, $"a packet names interface {id}, but the section describes {_interfaces.Count}."));

    /// <summary>Walks an option list; unknown codes are skipped, a lying length ends the walk.</summary>
    private (string? Comment, string? Name, byte Resolution, long OffsetSeconds) Options(ReadOnlySpan<byte> options)
    {
        string? comment = null, name = null;
        byte resolution = 6;
        long offsetSeconds = 0;
        int i = 0;
        while (i + 4 <= options.Length)
        {
            int code = U16(options[i..]);
            int length = U16(options[(i + 2)..]);
            if (code == 0 || i + 4 + length > options.Length)
            {
                break;
            }

            ReadOnlySpan<byte> value = options.Slice(i + 4, length);
            switch (code)
            {
                case 1:
                    comment = comment is null ? Text(value) : comment + "\n" + Text(value);
                    break;
                case 2 when name is null:
                    name = Text(value);
                    break;
                case 9 when length == 1:
                    resolution = value[0];
                    break;
                case 14 when length == 8:
                    offsetSeconds = _bigEndian ? BinaryPrimitives.ReadInt64BigEndian(value) : BinaryPrimitives.ReadInt64LittleEndian(value);
                    break;
            }

            i += 4 + ((length + 3) & ~3);
        }

        return (comment, name, resolution, offsetSeconds);
    }

    private static string Text(ReadOnlySpan<byte> value) => Encoding.UTF8.GetString(value).TrimEnd('\0');

    private uint U32(ReadOnlySpan<byte> b) => _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b);

    private ushort U16(ReadOnlySpan<byte> b) => _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b);

    private sealed record Interface(LinkType LinkType, uint SnapLength, string? Name, byte Resolution, long OffsetSeconds)
    {
        /// <summary>if_tsresol: top bit clear means 10^-n seconds per tick, set means 2^-n.</summary>
        public long ToNanoseconds(ulong ticks)
        {
            int exponent = Resolution & 0x7F;
            UInt128 nanoseconds;
            if ((Resolution & 0x80) == 0)
            {
                nanoseconds = exponent <= 9 ? (UInt128)ticks * Pow10(9 - exponent) : ticks / Pow10(Math.Min(exponent - 9, 19));
            }
            else
            {
                nanoseconds = exponent >= 64 ? 0 : ((UInt128)ticks * 1_000_000_000) >> exponent;
            }

            long clamped = nanoseconds > long.MaxValue ? long.MaxValue : (long)nanoseconds;
            return clamped + (OffsetSeconds * 1_000_000_000);
        }

        private static ulong Pow10(int n)
        {
            ulong p = 1;
            for (int i = 0; i < n; i++)
            {
                p *= 10;
            }

            return p;
        }
    }
}
