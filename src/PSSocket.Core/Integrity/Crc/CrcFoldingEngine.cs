using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PSSocket.Core.Integrity.Crc;

/// <summary>
/// Carry-less multiply folding for any model up to width 64, with constants derived from the
/// model. The data is cut into 128-bit lanes; a lane A that sits D bits before lane B is replaced
/// by A_hi·(x^(D+64) mod P) ⊕ A_lo·(x^D mod P), which is congruent modulo P, so the remainder of
/// the whole message is unchanged while it shrinks to one lane. The vector kernels reduce that last
/// lane with a Barrett step whose constants come from the model (see <see cref="Reduce"/>); the
/// portable kernel's last lane and the bytes after the last whole lane go through the slicing tables.
/// <para>
/// Reflected models fold in the reflected domain: a lane loaded little-endian is the bit-reverse of
/// the block polynomial, and rev(a)·rev(b) = rev(a·b)/x, so the constants are bit-reversed and
/// taken one power lower. Non-reflected models byte-swap each lane to big-endian and use the
/// constants as they are.
/// </para>
/// </summary>
internal sealed partial class CrcFoldingEngine : CrcEngine
{
    /// <summary>Lanes folded in parallel: enough independent multiplies to hide their latency.</summary>
    public const int Lanes = 8;

    /// <summary>Inputs from this length fold eight lanes at a time.</summary>
    public const int MinimumLength = Lanes * 16;

    /// <summary>
    /// Shorter inputs go straight to the tables. From one lane, a chain of 128-bit folds and a
    /// Barrett step leave the tables only the tail of under 16 bytes.
    /// </summary>
    public const int ShortMinimumLength = 16;

    /// <summary>
    /// <see cref="FoldShort{TOrder}"/> takes up to this many lanes less one (and a tail): to 511 bytes,
    /// where the wide kernels' calls, frames and serial last folds cost more than the fold (measured
    /// at 128 bytes 15.7-17.6 ns against System.IO.Hashing's 12.2-14.1, at 256 bytes 27-28 against 21-22).
    /// </summary>
    public const int ShortLanes = 32;

    /// <summary>Inputs under this length fit <see cref="FoldShort{TOrder}"/>.</summary>
    public const int ShortMaximumLength = ShortLanes * 16;

    private readonly CrcTableEngine _table;
    private readonly CrcEngineKind _kind;
    private readonly bool _reflected;

    /// <summary>The farthest fold, in 128-bit lanes: four 512-bit registers.</summary>
    private const int MaxFold = 16;

    // _constants[j] folds a lane forward by 128·j bits: (multiplier of the low half, of the high half).
    private readonly (ulong Lo, ulong Hi)[] _constants = new (ulong, ulong)[MaxFold + 1];

    // The short folds' and the last lane's constants, one value inside this object (see CrcShortFold).
    private readonly CrcShortFold _short;

    public CrcFoldingEngine(CrcModel model, CrcTableEngine table, CrcEngineKind kind)
        : base(model)
    {
        _table = table;
        _kind = kind;
        _reflected = model.RefIn;
        ulong poly = (ulong)model.PolynomialValue;
        int width = model.Width;
        ulong poly64 = poly << (64 - width);
        ulong mu = CrcMath.BarrettMu(poly64, 64);
        (ulong reduceHigh, ulong reduceMu, _short.Poly64) = _reflected
            ? (CrcMath.ReverseBits(CrcMath.XPowMod(127, poly64, 64)), CrcMath.ReverseBits(mu), CrcMath.ReverseBits(poly64))
            : (CrcMath.XPowMod(128, poly64, 64), mu, poly64);
        _short.Multipliers[0] = Vector128.Create(reduceHigh, reduceMu);
        for (int j = 1; j <= MaxFold; j++)
        {
            _constants[j] = FoldBy(128 * j);
        }

        for (int j = 1; j < ShortLanes; j++)
        {
            int d = 128 * j;
            (ulong lo, ulong hi) = FoldBy(d);
            _short.Multipliers[j] = Vector128.Create(lo, hi);

            // A lane j lanes before the last, taken straight into the Barrett step's input: its words
            // 128·j and 128·j + 64 bits from the end, times x^64 (see Reduce), mod P'.
            _short.Reducers[ShortLanes - 1 - j] = _reflected
                ? Vector128.Create(CrcMath.ReverseBits(CrcMath.XPowMod(d + 127, poly64, 64)), CrcMath.ReverseBits(CrcMath.XPowMod(d + 63, poly64, 64)))
                : Vector128.Create(CrcMath.XPowMod(d + 64, poly64, 64), CrcMath.XPowMod(d + 128, poly64, 64));
        }

        // The multipliers of a lane's low and high halves that move it d bits forward, mod P.
        (ulong Lo, ulong Hi) FoldBy(int d) => _reflected
            ? (CrcMath.Reflect64(CrcMath.XPowMod(d + 63, poly, width), 64), CrcMath.Reflect64(CrcMath.XPowMod(d - 1, poly, width), 64))
            : (CrcMath.XPowMod(d, poly, width), CrcMath.XPowMod(d + 64, poly, width));
    }

