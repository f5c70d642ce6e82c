namespace PSSocket.Core.Integrity;

/// <summary>
/// Computes any <see cref="ChecksumAlgorithm"/> over data given in parts of any size: a file
/// read in blocks, or bytes arriving from the pipeline. The result equals the one-shot value
/// for every way of splitting the data.
/// </summary>
internal sealed class ChecksumCalculator
{
    private readonly ChecksumAlgorithm _algorithm;
    private ulong _internetSum;
    private uint _sum1;
    private uint _sum2;
    private int _pending = -1; // a byte waiting for its 16-bit partner (Internet, Fletcher-32)

    public ChecksumCalculator(ChecksumAlgorithm algorithm)
    {
        _algorithm = algorithm;
        if (algorithm == ChecksumAlgorithm.Adler32)
        {
            _sum1 = 1;
        }
    }

    public ChecksumAlgorithm Algorithm => _algorithm;

    public long Length { get; private set; }

    public void Append(ReadOnlySpan<byte> data)
    {
        Length += data.Length;
        switch (_algorithm)
        {
            case ChecksumAlgorithm.Fletcher16:
                Fletcher.Fletcher16(data, ref _sum1, ref _sum2);
                break;
            case ChecksumAlgorithm.Adler32:
                Fletcher.Adler32(data, ref _sum1, ref _sum2);
                break;
            default:
                AppendWords(data);
                break;
        }
    }

    /// <summary>The checksum of everything appended so far (the odd last byte padded with zero).</summary>
    public uint Value => _algorithm switch
    {
        ChecksumAlgorithm.Internet => (ushort)~InternetChecksum.Fold(SumWithPending()),
        ChecksumAlgorithm.Fletcher16 => (_sum2 << 8) | _sum1,
        ChecksumAlgorithm.Fletcher32 => Fletcher32Value(),
        _ => (_sum2 << 16) | _sum1,
    };

    /// <summary>Internet checksum only: the folded ones' complement sum before complementing.</summary>
    public ushort InternetSum => InternetChecksum.Fold(SumWithPending());

    private void AppendWords(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        if (_pending >= 0)
        {
            Span<byte> pair = [(byte)_pending, data[0]];
            Words(pair);
            _pending = -1;
            data = data[1..];
        }

        int even = data.Length & ~1;
        Words(data[..even]);
        if (even < data.Length)
        {
            _pending = data[even];
        }
    }

    private void Words(ReadOnlySpan<byte> words)
    {
        if (_algorithm == ChecksumAlgorithm.Internet)
        {
            _internetSum = InternetChecksum.Accumulate(words, _internetSum);
        }
        else
        {
            Fletcher.Fletcher32(words, ref _sum1, ref _sum2);
        }
    }

    // Stryker disable once Equality : '<= 0' adds a pending zero byte, which adds nothing to the sum.
    private ulong SumWithPending() =>
        _pending < 0 ? _internetSum : InternetChecksum.Accumulate([(byte)_pending], _internetSum);

    private uint Fletcher32Value()
    {
        uint s1 = _sum1, s2 = _sum2;
        if (_pending >= 0)
        {
            Fletcher.Fletcher32([(byte)_pending, 0], ref s1, ref s2);
        }

        return (s2 << 16) | s1;
    }
}
