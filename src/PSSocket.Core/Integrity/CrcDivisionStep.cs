namespace PSSocket.Core.Integrity;

/// <summary>One XOR of the course's CRC long division: the divisor under the window that starts with a 1.</summary>
public sealed class CrcDivisionStep
{
    internal CrcDivisionStep(int step, int position, string window, string divisor, string result, string dividend)
    {
        Step = step;
        Position = position;
        Window = window;
        Divisor = divisor;
        Result = result;
        Dividend = dividend;
    }

    /// <summary>1 for the first XOR.</summary>
    public int Step { get; }

    /// <summary>Where the divisor's leading 1 sits, counted from 0 at the left of the padded dividend.</summary>
    public int Position { get; }

    /// <summary>The dividend bits under the divisor before the XOR.</summary>
    public string Window { get; }

    public string Divisor { get; }

    /// <summary>The window after the XOR; its leading bit is always 0.</summary>
    public string Result { get; }

    /// <summary>The whole working dividend after this step (message bits then the zero padding).</summary>
    public string Dividend { get; }
}
