using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PSSocket.Core.Integrity.Crc;

/// <summary>
/// Slicing-by-8 for widths up to 64. The register sits in a 64-bit word aligned so that the next
/// input byte lines up with it: the low bits when the model reflects its input, the high bits
/// otherwise. That alignment lets one set of tables serve every width, including widths below 8.
/// </summary>
internal sealed class CrcTableEngine : CrcEngine
{
    private readonly ulong[] _tables = new ulong[8 * 256];
    private readonly bool _reflected;
    private readonly int _shift;

    public CrcTableEngine(CrcModel model)
        : base(model)
    {
        _reflected = model.RefIn;
        _shift = 64 - model.Width;
        ulong poly = (ulong)model.PolynomialValue;
        if (_reflected)
        {
            ulong reflectedPoly = CrcMath.Reflect64(poly, model.Width);
            for (int b = 0; b < 256; b++)
            {
                ulong r = (ulong)b;
                for (int i = 0; i < 8; i++)
                {
                    r = (r & 1) != 0 ? (r >> 1) ^ reflectedPoly : r >> 1;
                }

                _tables[b] = r;
            }

            for (int k = 1; k < 8; k++)
            {
                for (int b = 0; b < 256; b++)
                {
                    ulong previous = _tables[((k - 1) * 256) + b];
                    _tables[(k * 256) + b] = (previous >> 8) ^ _tables[(int)(previous & 0xFF)];
                }
            }
        }
        else
        {
            ulong alignedPoly = poly << _shift;
            for (int b = 0; b < 256; b++)
            {
                ulong r = (ulong)b << 56;
                for (int i = 0; i < 8; i++)
                {
                    r = (r >> 63) != 0 ? (r << 1) ^ alignedPoly : r << 1;
                }

                _tables[b] = r;
            }

            for (int k = 1; k < 8; k++)
            {
                for (int b = 0; b < 256; b++)
                {
                    ulong previous = _tables[((k - 1) * 256) + b];
                    _tables[(k * 256) + b] = (previous << 8) ^ _tables[(int)(previous >> 56)];
                }
            }
        }
    }

    public override CrcEngineKind Kind => CrcEngineKind.Table;

    public ulong ToAligned(UInt128 register) => _reflected ? (ulong)register : (ulong)register << _shift;

    public UInt128 FromAligned(ulong aligned) => _reflected ? aligned : aligned >> _shift;

    public override UInt128 Update(UInt128 register, ReadOnlySpan<byte> data) =>
        FromAligned(UpdateAligned(ToAligned(register), data));

    /// <summary>The aligned register after <paramref name="data"/>; see the class remarks for the alignment.</summary>
    // Kernels compile optimized at once: a cmdlet run may end before tiering would promote them.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ulong UpdateAligned(ulong crc, ReadOnlySpan<byte> data) =>
        _reflected ? UpdateAligned<ReflectedBitOrder>(crc, data) : UpdateAligned<ForwardBitOrder>(crc, data);

    /// <summary>
    /// <see cref="UpdateAligned(ulong, ReadOnlySpan{byte})"/> for a model of bit order
    /// <typeparamref name="TOrder"/>: compiled once per order, so a packet-sized call (the one-shot
    /// path, which calls it directly) tests no order flag per word. Inlined into its callers, which
    /// are compiled optimized at once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong UpdateAligned<TOrder>(ulong crc, ReadOnlySpan<byte> data)
        where TOrder : struct, ICrcBitOrder
    {
        if (data.Length >= 8)
        {
            return UpdateAlignedFrom<TOrder>(crc, data, 0);
        }

        // Under a word: the bytes gathered into one word by overlapping loads, then one step of
        // independent lookups, where a byte-at-a-time loop would chain them.
        if (data.Length == 0)
        {
            return crc;
        }

        ulong word = LoadShort(data);
        return Partial<TOrder>(crc, TOrder.Reflected ? word : BinaryPrimitives.ReverseEndianness(word), data.Length);
    }

    /// <summary>
    /// The aligned register after the bytes of <paramref name="data"/> from <paramref name="from"/>
    /// on, for <paramref name="data"/> of at least 8 bytes: the bytes before <paramref name="from"/>
    /// let the last word be read whole even when fewer than 8 bytes remain (the tail of a fold).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ulong UpdateAlignedFrom(ulong crc, ReadOnlySpan<byte> data, int from) =>
        _reflected ? UpdateAlignedFrom<ReflectedBitOrder>(crc, data, from) : UpdateAlignedFrom<ForwardBitOrder>(crc, data, from);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong UpdateAlignedFrom<TOrder>(ulong crc, ReadOnlySpan<byte> data, int from)
        where TOrder : struct, ICrcBitOrder
    {
        int i = from;
        for (; i + 8 <= data.Length; i += 8)
        {
            crc = Slice<TOrder>(crc, Word<TOrder>(data[i..]));
        }

        return i == data.Length ? crc : Last<TOrder>(crc, data, data.Length - i);
    }

