namespace PSSocket.Core.Integrity;

/// <summary>
/// The parity bits of some data and the codewords they make (data followed by the bit), as
/// Get-Parity emits them: one row of the course's parity table.
/// </summary>
public sealed class ParityResult
{
    internal ParityResult(string data, int ones, byte? value)
    {
        Data = data;
        Ones = ones;
        Value = value;
        EvenBit = ones % 2;
        OddBit = 1 - EvenBit;
    }

    /// <summary>The data bits, most significant first.</summary>
    public string Data { get; }

    /// <summary>The byte the bits came from, when the input was bytes.</summary>
    public byte? Value { get; }

    /// <summary>How many data bits are 1.</summary>
    public int Ones { get; }

    public int EvenBit { get; }

    public string EvenCodeword => Data + EvenBit;

    public int OddBit { get; }

    public string OddCodeword => Data + OddBit;
}