    /// <summary>The constants of <see cref="FoldShort{TOrder}"/>, for a caller to keep a copy inside itself.</summary>
    public CrcShortFold ShortFold => _short;

    // SSE4.1 for the byte blend of a short input's tail (FoldShort).
    public static bool PclmulSupported => Pclmulqdq.IsSupported && Sse41.IsSupported;

#if NET9_0_OR_GREATER
    public static bool Vpclmul256Supported => PclmulSupported && Pclmulqdq.V256.IsSupported && Avx2.IsSupported;

    public static bool Vpclmul512Supported => Vpclmul256Supported && Pclmulqdq.V512.IsSupported && Avx512BW.IsSupported;
#else
    // The 256- and 512-bit carry-less multiplies have no .NET 8 API; the net8.0 build folds 128 bits at a time.
    public static bool Vpclmul256Supported => false;

    public static bool Vpclmul512Supported => false;
#endif

    public override CrcEngineKind Kind => _kind;

    public override UInt128 Update(UInt128 register, ReadOnlySpan<byte> data) =>
        _table.FromAligned(UpdateAligned(_table.ToAligned(register), data));

    /// <summary>Like <see cref="CrcTableEngine.UpdateAligned(ulong, ReadOnlySpan{byte})"/>, folding the bulk of long inputs.</summary>
    // Compiled optimized at once, with the short fold inlined: a cmdlet run may end before tiering would promote it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ulong UpdateAligned(ulong crc, ReadOnlySpan<byte> data)
    {
        if (data.Length < ShortMinimumLength || (data.Length < MinimumLength && _kind == CrcEngineKind.FoldSoftware))
        {
            return _table.UpdateAligned(crc, data);
        }

        return _kind switch
        {
            _ when data.Length < MinimumLength => _reflected ? FoldShort<ReflectedBitOrder>(in _short, crc, data) : FoldShort<ForwardBitOrder>(in _short, crc, data),
            CrcEngineKind.FoldSoftware => FoldSoftware(crc, data),
#if NET9_0_OR_GREATER
            CrcEngineKind.FoldVpclmul512 when data.Length >= Wide512MinimumLength => FoldVpclmul512(crc, data),
            CrcEngineKind.FoldVpclmul256 or CrcEngineKind.FoldVpclmul512 => FoldVpclmul256(crc, data),
#endif
            _ => FoldPclmul(crc, data),
        };
    }

