namespace PSSocket.Core.Integrity;

/// <summary>A codeword (data bits followed by one parity bit) checked for even or odd parity.</summary>
public sealed class ParityTestResult
{
    internal ParityTestResult(string codeword, ParityType parity, int ones, bool valid)
    {
        Codeword = codeword;
        Parity = parity;
        Ones = ones;
        Valid = valid;
    }

    public string Codeword { get; }

    /// <summary>The data bits: the codeword without its last (parity) bit.</summary>
    public string Data => Codeword[..^1];

    public int ParityBit => Codeword[^1] - '0';

    public ParityType Parity { get; }

    /// <summary>How many bits of the whole codeword are 1.</summary>
    public int Ones { get; }

    /// <summary>True when the count of 1s matches the parity; a single flipped bit makes it false.</summary>
    public bool Valid { get; }
}
