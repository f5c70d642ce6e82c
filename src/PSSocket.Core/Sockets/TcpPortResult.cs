namespace PSSocket.Core.Sockets;

/// <summary>One port of a connect scan.</summary>
public sealed class TcpPortResult
{
    internal TcpPortResult(string computerName, string address, int port, PortState state, string? service, double latencyMilliseconds)
    {
        ComputerName = computerName;
        Address = address;
        Port = port;
        State = state;
        Service = service;
        LatencyMilliseconds = latencyMilliseconds;
    }

    public string ComputerName { get; }

    public string Address { get; }

    public int Port { get; }

    public PortState State { get; }

    /// <summary>The well-known service name of the port (from /etc/services where present), or null.</summary>
    public string? Service { get; }

    /// <summary>How long the answer took; for Filtered, the time given up after.</summary>
    public double LatencyMilliseconds { get; }
}
