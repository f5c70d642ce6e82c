namespace PSSocket.Core.Capture;

/// <summary>Which code reads the packets.</summary>
public enum CaptureBackend
{
    /// <summary>The operating system alone (Linux AF_PACKET).</summary>
    Native,

    /// <summary>libpcap (macOS, Windows with Npcap; selectable on Linux).</summary>
    Pcap,
}
