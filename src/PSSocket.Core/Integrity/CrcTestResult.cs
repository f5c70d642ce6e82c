namespace PSSocket.Core.Integrity;

/// <summary>Whether data matches an expected CRC, or a codeword leaves the model's residue.</summary>
public sealed class CrcTestResult
{
    internal CrcTestResult(CrcModel model, bool valid, string method, string expected, string actual, long length, string source)
    {
        Model = model.Name;
        Valid = valid;
        Method = method;
        Expected = expected;
        Actual = actual;
        Length = length;
        Source = source;
    }

    public string Model { get; }

    public bool Valid { get; }

    /// <summary>'Crc' when the data's CRC was compared with an expected value; 'Residue' for a codeword.</summary>
    public string Method { get; }

    /// <summary>The expected CRC, or the model's residue, as zero-padded hex.</summary>
    public string Expected { get; }

    /// <summary>The CRC computed, or the register the codeword left, as zero-padded hex.</summary>
    public string Actual { get; }

    /// <summary>Bytes checked (the whole codeword for a residue check).</summary>
    public long Length { get; }

    public string Source { get; }
}
