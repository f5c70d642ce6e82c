namespace PSSocket.Core.Integrity.Crc;

/// <summary>
/// <see cref="CrcEngineKind.Auto"/> for widths up to 64: by input length, the engine this machine
/// measured fastest for that length (<see cref="CrcCalibration"/>). Every engine carries the
/// register in the same canonical form, so one computation may use different engines per chunk.
/// <para>
/// Nothing is delegated to System.IO.Hashing 11, though it has vectorized CRC-32/CRC-64 with any
/// parameters: `peers crc system` (29 Nov 2026, shared 2-core machine) measured ours at 1.9-2.0x its
/// speed at 64 KiB and 1.4-2.0x at 16 MiB, 1.05-1.6x at 1500 B, equal on CRC-32C at 20-64 B, and
/// 0.7-0.9x (about 14-16 ns against 11-13 ns per call) for CRC-32 and the CRC-64s at 20-64 B.
/// It serves only widths 32 and 64, it ships for .NET 10 only (PowerShell 7.4 and 7.5 load our
/// net8.0 build), and it would be a second assembly for PowerShell to resolve, for a few ns per packet.
/// </para>
/// </summary>
internal sealed class CrcAutoEngine : CrcEngine
{
    private readonly CrcEngine _small;
    private readonly CrcEngine _medium;
    private readonly CrcEngine _large;

    public CrcAutoEngine(CrcModel model, CrcEnginePlan plan)
        : base(model)
    {
        Plan = plan;
        _small = model.Engine(plan.Small);
        _medium = model.Engine(plan.Medium);
        _large = model.Engine(plan.Large);
    }

    public CrcEnginePlan Plan { get; }

    /// <summary>The engine of long inputs, the one that sets the throughput.</summary>
    public override CrcEngineKind Kind => _large.Kind;

    public override UInt128 Update(UInt128 register, ReadOnlySpan<byte> data) =>
        (data.Length < CrcCalibration.MediumFrom ? _small : data.Length < CrcCalibration.LargeFrom ? _medium : _large).Update(register, data);
}