    private ulong FoldSoftware(ulong crc, ReadOnlySpan<byte> data)
    {
        Span<UInt128> lanes = stackalloc UInt128[Lanes];
        for (int i = 0; i < Lanes; i++)
        {
            lanes[i] = Load(data[(16 * i)..]);
        }

        // The register lines up with the first message bits, as in the tables.
        lanes[0] ^= _reflected ? crc : (UInt128)crc << 64;
        int offset = MinimumLength;
        for (; offset + MinimumLength <= data.Length; offset += MinimumLength)
        {
            for (int i = 0; i < Lanes; i++)
            {
                lanes[i] = Fold(lanes[i], _constants[Lanes]) ^ Load(data[(offset + (16 * i))..]);
            }
        }

        UInt128 acc = lanes[Lanes - 1];
        for (int i = 0; i < Lanes - 1; i++)
        {
            acc ^= Fold(lanes[i], _constants[Lanes - 1 - i]);
        }

        for (; offset + 16 <= data.Length; offset += 16)
        {
            acc = Fold(acc, _constants[1]) ^ Load(data[offset..]);
        }

        // The last lane goes through the tables as two words in message order, then the bytes after it.
        (ulong first, ulong second) = _reflected ? ((ulong)acc, (ulong)(acc >> 64)) : ((ulong)(acc >> 64), (ulong)acc);
        return _table.UpdateAligned(_table.Slice(_table.Slice(0, first), second), data[offset..]);
    }

    private UInt128 Load(ReadOnlySpan<byte> block) =>
        _reflected ? BinaryPrimitives.ReadUInt128LittleEndian(block) : BinaryPrimitives.ReadUInt128BigEndian(block);

    private static UInt128 Fold(UInt128 lane, (ulong Lo, ulong Hi) k) =>
        CrcMath.CarrylessMultiply((ulong)lane, k.Lo) ^ CrcMath.CarrylessMultiply((ulong)(lane >> 64), k.Hi);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ulong FoldPclmul(ulong crc, ReadOnlySpan<byte> data)
    {
        ref byte p = ref MemoryMarshal.GetReference(data);
        Vector128<byte> swap = _reflected ? default : Vector128.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
        var kMain = Vector128.Create(_constants[Lanes].Lo, _constants[Lanes].Hi);

        Vector128<ulong> x0 = LoadLane(ref p, 0, swap), x1 = LoadLane(ref p, 16, swap), x2 = LoadLane(ref p, 32, swap), x3 = LoadLane(ref p, 48, swap);
        Vector128<ulong> x4 = LoadLane(ref p, 64, swap), x5 = LoadLane(ref p, 80, swap), x6 = LoadLane(ref p, 96, swap), x7 = LoadLane(ref p, 112, swap);
        x0 ^= _reflected ? Vector128.Create(crc, 0UL) : Vector128.Create(0UL, crc);
        int offset = MinimumLength;
        for (; offset + MinimumLength <= data.Length; offset += MinimumLength)
        {
            x0 = FoldLane(x0, kMain) ^ LoadLane(ref p, offset, swap);
            x1 = FoldLane(x1, kMain) ^ LoadLane(ref p, offset + 16, swap);
            x2 = FoldLane(x2, kMain) ^ LoadLane(ref p, offset + 32, swap);
            x3 = FoldLane(x3, kMain) ^ LoadLane(ref p, offset + 48, swap);
            x4 = FoldLane(x4, kMain) ^ LoadLane(ref p, offset + 64, swap);
            x5 = FoldLane(x5, kMain) ^ LoadLane(ref p, offset + 80, swap);
            x6 = FoldLane(x6, kMain) ^ LoadLane(ref p, offset + 96, swap);
            x7 = FoldLane(x7, kMain) ^ LoadLane(ref p, offset + 112, swap);
        }

        Vector128<ulong> acc = x7 ^ FoldLane(x6, K(1)) ^ FoldLane(x5, K(2)) ^ FoldLane(x4, K(3))
            ^ FoldLane(x3, K(4)) ^ FoldLane(x2, K(5)) ^ FoldLane(x1, K(6)) ^ FoldLane(x0, K(7));
        return Finish128(acc, data, offset);
    }

