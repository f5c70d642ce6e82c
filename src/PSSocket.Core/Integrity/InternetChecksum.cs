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
/// The kernels sum host-order words and, on little-endian hosts, swap the folded result: RFC 1071 section 2
/// shows the sum is independent of byte order and of the word size, so the vector loop needs
/// no byte shuffles. Each lane keeps a 32-bit sum and a count of its wrap-arounds; because
/// 2^32 = 1 (mod 2^16 - 1), a wrap-around folds in as +1.
/// </remarks>
internal static class InternetChecksum
{
    /// <summary>Below this length an unaligned start costs less than finding the boundary.</summary>
    private const int AlignFrom = 4096;

    /// <summary>
    /// Adds <paramref name="data"/> to a running sum of big-endian 16-bit words without folding.
    /// Chained calls must split the data at even offsets (an odd part is padded with zero).
    /// </summary>
    public static ulong Accumulate(ReadOnlySpan<byte> data, ulong sum = 0) =>
        sum + SwapFolded(SumNative(data));

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
    public static ushort Compute(ReadOnlySpan<byte> data) => (ushort)~SwapFolded(SumNative(data));

    /// <summary>The best kernel for this CPU: host-order word sum, unfolded.</summary>
    internal static unsafe ulong SumNative(ReadOnlySpan<byte> data)
    {
        // Stryker disable all : every kernel, aligned or not, gives the same sum for every length and start (the
        // tests check each on its own), so which one runs changes only the speed.
        if (Vector512.IsHardwareAccelerated && data.Length >= 4 * 64)
        {
            return data.Length >= AlignFrom ? Aligned(data, 64, &SumVector512) : SumVector512(data);
        }

        if (Vector256.IsHardwareAccelerated && data.Length >= 4 * 32)
        {
            return data.Length >= AlignFrom ? Aligned(data, 32, &SumVector256) : SumVector256(data);
        }

        return SumScalar(data);

        // Stryker restore all
    }

    /// <summary>
    /// Runs <paramref name="kernel"/> from the first <paramref name="alignment"/>-byte boundary:
    /// on long buffers, loads that straddle cache lines cost a fifth of the memory bandwidth.
    /// A prefix of odd length shifts the body by one byte, which rotates its 16-bit sum by 8
    /// bits (multiplication by 2^8 modulo 2^16 - 1), so the folded body sum is byte-swapped back.
    /// </summary>
    internal static unsafe ulong Aligned(ReadOnlySpan<byte> data, int alignment, delegate*<ReadOnlySpan<byte>, ulong> kernel)
    {
        fixed (byte* start = data)
        {
            int prefix = (int)((uint)(alignment - (int)((nuint)start % (nuint)alignment)) % (uint)alignment);
            ulong body = kernel(data[prefix..]);
            if ((prefix & 1) != 0)
            {
                body = BinaryPrimitives.ReverseEndianness(Fold(body));
            }

            return SumScalar(data[..prefix]) + body;
        }
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

        for (; i + 64 <= length; i += 64)
        {
            var v = Vector512.LoadUnsafe(ref Unsafe.Add(ref p, i)).AsUInt32();
            s0 += v;
            c0 -= Vector512.LessThan(s0, v);
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

        for (; i + 32 <= length; i += 32)
        {
            var v = Vector256.LoadUnsafe(ref Unsafe.Add(ref p, i)).AsUInt32();
            s0 += v;
            c0 -= Vector256.LessThan(s0, v);
        }

        ulong total = Widen(s0) + Widen(s1) + Widen(s2) + Widen(s3) + Widen(c0) + Widen(c1) + Widen(c2) + Widen(c3);
        return total + SumScalar(data[(int)i..]);

        static ulong Widen(Vector256<uint> v)
        {
            var (lower, upper) = Vector256.Widen(v);
            return Vector256.Sum(lower + upper);
        }
    }

    /// <summary>Up to 7 trailing bytes as host-order words, the last odd byte alone.</summary>
    private static ulong SumTail(ref byte p, int count)
    {
        ulong sum = 0;
        int i = 0;
        if (count >= 4)
        {
            sum = Unsafe.ReadUnaligned<uint>(ref p);
            i = 4;
        }

        if (i + 2 <= count)
        {
            sum += Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref p, i));
            i += 2;
        }

        if (i < count)
        {
            // The odd byte is the first byte of a zero-padded word.
            // Stryker disable once all : the big-endian arm cannot run on the little-endian hosts .NET supports here.
            sum += BitConverter.IsLittleEndian ? Unsafe.Add(ref p, i) : (ulong)Unsafe.Add(ref p, i) << 8;
        }

        return sum;
    }

    /// <summary>A folded host-order sum as the big-endian sum RFC 1071 defines.</summary>
    // Stryker disable once Conditional : the big-endian arm cannot run on the little-endian hosts .NET supports here.
    private static ushort SwapFolded(ulong nativeSum) =>
        BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(Fold(nativeSum)) : Fold(nativeSum);
}
