namespace PSSocket.Core.Files;

/// <summary>The capture file formats the readers detect and the writers produce.</summary>
public enum CaptureFormat
{
    /// <summary>Classic libpcap: one link type, micro- or nanosecond timestamps, no comments.</summary>
    Pcap,

    /// <summary>pcap next generation: several interfaces and link types, comments, options.</summary>
    PcapNg,
}