    /// <summary>
    /// Inputs of one to 31 lanes and up to 15 bytes more. Each lane is folded straight onto the
    /// last one by its own distance: the multiplies are independent, so the chain is one fold long
    /// instead of one per lane, which is what a packet-sized CRC waits for; when no bytes follow the
    /// last lane, straight into the Barrett step's input instead, and the tail's two lanes likewise.
    /// Compiled once per bit order, so the order costs no branch and the byte-swap mask is a constant.
    /// <para>
    /// The r bytes after the last whole lane stay in the vector registers: zero bytes put before a
    /// message leave its CRC alone (the register is already in the first lane), so the folded lane
    /// A and the tail T are the 32 bytes 0^(16-r)·A[..r] and A[r..]·T, two lanes, the first folded
    /// onto the second. Both are byte shuffles of A, the second blended with the input's last 16
    /// bytes, where the tables took eight dependent lookups and a reduction before them.
    /// </para>
    /// </summary>
    // Inlined into its callers (the one-shot path and UpdateAligned), which are compiled optimized at once:
    // for a packet the call and its frame were a measurable part of the time.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FoldShort<TOrder>(in CrcShortFold constants, ulong crc, ReadOnlySpan<byte> data)
        where TOrder : struct, ICrcBitOrder
    {
        ref byte p = ref MemoryMarshal.GetReference(data);
        int lanes = data.Length / 16;
        int r = data.Length - (16 * lanes);
        Vector128<ulong> acc = Lane<TOrder>(ref p, 0) ^ (TOrder.Reflected ? Vector128.CreateScalar(crc) : Vector128.Create(0UL, crc));

        // The indexes below are 0 to 30, inside the arrays: read without a bounds check.
        ref Vector128<ulong> k = ref Unsafe.AsRef(in constants.Multipliers[0]);
        ref Vector128<ulong> toBarrett = ref Unsafe.AsRef(in constants.Reducers[0]);
        Vector128<ulong> b;
        if (r == 0)
        {
            // Every lane is multiplied once, straight into the Barrett step's input, where folding
            // onto the last lane first put a second multiply in the chain (see Reducers).
            if (lanes == 1)
            {
                return Reduce<TOrder>(in constants, acc);
            }

            // Lane i's multipliers are at ShortLanes - lanes + i, so two lanes' are one 256-bit load.
            ref Vector128<ulong> perLane = ref Unsafe.Add(ref toBarrett, ShortLanes - lanes);
            b = Step1<TOrder>(in constants, Lane<TOrder>(ref p, 16 * (lanes - 1))) ^ FoldLane(acc, perLane);
            int i = 1;
#if NET9_0_OR_GREATER
            if (Pclmulqdq.V256.IsSupported && Avx2.IsSupported)
            {
                // Two lanes per instruction: half the loads, byte swaps and multiplies of 128-bit lanes.
                Vector256<ulong> pairs = Vector256<ulong>.Zero;
                for (; i + 2 < lanes; i += 2)
                {
                    var v = Vector256.LoadUnsafe(ref p, (nuint)(16 * i));
                    Vector256<ulong> two = (TOrder.Reflected ? v : Avx2.Shuffle(v, Vector256.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0))).AsUInt64();
                    var k2 = Vector256.LoadUnsafe(ref Unsafe.As<Vector128<ulong>, ulong>(ref Unsafe.Add(ref perLane, i)));
                    pairs ^= Pclmulqdq.V256.CarrylessMultiply(two, k2, 0x00) ^ Pclmulqdq.V256.CarrylessMultiply(two, k2, 0x11);
                }

                b ^= pairs.GetLower() ^ pairs.GetUpper();
            }
#endif
            for (; i < lanes - 1; i++)
            {
                b ^= FoldLane(Lane<TOrder>(ref p, 16 * i), Unsafe.Add(ref perLane, i));
            }

            return Barrett<TOrder>(in constants, b);
        }

        if (lanes > 1)
        {
            Vector128<ulong> last = Lane<TOrder>(ref p, 16 * (lanes - 1)) ^ FoldLane(acc, Unsafe.Add(ref k, lanes - 1));
            for (int i = 1; i < lanes - 1; i++)
            {
                last ^= FoldLane(Lane<TOrder>(ref p, 16 * i), Unsafe.Add(ref k, lanes - 1 - i));
            }

            acc = last;
        }

