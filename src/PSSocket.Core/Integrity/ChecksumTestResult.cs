namespace PSSocket.Core.Integrity;

/// <summary>The outcome of verifying data against its checksum, as Test-Checksum emits it.</summary>
public sealed class ChecksumTestResult
{
    internal ChecksumTestResult(ChecksumAlgorithm algorithm, bool valid, uint actual, uint? expected, long length, string source, string reason)
    {
        Algorithm = algorithm;
        Valid = valid;
        Actual = actual;
        Expected = expected;
        Length = length;
        Source = source;
        Reason = reason;
    }

    public ChecksumAlgorithm Algorithm { get; }

    public bool Valid { get; }

    /// <summary>
    /// With an expected value: the checksum computed over the data. Without one (Internet
    /// checksum over data that includes its checksum): the complement of the sum, 0 when valid.
    /// </summary>
    public uint Actual { get; }

    public uint? Expected { get; }

    public long Length { get; }

    public string Source { get; }

    /// <summary>Why the data is valid or not, in words.</summary>
    public string Reason { get; }
}
