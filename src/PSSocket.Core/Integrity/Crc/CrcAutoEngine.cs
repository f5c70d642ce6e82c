using System.Runtime.CompilerServices;

namespace PSSocket.Core.Integrity.Crc;

/// <summary>
/// <see cref="CrcEngineKind.Auto"/> for widths up to 64: by input length, the engine this machine
/// measured fastest for that length (<see cref="CrcCalibration"/>). Every engine carries the
/// register in the same canonical form, so one computation may use different engines per chunk.
/// One-shot calls reach it only from <see cref="CrcCalibration.MediumFrom"/> bytes on: shorter ones
/// take <see cref="CrcOneShot"/>, which also says why nothing is delegated to System.IO.Hashing.
/// </summary>
internal sealed class CrcAutoEngine : CrcEngine
{
    private readonly CrcEngine _tiny;
    private readonly CrcEngine _small;
    private readonly CrcEngine _medium;
    private readonly CrcEngine _large;

    public CrcAutoEngine(CrcModel model, CrcEnginePlan plan)
        : base(model)
    {
        Plan = plan;
        _tiny = model.Engine(plan.Tiny);
        _small = model.Engine(plan.Small);
        _medium = model.Engine(plan.Medium);
        _large = model.Engine(plan.Large);
    }

    public CrcEnginePlan Plan { get; }

    /// <summary>The engine of long inputs, the one that sets the throughput.</summary>
    public override CrcEngineKind Kind => _large.Kind;

    public override UInt128 Update(UInt128 register, ReadOnlySpan<byte> data) => EngineFor(data.Length).Update(register, data);

    /// <summary>The engine that runs an input of <paramref name="length"/> bytes; every engine gives the same register, so the tests ask this.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal CrcEngine EngineFor(int length) =>
        length < CrcCalibration.SmallFrom ? _tiny : length < CrcCalibration.MediumFrom ? _small : length < CrcCalibration.LargeFrom ? _medium : _large;
}
