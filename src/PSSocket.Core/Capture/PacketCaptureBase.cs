using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using PSSocket.Core.Files;
using PSSocket.Core.Packets;

namespace PSSocket.Core.Capture;

/// <summary>
/// What every capture backend shares, whatever reads the packets (AF_PACKET, libpcap, a Windows raw
/// socket): a reader thread that drains the source into a queue decoupled from the consumer, the
/// packet numbering, the selection checked on each packet, the stop conditions and the counters.
/// The queue is bounded by bytes (the capture's buffer size), not by a packet count, so a burst of
/// small packets that the pipeline consumes more slowly than they arrive waits here instead of in
/// the kernel; when the queue is full the reader stops draining, the kernel buffer holds the rest,
/// and what the kernel cannot hold it counts as dropped. No packet is lost without being counted.
/// Packets cross from the reader to the consumer in batches (a ring block's worth, or what one
/// wakeup read), and both sides touch the shared counters once a batch: handing packets over one at
/// a time made the two threads trade the counters' cache line and the channel's lock on every
/// packet, which cost more than reading the packet (measured: the ring drained 2.2 M packets/s one
/// at a time).
/// </summary>
internal abstract class PacketCaptureBase : IPacketCapture
{
    /// <summary>
    /// What a queued packet costs beyond its bytes: the Packet object (64 bytes; not yet decoded while
    /// it waits), its array's header and padding and its batch slot. Measured: the reader allocates
    /// 108 bytes a packet beyond a 106-byte frame (LazyDecodeTests checks this stays within 32 bytes).
    /// </summary>
    internal const int QueuedPacketOverhead = 112;

    /// <summary>The most packets in one batch: enough to make the handover's cost vanish, few enough that a steady stream reaches the consumer in small steps.</summary>
    internal const int MaxBatch = 1024;

    private readonly Channel<PacketBatch> _queue = Channel.CreateUnbounded<PacketBatch>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly ManualResetEventSlim _room = new(true);
    private readonly Stopwatch _clock = new();
    private readonly long _queueLimit;
    private Thread? _reader;
    private volatile bool _stopping;
    private long _captured;
    private long _bytes;
    private long _queued;
    private long _queuedSeen;
    private Packet[] _pending = new Packet[16];
    private int _pendingCount;
    private long _pendingCost;
    private long _queuedPeak;
    private long _kernelReceived;
    private long _kernelDropped;
    private Exception? _failure;
    private int _disposed;
    private CaptureFileWriter? _file;
    private long _nextFileFlushMs;

    protected PacketCaptureBase(CaptureOptions options, CaptureInterface device)
    {
        HotPath.Prepare();
        Options = options;
        Selection = options.Selection is { IsEmpty: false } s ? s : null;
        Interface = device;
        _queueLimit = Math.Max(options.BufferSize, 1 << 20);
    }

    public CaptureInterface Interface { get; }

    public abstract LinkType LinkType { get; }

    public abstract string Description { get; }

    /// <summary>Packets delivered so far (safe to read from any thread).</summary>
    public long Captured => Interlocked.Read(ref _captured);

    /// <summary>Bytes on the wire of the packets delivered so far.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>The kernel's drop count so far; backends read it about once a second while capturing.</summary>
    public long KernelDropped => Interlocked.Read(ref _kernelDropped);

    /// <summary>The most bytes (with <see cref="QueuedPacketOverhead"/> each) that waited for the consumer at once.</summary>
    public long QueuedPeak => Interlocked.Read(ref _queuedPeak);

    /// <summary>The final counters; complete once the stream has ended.</summary>
    public CaptureStatistics Statistics => new(Interface.Name, Captured, Interlocked.Read(ref _kernelReceived), KernelDropped, _clock.Elapsed);

    protected CaptureOptions Options { get; }

    protected PacketFilter? Selection { get; }

