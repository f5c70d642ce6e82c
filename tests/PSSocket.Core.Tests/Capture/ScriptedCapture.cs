using PSSocket.Core.Capture;
using PSSocket.Core.Packets;

namespace PSSocket.Core.Tests.Capture;

/// <summary>
/// A backend whose "kernel" is the test: its reader runs the test's script, which hands frames to
/// Deliver and Flush as a real reader does and waits as a real reader waits (woken only by Wake, or
/// for the Duration's time). It records what the base asks of a backend: how often Read ran and on
/// which thread, when the handles were released and whether the reader had ended by then.
/// </summary>
internal sealed class ScriptedCapture : PacketCaptureBase
{
    public const string DeviceName = "synthetic0";

    private readonly Action<ScriptedCapture> _script;
    private readonly LinkType _linkType;
    private readonly SemaphoreSlim _wake = new(0);
    private int _reads;
    private int _releases;
    private int _wakes;
    private volatile bool _readerFinished;

    public ScriptedCapture(CaptureOptions options, Action<ScriptedCapture> script, LinkType linkType = LinkType.Ethernet)
        : base(options, new CaptureInterface(DeviceName, 7, null, [], null, true, false, 1, linkType, ["Native"]))
    {
        _script = script;
        _linkType = linkType;
    }

    public override LinkType LinkType => _linkType;

    public override string Description => "frames from a test's script";

    /// <summary>Set by a script where the test may look at what the reader has done so far.</summary>
    public ManualResetEventSlim Checkpoint { get; } = new(false);

    public int Reads => Volatile.Read(ref _reads);

    public int Releases => Volatile.Read(ref _releases);

    public int Wakes => Volatile.Read(ref _wakes);

    public string? ReaderThreadName { get; private set; }

    /// <summary>Whether the reader ran on a background thread, which does not keep the process (a PowerShell host) alive.</summary>
    public bool ReaderIsBackground { get; private set; }

    /// <summary>Whether the reader had finished (its last ReadCounters done) when the handles were released.</summary>
    public bool ReleasedAfterTheReaderFinished { get; private set; }

    /// <summary>What the final ReadCounters adds, as PACKET_STATISTICS gives what came since the last read.</summary>
    public (long Received, long Dropped) FinalCounts { get; set; }

    public bool IsDone => Done();

    public int WaitMs => WaitMilliseconds();

    public TimeSpan Clock => Elapsed;

    public void Give(byte[] frame, int? wireLength = null, long timestampNs = 0) =>
        Deliver(frame, wireLength ?? frame.Length, timestampNs, DeviceName, KernelChecksum.NotReady);

    public void Hand() => Flush();

    public void Add(long received, long dropped) => AddKernelCounts(received, dropped);

    public void Set(long received, long dropped) => SetKernelCounts(received, dropped);

    /// <summary>Waits as a reader with nothing to read: until Wake when there is no Duration, else at most until the Duration ends.</summary>
    public void Idle()
    {
        while (!Done())
        {
            _ = _wake.Wait(Options.Duration is null ? Timeout.Infinite : WaitMilliseconds());
        }
    }

    protected override void Read()
    {
        _ = Interlocked.Increment(ref _reads);
        ReaderThreadName = Thread.CurrentThread.Name;
        ReaderIsBackground = Thread.CurrentThread.IsBackground;
        _script(this);
    }

    protected override void Wake()
    {
        _ = Interlocked.Increment(ref _wakes);
        _ = _wake.Release();
    }

    protected override void ReadCounters()
    {
        var (received, dropped) = FinalCounts;
        AddKernelCounts(received, dropped);
        _readerFinished = true;
    }

    protected override void ReleaseHandles()
    {
        ReleasedAfterTheReaderFinished = _readerFinished;
        _ = Interlocked.Increment(ref _releases);
    }
}
