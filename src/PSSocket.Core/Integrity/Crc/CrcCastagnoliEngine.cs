using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace PSSocket.Core.Integrity.Crc;

/// <summary>
/// CRC-32C (the Castagnoli polynomial, reflected) with the SSE4.2 crc32 instruction. One chain of
/// crc32 is bound by its latency, so three independent streams run side by side and are joined by
/// shifting a stream's register over the bytes that follow it: a linear map, tabulated per byte of
/// the register. Any init and final XOR work, since the instruction only updates the register.
/// </summary>
internal sealed class CrcCastagnoliEngine : CrcEngine
{
    public const ulong Polynomial = 0x1EDC6F41;

    /// <summary>Bytes per stream per round; three streams make a round.</summary>
    private const int StreamLength = 1024;

    // _shift[256·j + b]: the register after StreamLength zero bytes, starting from b in byte j.
    private readonly uint[] _shift = new uint[4 * 256];

    public CrcCastagnoliEngine(CrcModel model)
        : base(model)
    {
        byte[] zeros = new byte[StreamLength];
        for (int j = 0; j < 4; j++)
        {
            for (int b = 0; b < 256; b++)
            {
                _shift[(256 * j) + b] = (uint)model.TableEngine.UpdateAligned((ulong)b << (8 * j), zeros);
            }
        }
    }

    public static bool Supported => Sse42.X64.IsSupported;

    public static bool Fits(CrcModel model) => model.Width == 32 && model.RefIn && model.PolynomialValue == Polynomial;

    public override CrcEngineKind Kind => CrcEngineKind.Crc32cSse42;

    public override UInt128 Update(UInt128 register, ReadOnlySpan<byte> data) => UpdateAligned((uint)register, data);

    /// <summary>The register (reflected, in the low 32 bits) after <paramref name="data"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public uint UpdateAligned(uint register, ReadOnlySpan<byte> data)
    {
        if (data.Length < 3 * StreamLength)
        {
            return UpdateShort(register, data);
        }

        ulong crc = register;
        ref byte p = ref MemoryMarshal.GetReference(data);
        int i = 0;
        for (; data.Length - i >= 3 * StreamLength; i += 3 * StreamLength)
        {
            ulong a = crc, b = 0, c = 0;
            ref byte round = ref Unsafe.Add(ref p, i);
            for (int k = 0; k < StreamLength; k += 8)
            {
                // Little-endian loads: the reflected register takes the first byte in its low bits.
                a = Sse42.X64.Crc32(a, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref round, k)));
                b = Sse42.X64.Crc32(b, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref round, StreamLength + k)));
                c = Sse42.X64.Crc32(c, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref round, (2 * StreamLength) + k)));
            }

            crc = Shift(Shift((uint)a) ^ (uint)b) ^ (uint)c;
        }

        return UpdateShort((uint)crc, data[i..]);
    }

    /// <summary>
    /// One crc32 chain, for inputs under one round and the rest after the rounds: a method of its own,
    /// so a packet-sized call does not pay the round loop's register saves (six pushes and pops,
    /// measured at about half of a 20-byte CRC-32C).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint UpdateShort(uint register, ReadOnlySpan<byte> data)
    {
        // Little-endian loads: the reflected register takes the first byte in its low bits (SSE4.2 is x86 only, little-endian).
        ref byte p = ref MemoryMarshal.GetReference(data);
        nuint length = (nuint)data.Length, i = 0;
        ulong crc = register;
        for (; i + 8 <= length; i += 8)
        {
            crc = Sse42.X64.Crc32(crc, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref p, i)));
        }

        // The last 0-7 bytes as at most one 4-, 2- and 1-byte crc32 each: three steps instead of seven.
        uint tail = (uint)crc;
        if ((length & 4) != 0)
        {
            tail = Sse42.Crc32(tail, Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref p, i)));
            i += 4;
        }

        if ((length & 2) != 0)
        {
            tail = Sse42.Crc32(tail, Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref p, i)));
            i += 2;
        }

        return (length & 1) != 0 ? Sse42.Crc32(tail, Unsafe.Add(ref p, i)) : tail;
    }

    private uint Shift(uint crc) =>
        _shift[crc & 0xFF] ^ _shift[256 + ((crc >> 8) & 0xFF)] ^ _shift[512 + ((crc >> 16) & 0xFF)] ^ _shift[768 + (crc >> 24)];
}
