namespace PSSocket.Core.Capture;

/// <summary>What to capture and how; validated by the capture that opens it.</summary>
internal sealed class CaptureOptions
{
    /// <summary>The default kernel buffer: a 200,000-packet burst of small datagrams on lo fits without the reader keeping up.</summary>
    public const int DefaultBufferSize = 64 * 1024 * 1024;

    public const int DefaultSnapLength = 262144;

    /// <summary>An interface name, or "any" for all of them (as tcpdump -i any).</summary>
    public string Interface { get; init; } = "any";

    public int SnapLength { get; init; } = DefaultSnapLength;

    public bool Promiscuous { get; init; }

    public int BufferSize { get; init; } = DefaultBufferSize;

    public CaptureMethod Method { get; init; } = CaptureMethod.Ring;

    /// <summary>Simple selection: compiled to a kernel BPF program and checked again on each packet.</summary>
    public Packets.PacketFilter? Selection { get; init; }

    /// <summary>A tcpdump expression: attached to the socket after the selection (both must accept), or on "any" run on each cooked frame.</summary>
    public FilterExpression? Expression { get; init; }

    public long MaxPackets { get; init; } = long.MaxValue;

    public TimeSpan? Duration { get; init; }

    /// <summary>A named network namespace (/run/netns/&lt;name&gt;) to capture in, or null for this process's own.</summary>
    public string? NetworkNamespace { get; init; }
}
