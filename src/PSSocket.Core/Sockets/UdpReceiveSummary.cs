namespace PSSocket.Core.Sockets;

/// <summary>What Receive-UdpDatagram -Summary took in: datagrams, bytes, and what the kernel dropped.</summary>
public sealed class UdpReceiveSummary
{
    internal UdpReceiveSummary(string localEndpoints, long received, long bytes, long? kernelDrops, DateTimeOffset? first, DateTimeOffset? last)
    {
        LocalEndpoints = localEndpoints;
        Received = received;
        Bytes = bytes;
        KernelDrops = kernelDrops;
        FirstAt = first;
        LastAt = last;
    }

    /// <summary>Where it listened, such as "127.0.0.1:5000, [::1]:5000".</summary>
    public string LocalEndpoints { get; }

    public long Received { get; }

    public long Bytes { get; }

    /// <summary>Datagrams the kernel discarded because the receive buffer was full (SO_RXQ_OVFL); null where the system does not tell.</summary>
    public long? KernelDrops { get; }

    /// <summary>When the first datagram arrived; null when none did.</summary>
    public DateTimeOffset? FirstAt { get; }

    public DateTimeOffset? LastAt { get; }
}
