using PSSocket.Core.Packets;

namespace PSSocket.Core.Files;

/// <summary>
/// Packets from a capture file: each record is struct-decoded and filtered in place, and only
/// the records that pass become <see cref="Packet"/> objects. Skip and Count apply to those that pass;
/// Number stays the record's position in the file, as in Wireshark.
/// </summary>
internal sealed class PacketFileReader : IDisposable
{
    private readonly CaptureFileReader _reader;
    private readonly PacketFilter _filter;
    private readonly Capture.FilterExpression? _expression;
    private long _skip;
    private long _remaining;
    private long _number;

    /// <param name="expression">A tcpdump expression every packet must also match (libpcap's offline filter).</param>
    public PacketFileReader(CaptureFileReader reader, PacketFilter? filter = null, long skip = 0, long count = long.MaxValue, Capture.FilterExpression? expression = null)
    {
        _reader = reader;
        _expression = expression;
        _filter = filter ?? PacketFilter.All;
        _skip = skip;
        _remaining = count;
    }

    public long Position => _reader.Position;

    public long Length => _reader.Length;

    /// <summary>The next packet that passes the filter, or null at the end (or when Count is reached).</summary>
    public Packet? Next()
    {
        while (_remaining > 0 && _reader.MoveNext())
        {
            _number++;
            ReadOnlySpan<byte> data = _reader.CurrentData;
            if (!_filter.IsEmpty)
            {
                FrameDecoder.Decode(data, _reader.CurrentLinkType, _reader.CurrentOriginalLength, out var summary);
                if (!_filter.Matches(data, summary))
                {
                    continue;
                }
            }

            if (_expression is not null && !_expression.Matches(_reader.CurrentLinkType, data, _reader.CurrentOriginalLength))
            {
                continue;
            }

            if (_skip > 0)
            {
                _skip--;
                continue;
            }

            _remaining--;
            return new Packet(_number, _reader.CurrentTimestampNanoseconds, _reader.CurrentInterface, _reader.CurrentLinkType,
                _reader.CurrentOriginalLength, data.ToArray(), _reader.CurrentComment);
        }

        return null;
    }

    public void Dispose() => _reader.Dispose();
}
