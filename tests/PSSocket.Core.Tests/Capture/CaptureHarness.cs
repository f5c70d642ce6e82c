using PSSocket.Core.Capture;
using PSSocket.Core.Packets;

namespace PSSocket.Core.Tests.Capture;

/// <summary>A capture running in the background while a test makes traffic; collects what it delivers.</summary>
internal sealed class CaptureHarness : IDisposable
{
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(60));
    private readonly Task<List<Packet>> _reading;

    public CaptureHarness(CaptureOptions options)
        : this(LinuxPacketCapture.Open(options))
    {
    }

    /// <summary>Any backend's capture, already opened.</summary>
    public CaptureHarness(PacketCaptureBase capture)
    {
        Capture = capture;
        Capture.Start();
        _reading = ReadToEndAsync(Capture, _stop.Token);
    }

    /// <summary>What a capture yields, read on a pool thread until its stream ends (by itself, by <paramref name="token"/> or with a fault, which the task then holds).</summary>
    public static Task<List<Packet>> ReadToEndAsync(PacketCaptureBase capture, CancellationToken token = default) => Task.Run(async () =>
    {
        var list = new List<Packet>();
        await foreach (var p in capture.ReadAllAsync(token))
        {
            list.Add(p);
        }

        return list;
    });

    public PacketCaptureBase Capture { get; }

    /// <summary>Waits until the capture has delivered <paramref name="count"/> packets or the wait times out, then stops it.</summary>
    public List<Packet> Collect(int count, TimeSpan? wait = null)
    {
        var until = DateTime.UtcNow + (wait ?? TimeSpan.FromSeconds(10));
        while (Capture.Captured < count && DateTime.UtcNow < until)
        {
            Thread.Sleep(10);
        }

        // Ring blocks retire after 100 ms: give any late packet the chance to show up, so "too many" can fail.
        Thread.Sleep(300);
        _stop.Cancel();
        Assert.True(_reading.Wait(TimeSpan.FromSeconds(10)), "the capture did not stop");
        return _reading.Result;
    }

    /// <summary>Reads until the capture ends by itself (Count or Duration).</summary>
    public List<Packet> UntilEnd()
    {
        Assert.True(_reading.Wait(TimeSpan.FromSeconds(30)), "the capture did not end by itself");
        return _reading.Result;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _ = _reading.Wait(TimeSpan.FromSeconds(10));
        Capture.Dispose();
        _stop.Dispose();
    }
}