    /// <summary>
    /// The last <paramref name="tail"/> (1-7) bytes of <paramref name="data"/> (8 bytes or more) in one
    /// step: the word that ends the input, its already-used bytes shifted out.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong Last<TOrder>(ulong crc, ReadOnlySpan<byte> data, int tail)
        where TOrder : struct, ICrcBitOrder
    {
        int spent = 8 * (8 - tail);
        ulong last = Word<TOrder>(data[^8..]);
        return Partial<TOrder>(crc, TOrder.Reflected ? last >> spent : last << spent, tail);
    }

    // The word at the start of the span in the register's order: little-endian when reflected.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Word<TOrder>(ReadOnlySpan<byte> data)
        where TOrder : struct, ICrcBitOrder =>
        TOrder.Reflected ? BinaryPrimitives.ReadUInt64LittleEndian(data) : BinaryPrimitives.ReadUInt64BigEndian(data);

    // 1-7 bytes as a little-endian word, high bytes zero: two overlapping loads instead of a loop.
    // Inlined: a call would make the one-shot path save registers on every call.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong LoadShort(ReadOnlySpan<byte> data)
    {
        int n = data.Length;
        if (n >= 4)
        {
            return BinaryPrimitives.ReadUInt32LittleEndian(data) | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(data[(n - 4)..]) << (8 * (n - 4)));
        }

        return data[0] | ((ulong)data[n >> 1] << (8 * (n >> 1))) | ((ulong)data[n - 1] << (8 * (n - 1)));
    }

    /// <summary>
    /// The aligned register after eight bytes given as one word in the register's order: read
    /// little-endian when the model reflects its input, big-endian otherwise.
    /// </summary>
    public ulong Slice(ulong crc, ulong word) =>
        _reflected ? Slice<ReflectedBitOrder>(crc, word) : Slice<ForwardBitOrder>(crc, word);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong Slice<TOrder>(ulong crc, ulong word)
        where TOrder : struct, ICrcBitOrder
    {
        ref ulong t = ref MemoryMarshal.GetArrayDataReference(_tables);
        crc ^= word;
        return TOrder.Reflected
            ? At(ref t, 7, crc) ^ At(ref t, 6, crc >> 8) ^ At(ref t, 5, crc >> 16) ^ At(ref t, 4, crc >> 24)
                ^ At(ref t, 3, crc >> 32) ^ At(ref t, 2, crc >> 40) ^ At(ref t, 1, crc >> 48) ^ At(ref t, 0, crc >> 56)
            : At(ref t, 7, crc >> 56) ^ At(ref t, 6, crc >> 48) ^ At(ref t, 5, crc >> 40) ^ At(ref t, 4, crc >> 32)
                ^ At(ref t, 3, crc >> 24) ^ At(ref t, 2, crc >> 16) ^ At(ref t, 1, crc >> 8) ^ At(ref t, 0, crc);
    }

    /// <summary>
    /// The register after <paramref name="n"/> (1-7) bytes, given as a word in the register's order
    /// with the other bytes zero. Byte j of n takes table n-1-j, as in a whole slice, and the
    /// register bytes no input byte reached move on: that is a whole slice of the register moved
    /// so its n bytes come last (zero bytes first look up zero), plus the bytes moved out. Eight
    /// independent lookups and no branch, where a loop over n would be compiled with one per byte.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong Partial<TOrder>(ulong crc, ulong word, int n)
        where TOrder : struct, ICrcBitOrder
    {
        crc ^= word;
        int rest = 64 - (8 * n);
        return TOrder.Reflected
            ? Slice<TOrder>(crc << rest, 0) ^ (crc >> (8 * n))
            : Slice<TOrder>(crc >> rest, 0) ^ (crc << (8 * n));
    }

    // The index is masked to 0-255, so the read stays inside table k without a bounds check. Table k's
    // offset is a constant and the index stays 64-bit: one load addressing both, no sign extension.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong At(ref ulong tables, int k, ulong index) => Unsafe.Add(ref Unsafe.Add(ref tables, k * 256), (nuint)(index & 0xFF));
}
