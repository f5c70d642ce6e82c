namespace PSSocket.Core.Integrity.Crc;

/// <summary>The ways a CRC can be computed. All give the same value; they differ in speed and in what they need.</summary>
internal enum CrcEngineKind
{
    /// <summary>The fastest engine this CPU and width allow, per input length, as measured on first use (<see cref="CrcCalibration"/>).</summary>
    Auto,

    /// <summary>One bit at a time: any width 1-128, the reference the others are tested against.</summary>
    Bitwise,

    /// <summary>Slicing-by-8 tables: widths up to 64, any CPU.</summary>
    Table,

    /// <summary>Carry-less folding with a portable multiply: the scalar twin of the PCLMULQDQ kernel.</summary>
    FoldSoftware,

    /// <summary>Carry-less folding with 128-bit PCLMULQDQ (x86-64 with SSSE3 and PCLMULQDQ).</summary>
    FoldPclmul,

    /// <summary>Carry-less folding of 256-bit registers with VPCLMULQDQ and AVX2 (needs .NET 9 or later).</summary>
    FoldVpclmul256,

    /// <summary>Carry-less folding of 512-bit registers with VPCLMULQDQ and AVX-512 (needs .NET 9 or later).</summary>
    FoldVpclmul512,

    /// <summary>CRC-32C only: three interleaved SSE4.2 crc32 streams (x86-64 with SSE4.2).</summary>
    Crc32cSse42,
}
