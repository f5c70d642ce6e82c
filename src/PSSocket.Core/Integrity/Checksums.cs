using System.Globalization;
using PSSocket.Core.Files;
using PSSocket.Core.Parsing;

namespace PSSocket.Core.Integrity;

/// <summary>Entry points of Get-Checksum and Test-Checksum.</summary>
internal static class Checksums
{
    public const string InputObjectSource = "InputObject";

    public static ChecksumResult Compute(ReadOnlySpan<byte> data, ChecksumAlgorithm algorithm, string source = InputObjectSource)
    {
        var calculator = new ChecksumCalculator(algorithm);
        calculator.Append(data);
        return Result(calculator, source);
    }

    /// <summary>Streams a file in blocks: constant memory for any size.</summary>
    /// <exception cref="PSSocketException">See <see cref="FileBlocks.Read"/>.</exception>
    public static ChecksumResult ComputeFile(string path, ChecksumAlgorithm algorithm, Action<long, long>? progress = null, CancellationToken cancellationToken = default)
    {
        var calculator = new ChecksumCalculator(algorithm);
        FileBlocks.Read(path, calculator.Append, progress, cancellationToken);
        return Result(calculator, path);
    }

    /// <summary>
    /// Verifies data. With <paramref name="expected"/>, compares the computed checksum with it.
    /// Without (Internet checksum only), the data includes its checksum: its ones' complement sum
    /// must be 0xFFFF, so that the complement is 0.
    /// </summary>
    public static ChecksumTestResult Test(ChecksumResult computed, uint? expected)
    {
        ArgumentNullException.ThrowIfNull(computed);
        if (expected is uint want)
        {
            bool same = computed.Value == want;
            string reason = same
                ? string.Create(CultureInfo.InvariantCulture, $"The computed checksum 0x{computed.Hex} equals the expected value.")
                : string.Create(CultureInfo.InvariantCulture, $"The computed checksum 0x{computed.Hex} differs from the expected 0x{want.ToString(computed.Hex.Length == 4 ? "x4" : "x8", CultureInfo.InvariantCulture)}: the data or the checksum was altered.");
            return new ChecksumTestResult(computed.Algorithm, same, computed.Value, want, computed.Length, computed.Source, reason);
        }

        if (computed.Algorithm != ChecksumAlgorithm.Internet)
        {
            throw new PSSocketException("ExpectedChecksumRequired", FaultCategory.InvalidArgument, computed.Algorithm,
                $"{computed.Algorithm} has no self-checking form here; give the checksum to compare with (-Expected).");
        }

        ushort sum = computed.Sum!.Value;
        ushort complement = (ushort)~sum;
        bool valid = complement == 0;
        string why = valid
            ? "The ones' complement sum of the data and its checksum is 0xffff; its complement is 0: no error detected."
            : string.Create(CultureInfo.InvariantCulture, $"The ones' complement sum is 0x{sum:x4}; its complement 0x{complement:x4} is not 0: the data or the checksum was altered.");
        return new ChecksumTestResult(ChecksumAlgorithm.Internet, valid, complement, null, computed.Length, computed.Source, why);
    }

    private static ChecksumResult Result(ChecksumCalculator calculator, string source) =>
        new(calculator.Algorithm, calculator.Value, calculator.Length, source,
            calculator.Algorithm == ChecksumAlgorithm.Internet ? calculator.InternetSum : null);
}
