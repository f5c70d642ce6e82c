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
    public UInt128 Value => Finish(_register);

    /// <summary>The register after a codeword in RevEng's residue orientation (reflected when RefOut), without the final XOR.</summary>
    public UInt128 Residue => Orient(_register);

    public void Reset()
    {
        _register = Model.InitialRegister;
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        _register = _engine.Update(_register, data);
    }

    /// <summary>The CRC of <paramref name="data"/> in one call.</summary>
    public static UInt128 Compute(CrcModel model, ReadOnlySpan<byte> data, CrcEngineKind kind = CrcEngineKind.Auto)
    {
        var state = new CrcState(model, kind);
        state.Append(data);
        return state.Value;
    }

    private UInt128 Finish(UInt128 register) => Orient(register) ^ Model.XorOutValue;

    // The register holds the remainder bit-reversed when the input is reflected; RefOut asks for it reversed.
    private UInt128 Orient(UInt128 register) =>
        Model.RefIn == Model.RefOut ? register : CrcMath.Reflect(register, Model.Width);
}
