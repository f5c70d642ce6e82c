namespace PSSocket.Core.Integrity;

/// <summary>
/// One step of the Internet checksum worked by hand: a 16-bit word added to the running sum
/// (with its end-around carry), or the final complement.
/// </summary>
public sealed class ChecksumTraceStep
{
    internal ChecksumTraceStep(int step, string action, int offset, ushort word, ushort sumBefore, uint rawSum, bool carry, ushort sum, string note)
    {
        Step = step;
        Action = action;
        Offset = offset;
        Word = word;
        SumBefore = sumBefore;
        RawSum = rawSum;
        Carry = carry;
        Sum = sum;
        Note = note;
    }

    public int Step { get; }

    /// <summary>Add, or Complement for the last step.</summary>
    public string Action { get; }

    /// <summary>Byte offset of the word in the data (-1 for the complement step).</summary>
    public int Offset { get; }

    public ushort Word { get; }

    public ushort SumBefore { get; }

    /// <summary>SumBefore + Word before the carry is wrapped: up to 17 bits.</summary>
    public uint RawSum { get; }

    /// <summary>True when the addition overflowed 16 bits and the carry was added back in.</summary>
    public bool Carry { get; }

    /// <summary>The running sum after this step; for Complement, the complemented value.</summary>
    public ushort Sum { get; }

    public string Note { get; }
}
