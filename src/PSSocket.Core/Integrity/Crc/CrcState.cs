using System.Runtime.CompilerServices;

namespace PSSocket.Core.Integrity.Crc;

/// <summary>
/// An incremental CRC: <see cref="Append"/> chunks in order, read <see cref="Value"/> at any time.
/// Any split of the input gives the value of the whole.
/// </summary>
internal sealed class CrcState
{
    private readonly CrcEngine _engine;
    private UInt128 _register;

    public CrcState(CrcModel model, CrcEngineKind kind = CrcEngineKind.Auto)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        _engine = model.Engine(kind);
        Reset();
    }

    public CrcModel Model { get; }

    public CrcEngineKind Engine => _engine.Kind;

    /// <summary>The CRC of everything appended so far: output reflection and final XOR applied.</summary>
    public UInt128 Value => Finish(Model, _register);

    /// <summary>The register after a codeword in RevEng's residue orientation (reflected when RefOut), without the final XOR.</summary>
    public UInt128 Residue => Orient(Model, _register);

    public void Reset()
    {
        _register = Model.InitialRegister;
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        _register = _engine.Update(_register, data);
    }

    /// <summary>The CRC of <paramref name="data"/> in one call.</summary>
    // No state object: for a packet-sized input the allocation would cost as much as the CRC.
    // Auto up to width 64 takes the model's one-shot path, built for packet-sized calls. Inlined into
    // each caller, so the runtime's guess of the one-shot class behind the virtual call is made per
    // call site: made once here for every model, it inlined one class's kernels into this method and
    // the other classes paid for that frame (seven saved registers) before their own call.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt128 Compute(CrcModel model, ReadOnlySpan<byte> data, CrcEngineKind kind = CrcEngineKind.Auto)
    {
        ArgumentNullException.ThrowIfNull(model);
        return kind == CrcEngineKind.Auto && model.Width <= 64 ? model.OneShot.Compute(data) : ComputeWith(model, data, kind);
    }

    private static UInt128 ComputeWith(CrcModel model, ReadOnlySpan<byte> data, CrcEngineKind kind) =>
        Finish(model, model.Engine(kind).Update(model.InitialRegister, data));

    private static UInt128 Finish(CrcModel model, UInt128 register) => Orient(model, register) ^ model.XorOutValue;

    // The register holds the remainder bit-reversed when the input is reflected; RefOut asks for it reversed.
    private static UInt128 Orient(CrcModel model, UInt128 register) =>
        model.RefIn == model.RefOut ? register : CrcMath.Reflect(register, model.Width);
}
