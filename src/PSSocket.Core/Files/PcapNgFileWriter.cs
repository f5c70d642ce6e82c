using System.Buffers.Binary;
using System.Text;
using System.Runtime.CompilerServices;
using PSSocket.Core.Packets;

namespace PSSocket.Core.Files;

/// <summary>
/// pcapng in host (little-endian) order: one section, an interface description per distinct
/// (link type, interface name) written when first needed, nanosecond timestamps (if_tsresol 9),
/// enhanced packet blocks with opt_comment for packet comments.
/// </summary>
internal sealed class PcapNgFileWriter : CaptureFileWriter
{
    private static readonly List<(ushort, byte[])> NoOptions = [];
    private readonly Dictionary<(LinkType, string?), uint> _interfaces = [];

    /// <summary>The interface of the record before: a live capture writes one interface's name (the same string) record after record, so this spares the name's hash each time.</summary>
    private (LinkType Link, string? Name, uint Id)? _last;

    public PcapNgFileWriter(Stream stream, string name)
        : base(stream, name)
    {
        var options = new List<(ushort, byte[])> { (4, Encoding.UTF8.GetBytes("PSSocket")) }; // shb_userappl
        Span<byte> body = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(body, PcapNgFileReader.ByteOrderMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(body[4..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(body[6..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(body[8..], -1); // section length not known in advance
        Block(PcapNgFileReader.SectionHeaderType, body, [], options);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see CaptureFileWriter.Emit
    protected override void WriteRecord(ReadOnlySpan<byte> frame, long timestampNanoseconds, int originalLength, LinkType linkType, string? interfaceName, string? comment)
    {
        uint id;
        if (_last is { } last && last.Link == linkType && ReferenceEquals(last.Name, interfaceName))
        {
            id = last.Id;
        }
        else if (!_interfaces.TryGetValue((linkType, interfaceName), out id))
        {
            id = (uint)_interfaces.Count;
            _interfaces.Add((linkType, interfaceName), id);
            var options = new List<(ushort, byte[])> { (9, [9]) }; // if_tsresol: nanoseconds
            if (interfaceName is not null)
            {
                options.Add((2, Encoding.UTF8.GetBytes(interfaceName)));
            }

            Span<byte> idb = stackalloc byte[8];
            BinaryPrimitives.WriteUInt16LittleEndian(idb, (ushort)linkType);
            BinaryPrimitives.WriteUInt32LittleEndian(idb[4..], DefaultSnapLength);
            Block(PcapNgFileReader.InterfaceDescriptionType, idb, [], options);
        }

        _last = (linkType, interfaceName, id);

        Span<byte> epb = stackalloc byte[20];
        ulong ticks = (ulong)timestampNanoseconds;
        BinaryPrimitives.WriteUInt32LittleEndian(epb, id);
        BinaryPrimitives.WriteUInt32LittleEndian(epb[4..], (uint)(ticks >> 32));
        BinaryPrimitives.WriteUInt32LittleEndian(epb[8..], (uint)ticks);
        BinaryPrimitives.WriteUInt32LittleEndian(epb[12..], (uint)frame.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(epb[16..], (uint)originalLength);
        var packetOptions = comment is null ? NoOptions : new List<(ushort, byte[])> { (1, Encoding.UTF8.GetBytes(comment)) };
        Block(PcapNgFileReader.EnhancedPacketType, epb, frame, packetOptions);
    }

    /// <summary>type, length, fixed part, data padded to 4, options (each padded) with opt_endofopt, length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see CaptureFileWriter.Emit
    private void Block(uint type, ReadOnlySpan<byte> fixedPart, ReadOnlySpan<byte> data, List<(ushort Code, byte[] Value)> options)
    {
        if (options.Find(o => o.Value.Length > ushort.MaxValue) is { Value: not null } tooLong)
        {
            throw new PSSocketException("PcapNgOptionTooLong", FaultCategory.InvalidArgument, Encoding.UTF8.GetString(tooLong.Value),
                "A pcapng option (comment or interface name) holds at most 65535 bytes.");
        }

        int dataPadded = (data.Length + 3) & ~3;
        int optionBytes = options.Count == 0 ? 0 : options.Sum(o => 4 + ((o.Value.Length + 3) & ~3)) + 4;
        int total = 12 + fixedPart.Length + dataPadded + optionBytes;
        Span<byte> word = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(word, type);
        BinaryPrimitives.WriteUInt32LittleEndian(word[4..], (uint)total);
        Emit(word);
        Emit(fixedPart);
        Emit(data);
        Span<byte> zeros = stackalloc byte[4];
        zeros.Clear();
        Emit(zeros[..(dataPadded - data.Length)]);
        foreach (var (code, value) in options)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(word, code);
            BinaryPrimitives.WriteUInt16LittleEndian(word[2..], (ushort)value.Length);
            Emit(word[..4]);
            Emit(value);
            Emit(zeros[..(((value.Length + 3) & ~3) - value.Length)]);
        }

        if (options.Count > 0)
        {
            Emit(zeros); // opt_endofopt
        }

        BinaryPrimitives.WriteUInt32LittleEndian(word, (uint)total);
        Emit(word[..4]);
    }
}
