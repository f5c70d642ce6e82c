using System.Runtime.CompilerServices;

namespace PSSocket.Core.Integrity.Crc;

/// <summary>
/// One-shot CRCs of one model up to width 64 with <see cref="CrcEngineKind.Auto"/>, built once per
/// model. For a packet (under <see cref="CrcCalibration.MediumFrom"/> bytes) the per-call work
/// around the kernel cost as much as the kernel itself: two virtual calls (Auto, then its engine),
/// the register converted from and to its 128-bit canonical form, and the output reflection and
/// final XOR done in 128 bits. Here the short kernel the calibration chose for the model's family
/// and the input's class (under <see cref="CrcCalibration.SmallFrom"/> bytes, or under
/// <see cref="CrcCalibration.MediumFrom"/>) is called directly on the aligned 64-bit register, from
/// a precomputed initial register to a finishing step in 64 bits. Longer inputs, where that work is
/// noise, go through the Auto engine.
/// <para>
/// Nothing is delegated to System.IO.Hashing 11. On 30 Nov 2026, at load 35-80 on two cores,
/// `peers crc system fastest` (three runs interleaved with the previous build, medians of the runs)
/// measured this path ahead at 20 bytes (CRC-32 1.30x, CRC-32C 1.45x, ECMA-182 1.09x, NVME 1.55x),
/// at 64 bytes (1.11x, 1.37x, 0.97x with runs from 0.93 to 1.10, 1.30x), from 128 to 400 bytes
/// (1.08-1.69x) and from 1500 bytes to 16 MiB (1.19-2.17x). The one cell near parity, ECMA-182 at
/// 64 bytes (8.1 ns against 7.6), would gain nothing from delegation: our dispatch to the library
/// would be added to its time. The package would also be a second assembly in the module's net10.0
/// folder for PowerShell to resolve beside whatever version another module loads; on net8.0
/// (PowerShell 7.4 and 7.5) only its netstandard2.0 build resolves, outside the frameworks it
/// supports (its build warns so) and without vector code: measured 20-30x slower than ours from
/// 64 bytes on.
/// </para>
/// </summary>
internal abstract class CrcOneShot
{
    protected CrcOneShot(CrcModel model, CrcEngineKind tiny, CrcEngineKind small)
    {
        Model = model;
        Tiny = tiny;
        Small = small;
    }

    public CrcModel Model { get; }

    /// <summary>The engine that runs inputs under <see cref="CrcCalibration.SmallFrom"/> bytes, as calibrated for the model's family.</summary>
    public CrcEngineKind Tiny { get; }

    /// <summary>The engine that runs inputs from <see cref="CrcCalibration.SmallFrom"/> to <see cref="CrcCalibration.MediumFrom"/> bytes.</summary>
    public CrcEngineKind Small { get; }

    // One class per bit order and pair of short kernels: a shared body that branched on the order was
    // compiled, with the profile of whichever model ran first, measurably slower for the other order
    // (6.3 against 5.0 ns at 16 bytes, the same code measured both ways round), and one that held
    // every kernel saved six registers on every call for the largest of them.
    public static CrcOneShot Create(CrcModel model)
    {
        var plan = CrcCalibration.PlanFor(model);
        return Create(model, plan.Tiny, plan.Small);
    }

    /// <summary>The path with the given engines for short inputs instead of the calibrated ones; the calibration and the tests run every one.</summary>
    public static CrcOneShot Create(CrcModel model, CrcEngineKind tiny, CrcEngineKind small) =>
        model.RefIn ? Create<ReflectedBitOrder>(model, tiny, small) : Create<ForwardBitOrder>(model, tiny, small);

    private static CrcOneShot Create<TOrder>(CrcModel model, CrcEngineKind tiny, CrcEngineKind small)
        where TOrder : struct, ICrcBitOrder => model.Engine(tiny) switch
        {
            CrcFoldingEngine => Create<TOrder, FoldKernel>(model, tiny, small),
            CrcCastagnoliEngine => Create<TOrder, CastagnoliKernel>(model, tiny, small),
            _ => Create<TOrder, TableKernel>(model, tiny, small),
        };

    private static CrcOneShot Create<TOrder, TTiny>(CrcModel model, CrcEngineKind tiny, CrcEngineKind small)
        where TOrder : struct, ICrcBitOrder
        where TTiny : struct, ICrcShortKernel => model.Engine(small) switch
        {
            CrcFoldingEngine => new CrcOneShot<TOrder, TTiny, FoldKernel>(model, tiny, small),
            CrcCastagnoliEngine => new CrcOneShot<TOrder, TTiny, CastagnoliKernel>(model, tiny, small),
            _ => new CrcOneShot<TOrder, TTiny, TableKernel>(model, tiny, small),
        };

    /// <summary>The CRC of <paramref name="data"/>: output reflection and final XOR applied.</summary>
    // Two virtual methods chosen here, in the caller: the one for inputs the kernels take inline
    // then makes no call, so its frame saves no registers (the JIT saves them for a whole method).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Compute(ReadOnlySpan<byte> data) => data.Length < CrcCalibration.MediumFrom ? Short(data) : Long(data);

    /// <summary>The CRC of an input under <see cref="CrcCalibration.MediumFrom"/> bytes.</summary>
    protected abstract ulong Short(ReadOnlySpan<byte> data);

    /// <summary>The CRC of a longer input.</summary>
    protected abstract ulong Long(ReadOnlySpan<byte> data);
}

