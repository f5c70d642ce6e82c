using System.Numerics;

namespace PSSocket.Core.Integrity;

/// <summary>The CRC of one input under one model.</summary>
public sealed class CrcResult
{
    internal CrcResult(CrcModel model, UInt128 value, long length, string source)
    {
        Model = model.Name;
        Width = model.Width;
        Value = model.Width <= 64 ? (object)(ulong)value : (BigInteger)value;
        Hex = model.FormatValue(value);
        Length = length;
        Source = source;
    }

    /// <summary>The model's catalogue name (CRC-n/CUSTOM for custom parameters).</summary>
    public string Model { get; }

    public int Width { get; }

    /// <summary>
    /// The CRC as a number: UInt64 for widths up to 64, which PowerShell compares and formats
    /// natively; System.Numerics.BigInteger for wider models (CRC-82/DARC), the one wider integer
    /// type PowerShell's arithmetic and comparisons understand.
    /// </summary>
    public object Value { get; }

    /// <summary>The CRC as upper-case hex digits, zero-padded to the width.</summary>
    public string Hex { get; }

    /// <summary>Bytes the CRC covers.</summary>
    public long Length { get; }

    /// <summary>The file path, or 'InputObject' for bytes and text.</summary>
    public string Source { get; }
}
