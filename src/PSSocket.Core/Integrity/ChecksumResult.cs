using System.Globalization;

namespace PSSocket.Core.Integrity;

/// <summary>A checksum of some data, as Get-Checksum emits it.</summary>
public sealed class ChecksumResult
{
    internal ChecksumResult(ChecksumAlgorithm algorithm, uint value, long length, string source, ushort? sum)
    {
        Algorithm = algorithm;
        Value = value;
        Length = length;
        Source = source;
        Sum = sum;
    }

    public ChecksumAlgorithm Algorithm { get; }

    public uint Value { get; }

    /// <summary>The value in hex, zero-padded to the checksum's width (4 or 8 digits).</summary>
    public string Hex => Value.ToString(Width(Algorithm) == 16 ? "x4" : "x8", CultureInfo.InvariantCulture);

    /// <summary>Bytes summed.</summary>
    public long Length { get; }

    /// <summary>The file the data came from, or "InputObject".</summary>
    public string Source { get; }

    /// <summary>Internet checksum only: the ones' complement sum before it was complemented.</summary>
    public ushort? Sum { get; }

    internal static int Width(ChecksumAlgorithm algorithm) =>
        algorithm is ChecksumAlgorithm.Internet or ChecksumAlgorithm.Fletcher16 ? 16 : 32;

    public override string ToString() => "0x" + Hex;
}
