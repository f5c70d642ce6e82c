using PSSocket.Core.Integrity.Crc;

namespace PSSocket.Core.Integrity;

/// <summary>Names the CRC models that produce given (data, CRC) samples.</summary>
internal static class CrcModelSearch
{
    /// <summary>Widths whose every polynomial can be tried quickly (2^16 × 4 short runs, well under a second).</summary>
    public const int MaxCustomWidth = 16;

    /// <summary>
    /// The catalogue models (of <paramref name="width"/> when given) every sample agrees with and,
    /// with <paramref name="searchCustom"/>, custom models of that width: every polynomial, reflected
    /// or not, init all zeros or all ones, and the final XOR the first sample implies (all zeros or
    /// all ones with one sample, since one sample fits any polynomial with some XOR).
    /// </summary>
    /// <exception cref="PSSocketException">NoCrcSample without samples; InvalidCrcWidth for a custom search without a width of 1-16.</exception>
    public static IReadOnlyList<CrcModel> Find(IReadOnlyList<(byte[] Data, UInt128 Crc)> samples, int? width, bool searchCustom = false)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            throw new PSSocketException("NoCrcSample", FaultCategory.InvalidArgument, null, "Give at least one (data, CRC) sample.");
        }

        var found = CrcCatalogue.Models
            .Where(m => width is null || m.Width == width)
            .Where(m => samples.All(s => CrcState.Compute(m, s.Data) == s.Crc))
            .ToList();
        if (searchCustom)
        {
            if (width is not (>= 1 and <= MaxCustomWidth))
            {
                throw new PSSocketException("InvalidCrcWidth", FaultCategory.InvalidArgument, width,
                    $"A custom search tries every polynomial of one width, so it needs a width from 1 to {MaxCustomWidth}.");
            }

            foreach (var model in SearchCustom(samples, width.Value))
            {
                if (!found.Contains(model))
                {
                    found.Add(model);
                }
            }
        }

        return found;
    }

    private static IEnumerable<CrcModel> SearchCustom(IReadOnlyList<(byte[] Data, UInt128 Crc)> samples, int width)
    {
        ulong mask = CrcMath.Mask64(width);
        // Stryker disable once Linq : with All, a sample wider than the width still matches nothing below (no XorOut within the width makes it).
        if (samples.Any(s => s.Crc > mask))
        {
            yield break;
        }

        for (ulong poly = 0; poly <= mask; poly++)
        {
            foreach (bool reflected in new[] { false, true })
            {
                foreach (ulong init in new[] { 0UL, mask })
                {
                    ulong xorOut = Raw(samples[0].Data, poly, width, reflected, init) ^ (ulong)samples[0].Crc;
                    if (samples.Count == 1 && xorOut != 0 && xorOut != mask)
                    {
                        continue;
                    }

                    bool all = true;
                    for (int i = 1; i < samples.Count && all; i++)
                    {
                        all = (Raw(samples[i].Data, poly, width, reflected, init) ^ xorOut) == (ulong)samples[i].Crc;
                    }

                    if (all)
                    {
                        yield return CrcCatalogue.Custom(width, poly, init, reflected, reflected, xorOut);
                    }
                }
            }
        }
    }

    // The CRC before the final XOR, bit by bit; init is 0 or all ones, which reflect to themselves.
    private static ulong Raw(byte[] data, ulong poly, int width, bool reflected, ulong init)
    {
        ulong top = 1UL << (width - 1);
        ulong mask = CrcMath.Mask64(width);
        // Stryker disable once Conditional : the reflected polynomial is read only when the model reflects.
        ulong reflectedPoly = reflected ? CrcMath.Reflect64(poly, width) : 0;
        ulong register = init;
        foreach (byte b in data)
        {
            for (int i = 0; i < 8; i++)
            {
                if (reflected)
                {
                    bool feedback = ((register ^ (ulong)(b >> i)) & 1) != 0;
                    register = feedback ? (register >> 1) ^ reflectedPoly : register >> 1;
                }
                else
                {
                    bool feedback = ((register & top) != 0) ^ (((b >> (7 - i)) & 1) != 0);
                    register = feedback ? ((register << 1) & mask) ^ poly : (register << 1) & mask;
                }
            }
        }

        return register;
    }
}
