namespace PSSocket.Core.Integrity;

/// <summary>
/// A CRC by long division over bit strings, as taught: the message padded with one zero per
/// divisor bit less one, divided by XOR; the remainder is the CRC and the codeword is the message
/// followed by it.
/// </summary>
public sealed class CrcDivisionResult
{
    internal CrcDivisionResult(string bits, string divisor, string remainder, IReadOnlyList<CrcDivisionStep> steps)
    {
        Bits = bits;
        Divisor = divisor;
        Remainder = remainder;
        Steps = steps;
    }

    /// <summary>The message bits.</summary>
    public string Bits { get; }

    /// <summary>The generator polynomial as bits, leading 1 first.</summary>
    public string Divisor { get; }

    /// <summary>The CRC: as many bits as the divisor's degree.</summary>
    public string Remainder { get; }

    /// <summary>The message followed by the remainder: what is transmitted.</summary>
    public string Codeword => Bits + Remainder;

    /// <summary>Every XOR of the division, in order.</summary>
    public IReadOnlyList<CrcDivisionStep> Steps { get; }
}
