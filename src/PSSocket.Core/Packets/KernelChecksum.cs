namespace PSSocket.Core.Packets;

/// <summary>What the capturing kernel said about a packet's TCP/UDP checksum (Linux tp_status bits).</summary>
public enum KernelChecksum
{
    /// <summary>Nothing known: a file, a built packet, or a capture that does not report it.</summary>
    Unknown,

    /// <summary>TP_STATUS_CSUMNOTREADY: sent from this host and left to checksum offload, so the field is unfinished.</summary>
    NotReady,

    /// <summary>TP_STATUS_CSUM_VALID: the card or the kernel verified the checksum on receipt.</summary>
    Verified,
}
