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
    public ulong UpdateAligned(ulong crc, ReadOnlySpan<byte> data)
    {
        if (data.Length >= 8)
        {
            return UpdateAlignedFrom(crc, data, 0);
        }

        // Under a word: the bytes gathered into one word by overlapping loads, then one step of
        // independent lookups, where a byte-at-a-time loop would chain them.
        if (data.Length == 0)
        {
            return crc;
        }

        ulong word = LoadShort(data);
        return Partial(crc, _reflected ? word : BinaryPrimitives.ReverseEndianness(word), data.Length);
    }

    /// <summary>
    /// The aligned register after the bytes of <paramref name="data"/> from <paramref name="from"/>
    /// on, for <paramref name="data"/> of at least 8 bytes: the bytes before <paramref name="from"/>
    /// let the last word be read whole even when fewer than 8 bytes remain (the tail of a fold).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ulong UpdateAlignedFrom(ulong crc, ReadOnlySpan<byte> data, int from)
    {
        int i = from;
        for (; i + 8 <= data.Length; i += 8)
        {
            crc = Slice(crc, _reflected ? BinaryPrimitives.ReadUInt64LittleEndian(data[i..]) : BinaryPrimitives.ReadUInt64BigEndian(data[i..]));
        }

        int tail = data.Length - i;
        if (tail == 0)
        {
            return crc;
        }

        // The last 1-7 bytes in one step: the word that ends the input, its already-used bytes shifted out.
        ReadOnlySpan<byte> last = data[^8..];
        int spent = 8 * (8 - tail);
        return _reflected
            ? Partial(crc, BinaryPrimitives.ReadUInt64LittleEndian(last) >> spent, tail)
            : Partial(crc, BinaryPrimitives.ReadUInt64BigEndian(last) << spent, tail);
    }

    /// <summary>
    /// The last 1-15 bytes of <paramref name="data"/> (16 bytes or more) from <paramref name="from"/>:
    /// the tail after a short fold, inlined into it, where a call to <see cref="UpdateAlignedFrom"/>
    /// and its loop cost more than the two steps.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong UpdateTail(ulong crc, ReadOnlySpan<byte> data, int from)
    {
        int tail = data.Length - from;
        if (tail >= 8)
        {
            crc = Slice(crc, _reflected ? BinaryPrimitives.ReadUInt64LittleEndian(data[from..]) : BinaryPrimitives.ReadUInt64BigEndian(data[from..]));
            tail -= 8;
            if (tail == 0)
            {
                return crc;
            }
        }

        ReadOnlySpan<byte> last = data[^8..];
        int spent = 8 * (8 - tail);
        return _reflected
            ? Partial(crc, BinaryPrimitives.ReadUInt64LittleEndian(last) >> spent, tail)
            : Partial(crc, BinaryPrimitives.ReadUInt64BigEndian(last) << spent, tail);
    }

    // 1-7 bytes as a little-endian word, high bytes zero: two overlapping loads instead of a loop.
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Slice(ulong crc, ulong word)
    {
        ref ulong t = ref MemoryMarshal.GetArrayDataReference(_tables);
        crc ^= word;
        return _reflected
            ? At(ref t, 7, crc) ^ At(ref t, 6, crc >> 8) ^ At(ref t, 5, crc >> 16) ^ At(ref t, 4, crc >> 24)
                ^ At(ref t, 3, crc >> 32) ^ At(ref t, 2, crc >> 40) ^ At(ref t, 1, crc >> 48) ^ At(ref t, 0, crc >> 56)
            : At(ref t, 7, crc >> 56) ^ At(ref t, 6, crc >> 48) ^ At(ref t, 5, crc >> 40) ^ At(ref t, 4, crc >> 32)
                ^ At(ref t, 3, crc >> 24) ^ At(ref t, 2, crc >> 16) ^ At(ref t, 1, crc >> 8) ^ At(ref t, 0, crc);
    }

    // Byte j of n takes table n-1-j, as in a whole slice; the register bytes no input byte reached move on.
    // The lookups are independent, where a byte-at-a-time loop would chain n of them.
    private ulong Partial(ulong crc, ulong word, int n)
    {
        ref ulong t = ref MemoryMarshal.GetArrayDataReference(_tables);
        crc ^= word;
        ulong next;
        if (_reflected)
        {
            next = crc >> (8 * n);
            for (int j = 0; j < n; j++)
            {
                next ^= At(ref t, n - 1 - j, crc >> (8 * j));
            }
        }
        else
        {
            next = crc << (8 * n);
            for (int j = 0; j < n; j++)
            {
                next ^= At(ref t, n - 1 - j, crc >> (56 - (8 * j)));
            }
        }

        return next;
    }

    // The index is masked to 0-255, so the read stays inside table k without a bounds check.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong At(ref ulong tables, int k, ulong index) => Unsafe.Add(ref tables, (k * 256) + (int)(index & 0xFF));
}
