using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PSSocket.Core.Integrity;

/// <summary>
/// The Internet checksum of RFC 1071: the ones' complement of the ones' complement sum of the
/// data taken as big-endian 16-bit words, an odd last byte padded with a zero byte.
/// </summary>
/// <remarks>
/// The kernels sum little-endian 32-bit words and swap the folded result: RFC 1071 section 2
/// shows the sum is independent of byte order and of the word size, so the vector loop needs
/// no byte shuffles. Each lane keeps a 32-bit sum and a count of its wrap-arounds; because
/// 2^32 = 1 (mod 2^16 - 1), a wrap-around folds in as +1.
/// </remarks>
internal static class InternetChecksum
{
    /// <summary>
    /// Adds <paramref name="data"/> to a running sum of big-endian 16-bit words without folding.
    /// Chained calls must split the data at even offsets (an odd part is padded with zero).
    /// </summary>
    public static ulong Accumulate(ReadOnlySpan<byte> data, ulong sum = 0) =>
        sum + SwapFolded(SumLittleEndian(data));

    /// <summary>Folds a running sum to 16 bits with end-around carries.</summary>
    public static ushort Fold(ulong sum)
    {
        sum = (sum & 0xFFFF_FFFF) + (sum >> 32);
        sum = (sum & 0xFFFF) + (sum >> 16);
        sum = (sum & 0xFFFF) + (sum >> 16);
        sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)sum;
    }

    /// <summary>The checksum to transmit: ~Fold(Accumulate(data)).</summary>
    public static ushort Compute(ReadOnlySpan<byte> data) => (ushort)~Fold(Accumulate(data));

    /// <summary>The best kernel for this CPU: little-endian word sum, unfolded.</summary>
    internal static ulong SumLittleEndian(ReadOnlySpan<byte> data)
    {
        if (Vector512.IsHardwareAccelerated && data.Length >= 4 * 64)
        {
            return SumVector512(data);
        }

        if (Vector256.IsHardwareAccelerated && data.Length >= 4 * 32)
        {
            return SumVector256(data);
        }

        return SumScalar(data);
    }

    /// <summary>The portable kernel: 64-bit words with a carry count.</summary>
    internal static ulong SumScalar(ReadOnlySpan<byte> data)
    {
        ref byte p = ref MemoryMarshal.GetReference(data);
        nuint length = (nuint)data.Length;
        nuint i = 0;
        ulong sum = 0;
        ulong carries = 0;
        for (; i + 8 <= length; i += 8)
        {
            ulong word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref p, i));
            if (!BitConverter.IsLittleEndian)
            {
                word = BinaryPrimitives.ReverseEndianness(word);
            }

            sum += word;
            carries += sum < word ? 1UL : 0UL;
        }

        // 2^64 = 1 (mod 2^16 - 1): fold the 64-bit sum to 32 bits before adding the tail.
        ulong total = (sum & 0xFFFF_FFFF) + (sum >> 32) + carries;
        return total + SumTail(ref Unsafe.Add(ref p, i), (int)(length - i));
    }

    /// <summary>512-bit lanes, four independent accumulators to hide the add latency.</summary>
    internal static ulong SumVector512(ReadOnlySpan<byte> data)
    {
        ref byte p = ref MemoryMarshal.GetReference(data);
        nuint length = (nuint)data.Length;
        nuint i = 0;
        Vector512<uint> s0 = default, s1 = default, s2 = default, s3 = default;
        Vector512<uint> c0 = default, c1 = default, c2 = default, c3 = default;
        for (; i + 256 <= length; i += 256)
        {
            var v0 = Vector512.LoadUnsafe(ref Unsafe.Add(ref p, i)).AsUInt32();
            var v1 = Vector512.LoadUnsafe(ref Unsafe.Add(ref p, i + 64)).AsUInt32();
            var v2 = Vector512.LoadUnsafe(ref Unsafe.Add(ref p, i + 128)).AsUInt32();
            var v3 = Vector512.LoadUnsafe(ref Unsafe.Add(ref p, i + 192)).AsUInt32();
            s0 += v0;
            s1 += v1;
            s2 += v2;
            s3 += v3;
            c0 -= Vector512.LessThan(s0, v0); // all-ones lane (= -1) where the lane wrapped
            c1 -= Vector512.LessThan(s1, v1);
            c2 -= Vector512.LessThan(s2, v2);
            c3 -= Vector512.LessThan(s3, v3);
        }

        ulong total = Widen(s0) + Widen(s1) + Widen(s2) + Widen(s3) + Widen(c0) + Widen(c1) + Widen(c2) + Widen(c3);
        return total + SumScalar(data[(int)i..]);

        static ulong Widen(Vector512<uint> v)
        {
            var (lower, upper) = Vector512.Widen(v);
            return Vector512.Sum(lower + upper);
        }
    }

    /// <summary>256-bit lanes for CPUs without AVX-512.</summary>
    internal static ulong SumVector256(ReadOnlySpan<byte> data)
    {
        ref byte p = ref MemoryMarshal.GetReference(data);
        nuint length = (nuint)data.Length;
        nuint i = 0;
        Vector256<uint> s0 = default, s1 = default, s2 = default, s3 = default;
        Vector256<uint> c0 = default, c1 = default, c2 = default, c3 = default;
        for (; i + 128 <= length; i += 128)
        {
            var v0 = Vector256.LoadUnsafe(ref Unsafe.Add(ref p, i)).AsUInt32();
            var v1 = Vector256.LoadUnsafe(ref Unsafe.Add(ref p, i + 32)).AsUInt32();
            var v2 = Vector256.LoadUnsafe(ref Unsafe.Add(ref p, i + 64)).AsUInt32();
            var v3 = Vector256.LoadUnsafe(ref Unsafe.Add(ref p, i + 96)).AsUInt32();
            s0 += v0;
            s1 += v1;
            s2 += v2;
            s3 += v3;
            c0 -= Vector256.LessThan(s0, v0);
            c1 -= Vector256.LessThan(s1, v1);
            c2 -= Vector256.LessThan(s2, v2);
            c3 -= Vector256.LessThan(s3, v3);
        }

        ulong total = Widen(s0) + Widen(s1) + Widen(s2) + Widen(s3) + Widen(c0) + Widen(c1) + Widen(c2) + Widen(c3);
        return total + SumScalar(data[(int)i..]);

        static ulong Widen(Vector256<uint> v)
        {
            var (lower, upper) = Vector256.Widen(v);
            return Vector256.Sum(lower + upper);
        }
    }

    /// <summary>Up to 7 trailing bytes as little-endian 16-bit words, the last odd byte alone.</summary>
    private static ulong SumTail(ref byte p, int count)
    {
        ulong sum = 0;
        int i = 0;
        for (; i + 1 < count; i += 2)
        {
            sum += (ulong)(Unsafe.Add(ref p, i) | (Unsafe.Add(ref p, i + 1) << 8));
        }

        if (i < count)
        {
            sum += Unsafe.Add(ref p, i);
        }

        return sum;
    }

    private static ulong SwapFolded(ulong littleEndianSum) => BinaryPrimitives.ReverseEndianness(Fold(littleEndianSum));
}
