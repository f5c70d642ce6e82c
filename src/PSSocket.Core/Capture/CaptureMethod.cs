namespace PSSocket.Core.Capture;

/// <summary>How the Linux native backend reads packets from its AF_PACKET socket.</summary>
public enum CaptureMethod
{
    /// <summary>A TPACKET_V3 ring shared with the kernel: no system call per packet.</summary>
    Ring,

    /// <summary>recvmmsg (up to 32 packets a system call), each packet with the status and timestamp as ancillary data: works where a ring cannot be mapped.</summary>
    Receive,
}