/// <summary>
/// The one-shot path of the models of one bit order whose tiny inputs run <typeparamref name="TTiny"/>
/// and other short ones <typeparamref name="TSmall"/>: only those kernels are compiled into it.
/// </summary>
internal sealed class CrcOneShot<TOrder, TTiny, TSmall> : CrcOneShot
    where TOrder : struct, ICrcBitOrder
    where TTiny : struct, ICrcShortKernel
    where TSmall : struct, ICrcShortKernel
{
    private readonly CrcTableEngine _table;
    private readonly CrcShortFold _shortFold;
    private readonly UInt128 _initialRegister;
    private readonly ulong _initial;
    private readonly ulong _xorOut;
    private readonly int _shift;
    private readonly bool _reflectOut;

    public CrcOneShot(CrcModel model, CrcEngineKind tiny, CrcEngineKind small)
        : base(model, tiny, small)
    {
        _table = model.TableEngine;
        _shift = 64 - model.Width;
        _initialRegister = model.InitialRegister;
        _initial = _table.ToAligned(model.InitialRegister);
        _xorOut = (ulong)model.XorOutValue;
        _reflectOut = model.RefIn != model.RefOut;

        // Under CrcCalibration.MediumFrom every folding kind runs the same short fold, so the
        // small class's folding engine (or the tiny class's) serves both.
        var fold = model.Engine(small) as CrcFoldingEngine ?? model.Engine(tiny) as CrcFoldingEngine;
        _shortFold = fold?.ShortFold ?? default;
    }

    // Compiled optimized at once: the calibration times these methods on their first calls, and a
    // cmdlet run may end before tiering would promote them. Not inlined: a call site that guessed
    // another class would carry this body's frame for nothing (measured: 9.7 or 15.7 ns at 20 bytes
    // from one run to the next, against a steady 9.6 ns called).
    // When both classes run one kernel it is inlined once: two copies of the short fold outgrew the
    // JIT's inlining budget, which then left the second copy's helpers as calls with a 232-byte frame
    // (measured 6.5 ns at 20 bytes becoming 14).
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    protected override ulong Short(ReadOnlySpan<byte> data) =>
        Finish(typeof(TTiny) == typeof(TSmall) || data.Length >= CrcCalibration.SmallFrom
            ? TSmall.UpdateShort<TOrder>(_table, in _shortFold, _initial, data)
            : TTiny.UpdateShort<TOrder>(_table, in _shortFold, _initial, data));

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    protected override ulong Long(ReadOnlySpan<byte> data) =>
        Finish(_table.ToAligned(Model.Engine(CrcEngineKind.Auto).Update(_initialRegister, data)));

    /// <summary>
    /// The CRC from the aligned register (see <see cref="CrcTableEngine"/>). The register holds the
    /// remainder bit-reversed when the input is reflected, and RefOut asks for it reversed: a model
    /// whose RefIn and RefOut differ reverses the whole aligned word, which puts its bits in place
    /// for the forward order (its low bits are zero) without the shift.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong Finish(ulong aligned)
    {
        ulong value = TOrder.Reflected
            ? (_reflectOut ? CrcMath.ReverseBits(aligned) >> _shift : aligned)
            : (_reflectOut ? CrcMath.ReverseBits(aligned) : aligned >> _shift);
        return value ^ _xorOut;
    }
}

/// <summary>A kernel for inputs under <see cref="CrcCalibration.MediumFrom"/> bytes, as a type argument so the one-shot path inlines it.</summary>
internal interface ICrcShortKernel
{
    /// <summary>
    /// The aligned register after <paramref name="data"/>, with no call out, so the path that runs it
    /// saves no registers for one; <paramref name="shortFold"/> holds the short-fold constants when the kernel folds.
    /// </summary>
    static abstract ulong UpdateShort<TOrder>(CrcTableEngine table, in CrcShortFold shortFold, ulong crc, ReadOnlySpan<byte> data)
        where TOrder : struct, ICrcBitOrder;
}

/// <summary>Slicing-by-8 (<see cref="CrcEngineKind.Table"/>).</summary>
internal readonly struct TableKernel : ICrcShortKernel
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong UpdateShort<TOrder>(CrcTableEngine table, in CrcShortFold shortFold, ulong crc, ReadOnlySpan<byte> data)
        where TOrder : struct, ICrcBitOrder => table.UpdateAligned<TOrder>(crc, data);
}

/// <summary>Carry-less multiply folding (every PCLMULQDQ kind): the short fold, whichever kind the engine is.</summary>
internal readonly struct FoldKernel : ICrcShortKernel
{
    // Under one lane the tables; the fold's constants are read from the one-shot object itself (see CrcShortFold).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong UpdateShort<TOrder>(CrcTableEngine table, in CrcShortFold shortFold, ulong crc, ReadOnlySpan<byte> data)
        where TOrder : struct, ICrcBitOrder =>
        data.Length < CrcFoldingEngine.ShortMinimumLength ? table.UpdateAligned<TOrder>(crc, data) : CrcFoldingEngine.FoldShort<TOrder>(in shortFold, crc, data);
}

/// <summary>The SSE4.2 crc32 instruction, one chain (<see cref="CrcEngineKind.Crc32cSse42"/>, CRC-32C only).</summary>
internal readonly struct CastagnoliKernel : ICrcShortKernel
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong UpdateShort<TOrder>(CrcTableEngine table, in CrcShortFold shortFold, ulong crc, ReadOnlySpan<byte> data)
        where TOrder : struct, ICrcBitOrder => CrcCastagnoliEngine.UpdateShort((uint)crc, data);
}
