namespace PSSocket.Core.Integrity.Crc;

/// <summary>
/// One way of running a model's shift register over bytes. The register travels between calls in
/// a canonical form (the low <c>Width</c> bits, bit-reversed when the model reflects its input), so
/// a computation may switch engines between chunks and chunked input gives the one-shot value.
/// </summary>
internal abstract class CrcEngine
{
    protected CrcEngine(CrcModel model) => Model = model;

    public CrcModel Model { get; }

    public abstract CrcEngineKind Kind { get; }

    /// <summary>The register after <paramref name="data"/> has been shifted through it.</summary>
    public abstract UInt128 Update(UInt128 register, ReadOnlySpan<byte> data);

    /// <summary>Whether <paramref name="kind"/> can run <paramref name="model"/> on this CPU.</summary>
    public static bool IsSupported(CrcEngineKind kind, CrcModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return kind switch
        {
            CrcEngineKind.Auto or CrcEngineKind.Bitwise => true,
            CrcEngineKind.Table or CrcEngineKind.FoldSoftware => model.Width <= 64,
            CrcEngineKind.FoldPclmul => model.Width <= 64 && CrcFoldingEngine.PclmulSupported,
            CrcEngineKind.FoldVpclmul256 => model.Width <= 64 && CrcFoldingEngine.Vpclmul256Supported,
            CrcEngineKind.FoldVpclmul512 => model.Width <= 64 && CrcFoldingEngine.Vpclmul512Supported,
            CrcEngineKind.Crc32cSse42 => CrcCastagnoliEngine.Fits(model) && CrcCastagnoliEngine.Supported,
            _ => false,
        };
    }

    /// <summary>Builds the engine; <see cref="CrcEngineKind.Auto"/> picks the fastest supported one per input length, as measured.</summary>
    /// <exception cref="PSSocketException">CrcEngineNotSupported when the CPU or the width rules the kind out.</exception>
    public static CrcEngine Create(CrcModel model, CrcEngineKind kind)
    {
        if (kind == CrcEngineKind.Auto)
        {
            if (model.Width <= 64)
            {
                return new CrcAutoEngine(model, CrcCalibration.PlanFor(model));
            }

            kind = CrcEngineKind.Bitwise;
        }

        if (!IsSupported(kind, model))
        {
            throw new PSSocketException("CrcEngineNotSupported", FaultCategory.NotImplemented, kind,
                $"The {kind} CRC engine cannot run {model.Name} (width {model.Width}) on this machine.");
        }

        return kind switch
        {
            CrcEngineKind.Bitwise => new CrcBitwiseEngine(model),
            CrcEngineKind.Table => model.TableEngine,
            CrcEngineKind.Crc32cSse42 => new CrcCastagnoliEngine(model),
            _ => new CrcFoldingEngine(model, model.TableEngine, kind),
        };
    }
}
