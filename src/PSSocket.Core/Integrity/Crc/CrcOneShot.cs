namespace PSSocket.Core.Integrity.Crc;

/// <summary>
/// One-shot CRCs of one model up to width 64 with <see cref="CrcEngineKind.Auto"/>, built once per
/// model. For a packet (under <see cref="CrcCalibration.MediumFrom"/> bytes) the per-call work
/// around the kernel cost as much as the kernel itself: two virtual calls (Auto, then its engine),
/// the register converted from and to its 128-bit canonical form, and the output reflection and
/// final XOR done in 128 bits. Here the short kernel the calibration chose for the model's family is
/// called directly on the aligned 64-bit register, from a precomputed initial register to a
/// finishing step in 64 bits. Longer inputs, where that work is noise, go through the Auto engine.
/// <para>
/// Nothing is delegated to System.IO.Hashing 11. `peers crc system` (30 Nov 2026, one run) measured
/// this path at 1.4-2.0x its speed from 1500 bytes to 16 MiB, 0.94-1.07x at 64 bytes and 0.55-0.85x
/// at 20 bytes (8.9-10.6 ns against 4.9-8.4 ns per call), so it is faster only for calls of a few
/// nanoseconds; a delegating call would add our dispatch to its time there, and the package would be
/// a second assembly in the module's net10.0 folder for PowerShell to resolve beside whatever version
/// another module loads. On net8.0 (PowerShell 7.4 and 7.5) only its netstandard2.0 build resolves,
/// outside the frameworks it supports (its build warns so) and without vector code: measured 20-30x
/// slower than ours from 64 bytes on.
/// </para>
/// </summary>
internal abstract class CrcOneShot
{
    protected CrcOneShot(CrcModel model, CrcEngineKind small)
    {
        Model = model;
        Small = small;
    }

    public CrcModel Model { get; }

    /// <summary>The engine that runs inputs under <see cref="CrcCalibration.MediumFrom"/> bytes, as calibrated for the model's family.</summary>
    public CrcEngineKind Small { get; }

    // One class per bit order: a shared body that branched on the order was compiled, with the
    // profile of whichever model ran first, measurably slower for the other order (6.3 against
    // 5.0 ns at 16 bytes, the same code measured both ways round).
    public static CrcOneShot Create(CrcModel model) => Create(model, CrcCalibration.PlanFor(model).Small);

    /// <summary>The path with <paramref name="small"/> for short inputs instead of the calibrated engine; the tests run every one.</summary>
    public static CrcOneShot Create(CrcModel model, CrcEngineKind small) =>
        model.RefIn ? new CrcOneShot<ReflectedBitOrder>(model, small) : new CrcOneShot<ForwardBitOrder>(model, small);

    /// <summary>The CRC of <paramref name="data"/>: output reflection and final XOR applied.</summary>
    public abstract ulong Compute(ReadOnlySpan<byte> data);
}

/// <summary>The one-shot path of the models of one bit order.</summary>
internal sealed class CrcOneShot<TOrder> : CrcOneShot
    where TOrder : struct, ICrcBitOrder
{
    private readonly CrcEngine _auto;
    private readonly CrcTableEngine _table;
    private readonly CrcFoldingEngine? _fold;
    private readonly bool _castagnoli;
    private readonly UInt128 _initialRegister;
    private readonly ulong _initial;
    private readonly ulong _xorOut;
    private readonly int _shift;
    private readonly bool _reflectOut;

    public CrcOneShot(CrcModel model, CrcEngineKind small)
        : base(model, small)
    {
        _auto = model.Engine(CrcEngineKind.Auto);
        _table = model.TableEngine;
        _shift = 64 - model.Width;
        _initialRegister = model.InitialRegister;
        _initial = _table.ToAligned(model.InitialRegister);
        _xorOut = (ulong)model.XorOutValue;
        _reflectOut = model.RefIn != model.RefOut;

        // The calibration's choice for the short class, held as the concrete engine so the call is direct.
        switch (model.Engine(small))
        {
            case CrcFoldingEngine fold:
                _fold = fold;
                break;
            case CrcCastagnoliEngine:
                _castagnoli = true;
                break;
        }
    }

    public override ulong Compute(ReadOnlySpan<byte> data)
    {
        ulong register;
        if (data.Length >= CrcCalibration.MediumFrom)
        {
            register = (ulong)_auto.Update(_initialRegister, data);
        }
        else
        {
            ulong aligned = _fold is not null
                ? (data.Length < CrcFoldingEngine.MinimumLength ? _fold.UpdateShort<TOrder>(_initial, data) : _fold.UpdateAligned(_initial, data))
                : _castagnoli ? CrcCastagnoliEngine.UpdateShort((uint)_initial, data)
                : _table.UpdateAligned(_initial, data);
            register = TOrder.Reflected ? aligned : aligned >> _shift;
        }

        // The register holds the remainder bit-reversed when the input is reflected; RefOut asks for it reversed.
        return (_reflectOut ? CrcMath.Reflect64(register, 64 - _shift) : register) ^ _xorOut;
    }
}
