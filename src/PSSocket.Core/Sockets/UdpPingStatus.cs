namespace PSSocket.Core.Sockets;

public enum UdpPingStatus
{
    /// <summary>The probe's own bytes came back (ignoring ASCII case) from the server.</summary>
    Success,

    /// <summary>Nothing came back from the server within the timeout.</summary>
    TimedOut,

    /// <summary>The server answered, but not with the probe's bytes.</summary>
    WrongReply,

    /// <summary>The server's host said the port is closed (ICMP port unreachable).</summary>
    PortUnreachable,
}
