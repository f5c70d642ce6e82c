using System.Globalization;

namespace PSSocket.Core.Integrity;

/// <summary>The course's CRC long division on strings of 0 and 1.</summary>
internal static class CrcLongDivision
{
    /// <summary>Divides <paramref name="bits"/> followed by zeros by <paramref name="divisor"/>.</summary>
    /// <exception cref="PSSocketException">InvalidBitString (empty, or a character other than 0 and 1); InvalidDivisor (shorter than 2 bits or no leading 1).</exception>
    public static CrcDivisionResult Divide(string bits, string divisor)
    {
        ArgumentNullException.ThrowIfNull(bits);
        ArgumentNullException.ThrowIfNull(divisor);
        Validate(bits, "InvalidBitString", "The message");
        Validate(divisor, "InvalidDivisor", "The divisor");
        if (divisor.Length < 2 || divisor[0] != '1')
        {
            throw new PSSocketException("InvalidDivisor", FaultCategory.InvalidArgument, divisor,
                $"The divisor '{divisor}' must start with 1 and have at least 2 bits: it is a generator polynomial of degree 1 or more.");
        }

        int degree = divisor.Length - 1;
        char[] work = (bits + new string('0', degree)).ToCharArray();
        var steps = new List<CrcDivisionStep>();
        for (int i = 0; i < bits.Length; i++)
        {
            if (work[i] != '1')
            {
                continue;
            }

            string window = new(work, i, divisor.Length);
            for (int j = 0; j < divisor.Length; j++)
            {
                work[i + j] = work[i + j] == divisor[j] ? '0' : '1';
            }

            steps.Add(new CrcDivisionStep(steps.Count + 1, i, window, divisor, new string(work, i, divisor.Length), new string(work)));
        }

        return new CrcDivisionResult(bits, divisor, new string(work, bits.Length, degree), steps);
    }

    private static void Validate(string text, string errorId, string what)
    {
        if (text.Length == 0)
        {
            throw new PSSocketException(errorId, FaultCategory.InvalidArgument, text, $"{what} is empty: give a string of 0 and 1.");
        }

        int bad = text.AsSpan().IndexOfAnyExcept('0', '1');
        if (bad >= 0)
        {
            throw new PSSocketException(errorId, FaultCategory.InvalidArgument, text,
                string.Create(CultureInfo.InvariantCulture, $"{what} '{text}' has '{text[bad]}' at position {bad}; only 0 and 1 are bits."));
        }
    }
}
