using System.Numerics;

namespace PSSocket.Core.Integrity;

/// <summary>Entry points of Get-Parity and Test-Parity.</summary>
internal static class Parity
{
    /// <exception cref="PSSocketException">InvalidBitString.</exception>
    public static ParityResult OfBits(string bits)
    {
        string data = BitString.Normalize(bits);
        return new ParityResult(data, Ones(data), null);
    }

    public static ParityResult OfByte(byte value) => new(BitString.Of(value), BitOperations.PopCount(value), value);

    /// <exception cref="PSSocketException">InvalidBitString; CodewordTooShort when there is no data bit before the parity bit.</exception>
    public static ParityTestResult Test(string codeword, ParityType parity)
    {
        string bits = BitString.Normalize(codeword);
        if (bits.Length < 2)
        {
            throw new PSSocketException("CodewordTooShort", FaultCategory.InvalidArgument, codeword,
                "A codeword needs at least one data bit followed by the parity bit.");
        }

        int ones = Ones(bits);
        bool valid = parity == ParityType.Even ? ones % 2 == 0 : ones % 2 == 1;
        return new ParityTestResult(bits, parity, ones, valid);
    }

    private static int Ones(string bits) => bits.Count(c => c == '1');
}
