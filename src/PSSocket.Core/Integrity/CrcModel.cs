using System.Globalization;
using System.Runtime.CompilerServices;
using PSSocket.Core.Integrity.Crc;

namespace PSSocket.Core.Integrity;

/// <summary>
/// A CRC algorithm in the Rocksoft/RevEng parameter model. The parameters are shown as hex text
/// because one catalogue model (CRC-82/DARC) is wider than any PowerShell integer type.
/// </summary>
public sealed class CrcModel
{
    private readonly CrcEngine?[] _engines = new CrcEngine?[Enum.GetValues<CrcEngineKind>().Length];
    private CrcTableEngine? _table;
    private CrcOneShot? _oneShot;

    internal CrcModel(string name, int width, UInt128 poly, UInt128 init, bool refIn, bool refOut, UInt128 xorOut,
        UInt128 check, UInt128 residue, bool isCatalogued, IReadOnlyList<string> aliases)
    {
        Name = name;
        Width = width;
        PolynomialValue = poly;
        InitValue = init;
        RefIn = refIn;
        RefOut = refOut;
        XorOutValue = xorOut;
        CheckValue = check;
        ResidueValue = residue;
        IsCatalogued = isCatalogued;
        Aliases = aliases;
        InitialRegister = refIn ? CrcMath.Reflect(init, width) : init;
    }

    public string Name { get; }

    /// <summary>Other names the catalogue (or common use) gives this model.</summary>
    public IReadOnlyList<string> Aliases { get; }

    public int Width { get; }

    /// <summary>The generator without its x^Width term, as hex.</summary>
    public string Polynomial => ToHex(PolynomialValue);

    public string Init => ToHex(InitValue);

    public bool RefIn { get; }

    public bool RefOut { get; }

    public string XorOut => ToHex(XorOutValue);

    /// <summary>The CRC of the ASCII text "123456789".</summary>
    public string Check => ToHex(CheckValue);

    /// <summary>The register after an error-free codeword, before the final XOR (RevEng's definition).</summary>
    public string Residue => ToHex(ResidueValue);

    /// <summary>True for models of the RevEng catalogue, false for custom parameters.</summary>
    public bool IsCatalogued { get; }

    internal UInt128 PolynomialValue { get; }

    internal UInt128 InitValue { get; }

    internal UInt128 XorOutValue { get; }

    internal UInt128 CheckValue { get; }

    internal UInt128 ResidueValue { get; }

    /// <summary>Init as the engines hold the register: bit-reversed when the input is reflected.</summary>
    internal UInt128 InitialRegister { get; }

    /// <summary>The slicing tables, built on first use and shared by every computation of this model.</summary>
    internal CrcTableEngine TableEngine => LazyInitializer.EnsureInitialized(ref _table, () => new CrcTableEngine(this));

    /// <summary>Auto's one-shot path for widths up to 64, built on first use (it measures the family's plan).</summary>
    // Read without the lambda when built, as Engine is: this is on every one-shot call.
    // Stryker disable once NullCoalescing : BuildOneShot returns the instance already built; the left side only skips the call.
    internal CrcOneShot OneShot => _oneShot ?? BuildOneShot();

    /// <summary>The engine of that kind for this model, built once (folding constants and tables are per model).</summary>
    /// <exception cref="PSSocketException">CrcEngineNotSupported when the CPU or the width rules the kind out.</exception>
    // The built engine is read without the lambda, whose closure would be allocated on every call, and
    // by value: a ref to an element of an array of a non-sealed class costs a type check.
    // Stryker disable once NullCoalescing : BuildEngine returns the engine already built; the left side only skips the call.
    internal CrcEngine Engine(CrcEngineKind kind) => _engines[(int)kind] ?? BuildEngine(kind);

    // Out of line, so the callers' hot path holds no closure or lazy-initialization code.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private CrcOneShot BuildOneShot() => LazyInitializer.EnsureInitialized(ref _oneShot, () => CrcOneShot.Create(this));

    private CrcEngine BuildEngine(CrcEngineKind kind) =>
        LazyInitializer.EnsureInitialized(ref _engines[(int)kind], () => CrcEngine.Create(this, kind));

    /// <summary>Zero-padded hex digits of a value of this width, without a prefix.</summary>
    internal string FormatValue(UInt128 value) => value.ToString("X" + ((Width + 3) / 4).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public override string ToString() => Name;

    private string ToHex(UInt128 value) => "0x" + FormatValue(value);
}
