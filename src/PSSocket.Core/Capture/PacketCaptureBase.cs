using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
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
/// </summary>
internal abstract class PacketCaptureBase : IPacketCapture
{
    /// <summary>What a queued packet costs beyond its bytes: the Packet object with its decoded summary, the array header and the queue slot, estimated from their fields.</summary>
    internal const int QueuedPacketOverhead = 192;

    private readonly Channel<Packet> _queue = Channel.CreateUnbounded<Packet>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly ManualResetEventSlim _room = new(true);
    private readonly Stopwatch _clock = new();
    private readonly long _queueLimit;
    private Thread? _reader;
    private volatile bool _stopping;
    private long _captured;
    private long _bytes;
    private long _queued;
    private long _queuedPeak;
    private long _kernelReceived;
    private long _kernelDropped;
    private Exception? _failure;
    private int _disposed;

    protected PacketCaptureBase(CaptureOptions options, CaptureInterface device)
    {
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

    protected bool Stopping => _stopping;

    protected TimeSpan Elapsed => _clock.Elapsed;

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
    public async IAsyncEnumerable<Packet> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Start();
        using (cancellationToken.Register(static s => ((PacketCaptureBase)s!).Stop(), this))
        {
            var reader = _queue.Reader;
            while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                while (reader.TryRead(out var packet))
                {
                    if (Interlocked.Add(ref _queued, -Cost(packet)) <= _queueLimit / 2 && !_room.IsSet)
                    {
                        _room.Set();
                    }

                    yield return packet;
                }
            }
        }

        if (_failure is { } failure)
        {
            throw failure;
        }
    }

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

    /// <summary>The reader thread's loop: reads until <see cref="Done"/>, handing each packet to <see cref="Deliver"/>.</summary>
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
    protected bool CountReached => Interlocked.Read(ref _captured) >= Options.MaxPackets;

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
    /// could not decide, such as IPv6 extension headers), numbered and queued. When the queue holds
    /// its limit the reader waits here, so the kernel buffer takes the overflow and counts its drops.
    /// </summary>
    protected void Deliver(byte[] bytes, int wireLength, long timestampNs, string interfaceName, KernelChecksum kernel)
    {
        if (Selection is not null)
        {
            FrameDecoder.Decode(bytes, LinkType, wireLength, out var summary);
            if (!Selection.Matches(bytes, summary))
            {
                return;
            }
        }

        var packet = new Packet(Interlocked.Increment(ref _captured), timestampNs, interfaceName, LinkType, wireLength, bytes, null, kernel);
        Interlocked.Add(ref _bytes, wireLength);
        long cost = Cost(packet);
        while (Interlocked.Read(ref _queued) > 0 && Interlocked.Read(ref _queued) + cost > _queueLimit && !_stopping)
        {
            _room.Reset();
            if (Interlocked.Read(ref _queued) + cost <= _queueLimit)
            {
                break; // the consumer made room between the test and the reset
            }

            _ = _room.Wait(100);
        }

        long queued = Interlocked.Add(ref _queued, cost);
        if (queued > Interlocked.Read(ref _queuedPeak))
        {
            Interlocked.Exchange(ref _queuedPeak, queued);
        }

        _ = _queue.Writer.TryWrite(packet);
    }

    private static long Cost(Packet packet) => packet.Data.Length + QueuedPacketOverhead;

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
            ReadCounters();
            _clock.Stop();
            _queue.Writer.TryComplete();
        }
    }
}
