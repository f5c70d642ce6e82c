using System.Globalization;

namespace PSSocket.Core.Integrity.Crc;

/// <summary>
/// Codewords: data followed by its CRC, checked against the model's residue. On the wire the CRC
/// follows the data in the order the model shifts bits: least significant bit first when it
/// reflects its output, so as little-endian bytes; most significant first otherwise, big-endian.
/// </summary>
internal static class CrcCodeword
{
    /// <summary>Bytes the CRC takes at the end of a codeword.</summary>
    private static int CrcLength(CrcModel model) => (model.Width + 7) / 8;

    /// <summary>The codeword for <paramref name="data"/>: the data and its CRC in the model's byte order.</summary>
    public static byte[] Build(CrcModel model, ReadOnlySpan<byte> data)
    {
        UInt128 crc = CrcState.Compute(model, data);
        int n = CrcLength(model);
        byte[] codeword = new byte[data.Length + n];
        data.CopyTo(codeword);
        for (int i = 0; i < n; i++)
        {
            int shift = 8 * (model.RefOut ? i : n - 1 - i);
            codeword[data.Length + i] = (byte)(crc >> shift);
        }

        return codeword;
    }

    /// <summary>Splits a codeword and checks it against the residue.</summary>
    /// <exception cref="PSSocketException">CodewordTooShort when it cannot even hold the CRC.</exception>
    public static CrcResidueCheck Check(CrcModel model, ReadOnlySpan<byte> codeword, CrcEngineKind kind = CrcEngineKind.Auto)
    {
        int n = CrcLength(model);
        if (codeword.Length < n)
        {
            throw new PSSocketException("CodewordTooShort", FaultCategory.InvalidData, codeword.ToArray(),
                string.Create(CultureInfo.InvariantCulture, $"A {model.Name} codeword ends with {n} CRC byte(s); {codeword.Length} byte(s) were given."));
        }

        // When the CRC is whole bytes in the order the register reads bits, the codeword is one
        // bit stream and the fast engines can read it straight through.
        if (model.Width % 8 == 0 && model.RefIn == model.RefOut)
        {
            var state = new CrcState(model, kind);
            state.Append(codeword);
            return new CrcResidueCheck(state.Residue, true);
        }

        UInt128 crc = UInt128.Zero;
        ReadOnlySpan<byte> tail = codeword[^n..];
        for (int i = 0; i < n; i++)
        {
            crc |= (UInt128)tail[i] << (8 * (model.RefOut ? i : n - 1 - i));
        }

        return new CrcResidueCheck(RegisterAfter(model, codeword[..^n], crc, kind), crc <= CrcMath.Mask(model.Width));
    }

    /// <summary>
    /// The register, oriented as the residue is, after <paramref name="data"/> and then the
    /// <c>Width</c> bits of <paramref name="crc"/> in transmission order. The data goes through the
    /// chosen engine; the CRC bits are shifted one by one because they need not be whole bytes.
    /// </summary>
    public static UInt128 RegisterAfter(CrcModel model, ReadOnlySpan<byte> data, UInt128 crc, CrcEngineKind kind = CrcEngineKind.Auto)
    {
        var state = new CrcState(model, kind);
        state.Append(data);

        // Shift in the normal (most significant bit first) orientation, whatever the model reflects.
        int w = model.Width;
        UInt128 mask = CrcMath.Mask(w);
        UInt128 register = model.RefOut ? CrcMath.Reflect(state.Residue, w) : state.Residue;
        for (int i = 0; i < w; i++)
        {
            int bit = model.RefOut ? i : w - 1 - i;
            bool feedback = (((register >> (w - 1)) ^ (crc >> bit)) & UInt128.One) != UInt128.Zero;
            register = (register << 1) & mask;
            if (feedback)
            {
                register ^= model.PolynomialValue;
            }
        }

        return model.RefOut ? CrcMath.Reflect(register, w) : register;
    }
}
