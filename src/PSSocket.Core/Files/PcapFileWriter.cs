using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using PSSocket.Core.Packets;

namespace PSSocket.Core.Files;

/// <summary>Classic pcap (version 2.4), in either byte order, micro- or nanosecond timestamps.</summary>
internal sealed class PcapFileWriter : CaptureFileWriter
{
    private readonly bool _nanoseconds;
    private readonly bool _bigEndian;
    private readonly byte[] _header = new byte[24];

    public PcapFileWriter(Stream stream, string name, LinkType linkType, bool nanoseconds, bool bigEndian, bool writeHeader = true, int snapLength = DefaultSnapLength)
        : base(stream, name)
    {
        LinkType = linkType;
        _nanoseconds = nanoseconds;
        _bigEndian = bigEndian;
        if (writeHeader)
        {
            U32(_header, nanoseconds ? PcapFileReader.NanoMagic : PcapFileReader.MicroMagic);
            U16(_header.AsSpan(4), 2);
            U16(_header.AsSpan(6), 4);
            U32(_header.AsSpan(16), (uint)snapLength);
            U32(_header.AsSpan(20), (uint)linkType);
            Emit(_header);
        }
    }

    public LinkType LinkType { get; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see CaptureFileWriter.Emit
    protected override void WriteRecord(ReadOnlySpan<byte> frame, long timestampNanoseconds, int originalLength, LinkType linkType, string? interfaceName, string? comment)
    {
        if (linkType != LinkType)
        {
            throw MixedLinkTypes(Name, LinkType, linkType);
        }

        if (comment is not null)
        {
            throw new PSSocketException("CommentNeedsPcapNg", FaultCategory.InvalidArgument, Name,
                $"'{Name}' is a pcap file, which has no place for comments; use -Format PcapNg to keep the comment \"{comment}\".");
        }

        Span<byte> h = stackalloc byte[16];
        long seconds = Math.DivRem(timestampNanoseconds, 1_000_000_000L, out long remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += 1_000_000_000L;
        }

        U32(h, (uint)seconds);
        U32(h[4..], (uint)(_nanoseconds ? remainder : remainder / 1000));
        U32(h[8..], (uint)frame.Length);
        U32(h[12..], (uint)originalLength);
        Emit(h);
        Emit(frame);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see CaptureFileWriter.Emit
    private void U32(Span<byte> b, uint v)
    {
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(b, v);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        }
    }

    private void U16(Span<byte> b, ushort v)
    {
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(b, v);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        }
    }
}