        // In the lane's byte order a later message byte sits higher when reflected, lower otherwise.
        ref byte masks = ref MemoryMarshal.GetReference(ShiftMasks);
        var early = Vector128.LoadUnsafe(ref masks, (nuint)(TOrder.Reflected ? r : 16 - r));
        var late = Vector128.LoadUnsafe(ref masks, (nuint)(TOrder.Reflected ? 16 + r : 32 - r));
        (Vector128<byte> first, Vector128<byte> keep) = TOrder.Reflected ? (early, late) : (late, early);
        Vector128<byte> a = acc.AsByte();
        Vector128<byte> second = Sse41.BlendVariable(Lane<TOrder>(ref p, data.Length - 16).AsByte(), Ssse3.Shuffle(a, keep), first);
        b = FoldLane(Ssse3.Shuffle(a, first).AsUInt64(), Unsafe.Add(ref toBarrett, ShortLanes - 2)) ^ Step1<TOrder>(in constants, second.AsUInt64());
        return Barrett<TOrder>(in constants, b);
    }

    /// <summary>
    /// Byte shuffles that move a lane by r bytes (16 bytes read from offset r, 16 - r, 16 + r or
    /// 32 - r); an index with its top bit set makes a zero byte, and selects the other input of a blend.
    /// </summary>
    private static ReadOnlySpan<byte> ShiftMasks =>
    [
        0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    ];

    /// <summary>Folds the remaining whole lanes one at a time, reduces the last and runs the bytes after it through the tables.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ulong Finish128(Vector128<ulong> acc, ReadOnlySpan<byte> data, int offset)
    {
        ref byte p = ref MemoryMarshal.GetReference(data);
        var swap = Vector128.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
        Vector128<ulong> k1 = K(1);
        for (; offset + 16 <= data.Length; offset += 16)
        {
            acc = FoldLane(acc, k1) ^ LoadLane(ref p, offset, swap);
        }

        return _table.UpdateAlignedFrom(Reduce(acc), data, offset);
    }

    /// <summary>
    /// The aligned register of the last lane A by three carry-less multiplies instead of sixteen
    /// table steps. Dividing by P' = P·x^(64-w) instead of P gives the register already aligned:
    /// A·x^64 mod P' = (A·x^w mod P)·x^(64-w), and P' has degree 64 for every width, so nothing
    /// shifts by w. In the forward domain, with A = H·x^64 + L: B = H·(x^128 mod P') + L·x^64 is
    /// congruent; with C its high and D its low 64 bits, Barrett's q = C + (C·μ' div x^64) is
    /// C·x^64 div P' (μ = x^64 + μ' = x^128 div P'), so the register is the low half of q·(P' - x^64)
    /// plus D.
    /// <para>
    /// Reflected, every value is bit-reversed and a product of reversed 64-bit values is the reversed
    /// 127-bit product (rev(a)·rev(b) = rev(a·b)/x): the first multiply takes x^127 mod P' to make up
    /// for that x, Barrett's high half is the low half shifted up one bit, and the register is the
    /// product shifted down 63 bits.
    /// </para>
    /// </summary>
    // Everything stays in vector registers until the register is read out: a move between vector
    // and general registers costs about as much as a multiply, and the chain is all there is for a packet.
    private ulong Reduce(Vector128<ulong> acc) => _reflected ? Reduce<ReflectedBitOrder>(in _short, acc) : Reduce<ForwardBitOrder>(in _short, acc);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Reduce<TOrder>(in CrcShortFold constants, Vector128<ulong> acc)
        where TOrder : struct, ICrcBitOrder => Barrett<TOrder>(in constants, Step1<TOrder>(in constants, acc));

    /// <summary>B from A: the first multiply of <see cref="Reduce"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Step1<TOrder>(in CrcShortFold constants, Vector128<ulong> acc)
        where TOrder : struct, ICrcBitOrder =>
        TOrder.Reflected
            ? Pclmulqdq.CarrylessMultiply(acc, constants.Multipliers[0], 0x00) ^ Sse2.ShiftRightLogical128BitLane(acc, 8) // low half: C reversed; high half: D reversed
            : Pclmulqdq.CarrylessMultiply(acc, constants.Multipliers[0], 0x01) ^ Sse2.ShiftLeftLogical128BitLane(acc, 8); // high half: C; low half: D

    /// <summary>The aligned register from B (see <see cref="Reduce"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Barrett<TOrder>(in CrcShortFold constants, Vector128<ulong> b)
        where TOrder : struct, ICrcBitOrder
    {
        var kMu = constants.Multipliers[0];
        var poly = Vector128.CreateScalarUnsafe(constants.Poly64);
        if (TOrder.Reflected)
        {
            Vector128<ulong> q = b ^ Sse2.ShiftLeftLogical(Pclmulqdq.CarrylessMultiply(b, kMu, 0x10), 1);
            Vector128<ulong> z = Pclmulqdq.CarrylessMultiply(q, poly, 0x00);
            return (Sse2.ShiftLeftLogical(z, 1) ^ Sse2.ShiftLeftLogical128BitLane(Sse2.ShiftRightLogical(z, 63), 8) ^ b).GetElement(1);
        }

        Vector128<ulong> u = Pclmulqdq.CarrylessMultiply(b, kMu, 0x11) ^ b;
        return (Pclmulqdq.CarrylessMultiply(u, poly, 0x01) ^ b).GetElement(0);
    }

    private Vector128<ulong> K(int lanes) => Vector128.Create(_constants[lanes].Lo, _constants[lanes].Hi);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector128<ulong> LoadLane(ref byte p, int offset, Vector128<byte> swap)
    {
        var v = Vector128.LoadUnsafe(ref p, (nuint)offset);
        return (_reflected ? v : Ssse3.Shuffle(v, swap)).AsUInt64();
    }

    /// <summary>A lane in the fold's bit order: as loaded when reflected, byte-swapped to big-endian otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Lane<TOrder>(ref byte p, int offset)
        where TOrder : struct, ICrcBitOrder
    {
        var v = Vector128.LoadUnsafe(ref p, (nuint)offset);
        return (TOrder.Reflected ? v : Ssse3.Shuffle(v, Vector128.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0))).AsUInt64();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> FoldLane(Vector128<ulong> lane, Vector128<ulong> k) =>
        Pclmulqdq.CarrylessMultiply(lane, k, 0x00) ^ Pclmulqdq.CarrylessMultiply(lane, k, 0x11);
}

