using System.Buffers;
using System.Globalization;

namespace PSSocket.Core.Integrity;

/// <summary>Entry points of Get-Checksum and Test-Checksum.</summary>
internal static class Checksums
{
    public const string InputObjectSource = "InputObject";

    private const int FileBlock = 1 << 20;

    public static ChecksumResult Compute(ReadOnlySpan<byte> data, ChecksumAlgorithm algorithm, string source = InputObjectSource)
    {
        var calculator = new ChecksumCalculator(algorithm);
        calculator.Append(data);
        return Result(calculator, source);
    }

    /// <summary>Streams a file in blocks: constant memory for any size.</summary>
    /// <exception cref="PSSocketException">PathNotFound, FileAccessDenied or FileReadError, target = the path.</exception>
    public static ChecksumResult ComputeFile(string path, ChecksumAlgorithm algorithm, CancellationToken cancellationToken = default)
    {
        var calculator = new ChecksumCalculator(algorithm);
        ReadFile(path, calculator.Append, cancellationToken);
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

    /// <summary>Reads a file block by block into <paramref name="consume"/>; the shared file reader of the integrity cmdlets.</summary>
    /// <exception cref="PSSocketException">PathNotFound, PathIsDirectory, FileAccessDenied or FileReadError, target = the path.</exception>
    public static void ReadFile(string path, SpanAction consume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(consume);
        if (Directory.Exists(path))
        {
            throw new PSSocketException("PathIsDirectory", FaultCategory.InvalidArgument, path, $"'{path}' is a directory; give a file.");
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(FileBlock);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            int read;
            while ((read = stream.Read(buffer, 0, FileBlock)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                consume(buffer.AsSpan(0, read));
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new PSSocketException("PathNotFound", FaultCategory.ObjectNotFound, path, $"Cannot find the file '{path}'.", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new PSSocketException("FileAccessDenied", FaultCategory.PermissionDenied, path, $"Access to '{path}' is denied: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new PSSocketException("FileReadError", FaultCategory.ReadError, path, $"Cannot read '{path}': {e.Message}", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ChecksumResult Result(ChecksumCalculator calculator, string source) =>
        new(calculator.Algorithm, calculator.Value, calculator.Length, source,
            calculator.Algorithm == ChecksumAlgorithm.Internet ? calculator.InternetSum : null);
}

/// <summary>Receives one block of a file.</summary>
internal delegate void SpanAction(ReadOnlySpan<byte> block);
