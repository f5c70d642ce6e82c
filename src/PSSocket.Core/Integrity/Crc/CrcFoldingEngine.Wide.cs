#if NET9_0_OR_GREATER
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PSSocket.Core.Integrity.Crc;

/// <summary>
/// The 256- and 512-bit kernels: the same folds as the 128-bit kernel, two or four lanes per
/// register, then the register's lanes folded into one and finished by the 128-bit loop.
/// </summary>
internal sealed partial class CrcFoldingEngine
{
    /// <summary>Four 512-bit registers must fill before the wide loop pays off.</summary>
    private const int Wide512MinimumLength = 256;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ulong FoldVpclmul512(ulong crc, ReadOnlySpan<byte> data)
    {
        ref byte p = ref MemoryMarshal.GetReference(data);
        var swap = Vector512.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0,
            15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0,
            15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
        Vector512<ulong> k16 = K512(16);
        Vector512<ulong> z0 = Load512(ref p, 0, swap), z1 = Load512(ref p, 64, swap), z2 = Load512(ref p, 128, swap), z3 = Load512(ref p, 192, swap);
        z0 ^= _reflected ? Vector512.Create(crc, 0, 0, 0, 0, 0, 0, 0) : Vector512.Create(0, crc, 0, 0, 0, 0, 0, 0);
        int offset = 256;
        for (; offset + 256 <= data.Length; offset += 256)
        {
            z0 = Fold512(z0, k16, Load512(ref p, offset, swap));
            z1 = Fold512(z1, k16, Load512(ref p, offset + 64, swap));
            z2 = Fold512(z2, k16, Load512(ref p, offset + 128, swap));
            z3 = Fold512(z3, k16, Load512(ref p, offset + 192, swap));
        }

        Vector512<ulong> k4 = K512(4);
        Vector512<ulong> z = Fold512(z0, K512(12), Fold512(z1, K512(8), Fold512(z2, k4, z3)));
        for (; offset + 64 <= data.Length; offset += 64)
        {
            z = Fold512(z, k4, Load512(ref p, offset, swap));
        }

        // Lanes 0-2 move forward by 3, 2 and 1 lanes onto lane 3; lane 3's constants are zero.
        var perLane = Vector512.Create(_constants[3].Lo, _constants[3].Hi, _constants[2].Lo, _constants[2].Hi, _constants[1].Lo, _constants[1].Hi, 0, 0);
        Vector512<ulong> moved = Pclmulqdq.V512.CarrylessMultiply(z, perLane, 0x00) ^ Pclmulqdq.V512.CarrylessMultiply(z, perLane, 0x11);
        Vector256<ulong> halves = moved.GetLower() ^ moved.GetUpper();
        Vector128<ulong> acc = halves.GetLower() ^ halves.GetUpper() ^ z.GetUpper().GetUpper();
        return Finish128(acc, data, offset);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ulong FoldVpclmul256(ulong crc, ReadOnlySpan<byte> data)
    {
        ref byte p = ref MemoryMarshal.GetReference(data);
        var swap = Vector256.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
        Vector256<ulong> k8 = K256(8);
        Vector256<ulong> y0 = Load256(ref p, 0, swap), y1 = Load256(ref p, 32, swap), y2 = Load256(ref p, 64, swap), y3 = Load256(ref p, 96, swap);
        y0 ^= _reflected ? Vector256.Create(crc, 0, 0, 0) : Vector256.Create(0, crc, 0, 0);
        int offset = 128;
        for (; offset + 128 <= data.Length; offset += 128)
        {
            y0 = Fold256(y0, k8) ^ Load256(ref p, offset, swap);
            y1 = Fold256(y1, k8) ^ Load256(ref p, offset + 32, swap);
            y2 = Fold256(y2, k8) ^ Load256(ref p, offset + 64, swap);
            y3 = Fold256(y3, k8) ^ Load256(ref p, offset + 96, swap);
        }

        Vector256<ulong> k2 = K256(2);
        Vector256<ulong> y = y3 ^ Fold256(y2, k2) ^ Fold256(y1, K256(4)) ^ Fold256(y0, K256(6));
        for (; offset + 32 <= data.Length; offset += 32)
        {
            y = Fold256(y, k2) ^ Load256(ref p, offset, swap);
        }

        Vector128<ulong> acc = FoldLane(y.GetLower(), K(1)) ^ y.GetUpper();
        return Finish128(acc, data, offset);
    }

    private Vector512<ulong> K512(int lanes) =>
        Vector512.Create(_constants[lanes].Lo, _constants[lanes].Hi, _constants[lanes].Lo, _constants[lanes].Hi,
            _constants[lanes].Lo, _constants[lanes].Hi, _constants[lanes].Lo, _constants[lanes].Hi);

    private Vector256<ulong> K256(int lanes) =>
        Vector256.Create(_constants[lanes].Lo, _constants[lanes].Hi, _constants[lanes].Lo, _constants[lanes].Hi);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector512<ulong> Load512(ref byte p, int offset, Vector512<byte> swap)
    {
        var v = Vector512.LoadUnsafe(ref p, (nuint)offset);
        return (_reflected ? v : Avx512BW.Shuffle(v, swap)).AsUInt64();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<ulong> Load256(ref byte p, int offset, Vector256<byte> swap)
    {
        var v = Vector256.LoadUnsafe(ref p, (nuint)offset);
        return (_reflected ? v : Avx2.Shuffle(v, swap)).AsUInt64();
    }

    // One three-way XOR instruction joins both products and the next block.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Fold512(Vector512<ulong> lanes, Vector512<ulong> k, Vector512<ulong> next) =>
        Avx512F.TernaryLogic(Pclmulqdq.V512.CarrylessMultiply(lanes, k, 0x00), Pclmulqdq.V512.CarrylessMultiply(lanes, k, 0x11), next, 0x96);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Fold256(Vector256<ulong> lanes, Vector256<ulong> k) =>
        Pclmulqdq.V256.CarrylessMultiply(lanes, k, 0x00) ^ Pclmulqdq.V256.CarrylessMultiply(lanes, k, 0x11);
}
#endif
