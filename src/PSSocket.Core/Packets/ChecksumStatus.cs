namespace PSSocket.Core.Packets;

/// <summary>The verdict on a header's checksum.</summary>
public enum ChecksumStatus
{
    /// <summary>The stored value matches the computed one.</summary>
    Valid,

    /// <summary>The stored value does not match the computed one.</summary>
    Invalid,

    /// <summary>The sender did not compute one (a UDP-over-IPv4 checksum of zero).</summary>
    NotPresent,

    /// <summary>The covered bytes were not all captured, or the pseudo-header is unknown.</summary>
    Unverifiable,

    /// <summary>
    /// Not computed yet: the sender's stack left a TCP/UDP checksum for the network card to finish
    /// (checksum offload), so the field holds only the pseudo-header sum. A live capture knows it
    /// from the kernel (TP_STATUS_CSUMNOTREADY); in a file it shows as a field equal to that sum.
    /// </summary>
    Offloaded,
}