/// <summary>
/// The constants of a short fold and its Barrett step as one value: the one-shot path keeps a copy
/// inside itself, so the first multiply waits for one load from the object it runs on instead of
/// three in a row (its fold engine, the engine's array, the element), which took longer than the
/// input's own loads at 20 and 64 bytes.
/// </summary>
internal struct CrcShortFold
{
    /// <summary>[j] folds a lane forward by j lanes (1 to 31); [0] holds the reduction's (x^128 mod P', μ'), see <see cref="CrcFoldingEngine"/>.</summary>
    public CrcFoldMultipliers Multipliers;

    /// <summary>
    /// [ShortLanes - 1 - j] takes a lane j lanes before the last (1 to 31) straight to the Barrett step's 128-bit
    /// input B (see <see cref="CrcFoldingEngine"/>'s Reduce): its words times x^(d + 64) mod P' for
    /// their distance d from the end. Folding onto the last lane first and then multiplying that
    /// lane's high half put two multiplies in the chain of a 20- or 64-byte CRC instead of one.
    /// </summary>
    public CrcReduceMultipliers Reducers;

    /// <summary>P·x^(64-w) without x^64, bit-reversed when the model reflects.</summary>
    public ulong Poly64;
}

/// <summary>32 128-bit multiplier pairs held inline.</summary>
[InlineArray(CrcFoldingEngine.ShortLanes)]
internal struct CrcFoldMultipliers
{
    private Vector128<ulong> _element;
}

/// <summary>31 128-bit multiplier pairs held inline.</summary>
[InlineArray(CrcFoldingEngine.ShortLanes - 1)]
internal struct CrcReduceMultipliers
{
    private Vector128<ulong> _element;
}