    /// <summary>
    /// True where the kernel (or libpcap) checked the selection on the whole packet before the snap
    /// length cut it, so a frame cut before its ports is kept (see PacketFilter.Matches).
    /// </summary>
    protected virtual bool SelectionCheckedOnWholePacket => true;

    protected bool Stopping => _stopping;

    protected TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>
    /// Before <see cref="Start"/>: the reader writes every packet it takes to <paramref name="writer"/>
    /// instead of handing packets to <see cref="ReadAllAsync"/>, which then yields none and ends when
    /// the capture does (a write's fault ends it too, thrown there). The writer is the reader's until
    /// the stream has ended. The frames, lengths, timestamps and interface names written are the
    /// packets' own, so the file is the one the packets written one by one would make (tested so);
    /// without a Packet and its array copy per frame, the reader spends its time where tcpdump -w does.
    /// </summary>
    public void WriteTo(CaptureFileWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (_reader is not null)
        {
            throw new InvalidOperationException("WriteTo must come before the capture starts.");
        }

        _file = writer;
    }

    /// <summary>Starts the reader thread (once).</summary>
    public void Start()
    {
        if (_reader is not null)
        {
            return;
        }

        _clock.Start();
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "PSSocket capture " + Interface.Name };
        _reader.Start();
    }

    /// <summary>
    /// The packets, numbered from 1, until MaxPackets, Duration, cancellation or Dispose. Ending by
    /// cancellation completes the stream quietly; the statistics are final once it has ended.
    /// </summary>
    public IAsyncEnumerable<Packet> ReadAllAsync(CancellationToken cancellationToken = default) => new PacketStream(this, cancellationToken);

    /// <summary>Asks the reader to finish; the backend wakes it at once.</summary>
    public void Stop()
    {
        _stopping = true;
        if (Volatile.Read(ref _disposed) == 0)
        {
            _room.Set();
        }

        Wake();
    }

    public void Dispose()
    {
        Stop();
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_reader is { } reader && reader.ManagedThreadId != Environment.CurrentManagedThreadId)
        {
            reader.Join();
        }

        ReleaseHandles();
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out _))
        {
        }

        _room.Dispose();
    }

    /// <summary>
    /// The reader thread's loop: reads until <see cref="Done"/>, handing each packet to <see cref="Deliver"/>
    /// and calling <see cref="Flush"/> before it waits for more (what it delivered stays with it until then).
    /// </summary>
    protected abstract void Read();

    /// <summary>Wakes a reader that waits for packets (called from any thread, also after the reader ended).</summary>
    protected abstract void Wake();

    /// <summary>Reads the kernel's counters into <see cref="AddKernelCounts"/> or <see cref="SetKernelCounts"/>; called about once a second and at the end.</summary>
    protected abstract void ReadCounters();

    /// <summary>Closes the backend's handles once the reader has left them.</summary>
    protected abstract void ReleaseHandles();

    /// <summary>For counters the kernel resets on each read (PACKET_STATISTICS).</summary>
    protected void AddKernelCounts(long received, long dropped)
    {
        Interlocked.Add(ref _kernelReceived, received);
        Interlocked.Add(ref _kernelDropped, dropped);
    }

    /// <summary>For counters the kernel keeps growing (pcap_stats).</summary>
    protected void SetKernelCounts(long received, long dropped)
    {
        Interlocked.Exchange(ref _kernelReceived, received);
        Interlocked.Exchange(ref _kernelDropped, dropped);
    }

    protected bool Done() =>
        _stopping
        || CountReached
        || (Options.Duration is { } d && _clock.Elapsed >= d);

    /// <summary>True once -Count packets were taken: the one end after which nothing more is wanted.</summary>
    protected bool CountReached => Volatile.Read(ref _captured) >= Options.MaxPackets;

    /// <summary>Milliseconds a reader may wait for packets: until the Duration ends, and at most a second so the counters stay current.</summary>
    protected int WaitMilliseconds()
    {
        int timeout = 1000;
        if (Options.Duration is { } d)
        {
            timeout = (int)Math.Clamp((d - _clock.Elapsed).TotalMilliseconds + 1, 0, timeout);
        }

        return timeout;
    }

    /// <summary>
    /// One packet of this capture's link type: checked against the selection (what a kernel program
    /// could not decide, such as IPv6 extension headers), numbered and added to the batch the next
    /// <see cref="Flush"/> hands over, or written to the <see cref="WriteTo"/> file. When the queue and the batch hold the limit, the batch is handed
    /// over and the reader waits here, so the kernel buffer takes the overflow and counts its drops.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see LinuxPacketCapture.ReadBlock
    protected void Deliver(ReadOnlySpan<byte> frame, int wireLength, long timestampNs, string interfaceName, KernelChecksum kernel)
    {
        // The summary checked here is not kept: the packet decodes again if and when its consumer
        // reads a field, on the consumer's thread, where this thread is the one that must keep up
        // with the kernel and would allocate a decode for every packet the consumer never reads.
        if (Selection is not null)
        {
            FrameDecoder.Decode(frame, LinkType, wireLength, out var summary);
            if (!Selection.Matches(frame, summary, SelectionCheckedOnWholePacket))
            {
                return;
            }
        }

        // Only this thread writes the counters; others read them whole (64-bit), so no locked instruction is needed.
        long number = _captured + 1;
        Volatile.Write(ref _captured, number);
        Volatile.Write(ref _bytes, _bytes + wireLength);
        if (_file is not null)
        {
            _file.Write(frame, timestampNs, wireLength, LinkType, interfaceName, null);
            return;
        }

        byte[] bytes = frame.ToArray();
        var packet = new Packet(number, timestampNs, interfaceName, LinkType, wireLength, bytes, kernel);
        long cost = bytes.Length + QueuedPacketOverhead;
        if (_queuedSeen + _pendingCost + cost > _queueLimit)
        {
            MakeRoom(cost);
        }

        if (_pendingCount == _pending.Length)
        {
            Array.Resize(ref _pending, _pending.Length * 2);
        }

        _pending[_pendingCount++] = packet;
        _pendingCost += cost;
        if (_pendingCount == MaxBatch || _pendingCost >= _queueLimit / 8)
        {
            Flush();
        }
    }

    /// <summary>Hands the packets delivered since the last call to the consumer.</summary>
    protected void Flush()
    {
        // After a fault the writer has abandoned its file, and the reader's last Flush must leave it alone.
        if (_file is not null && _failure is null && _clock.ElapsedMilliseconds >= _nextFileFlushMs)
        {
            // About once a second, so tshark can read the file while the capture runs (the packet
            // path's consumer does the same); the stream's own buffer writes out as it fills between.
            _nextFileFlushMs = _clock.ElapsedMilliseconds + 1000;
            _file.Flush();
        }

        if (_pendingCount == 0)
        {
            return;
        }

        long queued = Interlocked.Add(ref _queued, _pendingCost);
        _queuedSeen = queued;
        if (queued > Volatile.Read(ref _queuedPeak))
        {
            Volatile.Write(ref _queuedPeak, queued);
        }

        _ = _queue.Writer.TryWrite(new PacketBatch(_pending, _pendingCount, _pendingCost));
        _pending = new Packet[Math.Clamp(_pendingCount * 2, 16, MaxBatch)];
        _pendingCount = 0;
        _pendingCost = 0;
    }

    /// <summary>
    /// The reader's view of the queue (<see cref="_queuedSeen"/>) is from its last handover; the consumer
    /// only lowers it, so the view errs on the full side and is read afresh only here.
    /// </summary>
    private void MakeRoom(long cost)
    {
        _queuedSeen = Interlocked.Read(ref _queued);
        if (_queuedSeen + _pendingCost + cost <= _queueLimit)
        {
            return;
        }

        Flush();
        while (Interlocked.Read(ref _queued) > 0 && Interlocked.Read(ref _queued) + cost > _queueLimit && !_stopping)
        {
            _room.Reset();
            if (Interlocked.Read(ref _queued) + cost <= _queueLimit)
            {
                break; // the consumer made room between the test and the reset
            }

            _ = _room.Wait(100);
        }

        _queuedSeen = Interlocked.Read(ref _queued);
    }

    private void ReadLoop()
    {
        try
        {
            Read();
        }
        catch (PSSocketException e)
        {
            _failure = e;
        }
        finally
        {
            Flush();
            ReadCounters();
            _clock.Stop();
            _queue.Writer.TryComplete();
        }
    }

    /// <summary>The consumer has passed all of a batch: it stops counting against the queue, and a waiting reader may go on.</summary>
    private void Consumed(long cost)
    {
        if (Interlocked.Add(ref _queued, -cost) <= _queueLimit / 2 && !_room.IsSet)
        {
            _room.Set();
        }
    }

    /// <summary>Packets handed over together; <see cref="Cost"/> is what they count against the queue.</summary>
    private readonly record struct PacketBatch(Packet[] Packets, int Count, long Cost);

    private sealed class PacketStream(PacketCaptureBase capture, CancellationToken cancellationToken) : IAsyncEnumerable<Packet>
    {
        public IAsyncEnumerator<Packet> GetAsyncEnumerator(CancellationToken enumeratorCancellation = default) => new PacketEnumerator(capture, cancellationToken, enumeratorCancellation);
    }

    /// <summary>
    /// The consumer's side, written out instead of an async iterator: the step to the next packet of a
    /// batch in hand is a plain method compiled optimized at once, with no state machine. A burst
    /// drains in tens of milliseconds, before tiered compilation replaces a compiler-generated
    /// iterator's first, unoptimized code, which then cost more per packet than the reader did (in a
    /// fresh process the ring drained at 0.61x tcpdump, and at 0.97x with all code optimized up front).
    /// </summary>
    internal sealed class PacketEnumerator(PacketCaptureBase capture, CancellationToken first, CancellationToken second) : IAsyncEnumerator<Packet>
    {
        private CancellationTokenRegistration _stopOnFirst;
        private CancellationTokenRegistration _stopOnSecond;
        private PacketBatch _batch;
        private int _next;
        private bool _started;
        private bool _ended;

        public Packet Current { get; private set; } = null!;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public ValueTask<bool> MoveNextAsync()
        {
            if (_next < _batch.Count)
            {
                Current = _batch.Packets[_next++];
                return new ValueTask<bool>(true);
            }

            return NextBatchAsync();
        }

        public ValueTask DisposeAsync()
        {
            _stopOnFirst.Dispose();
            _stopOnSecond.Dispose();
            return ValueTask.CompletedTask;
        }

        private async ValueTask<bool> NextBatchAsync()
        {
            if (_ended)
            {
                return false;
            }

            if (_batch.Packets is not null)
            {
                // The batch counts against the queue until the consumer has passed all of it, so the bound holds.
                capture.Consumed(_batch.Cost);
                _batch = default;
                _next = 0;
            }

            if (!_started)
            {
                _started = true;
                capture.Start();
                _stopOnFirst = first.Register(static s => ((PacketCaptureBase)s!).Stop(), capture);
                _stopOnSecond = second.Register(static s => ((PacketCaptureBase)s!).Stop(), capture);
            }

            var reader = capture._queue.Reader;
            do
            {
                if (reader.TryRead(out var batch))
                {
                    _batch = batch;
                    Current = batch.Packets[0]; // a batch is handed over only with packets in it
                    _next = 1;
                    return true;
                }
            }
            while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false));

            _ended = true;
            await DisposeAsync().ConfigureAwait(false);
            return capture._failure is { } failure ? throw failure : false;
        }
    }
}
