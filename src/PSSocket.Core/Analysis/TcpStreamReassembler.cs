using PSSocket.Core.Packets;

namespace PSSocket.Core.Analysis;

/// <summary>
/// One direction of a TCP connection: puts segments back in sequence order (RFC 9293 §3.4),
/// delivers each byte once, and counts retransmissions and out-of-order arrivals. Sequence
/// numbers are unwrapped into 64 bits around the next expected one, so a stream may cross
/// 2^32 any number of times. SYN and FIN each take one sequence number.
/// </summary>
internal sealed class TcpStreamReassembler
{
    /// <summary>Segments waiting behind a hole; past this many the hole is given up as missing.</summary>
    internal const int MaxPendingSegments = 1024;

    private readonly ConversationBuilder _sink;
    private readonly bool _fromClient;
    private readonly SortedList<long, Pending> _pending = [];
    private bool _started;
    private long _next;
    private long _highest;

    public TcpStreamReassembler(ConversationBuilder sink, bool fromClient)
    {
        _sink = sink;
        _fromClient = fromClient;
    }

    public bool SynSeen { get; private set; }

    public uint InitialSequence { get; private set; }

    public bool FinSeen { get; private set; }

    /// <summary>The FIN's own sequence number, once a FIN was seen.</summary>
    public uint FinSequence { get; private set; }

    public int Retransmissions { get; private set; }

    public int OutOfOrder { get; private set; }

    public long MissingBytes { get; private set; }

    public void Add(uint sequence, TcpFlags flags, ReadOnlySpan<byte> captured, int length, long time)
    {
        bool syn = (flags & TcpFlags.Syn) != 0;
        bool fin = (flags & TcpFlags.Fin) != 0;
        if (!_started)
        {
            // A capture that starts mid-connection starts this stream at the first sequence number it sees.
            _started = true;
            _next = sequence;
            _highest = sequence;
        }

        long start = _next + (int)(sequence - (uint)_next);
        long dataStart = start;
        bool old = false;
        if (syn)
        {
            if (SynSeen && sequence == InitialSequence && start < _next)
            {
                old = true;
            }
            else if (start == _next)
            {
                _next++;
            }

            SynSeen = true;
            InitialSequence = sequence;
            dataStart = start + 1;
        }

        long end = dataStart + length;
        long sequenceEnd = end + (fin ? 1 : 0);
        if (fin)
        {
            FinSeen = true;
            FinSequence = (uint)end;
        }

        if (length == 0 && !fin)
        {
            Retransmissions += old ? 1 : 0;
            _highest = Math.Max(_highest, dataStart);
            return;
        }

        // A keep-alive probe repeats the byte before the next one (or none) on purpose; it is not a retransmission.
        if (!syn && !fin && length <= 1 && start == _next - 1)
        {
            return;
        }

        if (sequenceEnd <= _next)
        {
            Retransmissions++;
            return;
        }

        old |= dataStart < _next || OverlapsPending(dataStart, sequenceEnd);
        if (old)
        {
            Retransmissions++;
        }
        else if (dataStart < _highest)
        {
            OutOfOrder++;
        }

        _highest = Math.Max(_highest, sequenceEnd);
        if (dataStart <= _next)
        {
            Deliver(dataStart, captured, length, fin, time);
            Drain();
        }
        else if (!CoveredByPending(dataStart, sequenceEnd))
        {
            byte[]? kept = _sink.KeepsPayload ? captured.ToArray() : null;
            if (!_pending.TryGetValue(dataStart, out var existing) || dataStart + existing.Span < sequenceEnd)
            {
                _pending[dataStart] = new Pending(kept, length, fin, time);
            }

            if (_pending.Count > MaxPendingSegments)
            {
                SkipHole();
            }
        }
    }

    /// <summary>At the end of the packets: whatever waits behind a hole is delivered, the hole counted as missing.</summary>
    public void Complete()
    {
        while (_pending.Count > 0)
        {
            SkipHole();
        }
    }

    private void SkipHole()
    {
        long first = _pending.Keys[0];
        if (first > _next)
        {
            MissingBytes += first - _next;
            _next = first;
        }

        Drain();
    }

    private void Drain()
    {
        while (_pending.Count > 0 && _pending.Keys[0] <= _next)
        {
            long start = _pending.Keys[0];
            var p = _pending.Values[0];
            _pending.RemoveAt(0);
            if (start + p.Span > _next)
            {
                Deliver(start, p.Data, p.Length, p.Fin, p.Time);
            }
        }
    }

    private void Deliver(long dataStart, ReadOnlySpan<byte> captured, int length, bool fin, long time)
    {
        long skip = _next - dataStart;
        long fresh = length - skip;
        if (fresh > 0)
        {
            // Bytes the snap length cut off (or that were not kept) are counted but cannot be shown.
            int from = (int)Math.Min(skip, captured.Length);
            int available = (int)Math.Min(fresh, captured.Length - from);
            _sink.Deliver(_fromClient, captured.Slice(from, available), fresh, time);
            _next += fresh;
        }

        if (fin && _next == dataStart + length)
        {
            _next++;
        }
    }

    private bool OverlapsPending(long start, long end)
    {
        foreach (var (s, p) in _pending)
        {
            if (s >= end)
            {
                break;
            }

            if (s + p.Span > start)
            {
                return true;
            }
        }

        return false;
    }

    private bool CoveredByPending(long start, long end)
    {
        long covered = start;
        foreach (var (s, p) in _pending)
        {
            if (s > covered)
            {
                break;
            }

            covered = Math.Max(covered, s + p.Span);
            if (covered >= end)
            {
                return true;
            }
        }

        return false;
    }

    private sealed record Pending(byte[]? Data, int Length, bool Fin, long Time)
    {
        /// <summary>The sequence space the segment takes: its bytes and its FIN.</summary>
        public long Span => Length + (Fin ? 1 : 0);
    }
}
