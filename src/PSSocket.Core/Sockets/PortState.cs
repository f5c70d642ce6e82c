namespace PSSocket.Core.Sockets;

/// <summary>What a connect scan learned about a port.</summary>
public enum PortState
{
    /// <summary>The connection was accepted.</summary>
    Open,

    /// <summary>The host answered with a reset (connection refused).</summary>
    Closed,

    /// <summary>No answer within the timeout, or the host or network is unreachable.</summary>
    Filtered,
}
