using System.Buffers.Binary;
using System.Runtime.CompilerServices;
#if NET10_0_OR_GREATER
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif

namespace PSSocket.Core.Integrity.Crc;

/// <summary>
/// Arithmetic on polynomials over GF(2) held in integers: bit i is the coefficient of x^i.
/// A CRC generator of width w is x^w + <c>poly</c>, so only the low w bits are stored.
/// </summary>
internal static class CrcMath
{
    public static UInt128 Mask(int width) => width == 128 ? UInt128.MaxValue : (UInt128.One << width) - 1;

    public static ulong Mask64(int width) => width == 64 ? ulong.MaxValue : (1UL << width) - 1;

    /// <summary>Reverses the low <paramref name="width"/> bits; higher bits are dropped.</summary>
    public static UInt128 Reflect(UInt128 value, int width) =>
        width <= 64 ? Reflect64((ulong)value, width)
            : new UInt128(ReverseBits((ulong)value), ReverseBits((ulong)(value >> 64))) >> (128 - width);

    /// <summary>Reverses the low <paramref name="width"/> bits (1-64); higher bits are dropped.</summary>
    // Branch-free, because models whose RefIn and RefOut differ reflect every result.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Reflect64(ulong value, int width) => ReverseBits(value) >> (64 - width);

    // Inlined: a call cost as much as the reversal on every call of a model whose RefIn and RefOut differ.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ReverseBits(ulong value)
    {
#if NET10_0_OR_GREATER
        if (Gfni.IsSupported)
        {
            // GF2P8AFFINEQB reverses the bits of every byte in one instruction (an affine map over
            // GF(2) whose matrix is the reversal); the byte swap does the rest.
            var reversedBytes = Gfni.GaloisFieldAffineTransform(Vector128.CreateScalarUnsafe(value).AsByte(), Vector128.Create(0x8040201008040201UL).AsByte(), 0);
            return BinaryPrimitives.ReverseEndianness(reversedBytes.AsUInt64().ToScalar());
        }
#endif

        return ReverseBitsPortable(value);
    }

    /// <summary>
    /// <see cref="ReverseBits"/> without GFNI (net8.0, and CPUs without it): the bytes swapped, then
    /// the nibbles, bit pairs and bits of each byte. Its own method so the tests run it on a CPU with GFNI.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong ReverseBitsPortable(ulong value)
    {
        value = BinaryPrimitives.ReverseEndianness(value);
        value = ((value >> 4) & 0x0F0F0F0F0F0F0F0FUL) | ((value & 0x0F0F0F0F0F0F0F0FUL) << 4);
        value = ((value >> 2) & 0x3333333333333333UL) | ((value & 0x3333333333333333UL) << 2);
        return ((value >> 1) & 0x5555555555555555UL) | ((value & 0x5555555555555555UL) << 1);
    }

    /// <summary>x^k mod P for P = x^width + poly, width 1..64.</summary>
    public static ulong XPowMod(int k, ulong poly, int width)
    {
        ulong top = 1UL << (width - 1);
        ulong mask = Mask64(width);
        ulong r = 1;
        for (int i = 0; i < k; i++)
        {
            bool carry = (r & top) != 0;
            r = (r << 1) & mask;
            if (carry)
            {
                r ^= poly;
            }
        }

        return r;
    }

    /// <summary>
    /// The low 64 bits of floor(x^(64+width) / P), Barrett's constant (the quotient's x^64 term is
    /// implied), by long division of a one followed by 64+width zeros.
    /// </summary>
    public static ulong BarrettMu(ulong poly, int width)
    {
        ulong top = 1UL << (width - 1);
        ulong mask = Mask64(width);
        ulong remainder = 0, quotient = 0;
        for (int i = 0; i < 65 + width; i++)
        {
            bool carry = (remainder & top) != 0;
            remainder = ((remainder << 1) | (i == 0 ? 1UL : 0UL)) & mask;
            if (carry)
            {
                remainder ^= poly;
            }

            if (i >= width)
            {
                quotient = (quotient << 1) | (carry ? 1UL : 0UL);
            }
        }

        return quotient;
    }

    /// <summary>Carry-less product of two 64-bit polynomials: the portable twin of PCLMULQDQ.</summary>
    public static UInt128 CarrylessMultiply(ulong a, ulong b)
    {
        ulong lo = 0, hi = 0;
        for (int i = 0; i < 64; i++)
        {
            if (((b >> i) & 1) != 0)
            {
                lo ^= a << i;
                hi ^= i == 0 ? 0 : a >> (64 - i);
            }
        }

        return new UInt128(hi, lo);
    }
}
