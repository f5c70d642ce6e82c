namespace PSSocket.Core.Capture;

/// <summary>What a capture saw: the packets it delivered and the kernel's own counters (PACKET_STATISTICS).</summary>
public sealed class CaptureStatistics
{
    internal CaptureStatistics(string interfaceName, long captured, long kernelReceived, long kernelDropped, TimeSpan elapsed)
    {
        Interface = interfaceName;
        Captured = captured;
        KernelReceived = kernelReceived;
        KernelDropped = kernelDropped;
        Elapsed = elapsed;
    }

    public string Interface { get; }

    /// <summary>Packets handed to the consumer.</summary>
    public long Captured { get; }

    /// <summary>Packets that passed the kernel filter, dropped ones included (tcpdump's "received by filter").</summary>
    public long KernelReceived { get; }

    /// <summary>Packets the kernel dropped because the buffer was full (tcpdump's "dropped by kernel").</summary>
    public long KernelDropped { get; }

    public TimeSpan Elapsed { get; }
}
