namespace PSSocket.Core.Integrity;

/// <summary>
/// Fletcher-16, Fletcher-32 and Adler-32 steps. The modulo is deferred over the longest run whose
/// sums cannot overflow 32 bits, which is what makes these fast without vector code.
/// </summary>
internal static class Fletcher
{
    // Largest n with 255 * n * (n + 1) / 2 + (n + 1) * 254 < 2^32 (bytes, modulo 255).
    private const int Fletcher16Run = 5802;

    // Largest n with 65535 * n * (n + 1) / 2 + (n + 1) * 65534 < 2^32 (16-bit words, modulo 65535).
    private const int Fletcher32Run = 359;

    // zlib's NMAX: largest n with 255 * n * (n + 1) / 2 + (n + 1) * 65520 < 2^32.
    private const int AdlerRun = 5552;

    private const uint AdlerModulus = 65521;

    public static void Fletcher16(ReadOnlySpan<byte> data, ref uint sum1, ref uint sum2)
    {
        while (!data.IsEmpty)
        {
            int n = Math.Min(data.Length, Fletcher16Run);
            foreach (byte b in data[..n])
            {
                sum1 += b;
                sum2 += sum1;
            }

            sum1 %= 255;
            sum2 %= 255;
            data = data[n..];
        }
    }

    /// <summary>Whole little-endian 16-bit words only; the caller pads an odd last byte.</summary>
    public static void Fletcher32(ReadOnlySpan<byte> data, ref uint sum1, ref uint sum2)
    {
        while (data.Length >= 2)
        {
            int n = Math.Min(data.Length / 2, Fletcher32Run);
            for (int i = 0; i < n; i++)
            {
                sum1 += (uint)(data[2 * i] | (data[(2 * i) + 1] << 8));
                sum2 += sum1;
            }

            sum1 %= 65535;
            sum2 %= 65535;
            data = data[(2 * n)..];
        }
    }

    public static void Adler32(ReadOnlySpan<byte> data, ref uint a, ref uint b)
    {
        while (!data.IsEmpty)
        {
            int n = Math.Min(data.Length, AdlerRun);
            foreach (byte x in data[..n])
            {
                a += x;
                b += a;
            }

            a %= AdlerModulus;
            b %= AdlerModulus;
            data = data[n..];
        }
    }
}
